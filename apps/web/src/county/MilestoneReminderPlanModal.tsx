import { FormModal } from '../shared/FormModal';
import type { Milestone } from './county-api';
import { useUpdateMilestone } from './milestone-plan-api';
import { DEFAULT_REMINDER_PLAN } from './reminder-offsets';
import { ReminderOffsetsField } from './ReminderOffsetsField';

/**
 * 设置提醒计划: an extra milestone's own reminders, as offsets from its due instant. The reminder service
 * re-plans them as soon as the change is announced (template milestones follow the programme's policy).
 */
export function MilestoneReminderPlanModal({
  projectId,
  milestone,
  onClose,
}: {
  projectId: string;
  milestone: Milestone;
  onClose: () => void;
}) {
  const update = useUpdateMilestone(projectId, milestone.id);
  return (
    <FormModal<{ reminderPlan: string[] }>
      title={`设置提醒计划：${milestone.title}`}
      okText="保存"
      pending={update.isPending}
      error={update.error}
      initialValues={{ reminderPlan: [...(milestone.reminderPlan ?? DEFAULT_REMINDER_PLAN)] }}
      onSubmit={({ reminderPlan }) =>
        update.mutate({ reminderPlan: reminderPlan ?? [], version: milestone.version }, { onSuccess: onClose })
      }
      onCancel={onClose}
    >
      <ReminderOffsetsField />
    </FormModal>
  );
}
