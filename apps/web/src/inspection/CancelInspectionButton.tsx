import type { InspectionView } from '@duban/contracts';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { FormModal } from '../shared/FormModal';
import { useCancelInspection } from './inspection-api';

/**
 * 撤销 an inspection opened by mistake (the city or the province, before anyone signs): asks why, and says
 * first that it cannot be undone (the inspection stays, read-only, marked withdrawn).
 */
export function CancelInspectionButton({ inspection }: { inspection: InspectionView }) {
  const [open, setOpen] = useState(false);
  const cancel = useCancelInspection(inspection.id);
  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        撤销检查
      </Button>
      {open && (
        <FormModal<{ reason: string }>
          title={`撤销验收检查：${inspection.regionName} ${inspection.date}`}
          okText="确认撤销"
          pending={cancel.isPending}
          error={cancel.error}
          initialValues={{ reason: '' }}
          onSubmit={({ reason }) => cancel.mutate(reason ?? '', { onSuccess: () => setOpen(false) })}
          onCancel={() => {
            cancel.reset();
            setOpen(false);
          }}
        >
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title="撤销后该检查不能再评分、签字，也不能恢复；已填的评分保留备查。撤销后不可恢复。"
          />
          <Form.Item name="reason" label="撤销原因">
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}
