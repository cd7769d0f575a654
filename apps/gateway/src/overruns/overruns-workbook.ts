import { OFFICER_ROLE_LABELS, type OverrunFigures, type OverrunReportView } from '@duban/contracts';
import type { Workbook, Worksheet } from 'exceljs';
import { newWorkbook } from '../exports/exceljs-lazy';
import { HEADING_STYLE, styleTable } from '../exports/workbook-style';
import { chinaTime } from '../formats/pdf-document';
import { dueText, officersText, remindersText, reportTitle, stateText } from './overrun-texts';

const FIGURE_HEADINGS = ['超时事项数', '其中未完成', '累计超时（工作日）', '最长超时（工作日）'];
const HEADING_ROW = 3;

function figures(row: OverrunFigures): number[] {
  return [row.count, row.open, row.totalWorkingDaysLate, row.worstWorkingDaysLate];
}

/** A sheet: title over the table, headings, rows, borders. */
function sheetOf(
  workbook: Workbook,
  name: string,
  title: string,
  headings: readonly string[],
  widths: readonly number[],
  rows: readonly (readonly (string | number)[])[],
): Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: HEADING_ROW }] });
  sheet.columns = widths.map((width) => ({ width }));
  sheet.mergeCells(1, 1, 1, headings.length);
  const cell = sheet.getCell(1, 1);
  cell.value = title;
  cell.font = { bold: true, size: 14 };
  cell.alignment = { horizontal: 'center' };
  const heading = sheet.getRow(HEADING_ROW);
  headings.forEach((text, index) => (heading.getCell(index + 1).value = text));
  heading.eachCell((c) => (c.style = HEADING_STYLE));
  rows.forEach((values, index) => {
    const row = sheet.getRow(HEADING_ROW + 1 + index);
    values.forEach((value, column) => (row.getCell(column + 1).value = value));
  });
  styleTable(sheet, HEADING_ROW, HEADING_ROW + rows.length, headings.length);
  return sheet;
}

/** 超时倒查 as a workbook: the county ranking, the officer ranking, and the items with their reminders. */
export function overrunsWorkbook(report: OverrunReportView, createdAt: Date): Workbook {
  const workbook = newWorkbook();
  const title = reportTitle(report);
  const counties = sheetOf(
    workbook,
    '县区排名',
    title,
    ['名次', '县(市、区)', '区划代码', ...FIGURE_HEADINGS],
    [8, 14, 10, 12, 12, 18, 18],
    report.counties.map((county) => [county.rank, county.regionName, county.regionCode, ...figures(county)]),
  );
  counties.getCell(2, 1).value = `统计时间：${chinaTime(report.asOf)}；导出时间：${chinaTime(createdAt)}`;
  sheetOf(
    workbook,
    '责任人排名',
    title,
    ['名次', '姓名', '小组职务', '县(市、区)', ...FIGURE_HEADINGS],
    [8, 10, 10, 14, 12, 12, 18, 18],
    report.officers.map((officer) => [
      officer.rank,
      officer.name,
      OFFICER_ROLE_LABELS[officer.role],
      officer.regionName,
      ...figures(officer),
    ]),
  );
  sheetOf(
    workbook,
    '超时明细',
    title,
    ['县(市、区)', '事项', '应完成', '完成情况', '超时（工作日）', '责任人', '已发送的提醒'],
    [12, 36, 14, 34, 12, 30, 60],
    report.items.map((item) => [
      item.regionName,
      item.title,
      dueText(item),
      stateText(item),
      item.workingDaysLate,
      officersText(item.answerable),
      remindersText(item, report.remindersKnown),
    ]),
  );
  return workbook;
}
