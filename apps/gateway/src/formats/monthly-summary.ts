import { chineseMonth } from '@duban/calendar';
import {
  MONTHLY_REPORT_STATUS_LABELS,
  OPERATING_FIGURES,
  OPERATING_FIGURE_LABELS,
  type Dashboard,
  type DashboardRow,
  type LatestReport,
  type OperatingFigureSums,
} from '@duban/contracts';
import type { CjkFont } from './cjk-font';
import { chinaTime, heading, paragraph, renderPdf, table, title } from './pdf-document';

/** A county as the summary lists it: its latest report, and its overdue milestones when they are known. */
export interface SummaryCounty {
  readonly code: string;
  readonly name: string;
  /** The city it belongs to (for a province's summary); null otherwise. */
  readonly cityName: string | null;
  readonly latestReport: LatestReport | null;
  readonly overdueCount: number;
  /** The overdue milestones by name, for a county's or a city's summary; null for a province's (counts only). */
  readonly overdue: readonly { title: string; due: string }[] | null;
}

/** What the monthly summary of a region shows, composed from the projects service's dashboards. */
export interface MonthlySummary {
  readonly month: string;
  readonly dashboard: Dashboard;
  readonly counties: readonly SummaryCounty[];
}

export function monthlySummaryFilename(summary: MonthlySummary): string {
  return `${summary.dashboard.region.name}月度汇总-${summary.month}.pdf`;
}

/**
 * A county filed the month's report when its latest report is of that month or later (the dashboard keeps
 * only the latest report per county; a county that skipped the month but filed a later one counts as filed).
 */
export function filedFor(month: string, report: LatestReport | null): boolean {
  return report !== null && report.month >= month;
}

/**
 * The monthly summary of a region: the status lights by child region, the overdue milestones, the month's
 * reports filed and missing, and the month's operating figures. The lights are those at `asOf` (when the
 * report is printed), as the dashboard shows them.
 */
export function renderMonthlySummary(font: CjkFont, summary: MonthlySummary, createdAt: Date): Promise<Buffer> {
  const { dashboard, month, counties } = summary;
  const heading1 = `${dashboard.region.name}公益性零工市场建设月度汇总（${chineseMonth(month)}）`;
  return renderPdf(font, { title: heading1, createdAt }, (doc) => {
    title(doc, heading1);
    paragraph(
      doc,
      [
        dashboard.programme ? `民生实事项目：${dashboard.programme.name}` : '民生实事项目：—',
        `状态灯统计时间：${chinaTime(dashboard.asOf)}`,
      ].join('\n'),
    );

    heading(doc, '一、节点状态灯');
    const rows = dashboard.children.length > 0 ? dashboard.children : [];
    table(
      doc,
      ['地区', '县数', '项目数', '正常', '临期', '逾期', '已完成', '节点数', '完成率'],
      [...rows, dashboard.total].map((row, index, all) => lightRow(row, index === all.length - 1 && rows.length > 0)),
      [85, 40, 45, 50, 50, 50, 50, 50, 79],
    );

    heading(doc, '二、逾期事项');
    const overdue = counties.filter((county) => county.overdueCount > 0);
    if (overdue.length === 0) paragraph(doc, '本地区没有逾期节点。');
    else
      table(
        doc,
        ['县（市、区）', '逾期节点数', '逾期节点'],
        overdue.map((county) => [
          countyName(county),
          String(county.overdueCount),
          county.overdue?.map((item) => `${item.title}（应于 ${item.due} 完成）`).join('\n') ?? '见该县汇总',
        ]),
        [110, 70, 319],
      );

    heading(doc, `三、${chineseMonth(month)}月报报送情况`);
    const filed = counties.filter((county) => filedFor(month, county.latestReport));
    const missing = counties.filter((county) => !filedFor(month, county.latestReport));
    paragraph(doc, `应报 ${counties.length} 个县，已报 ${filed.length} 个，未报 ${missing.length} 个。`);
    table(
      doc,
      ['县（市、区）', '报送情况', '最近一期月报'],
      counties.map((county) => [
        countyName(county),
        filedFor(month, county.latestReport) ? '已报送' : '未报送',
        county.latestReport
          ? `${county.latestReport.month} ${MONTHLY_REPORT_STATUS_LABELS[county.latestReport.status]}${county.latestReport.late ? '（逾期报送）' : ''}`
          : '尚无月报',
      ]),
      [160, 100, 239],
    );

    heading(doc, `四、${chineseMonth(month)}运营数据`);
    const figures = dashboard.series.find((entry) => entry.month === month)?.figures ?? null;
    table(
      doc,
      ['填报县数', ...OPERATING_FIGURES.map((key) => OPERATING_FIGURE_LABELS[key])],
      [figureRow(figures)],
      [100, 133, 133, 133],
    );
    paragraph(doc, `\n本汇总由督办系统于 ${chinaTime(createdAt)} 生成。`, 8);
  });
}

function countyName(county: SummaryCounty): string {
  return county.cityName ? `${county.cityName} ${county.name}` : county.name;
}

function lightRow(row: DashboardRow, isTotal: boolean): string[] {
  const { milestones } = row;
  const share = row.doneShare === null ? '—' : `${(Number(row.doneShare) * 100).toFixed(1)}%`;
  return [
    isTotal ? `合计（${row.region.name}）` : row.region.name,
    String(row.countyCount),
    String(row.projectCount),
    String(milestones.green),
    String(milestones.yellow),
    String(milestones.red),
    String(milestones.done),
    String(milestones.total),
    share,
  ];
}

function figureRow(figures: OperatingFigureSums | null): string[] {
  const shown = (value: number | null | undefined) =>
    value === null || value === undefined ? '未填报' : String(value);
  return [String(figures?.counties ?? 0), ...OPERATING_FIGURES.map((key) => shown(figures?.[key]))];
}
