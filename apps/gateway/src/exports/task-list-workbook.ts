import { chineseMonth } from '@duban/calendar';
import {
  CONSTRUCTION_PROGRESS_LABELS,
  CONSTRUCTION_TYPE_LABELS,
  type Annex4,
  type TaskList,
  type TaskListRow,
} from '@duban/contracts';
import type { Workbook, Worksheet } from 'exceljs';
import { HEADING_STYLE, NOTE_STYLE, styleTable, wanNumber } from './workbook-style';
import { newWorkbook } from './exceljs-lazy';

/**
 * 附件1 (任务分解清单) as the documents lay it out: 附件1, the title, the 报送单位（公章） and
 * 县级专班负责人（签名） lines, the column headings with their 栏目说明 (the two header rows), then one row
 * per county with its 序号. A county whose employment service had no recruitment hall is in bold, as the
 * documents mark it; 应规划室内场所面积 reads 150+ for "at least 150". The last column, 区划代码, is ours:
 * an import matches a row by it first (by 市别 and county name without it).
 */

/** The columns in the documents' order: heading, its 栏目说明, and the cell of a county's row. */
interface Column {
  readonly heading: string;
  readonly note: string;
  readonly width: number;
  readonly numFmt?: string;
}

export const TASK_LIST_HEADINGS = {
  number: '序号',
  city: '市别',
  county: '县(市、区)',
  population: '人口基数',
  plannedArea: '应规划室内场所面积',
  province: '省级支持资金',
  cityMoney: '市级配套资金',
  countyMoney: '县级配套资金',
  constructionType: '建设类型',
  progress: '目前建设进度',
  actualArea: '室内服务场所实际面积',
  address: '项目详细地址',
  workContent: '本月工作内容',
  difficulties: '工作困难难点',
  suggestions: '意见建议',
  gigJobsOffered: '当月提供零工岗位数',
  gigWorkerVisits: '当月服务零工人次',
  placements: '当月达成意向上岗人次',
  regionCode: '区划代码',
} as const;
type ColumnKey = keyof typeof TASK_LIST_HEADINGS;

const MONEY = '#,##0.00';
const WHOLE = '0';
const NOTE_OPERATING = '市场投入运行后即可填报有关数据，10月起各县（市、区）均需填报。';

function columns(populationNote: string): Record<ColumnKey, Column> {
  const H = TASK_LIST_HEADINGS;
  return {
    number: { heading: H.number, note: '栏目说明：', width: 8 },
    city: { heading: H.city, note: '', width: 10 },
    county: { heading: H.county, note: '字体加粗的县为各市上报就业公共服务机构没有招聘大厅的县（市、区）', width: 14 },
    population: { heading: H.population, note: populationNote, width: 12, numFmt: WHOLE },
    plannedArea: { heading: H.plannedArea, note: '平方米，标“+”为以上', width: 12 },
    province: { heading: H.province, note: '万元，保留两位小数', width: 12, numFmt: MONEY },
    cityMoney: { heading: H.cityMoney, note: '万元，保留两位小数', width: 12, numFmt: MONEY },
    countyMoney: { heading: H.countyMoney, note: '万元，保留两位小数', width: 12, numFmt: MONEY },
    constructionType: { heading: H.constructionType, note: '选填：新建/改建', width: 10 },
    progress: { heading: H.progress, note: '选填：已选址/已建成/建设中', width: 12 },
    actualArea: { heading: H.actualArea, note: '平方米（取整数）', width: 12, numFmt: WHOLE },
    address: { heading: H.address, note: '尽可能详细的具体地址', width: 28 },
    workContent: { heading: H.workContent, note: '分条目项简要填写', width: 28 },
    difficulties: { heading: H.difficulties, note: '', width: 20 },
    suggestions: { heading: H.suggestions, note: '', width: 20 },
    gigJobsOffered: { heading: H.gigJobsOffered, note: NOTE_OPERATING, width: 12, numFmt: WHOLE },
    gigWorkerVisits: { heading: H.gigWorkerVisits, note: '', width: 12, numFmt: WHOLE },
    placements: { heading: H.placements, note: '', width: 12, numFmt: WHOLE },
    regionCode: { heading: H.regionCode, note: '导入时按此代码对应县（市、区）', width: 10 },
  };
}

/** 150+ (at least 150), 150, or an empty cell. */
export function plannedAreaCell(
  row: Pick<TaskListRow, 'plannedAreaM2' | 'plannedAreaAtLeast'>,
): string | number | null {
  if (row.plannedAreaM2 === null) return null;
  return row.plannedAreaAtLeast ? `${row.plannedAreaM2}+` : row.plannedAreaM2;
}

