import baseConfig from '../../eslint.config.mjs';

export default [...baseConfig, { ignores: ['dist', 'src/api/schema.d.ts'] }];
