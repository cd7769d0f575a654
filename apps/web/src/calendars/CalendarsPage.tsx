import { Alert, Button, Card, Form, InputNumber, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState, type ChangeEvent } from 'react';
import { ApiError, errorMessage } from '../api/problem';
import { useMe } from '../auth/session';
import { formatInstant } from '../county/time';
import { QueryState } from '../shared/QueryState';
import { useCalendarYear, useCalendarYears, useLoadCalendarYear, type CalendarYearSummary } from './calendars-api';
import { previewNotice, type NoticePreview, type PreviewRow } from './notice-preview';

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** The weekday of a 'YYYY-MM-DD' date (civil calendar arithmetic, no time zone involved). */
function weekdayOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return '';
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] ?? '';
}

/**
 * 工作日历: the holiday table of each year (the State Council's notice: days off and adjusted working days),
 * on which reminders are planned. Everyone may look; the province administrator loads or replaces a year
 * from a file, after a preview and a confirmation.
 */
export default function CalendarsPage() {
  const me = useMe();
  const years = useCalendarYears();
  const [selected, setSelected] = useState<number | null>(null);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>工作日历</Typography.Title>
      <Typography.Paragraph type="secondary">
        提醒按工作日排期：法定节假日放假，调休上班日上班。未加载节假日安排的年份按周一至周五暂定，加载后自动重新排期。
      </Typography.Paragraph>
      <Card title="已加载的年份">
        <QueryState query={years}>
          {(data) => <YearTable items={data.items} selected={selected} onSelect={setSelected} />}
        </QueryState>
      </Card>
      {selected !== null && <YearDays year={selected} />}
      {/* Once the years are known: the year proposed is the one after the last loaded. */}
      {me.role === 'province_admin' && years.data && (
        <LoadYear known={years.data.items} onLoaded={(year) => setSelected(year)} />
      )}
    </Space>
  );
}

function YearTable({
  items,
  selected,
  onSelect,
}: {
  items: readonly CalendarYearSummary[];
  selected: number | null;
  onSelect: (year: number) => void;
}) {
  return (
    <Table<CalendarYearSummary>
      rowKey="year"
      dataSource={[...items]}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: '尚未加载任何年份' }}
      columns={[
        { title: '年份', dataIndex: 'year' },
        { title: '来源', dataIndex: 'source' },
        { title: '放假日', dataIndex: 'daysOff', render: (n: number) => `${n} 天` },
        { title: '调休上班日', dataIndex: 'workdays', render: (n: number) => `${n} 天` },
        {
          title: '加载',
          render: (_: unknown, item) =>
            item.loadedAt ? `${formatInstant(item.loadedAt)}（${item.loadedBy ?? ''}）` : <Tag>随系统发布</Tag>,
        },
        {
          title: '',
          render: (_: unknown, item) => (
            <Button
              size="small"
              type={selected === item.year ? 'primary' : 'default'}
              onClick={() => onSelect(item.year)}
            >
              查看 {item.year}
            </Button>
          ),
        },
      ]}
    />
  );
}

function YearDays({ year }: { year: number }) {
  const query = useCalendarYear(year);
  return (
    <Card title={`${year} 年节假日安排`}>
      <QueryState query={query}>
        {(data) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary">来源：{data.source}</Typography.Text>
            <DayTable title={`放假日（${data.daysOff.length} 天）`} days={data.daysOff} empty="没有放假日" />
            <DayTable title={`调休上班日（${data.workdays.length} 天）`} days={data.workdays} empty="没有调休上班日" />
          </Space>
        )}
      </QueryState>
    </Card>
  );
}

function DayTable({
  title,
  days,
  empty,
}: {
  title: string;
  days: readonly { date: string; name: string }[];
  empty: string;
}) {
  return (
    <Table
      title={() => title}
      size="small"
      rowKey="date"
      dataSource={[...days]}
      pagination={false}
      locale={{ emptyText: empty }}
      columns={[
        { title: '日期', dataIndex: 'date' },
        { title: '星期', dataIndex: 'date', key: 'weekday', render: weekdayOf },
        { title: '节日', dataIndex: 'name' },
      ]}
    />
  );
}

/** A chosen file's text (UTF-8). FileReader rather than `Blob.text()`, which older browsers lack. */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsText(file, 'utf-8');
  });
}

/** The field problems of a refused load, by the API's field names (`year`, `file`, `daysOff.3`…). */
function problemsOf(error: unknown): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  if (error instanceof ApiError)
    for (const { field, message } of error.fieldErrors) byField.set(field, [...(byField.get(field) ?? []), message]);
  return byField;
}

