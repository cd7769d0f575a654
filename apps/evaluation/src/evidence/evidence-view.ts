import { EVIDENCE_CHUNK_BYTES, type EvidenceDownload } from '@duban/contracts';
import { toEvidenceFile } from '../inspections/inspection-view';
import type { EvidenceRecord } from '../inspections/inspections.repository';

/** An evidence file's facts for a download, read back in chunks of EVIDENCE_CHUNK_BYTES. */
export function toEvidenceDownload(evidence: EvidenceRecord): EvidenceDownload {
  return {
    ...toEvidenceFile(evidence),
    inspectionId: evidence.inspectionId,
    chunkBytes: EVIDENCE_CHUNK_BYTES,
  };
}
