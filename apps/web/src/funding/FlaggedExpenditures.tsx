import { EXPENDITURE_CATEGORY_LABELS, FUNDING_SOURCE_LABELS } from '@duban/contracts';
import { Alert, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { FlagTags, wan } from '../county/FundingTab';
import { QueryState } from '../shared/QueryState';
import { useFlaggedExpenditures, type FlaggedExpenditure } from './funding-api';

/**
 * 待核实支出: every county's flagged expenditures under the region, newest first, each linking to the
 * county's 资金 tab where it can be reversed.
 */
export function FlaggedExpenditures({ region, programmeCode }: { region: string; programmeCode: string | undefined }) {
  const flagged = useFlaggedExpenditures(region, programmeCode);
  return (
    <QueryState query={flagged}>
      {(data) => (
        <>
          {data.truncated && (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`仅显示最近 ${data.items.length} 笔`} />
          )}
          <Table<FlaggedExpenditure>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={data.items}
            locale={{ emptyText: '没有待核实的支出' }}
            columns={[
              {
                key: 'county',
                title: '县（市、区）',
                render: (_, entry) => (
                  <Link to={`/projects/${entry.projectId}/funding`}>
                    {entry.cityName ? `${entry.cityName} ` : ''}
                    {entry.regionName}
                  </Link>
                ),
              },
              { key: 'date', title: '日期', dataIndex: 'date' },
              { key: 'source', title: '资金来源', render: (_, entry) => FUNDING_SOURCE_LABELS[entry.source] },
              { key: 'category', title: '支出类别', render: (_, entry) => EXPENDITURE_CATEGORY_LABELS[entry.category] },
              { key: 'amount', title: '金额', align: 'right', render: (_, entry) => wan(entry.amountWan) },
              { key: 'payee', title: '收款单位', dataIndex: 'payee' },
              { key: 'flags', title: '提示', render: (_, entry) => <FlagTags flags={entry.flags} /> },
              {
                key: 'state',
                title: '状态',
                render: (_, entry) => (entry.reversedById ? <Tag>已冲销</Tag> : <Tag color="warning">待核实</Tag>),
              },
            ]}
          />
        </>
      )}
    </QueryState>
  );
}
