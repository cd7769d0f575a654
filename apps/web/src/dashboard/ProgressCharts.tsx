import { OPERATING_FIGURE_LABELS, OPERATING_FIGURES } from '@duban/contracts';
import { Card, Col, Empty, Row } from 'antd';
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

/** '2023-04' → '4月' within the programme year, '2024年1月' beyond it. */
function axisLabel(month: string, year: number): string {
  const number = Number(month.slice(5, 7));
  return Number(month.slice(0, 4)) === year ? `${number}月` : `${month.slice(0, 4)}年${number}月`;
}

const common = {
  // ECharts' aria describes each chart in words for screen readers.
  aria: { enabled: true },
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
 * figures of each month's reports. A month to come has no "done" point, so the line stops at today.
 */
export default function ProgressCharts({ series, year }: ProgressChartsProps) {
  const months = series.map((month) => axisLabel(month.month, year));
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
