/**
 * Reads the demo data's plain CSV: a header row, comma-separated fields, no quoting. A file that does
 * not fit (a quote, a row of the wrong width, a missing column) is refused rather than half-read.
 */
export function parseCsv<K extends string>(text: string, columns: readonly K[], source: string): Record<K, string>[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const [header, ...rows] = lines;
  const names = (header ?? '').split(',');
  const missing = columns.filter((column) => !names.includes(column));
  if (missing.length > 0) throw new Error(`${source}: missing column(s) ${missing.join(', ')}`);
  return rows.map((line, index) => {
    const fields = line.split(',');
    if (line.includes('"') || fields.length !== names.length) {
      throw new Error(`${source} line ${index + 2}: expected ${names.length} unquoted fields, got "${line}"`);
    }
    return Object.fromEntries(columns.map((column) => [column, fields[names.indexOf(column)].trim()])) as Record<
      K,
      string
    >;
  });
}
