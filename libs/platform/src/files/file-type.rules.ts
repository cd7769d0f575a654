import type { EVIDENCE_CONTENT_TYPES } from '@duban/contracts';

export type EvidenceContentType = (typeof EVIDENCE_CONTENT_TYPES)[number];

/**
 * The file's type from its first bytes (magic numbers), whatever its name or declared type says:
 * JPEG FF D8 FF, PNG 89 50 4E 47 0D 0A 1A 0A, WebP "RIFF"…"WEBP", PDF "%PDF-". Anything else is null.
 */
export function sniffEvidenceType(head: Buffer): EvidenceContentType | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') {
    return 'image/webp';
  }
  if (head.toString('latin1', 0, 5) === '%PDF-') return 'application/pdf';
  return null;
}
