import { DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { UpdateMilestoneBody } from '@duban/contracts';
import { FormModal } from '../shared/FormModal';
import type { Milestone } from './county-api';
import { useUpdateMilestone } from './milestone-plan-api';
import { PROGRAMME_ZONE } from './time';

interface RescheduleValues {
  dueDate?: Dayjs;
  dueAt?: Dayjs;
  reason?: string;
}

/**
 * A picked date and time read as Asia/Shanghai's wall clock, whatever the browser's own zone, to the minute the
 * picker shows: its 此刻 gives the current second too, which nobody chose and the 节点 table would then show.
 */
export function shanghaiInstant(value: Dayjs): string {
  return dayjs.tz(value.format('YYYY-MM-DD HH:mm'), PROGRAMME_ZONE).toISOString();
}

/** An instant shown on Asia/Shanghai's wall clock in a picker. */
export function shanghaiWallClock(iso: string): Dayjs {
  return dayjs(dayjs(iso).tz(PROGRAMME_ZONE).format('YYYY-MM-DD HH:mm:ss'));
}

/**
 * 调整期限: a template milestone moves to another date (due at the end of that day), an extra one to
 * another instant; the reason goes with the change into the audit trail.
 */
export function RescheduleMilestoneModal({
  projectId,
  milestone,
  onClose,
}: {
  projectId: string;
  milestone: Milestone;
  onClose: () => void;
}) {
  const update = useUpdateMilestone(projectId, milestone.id);
  const exact = milestone.dueDate === null;
  const submit = ({ dueDate, dueAt, reason }: RescheduleValues) => {
    const body: UpdateMilestoneBody = { reason: reason ?? '', version: milestone.version };
    if (exact) body.dueAt = dueAt ? shanghaiInstant(dueAt) : '';
    else body.dueDate = dueDate ? dueDate.format('YYYY-MM-DD') : '';
    update.mutate(body, { onSuccess: onClose });
  };
  return (
    <FormModal<RescheduleValues>
      title={`调整期限：${milestone.title}`}
      okText="确认调整"
      pending={update.isPending}
      error={update.error}
      initialValues={
        exact
          ? { dueAt: milestone.dueAt ? shanghaiWallClock(milestone.dueAt) : undefined }
          : { dueDate: milestone.dueDate ? dayjs(milestone.dueDate) : undefined }
      }
      onSubmit={submit}
      onCancel={onClose}
    >
      {exact ? (
        <Form.Item name="dueAt" label="新的到期时间" rules={[{ required: true, message: '请选择到期时间' }]}>
          <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
      ) : (
        <Form.Item
          name="dueDate"
          label="新的到期日"
          extra="当日结束时到期"
          rules={[{ required: true, message: '请选择到期日' }]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      )}
      <Form.Item name="reason" label="调整原因" rules={[{ required: true, message: '请说明调整原因' }]}>
        <Input.TextArea rows={3} maxLength={1000} showCount />
      </Form.Item>
    </FormModal>
  );
}
