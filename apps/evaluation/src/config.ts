import {
  baseEnvSchema,
  DEFAULT_EVIDENCE_SETTINGS,
  evidenceEnvShape,
  parseEnv,
  PlatformConfig,
  type Environment,
} from '@duban/platform';

const evaluationEnvSchema = baseEnvSchema.extend(evidenceEnvShape);

/** The evaluation service's own settings, beside the platform ones. */
export class EvaluationConfig {
  constructor(readonly evidence: { readonly dir: string; readonly maxBytes: number }) {}

  static defaults(): EvaluationConfig {
    return new EvaluationConfig({ ...DEFAULT_EVIDENCE_SETTINGS });
  }
}

/** Parses the whole environment in one pass, so every bad variable is reported together. */
export function loadEvaluationConfig(env: Environment): { platform: PlatformConfig; evaluation: EvaluationConfig } {
  const parsed = parseEnv(evaluationEnvSchema, env);
  return {
    platform: new PlatformConfig('evaluation', parsed),
    evaluation: new EvaluationConfig({ dir: parsed.DUBAN_EVIDENCE_DIR, maxBytes: parsed.DUBAN_EVIDENCE_MAX_BYTES }),
  };
}
