import {
  CONSTRUCTION_PROGRESS_LABELS,
  CONSTRUCTION_TYPE_LABELS,
  OPERATING_FIGURE_LABELS,
  OPERATING_FIGURES,
  PROJECT_FIELD_LABELS,
  type ConstructionProgressValue,
  type ConstructionTypeValue,
  type OperatingFigure,
} from '@duban/contracts';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { FormProblem } from '../shared/FormProblem';
import { useFieldErrors } from '../shared/useFieldErrors';
import { useFileReport, type MonthlyReport, type Project, type ReportFields } from './county-api';
import { chineseMonth } from '@duban/calendar';
import { optionsOf } from './labels';
import { programmeToday } from './time';

/** The report's own columns, as 附件1 heads them (the shared ones come from the contracts' tables). */
export const REPORT_LABELS = {
  month: '报送月份',
  constructionType: PROJECT_FIELD_LABELS.constructionType,
  progress: PROJECT_FIELD_LABELS.progress,
  actualAreaM2: `${PROJECT_FIELD_LABELS.actualAreaM2}（m²）`,
  address: PROJECT_FIELD_LABELS.address,
  workContent: '本月工作内容',
  difficulties: '工作困难难点',
  suggestions: '意见建议',
  ...OPERATING_FIGURE_LABELS,
} as const;

type ReportValues = {
  month?: Dayjs | null;
  constructionType?: ConstructionTypeValue | null;
  progress?: ConstructionProgressValue | null;
  actualAreaM2?: number | null;
  address?: string | null;
  workContent?: string;
  difficulties?: string;
  suggestions?: string;
} & Partial<Record<OperatingFigure, number | null>>;

/** From which month of which year the operating figures are required (the programme's rule; October by default). */
export interface FiguresRule {
  readonly year: number;
  readonly fromMonth: number;
}

const MONTH_FORMAT = 'YYYY-MM';

/**
 * 填报月报, or resubmitting one the city returned. The server applies the October rule and every other
 * check; its field errors land under the fields and nothing typed is lost. Required fields are marked, not
 * pre-checked here, so the page and the service never disagree about what is required.
 */
export function ReportForm({
  project,
  report,
  rule,
  onClose,
}: {
  project: Project;
  report: MonthlyReport | null;
  rule: FiguresRule;
  onClose: () => void;
}) {
  const [form] = Form.useForm<ReportValues>();
  const file = useFileReport(project.id, report?.id ?? null);
  const unplaced = useFieldErrors(form, file.error);
  const { message } = App.useApp();
  const picked = Form.useWatch('month', form);
  const month = report?.month ?? (picked ? picked.format(MONTH_FORMAT) : null);
  const firstFiguresMonth = `${rule.year}-${String(rule.fromMonth).padStart(2, '0')}`;
  const figuresRequired = month !== null && month >= firstFiguresMonth;

  const initialValues: ReportValues = report
    ? { ...report, month: dayjs(report.month, MONTH_FORMAT) }
    : {
        // A new report starts from the 附件1 row as it stands, and this month.
        month: programmeToday().startOf('month'),
        constructionType: project.constructionType,
        progress: project.progress,
        actualAreaM2: project.actualAreaM2,
        address: project.address,
      };

  const submit = (values: ReportValues) => {
    // A missing pick-one field is left out for the server to name, rather than guessed.
    const fields = {
      constructionType: values.constructionType ?? undefined,
      progress: values.progress ?? undefined,
      actualAreaM2: values.actualAreaM2 ?? null,
      address: values.address?.trim() ? values.address : null,
      workContent: values.workContent ?? '',
      difficulties: values.difficulties ?? '',
      suggestions: values.suggestions ?? '',
      gigJobsOffered: values.gigJobsOffered ?? null,
      gigWorkerVisits: values.gigWorkerVisits ?? null,
      placements: values.placements ?? null,
    } as ReportFields;
    file.mutate(
      { month: values.month ? values.month.format(MONTH_FORMAT) : '', fields },
      {
        onSuccess: (saved) => {
          void message.success(`${chineseMonth(saved.month)}月报已报送`);
          onClose();
        },
      },
    );
  };

  return (
    <Card size="small" title={report ? `修改并重新报送（${chineseMonth(report.month)}）` : '填报月报'}>
      {report?.status === 'returned' && report.reviewComment && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`退回意见：${report.reviewComment}`} />
      )}
      <Form<ReportValues>
        form={form}
        layout="vertical"
        style={{ maxWidth: 720 }}
        initialValues={initialValues}
        onFinish={submit}
      >
        <FormProblem error={file.error} unplaced={unplaced} />
        <Form.Item name="month" label={REPORT_LABELS.month} required>
          <DatePicker
            picker="month"
            format={MONTH_FORMAT}
            disabled={report !== null}
            allowClear={false}
            // The service takes months of the programme's year on, up to the current month.
            disabledDate={(date) =>
              date.isBefore(dayjs(`${rule.year}-01-01`), 'month') || date.isAfter(programmeToday(), 'month')
            }
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item
            name="constructionType"
            label={REPORT_LABELS.constructionType}
            required
            style={{ flex: '1 1 200px' }}
          >
            <Select options={optionsOf(CONSTRUCTION_TYPE_LABELS)} />
          </Form.Item>
          <Form.Item name="progress" label={REPORT_LABELS.progress} required style={{ flex: '1 1 200px' }}>
            <Select options={optionsOf(CONSTRUCTION_PROGRESS_LABELS)} />
          </Form.Item>
        </Flex>
        <Flex gap={16} wrap>
          <Form.Item name="actualAreaM2" label={REPORT_LABELS.actualAreaM2} style={{ flex: '1 1 200px' }}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="address" label={REPORT_LABELS.address} style={{ flex: '2 1 300px' }}>
            <Input />
          </Form.Item>
        </Flex>
        <Form.Item name="workContent" label={REPORT_LABELS.workContent} required>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
        <Form.Item name="difficulties" label={REPORT_LABELS.difficulties}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        <Form.Item name="suggestions" label={REPORT_LABELS.suggestions}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        <Typography.Paragraph type="secondary">
          运营数据：市场投入运行后即可填报，自{rule.year}年{rule.fromMonth}月起必须填报。
        </Typography.Paragraph>
        <Flex gap={16} wrap>
          {OPERATING_FIGURES.map((figure) => (
            <Form.Item
              key={figure}
              name={figure}
              label={REPORT_LABELS[figure]}
              required={figuresRequired}
              style={{ flex: '1 1 180px' }}
            >
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          ))}
        </Flex>
        <Flex gap={8}>
          <Button type="primary" htmlType="submit" loading={file.isPending}>
            提交月报
          </Button>
          <Button onClick={onClose}>取消</Button>
        </Flex>
      </Form>
    </Card>
  );
}
