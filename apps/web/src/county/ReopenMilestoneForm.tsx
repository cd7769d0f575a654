import { App, Button, Flex, Form, Input } from 'antd';
import { FormProblem } from '../shared/FormProblem';
import { useFieldErrors } from '../shared/useFieldErrors';
import { useReopenMilestone, type Milestone } from './county-api';

/** 重新打开: a done milestone goes back to in progress, with the reason kept in its history. */
export function ReopenMilestoneForm({
  projectId,
  milestone,
  onClose,
}: {
  projectId: string;
  milestone: Milestone;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ reason?: string }>();
  const reopen = useReopenMilestone(projectId, milestone.id);
  const unplaced = useFieldErrors(form, reopen.error);
  const { message } = App.useApp();
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={({ reason }) =>
        reopen.mutate(reason ?? '', {
          onSuccess: () => {
            void message.success(`「${milestone.title}」已重新打开`);
            onClose();
          },
        })
      }
    >
      <FormProblem error={reopen.error} unplaced={unplaced} />
      <Form.Item name="reason" label="重新打开原因" required>
        <Input.TextArea rows={3} maxLength={1000} showCount />
      </Form.Item>
      <Flex gap={8}>
        <Button type="primary" danger htmlType="submit" loading={reopen.isPending}>
          确认重新打开
        </Button>
        <Button onClick={onClose}>取消</Button>
      </Flex>
    </Form>
  );
}
