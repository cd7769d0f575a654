import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { errorMessage } from '../api/problem';
import { useFieldErrors } from '../shared/useFieldErrors';
import { useToken } from './session';
import { session } from './session-store';

interface Credentials {
  username: string;
  password: string;
}

/** Only paths inside this app may be returned to after login (never another site). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function LoginPage() {
  const [form] = Form.useForm<Credentials>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  const token = useToken();
  const login = useMutation({
    mutationFn: (credentials: Credentials) => unwrap(api.POST('/api/auth/login', { body: credentials })),
    onSuccess: ({ accessToken }) => {
      session.start(accessToken);
      void navigate(next, { replace: true });
    },
  });
  useFieldErrors(form, login.error);
  if (token !== null && !login.isPending) return <Navigate to={next} replace />;

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', padding: 16, background: '#f0f2f5' }}>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
          督办
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          民生实事项目建设督办
        </Typography.Paragraph>
        {params.has('next') && !login.error && (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title="登录已失效或尚未登录，登录后回到刚才的页面" />
        )}
        {login.error && login.error instanceof Error && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title={errorMessage(login.error)} />
        )}
        <Form form={form} layout="vertical" onFinish={(values) => login.mutate(values)} requiredMark={false}>
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
