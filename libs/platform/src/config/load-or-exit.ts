import { ConfigError } from './env';

/**
 * Runs a config loader at process start. On a ConfigError it prints every problem and exits non-zero,
 * before anything connects anywhere.
 */
export function loadConfigOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
