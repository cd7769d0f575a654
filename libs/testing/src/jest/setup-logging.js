// Nest's static Logger writes to stdout; tests keep it quiet unless DUBAN_TEST_LOG_LEVEL asks for more.
const { Logger } = require('@nestjs/common');

if (!process.env.DUBAN_TEST_LOG_LEVEL) Logger.overrideLogger(['error']);
