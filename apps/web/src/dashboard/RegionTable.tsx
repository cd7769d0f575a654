import {
  MONTHLY_REPORT_STATUSES,
  MONTHLY_REPORT_STATUS_LABELS,
  OPERATING_FIGURE_LABELS,
  OPERATING_FIGURES,
  STATUS_LIGHT_LABELS,
} from '@duban/contracts';
import { Badge, Grid, Progress, Space, Table, Tag, Typography } from 'antd';
import type { ColumnType, ColumnsType } from 'antd/es/table';
import type { CSSProperties, HTMLAttributes, ReactNode } from 'react';
import { Link } from 'react-router';
import { LIGHT_COLOURS, StatusLight, type Light } from '../shared/StatusLight';
import { chineseMonth } from '@duban/calendar';
import { percent } from '../shared/format';
import { bySeverity, isLate, type RegionLine } from './region-rows';

/** One column of the table; the region's own totals row is rendered from the same definitions. */
interface Column {
  readonly key: string;
  readonly title: ReactNode;
  /** Columns with the same group, side by side, share a header above them. */
  readonly group?: string;
  readonly align?: 'left' | 'right' | 'center';
  readonly render: (line: RegionLine) => ReactNode;
  readonly sorter?: (a: RegionLine, b: RegionLine) => number;
  readonly defaultSortOrder?: 'ascend';
}

const LATE_TINT: CSSProperties = { background: '#fff1f0' };
const dash = '—';
const numberOrDash = (value: number | null | undefined) => (value === null || value === undefined ? dash : value);

function RegionName({ line }: { line: RegionLine }) {
  if (line.region.level !== 'county') return <Link to={`/regions/${line.region.code}`}>{line.region.name}</Link>;
  if (line.projectId) return <Link to={`/projects/${line.projectId}`}>{line.region.name}</Link>;
  return (
    <Space size={4}>
      {line.region.name}
      <Tag>无项目</Tag>
    </Space>
  );
}

function LatestReport({ line }: { line: RegionLine }) {
  if (line.region.level === 'county') {
    const report = line.latestReport;
    if (!report) return <Typography.Text type="secondary">尚无月报</Typography.Text>;
    return (
      <Space size={4} wrap={false}>
        {chineseMonth(report.month)}
        <Tag color={report.status === 'returned' ? 'orange' : report.status === 'accepted' ? 'green' : 'blue'}>
          {MONTHLY_REPORT_STATUS_LABELS[report.status]}
        </Tag>
        {report.late && <Tag color="red">逾期报送</Tag>}
      </Space>
    );
  }
  // A city: how many of its counties' latest reports are in each state.
  return (
    <Space size={4} wrap={false}>
      {MONTHLY_REPORT_STATUSES.filter((status) => line.reports[status] > 0).map((status) => (
        <Tag key={status}>
          {MONTHLY_REPORT_STATUS_LABELS[status]} {line.reports[status]}
        </Tag>
      ))}
      {line.reports.none > 0 && <Tag>尚无月报 {line.reports.none}</Tag>}
    </Space>
  );
}

function FiguresMonth({ line }: { line: RegionLine }) {
  const figures = line.latestFigures;
  if (!figures) return <Typography.Text type="secondary">尚未填报</Typography.Text>;
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {chineseMonth(figures.month)}
      {line.region.level !== 'county' && (
        <Typography.Text type="secondary">（{figures.counties} 县填报）</Typography.Text>
      )}
    </span>
  );
}

const lightHeader = (light: Light) => <Badge color={LIGHT_COLOURS[light]} text={STATUS_LIGHT_LABELS[light]} />;

