// The drills' own logic (the bad-input generator and the tallies) as unit tests; the drills themselves run
// through `npm run drills` (full size) and, short, as part of this project's `test` target.
module.exports = require('../../jest.preset.js')(__dirname);
