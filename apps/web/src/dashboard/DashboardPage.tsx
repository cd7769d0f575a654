import { Result } from 'antd';

// Placeholder until its page lands (issue 7, this session).
export default function DashboardPage() {
  return <Result status="info" title="DashboardPage" />;
}
