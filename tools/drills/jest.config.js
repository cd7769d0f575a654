// The drills' own logic (the bad-input generator, the tallies, the proxy) as unit tests, without the
// services: no global setup. The drills themselves run through `npm run drills` (full size, or short with
// --ci, which `npm test` runs after every project's tests; see the README's Drills).
const preset = require('../../jest.preset.js')(__dirname);

module.exports = { ...preset, globalSetup: undefined, globalTeardown: undefined, testTimeout: 30_000 };
