import { z } from 'zod';
import { EVIDENCE_CHUNK_BYTES } from '../evaluation/evidence';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';
import { idSchema, textSchema } from './common';

/**
 * Files that back a milestone (a signed plan, a site photo, a contract). They travel exactly as the
 * evaluation service's inspection evidence does (see evaluation/evidence.ts): the gateway forwards the
 * multipart stream in chunks of EVIDENCE_CHUNK_BYTES over request/reply and finishes with the size and
 * SHA-256 it computed; the projects service checks them, and the type by content, before it stores the
 * file by its hash. Downloads go back the same way, a chunk per request, the scope checked for each.
 */
export const milestoneFileSchema = z.object({
  id: z.uuid(),
  milestoneId: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string(),
  /** Who uploaded it as people read it: the account's 姓名或单位 then (its username for files from before). */
  uploadedByName: z.string(),
  uploadedAt: z.iso.datetime({ offset: true }),
});
export type MilestoneFile = z.infer<typeof milestoneFileSchema>;

export const BeginMilestoneFileUploadRpc = defineRpc({
  subject: 'projects.milestone-file.begin',
  service: 'projects',
  request: withActor({ milestoneId: idSchema, filename: textSchema(200) }),
  response: z.object({ uploadId: z.uuid(), maxBytes: z.number().int(), chunkBytes: z.number().int() }),
});

export const MilestoneFileChunkRpc = defineRpc({
  subject: 'projects.milestone-file.chunk',
  service: 'projects',
  request: withActor({
    uploadId: idSchema,
    index: z.number().int().min(0),
    data: z.base64().max(Math.ceil((EVIDENCE_CHUNK_BYTES * 4) / 3) + 4),
  }),
  response: z.object({ receivedBytes: z.number().int() }),
});

export const FinishMilestoneFileUploadRpc = defineRpc({
  subject: 'projects.milestone-file.finish',
  service: 'projects',
  request: withActor({
    uploadId: idSchema,
    sizeBytes: z.number().int().min(0),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  response: milestoneFileSchema,
});

export const AbortMilestoneFileUploadRpc = defineRpc({
  subject: 'projects.milestone-file.abort',
  service: 'projects',
  request: withActor({ uploadId: idSchema }),
  response: z.object({ aborted: z.boolean() }),
});

/** `GET /api/milestones/:id/files`: the files attached to a milestone, oldest first. */
export const ListMilestoneFilesRpc = defineRpc({
  subject: 'projects.milestone-file.list',
  service: 'projects',
  request: withActor({ milestoneId: idSchema }),
  response: z.array(milestoneFileSchema),
});

/** `GET /api/milestone-files/:id`: the file's facts (scope checked), then its bytes chunk by chunk. */
export const GetMilestoneFileRpc = defineRpc({
  subject: 'projects.milestone-file.get',
  service: 'projects',
  request: withActor({ fileId: idSchema }),
  response: milestoneFileSchema.extend({ chunkBytes: z.number().int().positive() }),
});

export const ReadMilestoneFileChunkRpc = defineRpc({
  subject: 'projects.milestone-file.read',
  service: 'projects',
  request: withActor({ fileId: idSchema, index: z.number().int().min(0) }),
  response: z.object({ data: z.base64() }),
});

export type BeginMilestoneFileUploadRequest = z.infer<typeof BeginMilestoneFileUploadRpc.request>;
export type MilestoneFileChunkRequest = z.infer<typeof MilestoneFileChunkRpc.request>;
export type FinishMilestoneFileUploadRequest = z.infer<typeof FinishMilestoneFileUploadRpc.request>;
export type AbortMilestoneFileUploadRequest = z.infer<typeof AbortMilestoneFileUploadRpc.request>;
export type ListMilestoneFilesRequest = z.infer<typeof ListMilestoneFilesRpc.request>;
export type GetMilestoneFileRequest = z.infer<typeof GetMilestoneFileRpc.request>;
export type MilestoneFileDownload = z.infer<typeof GetMilestoneFileRpc.response>;
export type ReadMilestoneFileChunkRequest = z.infer<typeof ReadMilestoneFileChunkRpc.request>;
