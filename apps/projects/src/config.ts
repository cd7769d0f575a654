import { baseEnvSchema, parseEnv, PlatformConfig, type Environment } from '@duban/platform';
import { z } from 'zod';

const projectsEnvSchema = baseEnvSchema.extend({
  /** Where LocalDiskEvidenceStorage keeps milestone files (relative to the working directory). */
  DUBAN_EVIDENCE_DIR: z.string().min(1).default('./var/evidence'),
  /** Largest milestone file accepted, in bytes (default 10 MiB). */
  DUBAN_EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .max(200 * 1024 * 1024)
    .default(10 * 1024 * 1024),
});

/** Where milestone files are kept and how large one may be. */
export class MilestoneFilesConfig {
  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {}

  static defaults(): MilestoneFilesConfig {
    return new MilestoneFilesConfig('./var/evidence', 10 * 1024 * 1024);
  }
}

/** Parses the whole environment in one pass, so every bad variable is reported together. */
export function loadProjectsSettings(env: Environment): { platform: PlatformConfig; files: MilestoneFilesConfig } {
  const parsed = parseEnv(projectsEnvSchema, env);
  return {
    platform: new PlatformConfig('projects', parsed),
    files: new MilestoneFilesConfig(parsed.DUBAN_EVIDENCE_DIR, parsed.DUBAN_EVIDENCE_MAX_BYTES),
  };
}

/** The platform settings only, for the scripts that never touch files (migrate, generate, setup-regions). */
export function loadProjectsConfig(env: Environment): PlatformConfig {
  return loadProjectsSettings(env).platform;
}
