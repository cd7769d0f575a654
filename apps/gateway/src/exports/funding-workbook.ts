import type { Annex4 } from '@duban/contracts';
import type { Workbook } from 'exceljs';
import { HEADING_STYLE, styleTable, wanNumber } from './workbook-style';
import { newWorkbook } from './exceljs-lazy';

/**
 * 附件4 (省级资金安排分配表) as the documents lay it out: the region's total line first (全省总计: the
 * number of counties, the population base, the province's two funds and their sum), then one line per
 * county with its 序号. 市级配套 and 县级配套 follow the documents' columns. Amounts in 万元 with two decimals.
 */

export const FUNDING_HEADINGS = [
  '序号',
  '市别',
  '县(市区)',
  '人口基数',
  '财政专项资金/万元 (基础建设)',
  '就业资金/万元 (能力建设)',
  '合计/万元',
  '市级配套/万元',
  '县级配套/万元',
] as const;

const WIDTHS = [10, 10, 12, 14, 16, 16, 14, 14, 14];
const FORMATS: (string | undefined)[] = [undefined, undefined, undefined, '0', ...Array<string>(5).fill('#,##0.00')];
export const FUNDING_HEADING_ROW = 4;

export function fundingWorkbook(annex4: Annex4): Workbook {
  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet('附件4', { views: [{ state: 'frozen', ySplit: FUNDING_HEADING_ROW }] });
  sheet.columns = WIDTHS.map((width) => ({ width }));
  sheet.getCell(1, 1).value = '附件4';
  sheet.mergeCells(2, 1, 2, FUNDING_HEADINGS.length);
  const title = sheet.getCell(2, 1);
  title.value = '省级资金安排分配表';
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center' };
  sheet.getCell(3, FUNDING_HEADINGS.length - 1).value =
    `${annex4.regionName ?? annex4.regionCode}\u3000${annex4.programmeYear}年`;
  const headings = sheet.getRow(FUNDING_HEADING_ROW);
  FUNDING_HEADINGS.forEach((heading, index) => (headings.getCell(index + 1).value = heading));
  headings.eachCell((cell) => (cell.style = HEADING_STYLE));
  const { total } = annex4;
  const totalLabel = annex4.regionCode.endsWith('0000') ? '全省总计' : `${annex4.regionName ?? ''}合计`;
  const lines: unknown[][] = [
    [
      totalLabel,
      null,
      total.counties,
      total.population,
      total.specialWan,
      total.employmentWan,
      total.totalWan,
      total.cityWan,
      total.countyWan,
    ],
    ...annex4.rows.map((row) => [
      row.number,
      row.cityName,
      row.countyName,
      row.population,
      row.specialWan,
      row.employmentWan,
      row.totalWan,
      row.cityWan,
      row.countyWan,
    ]),
  ];
  lines.forEach((values, index) => {
    const line = sheet.getRow(FUNDING_HEADING_ROW + 1 + index);
    values.forEach((value, column) => {
      const cell = line.getCell(column + 1);
      cell.value = (column >= 4 ? wanNumber(value as string) : value) as never;
      const format = FORMATS[column];
      if (format) cell.numFmt = format;
    });
    if (index === 0) line.font = { bold: true };
  });
  styleTable(sheet, FUNDING_HEADING_ROW, FUNDING_HEADING_ROW + lines.length, FUNDING_HEADINGS.length);
  return workbook;
}
