import {
  baseEnvSchema,
  DEFAULT_EVIDENCE_SETTINGS,
  evidenceEnvShape,
  parseEnv,
  PlatformConfig,
  type Environment,
} from '@duban/platform';

/** Milestone files are kept like acceptance evidence, under the same variables. */
const projectsEnvSchema = baseEnvSchema.extend(evidenceEnvShape);

/** Where milestone files are kept and how large one may be. */
export class MilestoneFilesConfig {
  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {}

  static defaults(): MilestoneFilesConfig {
    return new MilestoneFilesConfig(DEFAULT_EVIDENCE_SETTINGS.dir, DEFAULT_EVIDENCE_SETTINGS.maxBytes);
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
