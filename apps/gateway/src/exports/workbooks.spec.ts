import type { Annex4, LeadingGroups, TaskList, TaskListRow } from '@duban/contracts';
import { ValidationError } from '@duban/contracts';
import { Workbook, type Worksheet } from 'exceljs';
import { fundingWorkbook } from './funding-workbook';
import { readLeadingGroupRows } from './leading-groups-sheet';
import { leadingGroupsWorkbook } from './leading-groups-workbook';
import { readTaskListRows } from './task-list-sheet';
import { TASK_LIST_HEADING_ROW, taskListWorkbook } from './task-list-workbook';

const NO_CONTACTS = { mobile: null, email: null, dingtalkId: null, wecomId: null };

const linxian: TaskListRow = {
  projectId: '00000000-0000-4000-8000-000000000001',
  regionCode: '141124',
  cityName: '吕梁市',
  countyName: '临县',
  population: 389906,
  populationSource: '山西统计年鉴-2022（2021年末常住人口）',
  plannedAreaM2: 150,
  plannedAreaAtLeast: true,
  noRecruitmentHall: true,
  constructionType: 'renovation',
  progress: 'under_construction',
  actualAreaM2: 180,
  address: '临县城庄镇',
  report: {
    workContent: '1. 完成装修',
    difficulties: '',
    suggestions: '',
    gigJobsOffered: 120,
    gigWorkerVisits: 300,
    placements: 45,
  },
};
const lishi: TaskListRow = {
  ...linxian,
  projectId: '00000000-0000-4000-8000-000000000002',
  regionCode: '141102',
  countyName: '离石区',
  population: 356000,
  populationSource: '第七次全国人口普查（2020）',
  plannedAreaM2: null,
  plannedAreaAtLeast: false,
  noRecruitmentHall: false,
  constructionType: null,
  progress: null,
  actualAreaM2: null,
  address: null,
  report: null,
};
const list: TaskList = {
  programmeId: '00000000-0000-4000-8000-0000000000aa',
  programmeYear: 2023,
  regionCode: '141100',
  regionName: '吕梁市',
  month: '2023-10',
  rows: [lishi, linxian],
};
const money = (regionCode: string, totalWan: string) => ({
  number: 1,
  projectId: linxian.projectId,
  cityName: '吕梁市',
  regionCode,
  countyName: '',
  population: 1,
  populationSource: null,
  specialWan: '0.00',
  employmentWan: '0.00',
  totalWan,
  cityWan: '5.00',
  countyWan: '12.35',
});
const annex4: Annex4 = {
  programmeCode: 'p',
  programmeYear: 2023,
  regionCode: '140000',
  regionName: '山西省',
  total: {
    counties: 117,
    population: 34804758,
    populationBasis: 'region',
    populationSources: [],
    countiesPopulation: 1,
    specialWan: '3470.00',
    employmentWan: '5850.00',
    totalWan: '9320.00',
    cityWan: '0.00',
    countyWan: '0.00',
  },
  rows: [{ ...money('141124', '60.00'), countyName: '临县', specialWan: '10.00', employmentWan: '50.00' }],
};

function firstSheet(workbook: Workbook): Worksheet {
  const [sheet] = workbook.worksheets;
  if (!sheet) throw new Error('the workbook has no sheet');
  return sheet;
}

async function reloaded(workbook: Workbook): Promise<Workbook> {
  const again = new Workbook();
  await again.xlsx.load(await workbook.xlsx.writeBuffer());
  return again;
}

