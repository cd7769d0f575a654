import { Result } from 'antd';

// Placeholder until its page lands (issue 7, this session).
export default function InspectionPage() {
  return <Result status="info" title="InspectionPage" />;
}
