import { z } from 'zod';

/** Where uploaded files are kept and the largest accepted, unless the environment says otherwise. */
export const DEFAULT_EVIDENCE_SETTINGS = { dir: './var/evidence', maxBytes: 10 * 1024 * 1024 } as const;

/**
 * The variables of every service that stores uploaded files (acceptance evidence, milestone files): one
 * directory, content-addressed, so services may share it.
 */
export const evidenceEnvShape = {
  /** Where LocalDiskEvidenceStorage keeps files (relative to the working directory). */
  DUBAN_EVIDENCE_DIR: z.string().min(1).default(DEFAULT_EVIDENCE_SETTINGS.dir),
  /** Largest file accepted, in bytes (default 10 MiB). */
  DUBAN_EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .max(200 * 1024 * 1024)
    .default(DEFAULT_EVIDENCE_SETTINGS.maxBytes),
};