describe('附件1 workbook', () => {
  it('lays out the title, the signature lines, the two header rows and one numbered row per county', async () => {
    const sheet = firstSheet(await reloaded(taskListWorkbook(list, { ...annex4, rows: [money('141124', '60.00')] })));
    expect(sheet.getCell('A1').value).toBe('附件1');
    expect(sheet.getCell('A2').value).toBe('任务分解清单');
    expect(sheet.getCell('A3').value).toBe('报送单位（公章）：');
    expect(sheet.getCell('A4').value).toBe('县级专班负责人（签名）：');
    const headings = sheet.getRow(TASK_LIST_HEADING_ROW).values as unknown[];
    expect(headings.slice(1)).toEqual([
      '序号', '市别', '县(市、区)', '人口基数', '应规划室内场所面积', '省级支持资金', '市级配套资金', '县级配套资金',
      '建设类型', '目前建设进度', '室内服务场所实际面积', '项目详细地址', '本月工作内容', '工作困难难点', '意见建议',
      '当月提供零工岗位数', '当月服务零工人次', '当月达成意向上岗人次', '区划代码',
    ]); // prettier-ignore
    const notes = sheet.getRow(TASK_LIST_HEADING_ROW + 1);
    expect(notes.getCell(1).value).toBe('栏目说明：');
    expect(notes.getCell(4).value).toBe(
      '摘自《山西统计年鉴-2022（2021年末常住人口）》、《第七次全国人口普查（2020）》',
    );
    expect(notes.getCell(5).value).toBe('平方米，标“+”为以上');
    const row = sheet.getRow(TASK_LIST_HEADING_ROW + 3);
    expect(row.getCell(1).value).toBe(2);
    expect(row.getCell(3).value).toBe('临县');
    expect(row.getCell(3).font?.bold).toBe(true);
    expect(sheet.getRow(TASK_LIST_HEADING_ROW + 2).getCell(3).font?.bold).toBeFalsy();
    expect(row.getCell(5).value).toBe('150+');
    expect([row.getCell(6).value, row.getCell(6).numFmt]).toEqual([60, '#,##0.00']);
    expect([row.getCell(7).value, row.getCell(8).value]).toEqual([5, 12.35]);
    expect([row.getCell(9).value, row.getCell(10).value]).toEqual(['改建', '建设中']);
    expect([row.getCell(16).value, row.getCell(17).value, row.getCell(18).value]).toEqual([120, 300, 45]);
    expect(row.getCell(19).value).toBe('141124');
  });

  it('reads back what it wrote: the import columns typed, 150+ as "at least", empty cells as null', async () => {
    const rows = readTaskListRows(await reloaded(taskListWorkbook(list, null)));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual({
      row: TASK_LIST_HEADING_ROW + 3,
      regionCode: '141124',
      cityName: '吕梁市',
      countyName: '临县',
      values: {
        population: 389906,
        plannedAreaM2: 150,
        plannedAreaAtLeast: true,
        constructionType: 'renovation',
        progress: 'under_construction',
        actualAreaM2: 180,
        address: '临县城庄镇',
      },
      cells: {
        population: '389906',
        plannedAreaM2: '150+',
        constructionType: '改建',
        progress: '建设中',
        actualAreaM2: '180',
        address: '临县城庄镇',
      },
      unreadable: [],
    });
    expect(rows[0]?.values).toEqual({
      population: 356000,
      plannedAreaM2: null,
      plannedAreaAtLeast: false,
      constructionType: null,
      progress: null,
      actualAreaM2: null,
      address: null,
    });
  });

  it('finds columns by heading in any order and bracket width, and reports cells it cannot read', async () => {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow(['县（市、区）', '序号', '建设类型', '应规划室内场所面积', '人口基数', '市别']);
    sheet.addRow(['临 县', 1, '翻新', '约150', '38万', '吕梁市']);
    sheet.addRow([]);
    sheet.addRow(['离石区', 2, '新建', 200, '356,000', '吕梁市']);
    const [first, second] = readTaskListRows(await reloaded(workbook));
    expect(first).toMatchObject({ row: 2, countyName: '临 县', regionCode: null, values: {} });
    expect(first?.unreadable).toEqual([
      { column: '人口基数', value: '38万', reason: '必须是整数' },
      { column: '应规划室内场所面积', value: '约150', reason: '应为整数平方米，可加“+”表示以上（如 150+）' },
      { column: '建设类型', value: '翻新', reason: '应为 新建、改建 之一' },
    ]);
    expect(second).toMatchObject({
      row: 4,
      values: { constructionType: 'new', plannedAreaM2: 200, plannedAreaAtLeast: false, population: 356000 },
      unreadable: [],
    });
  });

  it('refuses a workbook without the headings, or with more rows than the limit', async () => {
    const plain = new Workbook();
    plain.addWorksheet('x').addRow(['名称', '数量']);
    expect(() => readTaskListRows(plain)).toThrow(ValidationError);
    const big = new Workbook();
    const sheet = big.addWorksheet('x');
    sheet.addRow(['序号', '县(市、区)']);
    for (let n = 1; n <= 501; n++) sheet.addRow([n, `县${n}`]);
    expect(() => readTaskListRows(big)).toThrow(
      expect.objectContaining({ errors: [{ field: 'file', message: '数据行超过 500 行上限，请分文件导入' }] }),
    );
  });
});

