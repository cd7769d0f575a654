/**
 * A Content-Disposition with the original name in UTF-8 and an ASCII fallback: `inline` (photos and PDFs
 * open in the browser) or `attachment` (a spreadsheet is saved).
 */
export function contentDisposition(filename: string, kind: 'inline' | 'attachment' = 'inline'): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
