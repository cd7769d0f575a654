// Shared Jest settings. Tests run TypeScript through SWC with decorator metadata, so Nest's
// constructor injection works exactly as at run time.
const path = require('node:path');

const root = __dirname;

/** @param {string} projectDir */
module.exports = function preset(projectDir) {
  return {
    rootDir: projectDir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.{spec,int-spec,e2e-spec}.ts'],
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: {
            target: 'es2022',
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
          },
          module: { type: 'commonjs' },
          sourceMaps: 'inline',
        },
      ],
    },
    moduleFileExtensions: ['ts', 'js', 'json'],
    moduleNameMapper: {
      '^@duban/calendar$': path.join(root, 'libs/calendar/src/index.ts'),
      '^@duban/contracts$': path.join(root, 'libs/contracts/src/index.ts'),
      '^@duban/platform$': path.join(root, 'libs/platform/src/index.ts'),
      '^@duban/testing$': path.join(root, 'libs/testing/src/index.ts'),
    },
    // Integration tests share one database and one NATS per run (made by the global setup);
    // each test file works in its own schema or namespace inside it.
    globalSetup: path.join(root, 'libs/testing/src/jest/global-setup.js'),
    globalTeardown: path.join(root, 'libs/testing/src/jest/global-teardown.js'),
    // Tests talk to loopback only: every TCP connection a test opens is checked (loopback-only.js).
    setupFiles: [
      path.join(root, 'libs/testing/src/jest/setup-logging.js'),
      path.join(root, 'libs/testing/src/jest/loopback-only.js'),
    ],
    // A service with no behaviour of its own yet (only the shared platform) has nothing to test.
    passWithNoTests: true,
    testTimeout: 60_000,
    // Beside Jest's own output, each failure in tmp/test-failures.log, which `npm test` prints last.
    reporters: ['default', path.join(root, 'libs/testing/src/jest/failures-reporter.js')],
  };
};
