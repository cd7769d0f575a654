import { FUNDING_SOURCE_LABELS, PROVINCE_SOURCES } from '@duban/contracts';
import { Button, Flex, Form, Input, Table } from 'antd';
import { useState } from 'react';
import { FormModal } from '../shared/FormModal';
import { QueryState } from '../shared/QueryState';
import { useBudgets, useSetBudgets, type BudgetLine } from './funding-api';

/** One field per provincial source, in PROVINCE_SOURCES' order, named as the body names it (budgets.0.amountWan). */
type BudgetValues = { budgets: { amountWan?: string }[] };

/** 预算 (province): what each provincial source puts into the programme, allocated so far, and what remains. */
export function BudgetPanel({ programmeCode }: { programmeCode: string }) {
  const budgets = useBudgets(programmeCode);
  const setBudgets = useSetBudgets(programmeCode);
  const [editing, setEditing] = useState(false);
  const lines = budgets.data?.lines ?? [];
  const submit = (values: BudgetValues) => {
    const budgets = PROVINCE_SOURCES.map((source, index) => ({
      source,
      amountWan: (values.budgets[index]?.amountWan ?? '').trim(),
    }));
    setBudgets.mutate(budgets, { onSuccess: () => setEditing(false) });
  };
  return (
    <Flex vertical gap={12}>
      <div>
        <Button onClick={() => setEditing(true)}>修改预算</Button>
      </div>
      <QueryState query={budgets}>
        {(data) => (
          <Table<BudgetLine>
            rowKey="source"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={data.lines}
            locale={{ emptyText: '尚未设置预算' }}
            columns={[
              { key: 'source', title: '资金来源', render: (_, line) => FUNDING_SOURCE_LABELS[line.source] },
              { key: 'budget', title: '预算（万元）', align: 'right', dataIndex: 'budgetWan' },
              { key: 'allocated', title: '已分配（万元）', align: 'right', dataIndex: 'allocatedWan' },
              { key: 'unallocated', title: '未分配（万元）', align: 'right', dataIndex: 'unallocatedWan' },
            ]}
          />
        )}
      </QueryState>
      {editing && (
        <FormModal<BudgetValues>
          title="修改预算"
          okText="保存"
          pending={setBudgets.isPending}
          error={setBudgets.error}
          initialValues={{
            budgets: PROVINCE_SOURCES.map((source) => ({
              amountWan: lines.find((line) => line.source === source)?.budgetWan ?? '',
            })),
          }}
          onSubmit={submit}
          onCancel={() => {
            setBudgets.reset();
            setEditing(false);
          }}
        >
          {PROVINCE_SOURCES.map((source, index) => (
            <Form.Item
              key={source}
              name={['budgets', index, 'amountWan']}
              label={`${FUNDING_SOURCE_LABELS[source]}（万元）`}
            >
              <Input inputMode="decimal" />
            </Form.Item>
          ))}
        </FormModal>
      )}
    </Flex>
  );
}