describe('附件4 workbook', () => {
  it('puts the province line first, then the counties, in 万元 with two decimals', async () => {
    const sheet = firstSheet(await reloaded(fundingWorkbook(annex4)));
    expect(sheet.getCell('A2').value).toBe('省级资金安排分配表');
    expect((sheet.getRow(4).values as unknown[]).slice(1, 8)).toEqual([
      '序号', '市别', '县(市区)', '人口基数', '财政专项资金/万元 (基础建设)', '就业资金/万元 (能力建设)', '合计/万元',
    ]); // prettier-ignore
    const total = sheet.getRow(5);
    expect((total.values as unknown[]).slice(1)).toEqual([
      '全省总计',
      undefined,
      117,
      34804758,
      3470,
      5850,
      9320,
      0,
      0,
    ]);
    expect(total.getCell(7).numFmt).toBe('#,##0.00');
    expect((sheet.getRow(6).values as unknown[]).slice(1, 8)).toEqual([1, '吕梁市', '临县', 1, 10, 50, 60]);
  });
});

describe('领导小组 workbook', () => {
  it('lists each member with the county, and reads the members back with their roles', async () => {
    const groups: LeadingGroups = {
      regionCode: '141100',
      regionName: '吕梁市',
      programmeYear: 2023,
      groups: [
        {
          projectId: linxian.projectId,
          regionCode: '141124',
          cityName: '吕梁市',
          countyName: '临县',
          officers: [
            { id: linxian.projectId, name: '张振玉', role: 'leader', roleLabel: '组长', title: '县人力资源和社会保障局局长', unit: '临县人力资源和社会保障局', username: 'zhangzhenyu', contacts: NO_CONTACTS, smsOptedOut: false },
            { id: lishi.projectId, name: '刘星', role: 'deputy', roleLabel: '副组长', title: '县创业就业服务中心主任', unit: '临县创业就业服务中心', username: 'linxian', contacts: { ...NO_CONTACTS, mobile: '13800000002' }, smsOptedOut: true },
          ],
        },
      ],
    }; // prettier-ignore
    const workbook = await reloaded(leadingGroupsWorkbook(groups));
    expect((firstSheet(workbook).getRow(5).values as unknown[]).slice(1)).toEqual([
      1, '吕梁市', '临县', '张振玉', '组长', '县人力资源和社会保障局局长', '临县人力资源和社会保障局', undefined, undefined, 'zhangzhenyu', '141124',
    ]); // prettier-ignore
    expect((firstSheet(workbook).getRow(6).values as unknown[]).slice(8, 10)).toEqual(['13800000002', '是']);
    const rows = readLeadingGroupRows(workbook);
    expect(rows[0]).toMatchObject({ row: 5, name: '张振玉', mobile: null, smsOptedOut: false, unreadable: [] });
    expect(rows[1]).toMatchObject({ row: 6, name: '刘星', mobile: '13800000002', smsOptedOut: true, unreadable: [] });

    firstSheet(workbook).getCell('E6').value = '秘书';
    firstSheet(workbook).getCell('I5').value = '不要';
    const edited = readLeadingGroupRows(workbook);
    expect(edited[0]).toMatchObject({
      row: 5,
      regionCode: '141124',
      name: '张振玉',
      role: 'leader',
      smsOptedOut: null,
      unreadable: [{ column: '退订短信', value: '不要', reason: '应填“是”或留空' }],
    });
    expect(edited[1]).toMatchObject({
      row: 6,
      role: null,
      unreadable: [{ column: '小组职务', value: '秘书', reason: '应为 组长、副组长、成员 之一' }],
    });
  });

  it('reads an older sheet without 手机 and 退订短信 as leaving them as stored', async () => {
    const workbook = await reloaded(
      leadingGroupsWorkbook({
        regionCode: '141100',
        regionName: '吕梁市',
        programmeYear: 2023,
        groups: [{ projectId: linxian.projectId, regionCode: '141124', cityName: '吕梁市', countyName: '临县', officers: [
          { id: linxian.projectId, name: '张振玉', role: 'leader', roleLabel: '组长', title: '局长', unit: '人社局', username: null, contacts: NO_CONTACTS, smsOptedOut: false },
        ] }],
      }),
    ); // prettier-ignore
    firstSheet(workbook).spliceColumns(8, 2);
    const [row] = readLeadingGroupRows(workbook);
    expect(row).toMatchObject({ row: 5, name: '张振玉', role: 'leader', unreadable: [] });
    expect(row).not.toHaveProperty('mobile');
    expect(row).not.toHaveProperty('smsOptedOut');
  });
});
