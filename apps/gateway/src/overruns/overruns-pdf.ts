import { OFFICER_ROLE_LABELS, type OverrunFigures, type OverrunReportView } from '@duban/contracts';
import type { CjkFont } from '../formats/cjk-font';
import { chinaTime, heading, paragraph, renderPdf, table, title } from '../formats/pdf-document';
import { dueText, officersText, remindersText, reportTitle, stateText } from './overrun-texts';

const FIGURES = ['超时事项', '未完成', '累计超时', '最长超时'];

function figures(row: OverrunFigures): string[] {
  return [row.count, row.open, row.totalWorkingDaysLate, row.worstWorkingDaysLate].map(String);
}

/** 超时倒查 as a PDF to print and sign off: who overran, by how much, and what they had been told. */
export function renderOverrunsPdf(font: CjkFont, report: OverrunReportView, createdAt: Date): Promise<Buffer> {
  const heading1 = reportTitle(report);
  return renderPdf(font, { title: heading1, createdAt }, (doc) => {
    title(doc, heading1);
    paragraph(
      doc,
      `统计时间：${chinaTime(report.asOf)}。超时按工作日计算（法定节假日和调休按国务院办公厅通知）；` +
        `完成的按完成时计，未完成的计至统计时。合计：${report.total.count} 项超时，累计 ${report.total.totalWorkingDaysLate} 个工作日。`,
    );
    heading(doc, '一、县（市、区）排名');
    table(
      doc,
      ['名次', '县（市、区）', ...FIGURES],
      report.counties.map((county) => [String(county.rank), county.regionName, ...figures(county)]),
      [40, 119, 85, 85, 85, 85],
    );
    heading(doc, '二、责任人排名');
    if (report.officers.length === 0) paragraph(doc, '没有超时事项的责任人。');
    else
      table(
        doc,
        ['名次', '姓名', '职务', '县（市、区）', ...FIGURES],
        report.officers.map((officer) => [
          String(officer.rank),
          officer.name,
          OFFICER_ROLE_LABELS[officer.role],
          officer.regionName,
          ...figures(officer),
        ]),
        [35, 60, 50, 74, 70, 70, 70, 70],
      );
    heading(doc, '三、超时事项明细');
    if (report.items.length === 0) paragraph(doc, '本期间没有超时事项。');
    else
      table(
        doc,
        ['县（市、区）', '事项', '应完成', '完成情况', '超时', '责任人', '已发送的提醒'],
        report.items.map((item) => [
          item.regionName,
          item.title,
          dueText(item),
          stateText(item),
          `${item.workingDaysLate} 个工作日`,
          officersText(item.answerable),
          remindersText(item, report.remindersKnown),
        ]),
        [50, 80, 55, 75, 45, 70, 124],
      );
    paragraph(doc, `\n本报表由督办系统于 ${chinaTime(createdAt)} 生成。`, 8);
  });
}
