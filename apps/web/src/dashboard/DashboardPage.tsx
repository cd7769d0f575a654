import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  Empty,
  Result,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Typography,
} from 'antd';
import { chineseMonth } from '@duban/calendar';
import { lazy, Suspense, useState } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import { errorMessage } from '../api/problem';
import { useMe } from '../auth/session';
import { PdfDownloadButton, PrintButton } from '../formats/PdfDownloadButton';
import { fetchMonthlySummary } from '../formats/formats-api';
import { QueryState } from '../shared/QueryState';
import { useSelectedProgramme } from '../programmes/selected-programme';
import { useDashboard, useFundingRollup, type Dashboard, type DashboardRegion } from './dashboard-api';
import { RegionTable } from './RegionTable';
import { ExcelTools } from '../excel/ExcelTools';
import { percent } from '../shared/format';
import { withMoney } from './region-rows';
import { formatInstant, programmeTime } from '../county/time';

// ECharts is the heaviest part of the page: the table shows first, the charts follow.
const ProgressCharts = lazy(() => import('./ProgressCharts'));

/**
 * A province's or a city's dashboard (`/regions/:regionCode`): its child regions side by side with their
 * lights, progress, money and latest monthly figures, drilling down province → city → county. A county has
 * no children to compare: its address leads to its project page.
 */
export default function DashboardPage() {
  const { regionCode = '' } = useParams();
  const selected = useSelectedProgramme();
  const dashboard = useDashboard(regionCode, selected.programme?.id, { enabled: !selected.loading });
  return <QueryState query={dashboard}>{(data) => <DashboardFor dashboard={data} />}</QueryState>;
}

function DashboardFor({ dashboard }: { dashboard: Dashboard }) {
  if (dashboard.region.level !== 'county') return <RegionDashboard dashboard={dashboard} />;
  if (dashboard.project) return <Navigate to={`/projects/${dashboard.project.id}`} replace />;
  return (
    <Result
      status="info"
      title={`${dashboard.region.name}尚无项目`}
      subTitle="该县在本年度民生实事项目中还没有建立项目（附件1）。"
    />
  );
}

function RegionDashboard({ dashboard }: { dashboard: Dashboard }) {
  const { region, programme, total } = dashboard;
  const funding = useFundingRollup(region.code, programme?.code);
  const lines = withMoney(dashboard.children, funding.data);
  const [totalLine] = withMoney([total], funding.data);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <RegionBreadcrumb ancestors={dashboard.ancestors} region={region} />
      <div>
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          {region.name}督办看板
        </Typography.Title>
        <Typography.Text type="secondary">
          {programme ? `${programme.name}（${programme.year}年）· ` : ''}数据截至 {formatInstant(dashboard.asOf)}
        </Typography.Text>
      </div>
      {programme && <ExcelTools regionCode={region.code} year={programme.year} />}
      <SummaryActions dashboard={dashboard} />
      {!programme ? (
        <Empty description="该地区暂无民生实事项目" />
      ) : (
        <>
          <Row gutter={[12, 12]}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="已建项目（县）" value={total.projectCount} suffix={`/ ${total.countyCount}`} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="节点完成比例" value={percent(total.doneShare)} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title="逾期节点"
                  value={total.overdue}
                  styles={{ content: total.overdue > 0 ? { color: '#cf1322' } : undefined }}
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title="资金已支出 / 已分配（万元）"
                  value={totalLine?.money ? `${totalLine.money.spentWan} / ${totalLine.money.allocatedWan}` : '—'}
                />
              </Card>
            </Col>
          </Row>
          {funding.isError && (
            <Alert
              type="warning"
              showIcon
              title={`资金数据暂不可用：${errorMessage(funding.error)}`}
              action={
                <Button size="small" onClick={() => void funding.refetch()}>
                  重试
                </Button>
              }
            />
          )}
          <Card
            size="small"
            title={region.level === 'province' ? '各市进展' : '各县进展'}
            extra={<Typography.Text type="secondary">逾期（红灯）的地区排在前面并以红色底色标出</Typography.Text>}
          >
            {lines.length === 0 || !totalLine ? (
              <Empty description="暂无下级地区" />
            ) : (
              <RegionTable lines={lines} total={totalLine} />
            )}
          </Card>
          {dashboard.series.length > 0 && (
            <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
              <ProgressCharts series={dashboard.series} year={programme.year} />
            </Suspense>
          )}
        </>
      )}
    </Space>
  );
}

/** The month's summary as a PDF (the month of `asOf`, or any month of the programme year), and printing. */
function SummaryActions({ dashboard }: { dashboard: Dashboard }) {
  const current = programmeTime(dashboard.asOf).format('YYYY-MM');
  const months = dashboard.series.map((entry) => entry.month).filter((month) => month <= current);
  const [month, setMonth] = useState(months.at(-1) ?? current);
  return (
    <Space wrap className="no-print">
      {months.length > 0 && (
        <Select
          aria-label="汇总月份"
          value={month}
          onChange={setMonth}
          options={months.map((value) => ({ value, label: chineseMonth(value) }))}
          style={{ minWidth: 130 }}
        />
      )}
      <PdfDownloadButton
        label="下载月度汇总（PDF）"
        filename={`${dashboard.region.name}月度汇总-${month}.pdf`}
        fetchPdf={() => fetchMonthlySummary(dashboard.region.code, month)}
      />
      <PrintButton />
    </Space>
  );
}

/**
 * 山西省 / 吕梁市: the way back up. A region above the user's own (the province, for a city officer) is named
 * but not linked, since its dashboard is out of their scope.
 */
function RegionBreadcrumb({ ancestors, region }: { ancestors: readonly DashboardRegion[]; region: DashboardRegion }) {
  const me = useMe();
  const firstInScope = ancestors.findIndex((ancestor) => me.regionCodes.includes(ancestor.code));
  return (
    <Breadcrumb
      items={[
        ...ancestors.map((ancestor, index) => ({
          key: ancestor.code,
          title:
            firstInScope !== -1 && index >= firstInScope ? (
              <Link to={`/regions/${ancestor.code}`}>{ancestor.name}</Link>
            ) : (
              ancestor.name
            ),
        })),
        { key: region.code, title: region.name },
      ]}
    />
  );
}
