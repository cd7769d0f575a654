import { EXPENDITURE_CATEGORY_LABELS, FUNDING_SOURCE_LABELS } from '@duban/contracts';
import { Alert, Button, Card, Empty, Flex, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useMe } from '../auth/session';
import { percent } from '../shared/format';
import { QueryState } from '../shared/QueryState';
import { ReverseEntryButton } from '../funding/ReverseEntryButton';
import { ExpenditureForm } from './ExpenditureForm';
import { useFunding, type Expenditure, type Funding } from './county-api';
import { mayRecordExpenditure } from './permissions';
import { formatInstant } from './time';

type SourceFigures = Funding['totals']['bySource'][number];
type Disbursement = Funding['disbursements'][number];

/** "60.00" → "60.00万元": amounts arrive as exact 万元 strings and are shown as they are. */
export const wan = (amount: string) => `${amount}万元`;

/** A reversed entry or a reversal says so, so a sum that looks off is explained. */
function ReversalTag({
  entry,
}: {
  entry: { reversesId: string | null; reversedById: string | null; reason: string | null };
}) {
  if (entry.reversesId) return <Tag color="default">冲销{entry.reason ? `：${entry.reason}` : ''}</Tag>;
  if (entry.reversedById) return <Tag color="default">已冲销</Tag>;
  return null;
}

export function FlagTags({ flags }: { flags: Expenditure['flags'] }) {
  return (
    <Flex gap={4} wrap>
      {flags.map((flag) => (
        <Tag key={flag.code} color="warning" data-flag={flag.code}>
          {flag.message}
        </Tag>
      ))}
    </Flex>
  );
}

/** 资金: allocations per source, disbursements and expenditures, all in 万元, and the form to record spending. */
export function FundingTab({ projectId }: { projectId: string }) {
  const funding = useFunding(projectId);
  const { role } = useMe();
  const [adding, setAdding] = useState(false);
  const [saved, setSaved] = useState<Expenditure | null>(null);
  return (
    <Flex vertical gap={16}>
      {saved && (
        <Alert
          type={saved.flags.length > 0 ? 'warning' : 'success'}
          showIcon
          closable={{ onClose: () => setSaved(null) }}
          title={`已登记支出 ${wan(saved.amountWan)}（${FUNDING_SOURCE_LABELS[saved.source]}，${EXPENDITURE_CATEGORY_LABELS[saved.category]}）`}
          description={saved.flags.length > 0 ? <FlagTags flags={saved.flags} /> : undefined}
        />
      )}
      {mayRecordExpenditure(role) &&
        (adding ? (
          <ExpenditureForm
            projectId={projectId}
            onClose={() => setAdding(false)}
            onSaved={(expenditure) => {
              setSaved(expenditure);
              setAdding(false);
            }}
          />
        ) : (
          <div>
            <Button type="primary" onClick={() => setAdding(true)}>
              新增支出
            </Button>
          </div>
        ))}
      <QueryState query={funding}>
        {(data) => <FundingTables funding={data} mayReverse={mayRecordExpenditure(role)} />}
      </QueryState>
    </Flex>
  );
}

function FundingTables({ funding, mayReverse }: { funding: Funding; mayReverse: boolean }) {
  const { all } = funding.totals;
  const projectId = funding.project.projectId;
  /** An entry that is neither reversed nor a reversal itself may be reversed, once. */
  const reversible = (entry: { reversesId: string | null; reversedById: string | null }) =>
    mayReverse && !entry.reversesId && !entry.reversedById;
  return (
    <Flex vertical gap={16}>
      <Flex gap={24} wrap>
        <Statistic title="已分配" value={all.allocatedWan} suffix="万元" />
        <Statistic title="已拨付" value={all.disbursedWan} suffix="万元" />
        <Statistic title="已支出" value={all.spentWan} suffix="万元" />
        <Statistic title="执行率" value={percent(all.executionRate)} />
      </Flex>

      <Card size="small" title="分资金来源">
        <Table<SourceFigures>
          rowKey="source"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={funding.totals.bySource}
          columns={[
            { key: 'source', title: '资金来源', render: (_, line) => FUNDING_SOURCE_LABELS[line.source] },
            { key: 'allocated', title: '分配（万元）', align: 'right', dataIndex: 'allocatedWan' },
            { key: 'disbursed', title: '拨付（万元）', align: 'right', dataIndex: 'disbursedWan' },
            { key: 'spent', title: '支出（万元）', align: 'right', dataIndex: 'spentWan' },
            { key: 'rate', title: '执行率', align: 'right', render: (_, line) => percent(line.executionRate) },
          ]}
        />
      </Card>

      <Card size="small" title="拨付" extra={shownOf(funding.disbursements.length, funding.disbursementCount)}>
        {funding.disbursements.length === 0 ? (
          <Empty description="尚无拨付记录" />
        ) : (
          <Table<Disbursement>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={funding.disbursements}
            columns={[
              { key: 'date', title: '日期', dataIndex: 'date' },
              { key: 'source', title: '资金来源', render: (_, entry) => FUNDING_SOURCE_LABELS[entry.source] },
              { key: 'amount', title: '金额', align: 'right', render: (_, entry) => wan(entry.amountWan) },
              { key: 'document', title: '文号', dataIndex: 'documentNumber' },
              { key: 'reversal', title: '', render: (_, entry) => <ReversalTag entry={entry} /> },
              {
                key: 'reverse',
                title: '',
                render: (_, entry) =>
                  reversible(entry) && <ReverseEntryButton projectId={projectId} kind="disbursement" entry={entry} />,
              },
            ]}
          />
        )}
      </Card>

      <Card size="small" title="支出" extra={shownOf(funding.expenditures.length, funding.expenditureCount)}>
        {funding.expenditures.length === 0 ? (
          <Empty description="尚无支出记录" />
        ) : (
          <Table<Expenditure>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={funding.expenditures}
            columns={[
              { key: 'date', title: '日期', dataIndex: 'date' },
              { key: 'source', title: '资金来源', render: (_, entry) => FUNDING_SOURCE_LABELS[entry.source] },
              { key: 'category', title: '支出类别', render: (_, entry) => EXPENDITURE_CATEGORY_LABELS[entry.category] },
              { key: 'amount', title: '金额', align: 'right', render: (_, entry) => wan(entry.amountWan) },
              { key: 'payee', title: '收款单位', dataIndex: 'payee' },
              { key: 'note', title: '备注', render: (_, entry) => entry.note || '—' },
              {
                key: 'flags',
                title: '提示',
                render: (_, entry) => (
                  <Flex gap={4} wrap>
                    <FlagTags flags={entry.flags} />
                    <ReversalTag entry={entry} />
                  </Flex>
                ),
              },
              {
                key: 'recorded',
                title: '登记',
                render: (_, entry) => `${entry.recordedByName} ${formatInstant(entry.recordedAt)}`,
              },
              {
                key: 'reverse',
                title: '',
                render: (_, entry) =>
                  reversible(entry) && <ReverseEntryButton projectId={projectId} kind="expenditure" entry={entry} />,
              },
            ]}
          />
        )}
      </Card>
      <Typography.Text type="secondary">金额单位：万元，保留两位小数。</Typography.Text>
    </Flex>
  );
}

/** Over a long ledger the page lists the latest entries only: say so, with how many there are in all. */
function shownOf(listed: number, count: number): string | undefined {
  return count > listed ? `显示最近 ${listed} 笔，共 ${count} 笔` : undefined;
}
