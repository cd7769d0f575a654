import { MILESTONE_STATUS_LABELS } from '@duban/contracts';
import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Divider, Drawer, Empty, Flex, Grid, List, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMe } from '../auth/session';
import { StatusLight } from '../shared/StatusLight';
import { CompleteMilestoneForm } from './CompleteMilestoneForm';
import { useProgramme, useProject, type Milestone, type Officer } from './county-api';
import { MilestoneFiles } from './MilestoneFiles';
import { MilestonePlanActions } from './MilestonePlanActions';
import { responsibleNames } from './MilestonesTab';
import { MilestoneOversight } from './MilestoneOversight';
import { mayCompleteMilestone, mayReopenMilestone } from './permissions';
import { ReminderPlanTable } from './ReminderPlanTable';
import { ReopenMilestoneForm } from './ReopenMilestoneForm';
import { dueText, formatInstant } from './time';

type Action = 'complete' | 'reopen' | null;

/**
 * One milestone, opened from its address (/projects/:id/milestones/:mid, the link reminders carry): its
 * deadline, prerequisites, responsible officers, evidence once done, 催办 and 批示, the reminder plan, and the
 * forms to complete or reopen it for the roles that may.
 */
export function MilestoneDrawer({
  projectId,
  milestoneId,
  milestone,
  milestones,
  officers,
}: {
  projectId: string;
  milestoneId: string;
  milestone: Milestone | null;
  milestones: readonly Milestone[];
  officers: UseQueryResult<Officer[]>;
}) {
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const close = () => void navigate(`/projects/${projectId}/milestones`);
  return (
    <Drawer open title={milestone?.title ?? '节点'} onClose={close} size={screens.md ? 640 : '100%'} destroyOnHidden>
      {milestone ? (
        <MilestoneDetails
          key={milestoneId}
          projectId={projectId}
          milestone={milestone}
          milestones={milestones}
          officers={officers}
        />
      ) : (
        <Empty description="节点不存在，或不在您的权限范围内" />
      )}
    </Drawer>
  );
}

function MilestoneDetails({
  projectId,
  milestone,
  milestones,
  officers,
}: {
  projectId: string;
  milestone: Milestone;
  milestones: readonly Milestone[];
  officers: UseQueryResult<Officer[]>;
}) {
  const me = useMe();
  const [action, setAction] = useState<Action>(null);
  const project = useProject(projectId);
  const programme = useProgramme(project.data?.programmeId);
  const done = milestone.status === 'done';
  const isResponsible = (officers.data ?? []).some(
    (officer) => officer.username === me.username && milestone.responsibleOfficerIds.includes(officer.id),
  );
  // The acceptance milestone completes itself when the inspection is signed; the service refuses it by hand.
  const completesOnSigning =
    programme?.milestoneTemplate.find((item) => item.key === milestone.key)?.completesOn === 'acceptance_signed';
  const prerequisites = milestone.after.map((id) => milestones.find((other) => other.id === id));
  const unfinished = prerequisites.filter((other) => other && other.status !== 'done');

  return (
    <Flex vertical gap={16}>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          { key: 'due', label: '期限', children: dueText(milestone) },
          { key: 'status', label: '状态', children: MILESTONE_STATUS_LABELS[milestone.status] },
          { key: 'light', label: '状态灯', children: <StatusLight light={milestone.light} /> },
          { key: 'responsible', label: '责任人', children: responsibleNames(milestone, officers) },
          {
            key: 'after',
            label: '前置节点',
            children:
              prerequisites.length === 0
                ? '无'
                : prerequisites
                    .map((other) =>
                      other ? `${other.title}（${MILESTONE_STATUS_LABELS[other.status]}）` : '（未知节点）',
                    )
                    .join('；'),
          },
          ...(done
            ? [
                {
                  key: 'completedAt',
                  label: '完成时间',
                  children: milestone.completedAt ? formatInstant(milestone.completedAt) : '—',
                },
                {
                  key: 'completedBy',
                  label: '完成人',
                  children: milestone.completedByName ?? milestone.completedBy ?? '—',
                },
              ]
            : []),
        ]}
      />

      {done && milestone.evidence && (
        <section aria-label="佐证材料">
          <Typography.Title level={5}>完成情况说明</Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{milestone.evidence.text}</Typography.Paragraph>
          {(milestone.evidence.attachments ?? []).length > 0 && (
            <List
              size="small"
              header="附件"
              dataSource={milestone.evidence.attachments}
              renderItem={(attachment) => (
                <List.Item>
                  {/^https?:\/\//.test(attachment.ref) ? (
                    <a href={attachment.ref} target="_blank" rel="noreferrer">
                      {attachment.name}
                    </a>
                  ) : (
                    <span>
                      {attachment.name}（{attachment.ref}）
                    </span>
                  )}
                </List.Item>
              )}
            />
          )}
        </section>
      )}

      {milestone.reopenings.length > 0 && (
        <List
          size="small"
          header="重新打开记录"
          dataSource={milestone.reopenings}
          renderItem={(reopening) => (
            <List.Item>
              {formatInstant(reopening.reopenedAt)} {reopening.reopenedByName}：{reopening.reason}
            </List.Item>
          )}
        />
      )}

      {!done && completesOnSigning && <Alert type="info" showIcon title="本节点在验收签字后自动完成" />}
      {!done && !completesOnSigning && unfinished.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`前置节点尚未完成：${unfinished.map((other) => other?.title).join('、')}`}
        />
      )}

      {action === null && (
        <Flex gap={8} wrap>
          {!done && !completesOnSigning && mayCompleteMilestone(me.role, isResponsible) && (
            <Button type="primary" onClick={() => setAction('complete')}>
              完成节点
            </Button>
          )}
          {done && mayReopenMilestone(me.role) && <Button onClick={() => setAction('reopen')}>重新打开</Button>}
        </Flex>
      )}
      {action === 'complete' && !done && (
        <CompleteMilestoneForm projectId={projectId} milestone={milestone} onClose={() => setAction(null)} />
      )}
      {action === 'reopen' && done && (
        <ReopenMilestoneForm projectId={projectId} milestone={milestone} onClose={() => setAction(null)} />
      )}

      <MilestonePlanActions projectId={projectId} milestone={milestone} officers={officers.data ?? []} />
      <MilestoneFiles milestone={milestone} officers={officers.data ?? []} />

      <Divider style={{ margin: 0 }} />
      <MilestoneOversight milestoneId={milestone.id} officers={officers.data ?? []} />
      <Divider style={{ margin: 0 }} />
      <ReminderPlanTable milestoneId={milestone.id} />
    </Flex>
  );
}
