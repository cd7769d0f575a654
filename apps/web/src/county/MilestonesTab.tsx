import { MILESTONE_STATUS_LABELS } from '@duban/contracts';
import type { UseQueryResult } from '@tanstack/react-query';
import { Button, Card, Space, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMe } from '../auth/session';
import { QueryState } from '../shared/QueryState';
import { StatusLight } from '../shared/StatusLight';
import { useMilestones, useOfficers, useProject, type Milestone, type Officer } from './county-api';
import { AddMilestoneModal } from './AddMilestoneModal';
import { MilestoneDrawer } from './MilestoneDrawer';
import { MilestoneTimeline } from './MilestoneTimeline';
import { mayEditMilestones } from './permissions';
import { dueText } from './time';

/** Names of a milestone's responsible officers, from the leading group (ids until that list is read). */
export function responsibleNames(milestone: Milestone, officers: UseQueryResult<Officer[]>): string {
  if (milestone.responsibleOfficerIds.length === 0) return '—';
  if (!officers.data) return officers.isPending ? '…' : '—';
  const byId = new Map(officers.data.map((officer) => [officer.id, officer.name]));
  return milestone.responsibleOfficerIds.map((id) => byId.get(id) ?? '（已不在领导小组）').join('、');
}

/** The 节点 tab: the timeline, the table of milestones, and the drawer of the one in the address. */
export function MilestonesTab({ projectId, openMilestoneId }: { projectId: string; openMilestoneId: string | null }) {
  const milestones = useMilestones(projectId);
  const officers = useOfficers(projectId);
  const project = useProject(projectId);
  const me = useMe();
  const [adding, setAdding] = useState(false);
  return (
    <QueryState query={milestones} isEmpty={(list) => list.length === 0}>
      {(list) => (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {mayEditMilestones(me.role) && (
            <Button type="primary" style={{ alignSelf: 'flex-start' }} onClick={() => setAdding(true)}>
              添加节点
            </Button>
          )}
          {adding && (
            <AddMilestoneModal
              projectId={projectId}
              milestones={list}
              officers={officers.data ?? []}
              onClose={() => setAdding(false)}
            />
          )}
          {project.data && (
            <Card size="small" title="节点时间轴">
              <MilestoneTimeline milestones={list} year={project.data.programmeYear} />
            </Card>
          )}
          <Table<Milestone>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={list}
            columns={[
              {
                key: 'title',
                title: '节点',
                render: (_, milestone) => (
                  <Link to={`/projects/${projectId}/milestones/${milestone.id}`}>{milestone.title}</Link>
                ),
              },
              { key: 'due', title: '期限', render: (_, milestone) => dueText(milestone) },
              { key: 'status', title: '状态', render: (_, milestone) => MILESTONE_STATUS_LABELS[milestone.status] },
              { key: 'light', title: '状态灯', render: (_, milestone) => <StatusLight light={milestone.light} /> },
              { key: 'responsible', title: '责任人', render: (_, milestone) => responsibleNames(milestone, officers) },
            ]}
          />
          {openMilestoneId && (
            <MilestoneDrawer
              projectId={projectId}
              milestoneId={openMilestoneId}
              milestone={list.find((milestone) => milestone.id === openMilestoneId) ?? null}
              milestones={list}
              officers={officers}
            />
          )}
        </Space>
      )}
    </QueryState>
  );
}
