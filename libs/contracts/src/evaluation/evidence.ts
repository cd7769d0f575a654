import { z } from 'zod';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';
import { idSchema, textSchema } from '../projects/common';
import { evidenceFileSchema } from './inspection';

/**
 * Evidence files travel from the gateway to the evaluation service in chunks over request/reply: NATS
 * messages are small (1 MB by default), files are not. The service owns the storage (EvidenceStorage) and
 * its limits; the gateway learns the limit when it begins, forwards the bytes as they arrive (never holding
 * the whole file), and finishes with the size and SHA-256 it computed, which the service checks against
 * what it received before it stores anything.
 */
export const EVIDENCE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;

/** Raw bytes per chunk; base64 makes a message of about 4/3 of this, well under 1 MB. */
export const EVIDENCE_CHUNK_BYTES = 256 * 1024;

export const BeginEvidenceUploadRpc = defineRpc({
  subject: 'evaluation.evidence.begin',
  service: 'evaluation',
  request: withActor({ inspectionId: idSchema, itemId: idSchema, filename: textSchema(200) }),
  response: z.object({ uploadId: z.uuid(), maxBytes: z.number().int(), chunkBytes: z.number().int() }),
});

export const EvidenceChunkRpc = defineRpc({
  subject: 'evaluation.evidence.chunk',
  service: 'evaluation',
  request: withActor({
    uploadId: idSchema,
    index: z.number().int().min(0),
    data: z.base64().max(Math.ceil((EVIDENCE_CHUNK_BYTES * 4) / 3) + 4),
  }),
  response: z.object({ receivedBytes: z.number().int() }),
});

export const FinishEvidenceUploadRpc = defineRpc({
  subject: 'evaluation.evidence.finish',
  service: 'evaluation',
  request: withActor({
    uploadId: idSchema,
    sizeBytes: z.number().int().min(0),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  response: evidenceFileSchema,
});

export const AbortEvidenceUploadRpc = defineRpc({
  subject: 'evaluation.evidence.abort',
  service: 'evaluation',
  request: withActor({ uploadId: idSchema }),
  response: z.object({ aborted: z.boolean() }),
});

export type BeginEvidenceUploadRequest = z.infer<typeof BeginEvidenceUploadRpc.request>;
export type EvidenceChunkRequest = z.infer<typeof EvidenceChunkRpc.request>;
export type FinishEvidenceUploadRequest = z.infer<typeof FinishEvidenceUploadRpc.request>;
export type AbortEvidenceUploadRequest = z.infer<typeof AbortEvidenceUploadRpc.request>;

/**
 * Downloads go the same way back (`GET /api/evidence/:id`): the gateway asks for the file's facts (scope
 * checked), then reads it chunk by chunk and streams it, checking the SHA-256 as it goes.
 */
export const GetEvidenceRpc = defineRpc({
  subject: 'evaluation.evidence.get',
  service: 'evaluation',
  request: withActor({ evidenceId: idSchema }),
  response: evidenceFileSchema.extend({ inspectionId: z.uuid(), chunkBytes: z.number().int().positive() }),
});

export const ReadEvidenceChunkRpc = defineRpc({
  subject: 'evaluation.evidence.read',
  service: 'evaluation',
  request: withActor({ evidenceId: idSchema, index: z.number().int().min(0) }),
  response: z.object({ data: z.base64() }),
});

export type GetEvidenceRequest = z.infer<typeof GetEvidenceRpc.request>;
export type EvidenceDownload = z.infer<typeof GetEvidenceRpc.response>;
export type ReadEvidenceChunkRequest = z.infer<typeof ReadEvidenceChunkRpc.request>;
