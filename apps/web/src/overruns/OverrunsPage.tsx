import { notificationStageLabel, OFFICER_ROLE_LABELS, OVERRUN_ITEM_KIND_LABELS } from '@duban/contracts';
import { Button, Card, DatePicker, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMe } from '../auth/session';
import { formatInstant, programmeTime } from '../county/time';
import { QueryState } from '../shared/QueryState';
import {
  downloadOverruns,
  useOverruns,
  type CountyOverruns,
  type OfficerOverruns,
  type OverrunItem,
  type OverrunsQuery,
} from './overruns-api';

/** Instants on Beijing's wall clock, whatever the browser's own zone. */
const beijing = (instant: string) => formatInstant(instant);

/** Which rows the item list shows: all, one county's, or one officer's. */
type Focus =
  { kind: 'all' } | { kind: 'county'; code: string; name: string } | { kind: 'officer'; id: string; name: string };

const figureColumns = <T extends CountyOverruns | OfficerOverruns>(): ColumnsType<T> => [
  { title: '超时事项', dataIndex: 'count', align: 'right' },
  { title: '其中未完成', dataIndex: 'open', align: 'right' },
  { title: '累计超时（工作日）', dataIndex: 'totalWorkingDaysLate', align: 'right' },
  { title: '最长超时（工作日）', dataIndex: 'worstWorkingDaysLate', align: 'right' },
];

function Reminders({ item, known }: { item: OverrunItem; known: boolean }) {
  if (!known) return <Typography.Text type="secondary">通知服务暂不可用</Typography.Text>;
  if (item.reminders.length === 0) return <Typography.Text type="secondary">未发送提醒</Typography.Text>;
  return (
    <Space orientation="vertical" size={0}>
      {item.reminders.map((reminder) => (
        <span key={`${reminder.stage}-${reminder.sentAt}`}>
          <Tag>{notificationStageLabel(reminder.stage)}</Tag>
          {beijing(reminder.sentAt)} {reminder.recipients.join('、')}
        </span>
      ))}
    </Space>
  );
}

/**
 * 超时倒查 (city and province): who overran, by how much, on milestones and monthly reports. Counties and
 * responsible officers ranked by working days late; a click on either narrows the items below to theirs, each with the reminders sent about it and,
 * when still open, since when it is overdue. Downloads as xlsx and PDF.
 */
