import { Button, Flex } from 'antd';
import { useState } from 'react';
import { useMe } from '../auth/session';
import type { Milestone, Officer } from './county-api';
import { MilestoneReminderPlanModal } from './MilestoneReminderPlanModal';
import { mayEditMilestones, mayReschedule } from './permissions';
import { ReassignMilestoneModal } from './ReassignMilestoneModal';
import { RescheduleMilestoneModal } from './RescheduleMilestoneModal';

type Dialog = 'reschedule' | 'reassign' | 'reminders' | null;

/**
 * The milestone's plan, for the roles that may change it: its deadline (a template one only by the city
 * or the province), its responsible officers, and an extra milestone's own reminder plan.
 */
export function MilestonePlanActions({
  projectId,
  milestone,
  officers,
}: {
  projectId: string;
  milestone: Milestone;
  officers: readonly Officer[];
}) {
  const me = useMe();
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const done = milestone.status === 'done';
  const editor = mayEditMilestones(me.role);
  const reschedulable = !done && mayReschedule(me.role, milestone);
  const ownPlan = editor && milestone.dueAt !== null;
  if (!editor && !reschedulable) return null;
  return (
    <>
      <Flex gap={8} wrap>
        {reschedulable && <Button onClick={() => setDialog('reschedule')}>调整期限</Button>}
        {editor && <Button onClick={() => setDialog('reassign')}>调整责任人</Button>}
        {ownPlan && <Button onClick={() => setDialog('reminders')}>设置提醒计划</Button>}
      </Flex>
      {dialog === 'reschedule' && (
        <RescheduleMilestoneModal projectId={projectId} milestone={milestone} onClose={close} />
      )}
      {dialog === 'reassign' && (
        <ReassignMilestoneModal projectId={projectId} milestone={milestone} officers={officers} onClose={close} />
      )}
      {dialog === 'reminders' && (
        <MilestoneReminderPlanModal projectId={projectId} milestone={milestone} onClose={close} />
      )}
    </>
  );
}
