import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs a poppler tool (poppler-utils, see tools/ensure-formats-tools.sh) on the PDF, answering its output. */
function poppler(pdf: Buffer, tool: string, ...args: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'duban-pdf-'));
  try {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A PDF's text as poppler's `pdftotext` extracts it (a reader nobody here wrote): Chinese drawn as boxes or
 * outlines would not come out as text.
 */
export function pdfText(pdf: Buffer): string {
  return poppler(pdf, 'pdftotext', '-enc', 'UTF-8');
}

/** How many images the PDF shows, as poppler's `pdfimages -list` lists them (an alpha mask is not one). */
export function pdfImages(pdf: Buffer): number {
  const rows = poppler(pdf, 'pdfimages', '-list').trim().split('\n').slice(2);
  return rows.filter((row) => row.trim().split(/\s+/)[2] === 'image').length;
}

/** A valid 1×1 PNG: pdfkit decodes what it embeds, so a photo fixture must be a real image. */
export const ONE_PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
