import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { FormModal } from '../shared/FormModal';
import { useReverseEntry } from './funding-api';

/**
 * 冲销 of one expenditure or disbursement: asks why, and says first that it cannot be undone (the ledger is
 * append-only: the reversal stays beside the original for good).
 */
export function ReverseEntryButton({
  projectId,
  kind,
  entry,
}: {
  projectId: string;
  kind: 'expenditure' | 'disbursement';
  entry: { id: string; amountWan: string; date: string };
}) {
  const [open, setOpen] = useState(false);
  const reverse = useReverseEntry(projectId, kind);
  const what = kind === 'expenditure' ? '支出' : '拨付';
  return (
    <>
      <Button size="small" danger onClick={() => setOpen(true)}>
        冲销
      </Button>
      {open && (
        <FormModal<{ reason: string }>
          title={`冲销${what}`}
          okText="确认冲销"
          pending={reverse.isPending}
          error={reverse.error}
          initialValues={{ reason: '' }}
          onSubmit={({ reason }) =>
            reverse.mutate({ id: entry.id, reason: reason ?? '' }, { onSuccess: () => setOpen(false) })
          }
          onCancel={() => {
            reverse.reset();
            setOpen(false);
          }}
        >
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={`将登记一笔 -${entry.amountWan}万元 的冲销，抵消 ${entry.date} 的这笔${what}。冲销后不可撤销。`}
          />
          <Form.Item name="reason" label="冲销原因">
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}
