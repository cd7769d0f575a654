import { OFFICER_ROLE_LABELS } from '@duban/contracts';
import { App, Button, Card, Popconfirm, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useMe } from '../auth/session';
import { QueryState } from '../shared/QueryState';
import { useMilestones, useOfficers, type Officer } from './county-api';
import { useAddOfficer, useRemoveOfficer, useUpdateOfficer, type OfficerFields } from './leading-group-api';
import { OfficerFormModal } from './OfficerFormModal';
import { mayEditLeadingGroup } from './permissions';
import { ResponsibilityTable } from './ResponsibilityTable';

function contactsOf(officer: Officer): string {
  const { mobile, email, dingtalkId, wecomId } = officer.contacts;
  const parts = [
    mobile && `手机 ${mobile}${officer.smsOptedOut ? '（已退订短信）' : ''}`,
    email && `邮箱 ${email}`,
    dingtalkId && `钉钉 ${dingtalkId}`,
    wecomId && `企业微信 ${wecomId}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('；') : '—';
}

/**
 * 领导小组: the county's leading group in the documents' order (组长 first), with their contacts, and who
 * answers for which milestone. The county, city and province edit both here.
 */
export function OfficersTab({ projectId }: { projectId: string }) {
  const me = useMe();
  const { message } = App.useApp();
  const officers = useOfficers(projectId);
  const milestones = useMilestones(projectId);
  const add = useAddOfficer(projectId);
  const update = useUpdateOfficer(projectId);
  const remove = useRemoveOfficer(projectId);
  const [editing, setEditing] = useState<Officer | 'new' | null>(null);
  const editable = mayEditLeadingGroup(me.role);

  function submit(values: OfficerFields) {
    const done = { onSuccess: () => setEditing(null) };
    if (editing === 'new') add.mutate(values, done);
    else if (editing) update.mutate({ id: editing.id, body: values }, done);
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        size="small"
        title="领导小组"
        extra={
          editable && (
            <Button type="primary" onClick={() => setEditing('new')}>
              添加成员
            </Button>
          )
        }
      >
        <QueryState query={officers} isEmpty={(list) => list.length === 0 && !editable}>
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
                { key: 'contacts', title: '联系方式', render: (_, officer) => contactsOf(officer) },
                ...(editable
                  ? [
                      {
                        key: 'actions',
                        title: '操作',
                        render: (_: unknown, officer: Officer) => (
                          <Space size={4}>
                            <Button size="small" onClick={() => setEditing(officer)}>
                              编辑
                            </Button>
                            <Popconfirm
                              title={`将${officer.name}移出领导小组？`}
                              okText="移除"
                              cancelText="取消"
                              onConfirm={() =>
                                remove.mutate(officer.id, { onError: (error) => void message.error(error.message) })
                              }
                            >
                              <Button size="small" danger>
                                移除
                              </Button>
                            </Popconfirm>
                          </Space>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          )}
        </QueryState>
      </Card>
      <Card size="small" title="节点责任人">
        <QueryState query={milestones}>
          {(list) => (
            <ResponsibilityTable
              projectId={projectId}
              milestones={list}
              officers={officers.data ?? []}
              editable={editable}
            />
          )}
        </QueryState>
      </Card>
      {editing && (
        <OfficerFormModal
          officer={editing === 'new' ? null : editing}
          pending={add.isPending || update.isPending}
          error={editing === 'new' ? add.error : update.error}
          onSubmit={submit}
          onCancel={() => {
            setEditing(null);
            add.reset();
            update.reset();
          }}
        />
      )}
    </Space>
  );
}