/** "摘自《山西统计年鉴-2022（2021年末常住人口）》；…": where the population figures come from. */
function populationNote(rows: readonly TaskListRow[]): string {
  const sources = [...new Set(rows.flatMap((row) => (row.populationSource ? [row.populationSource] : [])))].sort();
  return sources.length === 0 ? '' : `摘自${sources.map((source) => `《${source}》`).join('、')}`;
}

function cells(
  row: TaskListRow,
  number: number,
  money: Annex4['rows'][number] | undefined,
): Record<ColumnKey, unknown> {
  return {
    number,
    city: row.cityName,
    county: row.countyName,
    population: row.population,
    plannedArea: plannedAreaCell(row),
    province: money ? wanNumber(money.totalWan) : null,
    cityMoney: money ? wanNumber(money.cityWan) : null,
    countyMoney: money ? wanNumber(money.countyWan) : null,
    constructionType: row.constructionType && CONSTRUCTION_TYPE_LABELS[row.constructionType],
    progress: row.progress && CONSTRUCTION_PROGRESS_LABELS[row.progress],
    actualArea: row.actualAreaM2,
    address: row.address,
    workContent: row.report?.workContent || null,
    difficulties: row.report?.difficulties || null,
    suggestions: row.report?.suggestions || null,
    gigJobsOffered: row.report?.gigJobsOffered ?? null,
    gigWorkerVisits: row.report?.gigWorkerVisits ?? null,
    placements: row.report?.placements ?? null,
    regionCode: row.regionCode,
  };
}

/** The row number of the headings; the 栏目说明 follow, then the counties. */
export const TASK_LIST_HEADING_ROW = 5;

/** The task list of a region as a workbook; `money` is funding's 附件4 for the same region (null: not visible). */
export function taskListWorkbook(list: TaskList, money: Annex4 | null): Workbook {
  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet('附件1', { views: [{ state: 'frozen', ySplit: TASK_LIST_HEADING_ROW + 1 }] });
  const layout = columns(populationNote(list.rows));
  const keys = Object.keys(layout) as ColumnKey[];
  sheet.columns = keys.map((key) => ({ key, width: layout[key].width }));
  writeTitle(sheet, keys.length, list);
  const moneyOf = new Map((money?.rows ?? []).map((line) => [line.regionCode, line]));
  const headings = sheet.getRow(TASK_LIST_HEADING_ROW);
  const notes = sheet.getRow(TASK_LIST_HEADING_ROW + 1);
  keys.forEach((key, index) => {
    headings.getCell(index + 1).value = layout[key].heading;
    notes.getCell(index + 1).value = layout[key].note || null;
  });
  headings.eachCell((cell) => (cell.style = HEADING_STYLE));
  for (let column = 1; column <= keys.length; column++) notes.getCell(column).style = NOTE_STYLE;
  list.rows.forEach((row, index) => {
    const line = sheet.getRow(TASK_LIST_HEADING_ROW + 2 + index);
    const values = cells(row, index + 1, moneyOf.get(row.regionCode));
    keys.forEach((key, column) => {
      const cell = line.getCell(column + 1);
      cell.value = (values[key] ?? null) as never;
      if (layout[key].numFmt) cell.numFmt = layout[key].numFmt as string;
    });
    // The documents' marker: a county without a recruitment hall is printed in bold.
    if (row.noRecruitmentHall) line.getCell(keys.indexOf('county') + 1).font = { bold: true };
  });
  styleTable(sheet, TASK_LIST_HEADING_ROW, TASK_LIST_HEADING_ROW + 1 + list.rows.length, keys.length);
  return workbook;
}

function writeTitle(sheet: Worksheet, width: number, list: TaskList): void {
  sheet.getCell(1, 1).value = '附件1';
  sheet.mergeCells(2, 1, 2, width);
  const title = sheet.getCell(2, 1);
  title.value = '任务分解清单';
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center' };
  sheet.getCell(3, 1).value = '报送单位（公章）：';
  sheet.getCell(4, 1).value = '县级专班负责人（签名）：';
  // Which table this is: the region, the programme year and, with the month's figures, the month.
  const period = list.month ? chineseMonth(list.month) : `${list.programmeYear}年`;
  sheet.getCell(3, width - 2).value = `${list.regionName}\u3000${period}`;
}
