import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Evidence } from '@duban/contracts';
import { App, Button, Flex, Form, Input } from 'antd';
import { FormProblem } from '../shared/FormProblem';
import { useFieldErrors } from '../shared/useFieldErrors';
import { useCompleteMilestone, type Milestone } from './county-api';

interface EvidenceValues {
  text?: string;
  attachments?: { name?: string; ref?: string }[];
}

/**
 * 完成节点: the statement of what was done and references to the files that back it. The server's field
 * errors (`evidence.text`, `evidence.attachments.0.ref`) land under the fields; nothing typed is lost.
 */
export function CompleteMilestoneForm({
  projectId,
  milestone,
  onClose,
}: {
  projectId: string;
  milestone: Milestone;
  onClose: () => void;
}) {
  const [form] = Form.useForm<EvidenceValues>();
  const complete = useCompleteMilestone(projectId, milestone.id);
  const unplaced = useFieldErrors(form, complete.error, 'evidence');
  const { message } = App.useApp();

  const submit = (values: EvidenceValues) => {
    // Rows left wholly blank are dropped from the form too, so the server's row numbers match what is shown.
    const rows = (values.attachments ?? []).filter(
      (row) => (row.name ?? '').trim() !== '' || (row.ref ?? '').trim() !== '',
    );
    form.setFieldValue('attachments', rows);
    const evidence: Evidence = { text: values.text ?? '' };
    if (rows.length > 0) evidence.attachments = rows.map((row) => ({ name: row.name ?? '', ref: row.ref ?? '' }));
    complete.mutate(evidence, {
      onSuccess: () => {
        void message.success(`「${milestone.title}」已完成`);
        onClose();
      },
    });
  };

  return (
    <Form<EvidenceValues> form={form} layout="vertical" onFinish={submit} initialValues={{ attachments: [] }}>
      <FormProblem error={complete.error} unplaced={unplaced} />
      <Form.Item name="text" label="完成情况说明" required>
        <Input.TextArea rows={4} maxLength={4000} showCount />
      </Form.Item>
      <Form.List name="attachments">
        {(rows, { add, remove }) => (
          <>
            {rows.map((row, index) => (
              <Flex key={row.key} gap={8} align="start" wrap>
                <Form.Item name={[row.name, 'name']} label={`附件${index + 1}名称`} style={{ flex: '1 1 140px' }}>
                  <Input placeholder="如：建设方案批复.pdf" />
                </Form.Item>
                <Form.Item name={[row.name, 'ref']} label={`附件${index + 1}链接或编号`} style={{ flex: '2 1 200px' }}>
                  <Input placeholder="文件链接或档案编号" />
                </Form.Item>
                <Button
                  type="text"
                  aria-label={`删除附件${index + 1}`}
                  icon={<DeleteOutlined />}
                  onClick={() => remove(row.name)}
                  style={{ marginTop: 30 }}
                />
              </Flex>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ name: '', ref: '' })}
              style={{ marginBottom: 16 }}
            >
              添加附件
            </Button>
          </>
        )}
      </Form.List>
      <Flex gap={8}>
        <Button type="primary" htmlType="submit" loading={complete.isPending}>
          确认完成
        </Button>
        <Button onClick={onClose}>取消</Button>
      </Flex>
    </Form>
  );
}
