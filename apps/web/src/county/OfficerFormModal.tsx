import { OFFICER_ROLE_LABELS } from '@duban/contracts';
import { Checkbox, Form, Input, Select } from 'antd';
import { FormModal } from '../shared/FormModal';
import type { Officer } from './county-api';
import type { OfficerFields } from './leading-group-api';

interface OfficerFormModalProps {
  /** null: a new member. */
  readonly officer: Officer | null;
  readonly pending: boolean;
  readonly error: unknown;
  onSubmit(values: OfficerFields): void;
  onCancel(): void;
}

function initialValues(officer: Officer | null): OfficerFields {
  return {
    name: officer?.name ?? '',
    role: officer?.role ?? 'member',
    title: officer?.title ?? '',
    unit: officer?.unit ?? '',
    username: officer?.username ?? '',
    contacts: {
      mobile: officer?.contacts.mobile ?? '',
      email: officer?.contacts.email ?? '',
      dingtalkId: officer?.contacts.dingtalkId ?? '',
      wecomId: officer?.contacts.wecomId ?? '',
    },
    smsOptedOut: officer?.smsOptedOut ?? false,
  };
}

/** A leading-group member: who, and how to reach them (a member without an account is reminded by e-mail). */
export function OfficerFormModal({ officer, pending, error, onSubmit, onCancel }: OfficerFormModalProps) {
  return (
    <FormModal<OfficerFields>
      title={officer ? `编辑成员：${officer.name}` : '添加领导小组成员'}
      okText={officer ? '保存' : '添加'}
      pending={pending}
      error={error}
      initialValues={initialValues(officer)}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请输入姓名' }]}>
        <Input />
      </Form.Item>
      <Form.Item name="role" label="小组职务">
        <Select
          options={(['leader', 'deputy', 'member'] as const).map((role) => ({
            value: role,
            label: OFFICER_ROLE_LABELS[role],
          }))}
        />
      </Form.Item>
      <Form.Item name="title" label="职务">
        <Input placeholder="如 县人力资源和社会保障局局长" />
      </Form.Item>
      <Form.Item name="unit" label="单位">
        <Input />
      </Form.Item>
      <Form.Item name="username" label="登录账号（可不填）" extra="没有账号的成员通过电子邮箱接收提醒">
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name={['contacts', 'mobile']} label="手机">
        <Input inputMode="tel" />
      </Form.Item>
      <Form.Item name="smsOptedOut" valuePropName="checked" extra="成员本人要求不再接收短信提醒时勾选；手机号码仍保留">
        <Checkbox>已退订短信</Checkbox>
      </Form.Item>
      <Form.Item name={['contacts', 'email']} label="电子邮箱">
        <Input inputMode="email" />
      </Form.Item>
      <Form.Item name={['contacts', 'dingtalkId']} label="钉钉 ID">
        <Input />
      </Form.Item>
      <Form.Item name={['contacts', 'wecomId']} label="企业微信 ID">
        <Input />
      </Form.Item>
    </FormModal>
  );
}
