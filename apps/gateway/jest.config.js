const preset = require('../../jest.preset.js')(__dirname);

// Packages that ship only ES modules. Node ≥ 20.19 loads them from CommonJS at run time, but Jest (before
// Node 24.9) cannot, so SWC compiles them to CommonJS for the tests, as it does our own code.
const ESM_ONLY = ['jose', 'content-disposition'];

const swc = preset.transform['^.+\\.ts$'];
module.exports = {
  ...preset,
  transform: { ...preset.transform, [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: swc },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
};
