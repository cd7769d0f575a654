import { errorMessage } from '../api/problem';
import { App, Button, DatePicker, Form, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useFieldErrors } from '../shared/useFieldErrors';
import { useEligibleInspectors, useOpenInspection } from './inspection-api';
import { programmeToday } from '../county/time';

interface OpenValues {
  date: Dayjs;
  inspectors: string[];
}

/**
 * The city opens a county's acceptance inspection: the day, and the inspectors who score it, picked from the
 * inspector accounts that may inspect the county (GET /api/projects/:id/eligible-inspectors). With
 * `reinspectionOf` it is a re-inspection (复查) of that signed inspection's open rectification items, and the
 * page moves to it once opened.
 */
export function OpenInspectionButton({
  projectId,
  regionName,
  reinspectionOf,
}: {
  projectId: string;
  regionName: string;
  reinspectionOf?: string;
}) {
  const [form] = Form.useForm<OpenValues>();
  const [opened, setOpened] = useState(false);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const open = useOpenInspection(projectId);
  const eligible = useEligibleInspectors(projectId, opened);
  const unplaced = useFieldErrors(form, open.error);
  const what = reinspectionOf ? '复查' : '验收检查';

  function submit({ date, inspectors }: OpenValues) {
    open.mutate(
      { kind: 'inspection', date: date.format('YYYY-MM-DD'), inspectors, reinspectionOf },
      {
        onSuccess: (inspection) => {
          setOpened(false);
          message.success(`已发起${regionName}${what}`);
          if (reinspectionOf) void navigate(`/inspections/${inspection.id}`);
        },
      },
    );
  }

  return (
    <>
      <Button type="primary" size="large" onClick={() => setOpened(true)}>
        {reinspectionOf ? '发起复查' : '开始验收'}
      </Button>
      <Modal
        title={`发起${what}：${regionName}`}
        open={opened}
        okText="发起"
        confirmLoading={open.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpened(false)}
        destroyOnHidden
      >
        {open.isError && (
          <p role="alert" style={{ color: '#f5222d' }}>
            {errorMessage(open.error)}
            {unplaced.length > 0 ? `（${unplaced.join('；')}）` : ''}
          </p>
        )}
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{ date: programmeToday(), inspectors: [] }}
          onFinish={submit}
        >
          <Form.Item
            name="date"
            label={reinspectionOf ? '复查日期' : '验收日期'}
            rules={[{ required: true, message: '请选择验收日期' }]}
          >
            <DatePicker style={{ width: '100%' }} inputReadOnly />
          </Form.Item>
          <Form.Item
            name="inspectors"
            label="检查人员"
            extra={eligible.data?.length === 0 ? '没有可检查该县的验收组账号，请先在“人员管理”中创建' : undefined}
            rules={[{ required: true, type: 'array', min: 1, message: '至少指定一名检查人员' }]}
          >
            <Select
              mode="multiple"
              loading={eligible.isPending}
              placeholder="选择验收组账号"
              optionFilterProp="label"
              options={(eligible.data ?? []).map((inspector) => ({
                value: inspector.username,
                label: `${inspector.displayName}（${inspector.username}）`,
              }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
