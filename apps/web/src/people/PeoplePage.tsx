import { App, Button, Card, Popconfirm, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useMe } from '../auth/session';
import { regionNamer, useRegionTree } from '../regions/region-tree';
import { QueryState } from '../shared/QueryState';
import { AccountFormModal, grantableRoles } from './AccountFormModal';
import {
  useAccounts,
  useCreateAccount,
  useResetPassword,
  useUpdateAccount,
  type Account,
  type AccountWithPassword,
  type NewAccount,
} from './people-api';
import { TemporaryPasswordModal } from './TemporaryPasswordModal';

/**
 * 人员管理: the accounts an administrator administers (the province: everyone; a city officer: its counties'
 * people), created, edited, disabled and reset here. A new account's and a reset's temporary password is
 * shown once.
 */
export default function PeoplePage() {
  const me = useMe();
  const { message } = App.useApp();
  const accounts = useAccounts();
  const create = useCreateAccount();
  const update = useUpdateAccount();
  const reset = useResetPassword();
  const [editing, setEditing] = useState<Account | 'new' | null>(null);
  const [shown, setShown] = useState<AccountWithPassword | null>(null);
  const roles = grantableRoles(me.role);
  // Names, not codes, in the list (a code shows while the tree loads).
  const regionName = regionNamer(useRegionTree(me.regionCodes).data);

  function submit(values: NewAccount) {
    if (editing === 'new') {
      create.mutate(values, {
        onSuccess: (result) => {
          setEditing(null);
          setShown(result);
        },
      });
    } else if (editing) {
      const { displayName, role, regionCodes } = values;
      update.mutate(
        { id: editing.id, changes: { displayName, role, regionCodes } },
        {
          onSuccess: () => {
            setEditing(null);
            message.success('已保存');
          },
        },
      );
    }
  }

  return (
    <Card
      title="人员管理"
      extra={
        <Button type="primary" onClick={() => setEditing('new')}>
          新建账号
        </Button>
      }
    >
      <QueryState query={accounts}>
        {(list) => (
          <Table<Account>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={list}
            columns={[
              { key: 'username', title: '用户名', dataIndex: 'username' },
              { key: 'displayName', title: '姓名或单位', dataIndex: 'displayName' },
              { key: 'role', title: '角色', dataIndex: 'roleLabel' },
              {
                key: 'regions',
                title: '地区范围',
                render: (_, account) => account.regionCodes.map(regionName).join('、'),
              },
              {
                key: 'state',
                title: '状态',
                render: (_, account) => (
                  <Space size={4}>
                    {account.disabled ? <Tag color="red">已停用</Tag> : <Tag color="green">正常</Tag>}
                    {account.mustChangePassword && <Tag color="orange">待改密码</Tag>}
                  </Space>
                ),
              },
              {
                key: 'actions',
                title: '操作',
                render: (_, account) =>
                  account.id === me.userId ? (
                    '本人'
                  ) : (
                    <Space size={4} wrap>
                      <Button size="small" onClick={() => setEditing(account)}>
                        编辑
                      </Button>
                      <Popconfirm
                        title={
                          account.disabled
                            ? `启用 ${account.username}？`
                            : `停用 ${account.username}？停用后其登录立即失效。`
                        }
                        okText="确定"
                        cancelText="取消"
                        onConfirm={() =>
                          update.mutate(
                            { id: account.id, changes: { disabled: !account.disabled } },
                            { onError: (error) => void message.error(error.message) },
                          )
                        }
                      >
                        <Button size="small" danger={!account.disabled}>
                          {account.disabled ? '启用' : '停用'}
                        </Button>
                      </Popconfirm>
                      <Popconfirm
                        title={`重置 ${account.username} 的密码？`}
                        okText="重置"
                        cancelText="取消"
                        onConfirm={() =>
                          reset.mutate(account.id, {
                            onSuccess: setShown,
                            onError: (error) => void message.error(error.message),
                          })
                        }
                      >
                        <Button size="small">重置密码</Button>
                      </Popconfirm>
                    </Space>
                  ),
              },
            ]}
          />
        )}
      </QueryState>
      {editing && (
        <AccountFormModal
          account={editing === 'new' ? null : editing}
          roles={roles}
          pending={create.isPending || update.isPending}
          error={editing === 'new' ? create.error : update.error}
          onSubmit={submit}
          onCancel={() => {
            setEditing(null);
            create.reset();
            update.reset();
          }}
        />
      )}
      {shown && <TemporaryPasswordModal result={shown} onClose={() => setShown(null)} />}
    </Card>
  );
}
