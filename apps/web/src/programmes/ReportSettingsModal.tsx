import type { PutReportSettingsBody } from '@duban/contracts';
import { App, Form, InputNumber, Radio, Select, Typography } from 'antd';
import { useMemo } from 'react';
import { ApiError } from '../api/problem';
import { FormModal } from '../shared/FormModal';
import { usePutReportSettings, type Programme } from './programmes-api';

interface SettingsValues {
  reportDueDay: number;
  reportResubmitWorkingDays: number;
  reminders: 'policy' | 'plan';
  reportReminderPlan: string[];
}

/** Offsets people pick from for an exact plan (ISO 8601 from the due instant); others can be typed. */
const OFFSET_CHOICES = [
  { value: '-P7D', label: '截止前 7 天' },
  { value: '-P3D', label: '截止前 3 天' },
  { value: '-P1D', label: '截止前 1 天' },
  { value: '-PT1H', label: '截止前 1 小时' },
  { value: 'PT0S', label: '截止时刻' },
  { value: 'P1D', label: '截止后 1 天' },
];

/**
 * The service names a bad offset by its place (`reportReminderPlan.1`); the form has one field for the list,
 * so the reason goes under it, naming which time it is about.
 */
function underThePlanField(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  return new ApiError(
    error.status,
    error.message,
    error.fieldErrors.map(({ field, message }) => {
      const index = /^reportReminderPlan\.(\d+)$/.exec(field)?.[1];
      return index === undefined
        ? { field, message }
        : { field: 'reportReminderPlan', message: `第 ${Number(index) + 1} 个提醒时间：${message}` };
    }),
  );
}

/**
 * 月报设置 (province administrator): the report day of each month, the working days a returned report has
 * to be resubmitted, and how reports are chased — by the programme's reminder rules (working days before and
 * after, escalation to the city at the due instant) or by an exact list of times around the due instant.
 * Months not yet filed are re-planned by the service.
 */
export function ReportSettingsModal({ programme, onClose }: { programme: Programme; onClose: () => void }) {
  const put = usePutReportSettings(programme.id);
  const error = useMemo(() => underThePlanField(put.error), [put.error]);
  const { message } = App.useApp();
  const submit = (values: SettingsValues) => {
    const body: PutReportSettingsBody = {
      reportDueDay: values.reportDueDay,
      reportResubmitWorkingDays: values.reportResubmitWorkingDays,
      reportReminderPlan: values.reminders === 'plan' ? (values.reportReminderPlan ?? []) : null,
    };
    put.mutate(body, {
      onSuccess: () => {
        void message.success(`${programme.year} 年度计划的月报设置已保存，未报送的月报已重新安排提醒`);
        onClose();
      },
    });
  };
  return (
    <FormModal<SettingsValues>
      title={`月报设置：${programme.year} 年 ${programme.name}`}
      okText="保存"
      // The 年度计划 page's template editor has a 月报截止日 field too: distinct ids keep each label on its own.
      name="report-settings"
      pending={put.isPending}
      error={error}
      initialValues={{
        reportDueDay: programme.reportDueDay,
        reportResubmitWorkingDays: programme.reportResubmitWorkingDays,
        reminders: programme.reportReminderPlan ? 'plan' : 'policy',
        reportReminderPlan: programme.reportReminderPlan ?? [],
      }}
      onSubmit={submit}
      onCancel={onClose}
    >
      <Form.Item
        name="reportDueDay"
        label="月报截止日（每月几日，当日24时截止）"
        rules={[{ required: true, message: '请填写截止日' }]}
      >
        <InputNumber min={1} max={28} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name="reportResubmitWorkingDays"
        label="退回后重新报送期限（工作日）"
        rules={[{ required: true, message: '请填写工作日数' }]}
      >
        <InputNumber min={1} max={30} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="reminders" label="月报提醒">
        <Radio.Group
          options={[
            { value: 'policy', label: '按计划的提醒规则' },
            { value: 'plan', label: '指定提醒时间' },
          ]}
        />
      </Form.Item>
      <Form.Item noStyle dependencies={['reminders']}>
        {({ getFieldValue }) =>
          getFieldValue('reminders') === 'plan' ? (
            <Form.Item
              name="reportReminderPlan"
              label="提醒时间（相对截止时刻）"
              extra="可选常用时间，或输入 ISO 8601 偏移（如 -PT2H 表示截止前 2 小时）"
            >
              <Select mode="tags" options={OFFSET_CHOICES} placeholder="选择或输入" />
            </Form.Item>
          ) : (
            <Typography.Paragraph type="secondary">
              按计划的提醒规则在截止前后的工作日提醒县专班；截止时仍未报送的，当即升级督办到市局。
            </Typography.Paragraph>
          )
        }
      </Form.Item>
    </FormModal>
  );
}
