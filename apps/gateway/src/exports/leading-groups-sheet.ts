import { OFFICER_ROLE_LABELS, type LeadingGroupImportRow, type OfficerRole } from '@duban/contracts';
import type { Workbook } from 'exceljs';
import { headingKey, optionalText, shownText, tableRows, type SheetRow } from './sheet-cells';
import { LEADING_GROUP_HEADINGS as H, SMS_OPTED_OUT } from './leading-groups-workbook';

/**
 * Reads an uploaded 领导小组 sheet into member rows: the county (by 区划代码, else 市别 and name), 姓名,
 * 小组职务 (组长, 副组长 or 成员), 职务, 单位, 手机 and 退订短信. A 小组职务 that is none of those, or a 退订短信
 * other than 是 or blank, is reported as unreadable. A sheet without the 手机 or 退订短信 column (an older
 * file) leaves those as they are stored.
 */
export function readLeadingGroupRows(workbook: Workbook): LeadingGroupImportRow[] {
  return tableRows(workbook, '领导小组名单', [H.county, H.name], (row) => (row.cell(H.name) ?? null) !== null).map(
    readRow,
  );
}

function readRow(sheetRow: SheetRow): LeadingGroupImportRow {
  const roleCell = sheetRow.cell(H.role) ?? null;
  const roleText = roleCell === null ? '' : headingKey(String(roleCell));
  const role = (Object.keys(OFFICER_ROLE_LABELS) as OfficerRole[]).find((key) => OFFICER_ROLE_LABELS[key] === roleText);
  const optOutCell = sheetRow.cell(H.smsOptedOut);
  const optOutText = optOutCell === undefined || optOutCell === null ? '' : headingKey(String(optOutCell));
  const smsOptedOut =
    optOutCell === undefined
      ? undefined
      : optOutText === SMS_OPTED_OUT
        ? true
        : ['', '否'].includes(optOutText)
          ? false
          : null;
  const mobileCell = sheetRow.cell(H.mobile);
  const cells = {
    name: shownText(sheetRow.cell(H.name) ?? null),
    role: shownText(roleCell),
    title: shownText(sheetRow.cell(H.title) ?? null),
    unit: shownText(sheetRow.cell(H.unit) ?? null),
    mobile: shownText(mobileCell ?? null),
    smsOptedOut: shownText(optOutCell ?? null),
  };
  const unreadable = [
    ...(roleText !== '' && !role
      ? [{ column: H.role, value: cells.role, reason: `应为 ${Object.values(OFFICER_ROLE_LABELS).join('、')} 之一` }]
      : []),
    ...(smsOptedOut === null
      ? [{ column: H.smsOptedOut, value: cells.smsOptedOut, reason: `应填“${SMS_OPTED_OUT}”或留空` }]
      : []),
  ];
  return {
    row: sheetRow.number,
    regionCode: optionalText(sheetRow.cell(H.regionCode)),
    cityName: optionalText(sheetRow.cell(H.city)),
    countyName: optionalText(sheetRow.cell(H.county)),
    name: optionalText(sheetRow.cell(H.name)),
    role: role ?? null,
    title: optionalText(sheetRow.cell(H.title)),
    unit: optionalText(sheetRow.cell(H.unit)),
    ...(mobileCell === undefined ? {} : { mobile: optionalText(mobileCell) }),
    ...(smsOptedOut === undefined ? {} : { smsOptedOut }),
    cells,
    unreadable,
  };
}
