import { OPERATING_FIGURE_LABELS, OPERATING_FIGURES } from '@duban/contracts';
import { Card, Col, Empty, Row, Typography } from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/lib/core';
import type { DashboardMonth } from './dashboard-api';

// Only the parts drawn here, so the chart chunk stays small on a phone. SVG stays sharp when zoomed and
// needs no canvas, which jsdom lacks too.
echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

// Chinese tooltips and screen-reader descriptions (the ZH locale ships with echarts/core).
const CHART_OPTS = { locale: 'ZH' };

const FIGURE_COLOURS = ['#1677ff', '#13c2c2', '#722ed1'];

/** '2023-04' → '4月'. */
const axisLabel = (month: string) => `${Number(month.slice(5, 7))}月`;

/**
 * What happened after the programme's year, which the charts leave out (they span its twelve months): the
 * milestones completed since December, and the months with operating figures. Null when nothing did.
 */
function afterTheYear(series: readonly DashboardMonth[], year: number): string | null {
  const december = series.find((month) => month.month === `${year}-12`);
  const later = series.filter((month) => month.month > `${year}-12`);
  const lastDone = later.findLast((month) => month.done !== null)?.done;
  const completed = lastDone != null && december?.done != null ? lastDone - december.done : 0;
  const reported = later.filter((month) => month.figures.counties > 0).length;
  if (completed === 0 && reported === 0) return null;
  const parts = [completed > 0 ? `又完成节点 ${completed} 个` : '', reported > 0 ? `${reported} 个月有运营数据` : ''];
  return `图表只显示 ${year} 年度；${year + 1} 年起${parts.filter(Boolean).join('，')}。`;
}

const common = {
  // ECharts' aria describes each chart in words for screen readers: all twelve months of the year.
  aria: { enabled: true, data: { maxCount: 12 } },
  tooltip: { trigger: 'axis' },
  legend: { top: 0 },
  // ECharts 6 keeps the axis labels inside the chart by itself (grid.outerBounds).
  grid: { left: 8, right: 16, top: 40, bottom: 8 },
};

interface ProgressChartsProps {
  readonly series: readonly DashboardMonth[];
  readonly year: number;
}

/**
 * The region month by month: milestones planned vs actually done (cumulative), and the three operating
 * figures of each month's reports, over the programme's year. A month to come has no "done" point, so the
 * line stops at today.
 */
export default function ProgressCharts({ series: all, year }: ProgressChartsProps) {
  const series = all.filter((month) => month.month.startsWith(`${year}-`));
  const months = series.map((month) => axisLabel(month.month));
  const later = afterTheYear(all, year);
  const progress = {
    ...common,
    xAxis: { type: 'category', data: months, boundaryGap: false },
    yAxis: { type: 'value', minInterval: 1, name: '节点（个）' },
    series: [
      {
        name: '计划完成节点',
        type: 'line',
        data: series.map((month) => month.plannedDue),
        lineStyle: { type: 'dashed' },
      },
      {
        name: '实际完成节点',
        type: 'line',
        data: series.map((month) => month.done),
        areaStyle: { opacity: 0.15 },
      },
    ],
  };
  const anyFigures = series.some((month) => month.figures.counties > 0);
  const figures = {
    ...common,
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', minInterval: 1 },
    series: OPERATING_FIGURES.map((figure, index) => ({
      name: OPERATING_FIGURE_LABELS[figure],
      type: 'bar',
      itemStyle: { color: FIGURE_COLOURS[index] },
      data: series.map((month) => month.figures[figure]),
    })),
  };
  return (
    <Row gutter={[16, 16]}>
      {later && (
        <Col span={24}>
          <Typography.Text type="secondary">{later}</Typography.Text>
        </Col>
      )}
      <Col xs={24} lg={12}>
        <Card title="节点进度（累计）" size="small">
          <ReactEChartsCore echarts={echarts} option={progress} opts={CHART_OPTS} style={{ height: 280 }} notMerge />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title="运营数据（按月）" size="small">
          {anyFigures ? (
            <ReactEChartsCore echarts={echarts} option={figures} opts={CHART_OPTS} style={{ height: 280 }} notMerge />
          ) : (
            <Empty description="尚无县填报运营数据" style={{ height: 248, paddingTop: 60 }} />
          )}
        </Card>
      </Col>
    </Row>
  );
}
