import { baseEnvSchema, parseEnv, PlatformConfig, type Environment } from '@duban/platform';
import { z } from 'zod';

const evaluationEnvSchema = baseEnvSchema.extend({
  /** Where LocalDiskEvidenceStorage keeps evidence files (relative to the working directory). */
  DUBAN_EVIDENCE_DIR: z.string().min(1).default('./var/evidence'),
  /** Largest evidence file accepted, in bytes (default 10 MiB). */
  DUBAN_EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .max(200 * 1024 * 1024)
    .default(10 * 1024 * 1024),
});

/** The evaluation service's own settings, beside the platform ones. */
export class EvaluationConfig {
  constructor(readonly evidence: { readonly dir: string; readonly maxBytes: number }) {}

  static defaults(): EvaluationConfig {
    return new EvaluationConfig({ dir: './var/evidence', maxBytes: 10 * 1024 * 1024 });
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
