import { Result } from 'antd';

// Placeholder until its page lands (issue 7, this session).
export default function InboxPage() {
  return <Result status="info" title="InboxPage" />;
}