export default function OverrunsPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const year = programmeTime().year();
  const query: OverrunsQuery = {
    region: params.get('region') ?? me.regionCodes[0] ?? '',
    from: params.get('from') ?? `${year}-01-01`,
    to: params.get('to') ?? `${year}-12-31`,
  };
  const report = useOverruns(query);
  const [focus, setFocus] = useState<Focus>({ kind: 'all' });
  const setPeriod = (range: [Dayjs | null, Dayjs | null] | null) => {
    if (!range?.[0] || !range[1]) return;
    setFocus({ kind: 'all' });
    setParams({ region: query.region, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') });
  };

  const itemColumns: ColumnsType<OverrunItem> = [
    { title: '县(市、区)', dataIndex: 'regionName' },
    {
      title: '事项',
      render: (_, item) => (
        <Space size={4}>
          <Tag>{OVERRUN_ITEM_KIND_LABELS[item.kind]}</Tag>
          <Link
            to={
              item.milestoneId
                ? `/projects/${item.projectId}/milestones/${item.milestoneId}`
                : `/projects/${item.projectId}/reports`
            }
          >
            {item.title}
          </Link>
        </Space>
      ),
    },
    { title: '应完成', render: (_, item) => item.dueDate ?? (item.dueAt ? beijing(item.dueAt) : '') },
    {
      title: '完成情况',
      render: (_, item) =>
        item.completedAt ? (
          `${item.kind === 'report' ? '已报送' : '已完成'} ${beijing(item.completedAt)}`
        ) : (
          <Tag color="red">逾期自 {beijing(item.overdueSince as string)}</Tag>
        ),
    },
    { title: '超时（工作日）', dataIndex: 'workingDaysLate', align: 'right' },
    {
      title: '责任人',
      render: (_, item) =>
        item.answerable.map((officer) => `${officer.name}（${OFFICER_ROLE_LABELS[officer.role]}）`).join('、') || '—',
    },
    {
      title: '已发送的提醒',
      render: (_, item) => <Reminders item={item} known={report.data?.remindersKnown ?? true} />,
    },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          超时倒查{report.data ? `：${report.data.region.name}` : ''}
        </Typography.Title>
        <Space wrap>
          <DatePicker.RangePicker
            aria-label="到期日期间"
            value={[dayjs(query.from), dayjs(query.to)]}
            onChange={(range) => setPeriod(range as [Dayjs | null, Dayjs | null] | null)}
            allowClear={false}
          />
          <Button onClick={() => void downloadOverruns(query, 'xlsx')}>导出 Excel</Button>
          <Button onClick={() => void downloadOverruns(query, 'pdf')}>导出 PDF</Button>
        </Space>
      </Space>
      <QueryState query={report}>
        {(data) => {
          const items = data.items.filter((item) =>
            focus.kind === 'county'
              ? item.regionCode === focus.code
              : focus.kind === 'officer'
                ? item.answerable.some((officer) => officer.officerId === focus.id)
                : true,
          );
          return (
            <>
              <Typography.Text type="secondary">
                按到期日统计 {data.from} 至 {data.to}；超时按工作日计（节假日与调休按通知），未完成的计至{' '}
                {beijing(data.asOf)}。合计 {data.total.count} 项超时，累计 {data.total.totalWorkingDaysLate} 个工作日。
              </Typography.Text>
              <Card title="县区排名" size="small">
                <Table<CountyOverruns>
                  rowKey="regionCode"
                  size="small"
                  pagination={false}
                  dataSource={data.counties}
                  columns={[
                    { title: '名次', dataIndex: 'rank' },
                    {
                      title: '县(市、区)',
                      render: (_, county) => (
                        <Button
                          type="link"
                          size="small"
                          onClick={() => setFocus({ kind: 'county', code: county.regionCode, name: county.regionName })}
                        >
                          {county.regionName}
                        </Button>
                      ),
                    },
                    ...figureColumns<CountyOverruns>(),
                  ]}
                />
              </Card>
              <Card title="责任人排名" size="small">
                <Table<OfficerOverruns>
                  rowKey="officerId"
                  size="small"
                  pagination={false}
                  dataSource={data.officers}
                  locale={{ emptyText: '没有超时事项的责任人' }}
                  columns={[
                    { title: '名次', dataIndex: 'rank' },
                    {
                      title: '姓名',
                      render: (_, officer) => (
                        <Button
                          type="link"
                          size="small"
                          onClick={() => setFocus({ kind: 'officer', id: officer.officerId, name: officer.name })}
                        >
                          {officer.name}
                        </Button>
                      ),
                    },
                    { title: '职务', render: (_, officer) => OFFICER_ROLE_LABELS[officer.role] },
                    { title: '县(市、区)', dataIndex: 'regionName' },
                    ...figureColumns<OfficerOverruns>(),
                  ]}
                />
              </Card>
              <Card
                title={focus.kind === 'all' ? '超时事项' : `超时事项：${focus.name}`}
                size="small"
                extra={focus.kind !== 'all' && <Button onClick={() => setFocus({ kind: 'all' })}>显示全部</Button>}
              >
                <Table<OverrunItem>
                  rowKey="deadlineId"
                  size="small"
                  dataSource={items}
                  columns={itemColumns}
                  locale={{ emptyText: '本期间没有超时事项' }}
                />
              </Card>
            </>
          );
        }}
      </QueryState>
    </Space>
  );
}
