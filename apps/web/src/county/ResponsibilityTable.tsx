import { App, Select, Table } from 'antd';
import type { Milestone, Officer } from './county-api';
import { useAssignResponsible } from './leading-group-api';

/** 节点责任人: who answers for which milestone (those reminded of it); editable by those who edit the group. */
export function ResponsibilityTable({
  projectId,
  milestones,
  officers,
  editable,
}: {
  projectId: string;
  milestones: readonly Milestone[];
  officers: readonly Officer[];
  editable: boolean;
}) {
  const { message } = App.useApp();
  const assign = useAssignResponsible(projectId);
  const options = officers.map((officer) => ({ value: officer.id, label: officer.name }));
  return (
    <Table<Milestone>
      rowKey="id"
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={[...milestones]}
      columns={[
        { key: 'title', title: '节点', dataIndex: 'title' },
        {
          key: 'responsible',
          title: '责任人',
          render: (_, milestone) => (
            <Select
              mode="multiple"
              aria-label={`${milestone.title}的责任人`}
              style={{ minWidth: 240 }}
              disabled={!editable || milestone.status === 'done'}
              value={milestone.responsibleOfficerIds}
              options={options}
              onChange={(officerIds: string[]) =>
                assign.mutate(
                  { milestone, officerIds },
                  {
                    onSuccess: () => void message.success(`已更新「${milestone.title}」的责任人`),
                    onError: (error) => void message.error(error.message),
                  },
                )
              }
            />
          ),
        },
      ]}
    />
  );
}
