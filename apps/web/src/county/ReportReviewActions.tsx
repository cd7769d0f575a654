import { Alert, App, Button, Flex, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../api/problem';
import { useReviewReport, type MonthlyReport } from './county-api';
import { chineseMonth } from '@duban/calendar';

/** The city's review of a submitted report: 通过, or 退回 with what to fix. */
export function ReportReviewActions({ projectId, report }: { projectId: string; report: MonthlyReport }) {
  const review = useReviewReport(projectId);
  const [returning, setReturning] = useState(false);
  const [form] = Form.useForm<{ comment?: string }>();
  const { message } = App.useApp();
  const done = (text: string) => () => {
    void message.success(text);
    setReturning(false);
  };
  return (
    <>
      <Flex gap={4}>
        <Button
          size="small"
          type="link"
          loading={review.isPending && review.variables.verdict === 'accept'}
          onClick={() => review.mutate({ reportId: report.id, verdict: 'accept' }, { onSuccess: done('月报已通过') })}
        >
          通过
        </Button>
        <Button size="small" type="link" danger onClick={() => setReturning(true)}>
          退回
        </Button>
      </Flex>
      {review.isError && !returning && <Alert type="error" showIcon title={errorMessage(review.error)} />}
      <Modal
        open={returning}
        title={`退回${chineseMonth(report.month)}月报`}
        okText="确认退回"
        okButtonProps={{ danger: true, loading: review.isPending }}
        onCancel={() => setReturning(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={({ comment }) =>
            review.mutate(
              { reportId: report.id, verdict: 'return', comment: comment ?? '' },
              { onSuccess: done('月报已退回') },
            )
          }
        >
          {review.isError && (
            <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errorMessage(review.error)} />
          )}
          <Form.Item name="comment" label="退回意见" required>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
