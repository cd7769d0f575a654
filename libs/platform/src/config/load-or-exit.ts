import { ConfigError } from './env';

/**
 * Runs a config loader at process start. On a ConfigError it prints every problem and exits non-zero,
 * before anything connects anywhere.
 */
export function loadConfigOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    exitOnConfigError(error);
    throw error;
  }
}

/**
 * A start that failed on its settings (a ConfigError, e.g. unsafe production settings found once connected)
 * prints the problems alone, without a stack, and exits with EX_CONFIG; anything else is left to the caller.
 */
export function exitOnConfigError(error: unknown): void {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}