function LoadYear({ known, onLoaded }: { known: readonly CalendarYearSummary[]; onLoaded: (year: number) => void }) {
  const load = useLoadCalendarYear();
  const lastYear = known.reduce((max, item) => Math.max(max, item.year), 2026);
  const [year, setYear] = useState<number | null>(lastYear + 1);
  const [source, setSource] = useState('');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const preview: NoticePreview | null = file && year ? previewNotice(year, file.text) : null;
  const server = problemsOf(load.error);
  const local = new Map<string, string[]>();
  for (const issue of preview?.issues ?? []) local.set(issue.field, [...(local.get(issue.field) ?? []), issue.message]);
  const reasons = (field: string) => [...(local.get(field) ?? []), ...(server.get(field) ?? [])];
  const rowFields = new Set(preview?.rows.map((row) => row.field) ?? []);
  const elsewhere = [...server.entries()]
    .filter(([field]) => !['year', 'file', 'source'].includes(field) && !rowFields.has(field))
    .flatMap(([field, messages]) => messages.map((message) => `${field}：${message}`));
  const replacing = year !== null && known.some((item) => item.year === year);
  const loadable = preview?.notice && preview.issues.length === 0;

  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    load.reset();
    setFile(chosen ? { name: chosen.name, text: await readText(chosen) } : null);
  };
  const submit = () => {
    if (!preview?.notice || year === null) return;
    const { daysOff, workdays, names } = preview.notice;
    load.mutate(
      {
        year,
        daysOff: [...daysOff],
        workdays: [...workdays],
        names: { ...names },
        ...((source.trim() || preview.notice.source) && { source: source.trim() || preview.notice.source }),
      },
      { onSuccess: () => onLoaded(year) },
    );
  };
  const help = (field: string) => {
    const messages = reasons(field);
    return messages.length > 0 ? { validateStatus: 'error' as const, help: messages.join('；') } : {};
  };

  return (
    <Card title="加载或替换某年的节假日安排">
      <Typography.Paragraph type="secondary">
        文件为国务院办公厅节假日安排通知的文本形式，每行一个节日，如“春节：放假 2027-02-06 至 2027-02-12；上班
        2027-02-14、2027-02-20”， 可加一行“来源：国办发明电〔2026〕12号”；也可用 JSON（daysOff、workdays）或
        CSV（date,name,is_off_day,source_notice）。
      </Typography.Paragraph>
      {load.isSuccess && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={`已加载 ${load.data.year} 年节假日安排：放假 ${load.data.counts.daysOff} 天，调休上班 ${load.data.counts.workdays} 天；${load.data.replannedDeadlines} 个未完成期限的提醒已重新排期`}
        />
      )}
      {load.isError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={`未能加载：${errorMessage(load.error)}`}
          description={elsewhere.length > 0 ? elsewhere.join('；') : undefined}
        />
      )}
      <Form layout="vertical">
        <Form.Item label="年份" {...help('year')}>
          <InputNumber aria-label="年份" min={2000} max={2100} value={year} onChange={(value) => setYear(value)} />
        </Form.Item>
        <Form.Item label="通知文件" {...help('file')}>
          <input
            aria-label="通知文件"
            type="file"
            accept=".txt,.csv,.json,text/plain"
            onChange={(e) => void readFile(e)}
          />
        </Form.Item>
        <Form.Item label="来源（文号，可选）" {...help('source')}>
          <Input
            aria-label="来源"
            value={source}
            placeholder={preview?.notice?.source ?? '如 国办发明电〔2026〕12号'}
            onChange={(event) => setSource(event.target.value)}
          />
        </Form.Item>
      </Form>
      {preview && <PreviewTable preview={preview} reasons={reasons} title={file ? `预览：${file.name}` : '预览'} />}
      {preview && (
        <Popconfirm
          title={replacing ? `确认替换 ${year} 年的节假日安排？` : `确认加载 ${year} 年的节假日安排？`}
          description="该年涉及的未完成期限将按新日历重新排期，已发送的提醒不会重发。"
          okText="确认"
          cancelText="取消"
          onConfirm={submit}
          disabled={!loadable}
        >
          <Button type="primary" disabled={!loadable} loading={load.isPending} style={{ marginTop: 12 }}>
            {replacing ? '替换' : '加载'} {year} 年
          </Button>
        </Popconfirm>
      )}
    </Card>
  );
}

function PreviewTable({
  preview,
  reasons,
  title,
}: {
  preview: NoticePreview;
  reasons: (field: string) => string[];
  title: string;
}) {
  // A file that cannot be read is told under the file field; a year-wide problem (no day off) here.
  const yearWide = preview.issues.filter((issue) => issue.field === 'daysOff').map((issue) => issue.message);
  const offCount = preview.rows.filter((row) => row.kind === '放假').length;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {yearWide.map((message) => (
        <Alert key={message} type="error" showIcon title={message} />
      ))}
      {preview.notice && (
        <Table<PreviewRow>
          title={() => `${title}：放假 ${offCount} 天，调休上班 ${preview.rows.length - offCount} 天`}
          size="small"
          rowKey="field"
          dataSource={[...preview.rows]}
          pagination={false}
          columns={[
            { title: '日期', dataIndex: 'date' },
            { title: '星期', dataIndex: 'date', key: 'weekday', render: weekdayOf },
            {
              title: '类别',
              dataIndex: 'kind',
              render: (kind: string) => <Tag color={kind === '放假' ? 'red' : 'blue'}>{kind}</Tag>,
            },
            { title: '节日', dataIndex: 'name' },
            {
              title: '问题',
              key: 'problem',
              render: (_: unknown, row) => (
                <Typography.Text type="danger">{reasons(row.field).join('；')}</Typography.Text>
              ),
            },
          ]}
        />
      )}
    </Space>
  );
}
