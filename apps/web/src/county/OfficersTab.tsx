import { OFFICER_ROLE_LABELS } from '@duban/contracts';
import { Table, Tag } from 'antd';
import { QueryState } from '../shared/QueryState';
import { useOfficers, type Officer } from './county-api';

/** 领导小组: the county's leading group, in the documents' order (组长 first). */
export function OfficersTab({ projectId }: { projectId: string }) {
  const officers = useOfficers(projectId);
  return (
    <QueryState query={officers} isEmpty={(list) => list.length === 0}>
      {(list) => (
        <Table<Officer>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={list}
          columns={[
            { key: 'name', title: '姓名', dataIndex: 'name' },
            {
              key: 'role',
              title: '小组职务',
              render: (_, officer) => (
                <Tag color={officer.role === 'leader' ? 'red' : undefined}>{OFFICER_ROLE_LABELS[officer.role]}</Tag>
              ),
            },
            { key: 'title', title: '职务', dataIndex: 'title' },
            { key: 'unit', title: '单位', dataIndex: 'unit' },
            { key: 'username', title: '登录账号', render: (_, officer) => officer.username ?? '—' },
          ]}
        />
      )}
    </QueryState>
  );
}
