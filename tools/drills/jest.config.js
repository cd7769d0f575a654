// The drills' own logic (the bad-input generator, the tallies, the proxy) as unit tests, without the
// services: no global setup. The drills themselves run through `npm run drills` (full size) and, short,
// after these tests in this project's `test` target (project.json).
const preset = require('../../jest.preset.js')(__dirname);

module.exports = { ...preset, globalSetup: undefined, globalTeardown: undefined, testTimeout: 30_000 };
