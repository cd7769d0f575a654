import { DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { FormModal } from '../shared/FormModal';
import type { Milestone, Officer } from './county-api';
import { useAddMilestone } from './milestone-plan-api';
import { DEFAULT_REMINDER_PLAN } from './reminder-offsets';
import { ReminderOffsetsField } from './ReminderOffsetsField';
import { officerOptions } from './ReassignMilestoneModal';
import { shanghaiInstant } from './RescheduleMilestoneModal';

interface AddMilestoneValues {
  title?: string;
  dueAt?: Dayjs;
  responsibleOfficerIds?: string[];
  after?: string[];
  reminderPlan?: string[];
}

/**
 * 添加节点: an extra milestone of the county's own, due at an exact time, with its responsible officers
 * (from the leading group), the milestones it waits for, and its own reminder plan.
 */
export function AddMilestoneModal({
  projectId,
  milestones,
  officers,
  onClose,
}: {
  projectId: string;
  milestones: readonly Milestone[];
  officers: readonly Officer[];
  onClose: () => void;
}) {
  const add = useAddMilestone(projectId);
  const submit = (values: AddMilestoneValues) =>
    add.mutate(
      {
        title: values.title ?? '',
        dueAt: values.dueAt ? shanghaiInstant(values.dueAt) : '',
        responsibleOfficerIds: values.responsibleOfficerIds ?? [],
        reminderPlan: values.reminderPlan ?? [],
        after: values.after ?? [],
      },
      { onSuccess: onClose },
    );
  return (
    <FormModal<AddMilestoneValues>
      title="添加节点"
      okText="添加"
      pending={add.isPending}
      error={add.error}
      initialValues={{ responsibleOfficerIds: [], after: [], reminderPlan: [...DEFAULT_REMINDER_PLAN] }}
      onSubmit={submit}
      onCancel={onClose}
    >
      <Form.Item name="title" label="节点名称" rules={[{ required: true, message: '请输入节点名称' }]}>
        <Input maxLength={200} placeholder="如：设备采购验收" />
      </Form.Item>
      <Form.Item name="dueAt" label="到期时间" rules={[{ required: true, message: '请选择到期时间' }]}>
        <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name="responsibleOfficerIds"
        label="责任人"
        rules={[{ required: true, message: '至少选择一名责任人' }]}
      >
        <Select mode="multiple" options={officerOptions(officers)} optionFilterProp="label" />
      </Form.Item>
      <Form.Item name="after" label="前置节点" extra="这些节点完成后才能完成本节点">
        <Select
          mode="multiple"
          optionFilterProp="label"
          options={milestones.map((milestone) => ({ value: milestone.id, label: milestone.title }))}
        />
      </Form.Item>
      <ReminderOffsetsField />
    </FormModal>
  );
}
