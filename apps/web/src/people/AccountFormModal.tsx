import { ROLE_LABELS, type Role } from '@duban/contracts';
import { Form, Input, Select } from 'antd';
import { useMe } from '../auth/session';
import { RegionPicker } from '../regions/RegionPicker';
import { FormModal } from '../shared/FormModal';
import type { Account, NewAccount } from './people-api';

/** The roles an administrator may give (the gateway decides; this only keeps the list short). */
export function grantableRoles(role: Role): Role[] {
  if (role === 'province_admin')
    return ['province_admin', 'city_officer', 'county_officer', 'leading_member', 'inspector'];
  if (role === 'city_officer') return ['county_officer', 'leading_member', 'inspector'];
  return [];
}

interface AccountFormModalProps {
  /** null: a new account. */
  readonly account: Account | null;
  readonly roles: readonly Role[];
  readonly pending: boolean;
  readonly error: unknown;
  onSubmit(values: NewAccount): void;
  onCancel(): void;
}

/** 新建 or 编辑 an account: name, role, the regions it may see (chosen by name within the administrator's own). */
export function AccountFormModal({ account, roles, pending, error, onSubmit, onCancel }: AccountFormModalProps) {
  const me = useMe();
  return (
    <FormModal<NewAccount>
      title={account ? `编辑账号：${account.username}` : '新建账号'}
      okText={account ? '保存' : '创建'}
      pending={pending}
      error={error}
      initialValues={
        account
          ? {
              username: account.username,
              displayName: account.displayName,
              role: account.role,
              regionCodes: account.regionCodes,
            }
          : { regionCodes: [] }
      }
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
        <Input disabled={account !== null} autoComplete="off" />
      </Form.Item>
      <Form.Item name="displayName" label="姓名或单位" rules={[{ required: true, message: '请输入姓名或单位' }]}>
        <Input />
      </Form.Item>
      <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
        <Select options={roles.map((role) => ({ value: role, label: ROLE_LABELS[role] }))} />
      </Form.Item>
      <Form.Item
        name="regionCodes"
        label="地区范围"
        extra="县级专班、领导小组成员选所在县；验收组选负责的县或市；市局工作人员选市"
        rules={[{ required: true, type: 'array', min: 1, message: '至少一个地区' }]}
      >
        <RegionPicker scope={me.regionCodes} />
      </Form.Item>
    </FormModal>
  );
}
