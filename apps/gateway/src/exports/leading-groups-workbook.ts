import { OFFICER_ROLE_LABELS, type LeadingGroups } from '@duban/contracts';
import type { Workbook } from 'exceljs';
import { HEADING_STYLE, styleTable } from './workbook-style';
import { newWorkbook } from './exceljs-lazy';

/**
 * The leading groups (领导小组) of a region's counties: one row per member, in the documents' order (组长,
 * 副组长, 成员), numbered per county as the 工作机制 document lists them, with the mobile that reminders are
 * texted to and whether the member asked for none (退订短信). 登录账号 is shown, not imported.
 */
export const LEADING_GROUP_HEADINGS = {
  number: '序号',
  city: '市别',
  county: '县(市、区)',
  name: '姓名',
  role: '小组职务',
  title: '职务',
  unit: '单位',
  mobile: '手机',
  smsOptedOut: '退订短信',
  username: '登录账号',
  regionCode: '区划代码',
} as const;

/** How the sheet marks a member who asked for no SMS (退订短信); a blank cell is a member who did not. */
export const SMS_OPTED_OUT = '是';

const WIDTHS = [8, 10, 12, 10, 10, 32, 28, 14, 10, 12, 10];
export const LEADING_GROUP_HEADING_ROW = 4;

export function leadingGroupsWorkbook(groups: LeadingGroups): Workbook {
  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet('领导小组', { views: [{ state: 'frozen', ySplit: LEADING_GROUP_HEADING_ROW }] });
  const headings = Object.values(LEADING_GROUP_HEADINGS);
  sheet.columns = WIDTHS.map((width) => ({ width }));
  sheet.mergeCells(1, 1, 1, headings.length);
  const title = sheet.getCell(1, 1);
  title.value = '零工市场建设工作领导小组名单';
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center' };
  sheet.getCell(2, 1).value = `${groups.regionName}\u3000${groups.programmeYear}年`;
  sheet.getCell(3, 1).value = '小组职务填写：组长、副组长或成员；本人要求不再接收短信的，退订短信填“是”';
  const heading = sheet.getRow(LEADING_GROUP_HEADING_ROW);
  headings.forEach((text, index) => (heading.getCell(index + 1).value = text));
  heading.eachCell((cell) => (cell.style = HEADING_STYLE));
  const lines = groups.groups.flatMap((group) =>
    group.officers.map((officer, index) => [
      index + 1,
      group.cityName,
      group.countyName,
      officer.name,
      OFFICER_ROLE_LABELS[officer.role],
      officer.title,
      officer.unit,
      officer.contacts.mobile,
      officer.smsOptedOut ? SMS_OPTED_OUT : null,
      officer.username,
      group.regionCode,
    ]),
  );
  lines.forEach((values, index) => {
    const row = sheet.getRow(LEADING_GROUP_HEADING_ROW + 1 + index);
    values.forEach((value, column) => (row.getCell(column + 1).value = value ?? null));
  });
  styleTable(sheet, LEADING_GROUP_HEADING_ROW, LEADING_GROUP_HEADING_ROW + lines.length, headings.length);
  return workbook;
}
