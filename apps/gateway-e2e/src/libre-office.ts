import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * LibreOffice headless (Debian's libreoffice-calc-nogui, installed by tools/ensure-libreoffice.sh): a
 * spreadsheet program nobody here wrote, to check that the exports open as the documents' tables and that
 * what it saves imports. Each call converts a batch of files in one start (a start takes seconds), with a
 * profile of its own so that parallel test files never share one. CSV is UTF-8, comma-separated, quoted
 * with ", and written as the cells are shown (9,320.00).
 */
const CSV_FILTER = '44,34,76';

async function soffice(args: readonly string[]): Promise<void> {
  const profile = await mkdtemp(path.join(tmpdir(), 'duban-lo-profile-'));
  const binary = process.env.DUBAN_SOFFICE ?? 'soffice';
  await promisify(execFile)(binary, ['--headless', `-env:UserInstallation=file://${profile}`, ...args], {
    timeout: 120_000,
  });
}

/** Converts each .xlsx to a .csv of the same name in `outDir`; returns their paths in order. */
export async function xlsxToCsv(files: readonly string[], outDir: string): Promise<string[]> {
  await soffice(['--convert-to', `csv:Text - txt - csv (StarCalc):${CSV_FILTER}`, '--outdir', outDir, ...files]);
  return files.map((file) => path.join(outDir, `${path.basename(file, '.xlsx')}.csv`));
}

/**
 * Converts each .csv to an .xlsx (Calc MS Excel 2007 XML) of the same name in `outDir`. `textColumns`
 * (1-based) are read as text, as a user sets a column's type in Calc's CSV dialog: otherwise Calc takes
 * "150+" for the number 150, as it would any cell that looks like a number.
 */
export async function csvToXlsx(
  files: readonly string[],
  outDir: string,
  textColumns: readonly number[] = [],
): Promise<string[]> {
  const formats = textColumns.map((column) => `${column}/2`).join('/');
  await soffice([`--infilter=CSV:${CSV_FILTER},1,${formats}`, '--convert-to', 'xlsx', '--outdir', outDir, ...files]);
  return files.map((file) => path.join(outDir, `${path.basename(file, '.csv')}.xlsx`));
}
