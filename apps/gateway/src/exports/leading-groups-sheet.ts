import { OFFICER_ROLE_LABELS, type LeadingGroupImportRow, type OfficerRole } from '@duban/contracts';
import type { Workbook } from 'exceljs';
import { headingKey, optionalText, shownText, tableRows, type SheetRow } from './sheet-cells';
import { LEADING_GROUP_HEADINGS as H } from './leading-groups-workbook';

/**
 * Reads an uploaded 领导小组 sheet into member rows: the county (by 区划代码, else 市别 and name), 姓名,
 * 小组职务 (组长, 副组长 or 成员), 职务 and 单位. A 小组职务 that is none of those is reported as unreadable.
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
  const cells = {
    name: shownText(sheetRow.cell(H.name) ?? null),
    role: shownText(roleCell),
    title: shownText(sheetRow.cell(H.title) ?? null),
    unit: shownText(sheetRow.cell(H.unit) ?? null),
  };
  return {
    row: sheetRow.number,
    regionCode: optionalText(sheetRow.cell(H.regionCode)),
    cityName: optionalText(sheetRow.cell(H.city)),
    countyName: optionalText(sheetRow.cell(H.county)),
    name: optionalText(sheetRow.cell(H.name)),
    role: role ?? null,
    title: optionalText(sheetRow.cell(H.title)),
    unit: optionalText(sheetRow.cell(H.unit)),
    cells,
    unreadable:
      roleText !== '' && !role
        ? [{ column: H.role, value: cells.role, reason: `应为 ${Object.values(OFFICER_ROLE_LABELS).join('、')} 之一` }]
        : [],
  };
}
