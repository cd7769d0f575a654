import type { Style, Worksheet } from 'exceljs';

/** How the exports look: the documents' plain tables, headings bold and centred, thin borders, text wrapped. */

const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

export const HEADING_STYLE: Partial<Style> = {
  font: { bold: true },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
};

export const NOTE_STYLE: Partial<Style> = {
  font: { size: 9 },
  alignment: { vertical: 'top', wrapText: true },
};

/** Borders around every cell of the table (headings to last row), keeping each cell's own font and format. */
export function styleTable(sheet: Worksheet, firstRow: number, lastRow: number, columns: number): void {
  for (let row = firstRow; row <= lastRow; row++) {
    for (let column = 1; column <= columns; column++) {
      const cell = sheet.getCell(row, column);
      cell.border = BORDER;
      if (row > firstRow) cell.alignment = { vertical: 'middle', wrapText: true, ...cell.alignment };
    }
  }
}

/**
 * A 万元 amount as the cell's number: the API's exact two-decimal string ("9320.00") read as a number,
 * shown with the cell format 0.00 (a double holds every amount of two decimals below 2^53 fen exactly
 * enough to print it back unchanged).
 */
export function wanNumber(wan: string): number {
  return Number(wan);
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
