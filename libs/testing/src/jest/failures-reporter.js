// A Jest reporter that appends every failed test (and every test file that failed to run) to one file for
// the whole run, tmp/test-failures.log, with the first lines of its message. `npm test` empties the file
// first and prints it last when a stage failed: Nx streams the projects' outputs interleaved, so a failure
// printed early is otherwise lost among the other projects' lines by the end of a long log.
const { appendFileSync, mkdirSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..', '..', '..');
const FAILURES = path.join(root, 'tmp', 'test-failures.log');
/** Lines of a failure message kept: the assertion and where it failed, not the whole stack. */
const MESSAGE_LINES = 12;

// eslint-disable-next-line no-control-regex
const stripColours = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');

function firstLines(message) {
  return (
    stripColours(message)
      .split('\n')
      // Frames inside Jest and Node say nothing about the test.
      .filter(
        (line) =>
          line.trim() !== '' &&
          !line.includes('/node_modules/') &&
          !line.includes('(<anonymous>)') &&
          !line.includes('(node:internal/'),
      )
      .slice(0, MESSAGE_LINES)
      .map((line) => `    ${line}`)
      .join('\n')
  );
}

class FailuresReporter {
  onTestResult(test, result) {
    const file = path.relative(root, result.testFilePath);
    const entries = result.testResults
      .filter((assertion) => assertion.status === 'failed')
      .map((assertion) => `FAIL ${file} › ${assertion.fullName}\n${firstLines(assertion.failureMessages.join('\n'))}`);
    if (result.testExecError) {
      entries.push(
        `FAIL ${file} (did not run)\n${firstLines(result.testExecError.message ?? String(result.testExecError))}`,
      );
    }
    if (entries.length === 0) return;
    mkdirSync(path.dirname(FAILURES), { recursive: true });
    appendFileSync(FAILURES, `${entries.join('\n')}\n`);
  }
}

module.exports = FailuresReporter;
