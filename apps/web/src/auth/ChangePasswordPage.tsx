import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useChangePassword, type ChangePasswordBody } from '../people/people-api';
import { FormProblem } from '../shared/FormProblem';
import { useFieldErrors } from '../shared/useFieldErrors';
import { logout } from './logout';
import { useMe } from './session';

type Values = ChangePasswordBody & { confirm: string };

/**
 * 修改密码: shown instead of every page while the password is one an administrator set (a new account's first
 * login, or a reset), and at /password whenever the holder wishes. The gateway refuses everything else
 * (403 必须先修改密码) until it is done.
 */
export default function ChangePasswordPage() {
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const unplaced = useFieldErrors(form, change.error);
  const forced = me.mustChangePassword === true;
  return (
    <div style={{ display: 'grid', placeItems: 'center', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 420 }}>
        <Typography.Title level={4}>修改密码</Typography.Title>
        {forced && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title="您的密码由管理员设置，须先修改密码才能继续使用。"
          />
        )}
        {change.isSuccess && !forced && (
          <Alert type="success" showIcon style={{ marginBottom: 12 }} title="密码已修改" />
        )}
        <FormProblem error={change.error} unplaced={unplaced} />
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={({ currentPassword, newPassword }) => change.mutate({ currentPassword, newPassword })}
        >
          <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label="新密码"
            extra="至少 10 个字符，须同时包含字母和数字，不能包含用户名"
            rules={[{ required: true, message: '请输入新密码' }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label="确认新密码"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: '请再次输入新密码' },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  value === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error('两次输入的新密码不一致')),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={change.isPending}>
            修改密码
          </Button>
          {forced && (
            <Button type="link" block onClick={() => void logout()}>
              退出
            </Button>
          )}
        </Form>
      </Card>
    </div>
  );
}
