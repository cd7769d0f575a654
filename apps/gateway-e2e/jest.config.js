// End-to-end: the five apps run as real processes against the run's database and namespace.
module.exports = { ...require('../../jest.preset.js')(__dirname), testTimeout: 240_000 };
