import { EVIDENCE_CHUNK_BYTES, type MilestoneFile, type MilestoneFileDownload } from '@duban/contracts';
import type { MilestoneFileRecord } from './milestone-files.repository';

/** A milestone file as callers see it: never where the storage keeps it. */
export function toMilestoneFile(file: MilestoneFileRecord): MilestoneFile {
  return {
    id: file.id,
    milestoneId: file.milestoneId,
    filename: file.filename,
    contentType: file.contentType,
    sizeBytes: file.sizeBytes,
    sha256: file.sha256,
    uploadedBy: file.uploadedBy,
    uploadedByName: file.uploadedByName ?? file.uploadedBy,
    uploadedAt: file.uploadedAt.toISOString(),
  };
}

/** A file's facts for a download, read back in chunks of EVIDENCE_CHUNK_BYTES. */
export function toMilestoneFileDownload(file: MilestoneFileRecord): MilestoneFileDownload {
  return { ...toMilestoneFile(file), chunkBytes: EVIDENCE_CHUNK_BYTES };
}