const COLUMNS: readonly Column[] = [
  {
    key: 'light',
    title: '状态',
    render: (line) => <StatusLight light={line.light} />,
    sorter: bySeverity,
    defaultSortOrder: 'ascend',
  },
  ...(['green', 'yellow', 'red', 'done'] as const).map((light): Column => ({
    key: `lights.${light}`,
    title: lightHeader(light),
    group: '节点状态灯（个）',
    align: 'right',
    render: (line) => line.milestones[light],
  })),
  {
    key: 'doneShare',
    title: '完成比例',
    align: 'right',
    render: (line) => (
      <Space size={6} wrap={false}>
        <Progress
          percent={line.doneShare === null ? 0 : Number(line.doneShare) * 100}
          showInfo={false}
          size={{ width: 48, height: 6 }}
          strokeColor={LIGHT_COLOURS.done}
        />
        {percent(line.doneShare)}
      </Space>
    ),
    sorter: (a, b) => (a.doneShare ?? '').localeCompare(b.doneShare ?? ''),
  },
  {
    key: 'overdue',
    title: '逾期节点',
    align: 'right',
    render: (line) => (line.overdue > 0 ? <Typography.Text type="danger">{line.overdue}</Typography.Text> : 0),
    sorter: (a, b) => a.overdue - b.overdue,
  },
  {
    key: 'allocated',
    title: '已分配',
    group: '资金（万元）',
    align: 'right',
    render: (line) => line.money?.allocatedWan ?? dash,
  },
  {
    key: 'spent',
    title: '已支出',
    group: '资金（万元）',
    align: 'right',
    render: (line) => line.money?.spentWan ?? dash,
  },
  { key: 'figuresMonth', title: '月份', group: '最新运营数据', render: (line) => <FiguresMonth line={line} /> },
  ...OPERATING_FIGURES.map((figure): Column => ({
    key: `figures.${figure}`,
    title: OPERATING_FIGURE_LABELS[figure],
    group: '最新运营数据',
    align: 'right',
    render: (line) => numberOrDash(line.latestFigures?.[figure]),
  })),
  { key: 'report', title: '最新月报', render: (line) => <LatestReport line={line} /> },
];

const tint = (line: RegionLine) => ({ style: isLate(line) ? LATE_TINT : undefined });

/** The antd columns: the region name first (fixed while the rest scrolls on a phone), then COLUMNS grouped. */
function tableColumns(): ColumnsType<RegionLine> {
  const leaf = (column: Column): ColumnType<RegionLine> => ({
    key: column.key,
    title: column.title,
    align: column.align,
    render: (_value, line) => column.render(line),
    sorter: column.sorter,
    defaultSortOrder: column.defaultSortOrder,
    onCell: tint,
  });
  const columns: ColumnsType<RegionLine> = [
    {
      key: 'region',
      title: '地区',
      fixed: 'left',
      render: (_value, line) => <RegionName line={line} />,
      onCell: tint,
    },
  ];
  for (const column of COLUMNS) {
    const previous = columns.at(-1);
    if (column.group && previous && 'children' in previous && previous.title === column.group) {
      previous.children.push(leaf(column));
    } else if (column.group) {
      columns.push({ key: column.group, title: column.group, children: [leaf(column)] });
    } else {
      columns.push(leaf(column));
    }
  }
  return columns;
}

interface RegionTableProps {
  readonly lines: readonly RegionLine[];
  readonly total: RegionLine;
}

/**
 * The child regions, worst first, a late one tinted red with a red light so it stands out without reading
 * numbers; each name drills down (a city to its dashboard, a county to its project). The last line is the
 * region's own total.
 */
export function RegionTable({ lines, total }: RegionTableProps) {
  const narrow = !Grid.useBreakpoint().md;
  return (
    <Table<RegionLine>
      rowKey={(line) => line.region.code}
      columns={tableColumns()}
      dataSource={[...lines].sort(bySeverity)}
      pagination={false}
      size={narrow ? 'small' : 'middle'}
      bordered
      scroll={{ x: 'max-content' }}
      onRow={(line) => ({ 'data-late': String(isLate(line)) }) as HTMLAttributes<HTMLElement>}
      summary={() => (
        <Table.Summary>
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <Typography.Text strong>{total.region.name}合计</Typography.Text>
            </Table.Summary.Cell>
            {COLUMNS.map((column, index) => (
              <Table.Summary.Cell key={column.key} index={index + 1} align={column.align}>
                {column.render(total)}
              </Table.Summary.Cell>
            ))}
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}
