import {
  EXPENDITURE_CATEGORY_LABELS,
  FUNDING_SOURCE_LABELS,
  type ExpenditureCategory,
  type FundingSource,
  type RecordExpenditureBody,
} from '@duban/contracts';
import { Button, Card, DatePicker, Flex, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { FormProblem } from '../shared/FormProblem';
import { useFieldErrors } from '../shared/useFieldErrors';
import { useRecordExpenditure, type Expenditure } from './county-api';
import { optionsOf } from './labels';
import { programmeToday } from './time';

interface ExpenditureValues {
  date?: Dayjs | null;
  amountWan?: string;
  source?: FundingSource;
  category?: ExpenditureCategory;
  payee?: string;
  note?: string;
}

/**
 * 新增支出. The amount is typed as 万元 text ("2.50") and sent as typed: money never passes through a
 * float. The service records the entry and answers with its flags (a source paying for a category it may
 * not), which the page shows once saved.
 */
export function ExpenditureForm({
  projectId,
  onSaved,
  onClose,
}: {
  projectId: string;
  onSaved: (saved: Expenditure) => void;
  onClose: () => void;
}) {
  const [form] = Form.useForm<ExpenditureValues>();
  const record = useRecordExpenditure(projectId);
  const unplaced = useFieldErrors(form, record.error);

  const submit = (values: ExpenditureValues) => {
    const body = {
      date: values.date ? values.date.format('YYYY-MM-DD') : '',
      amountWan: (values.amountWan ?? '').trim(),
      source: values.source,
      category: values.category,
      payee: values.payee ?? '',
      note: values.note ?? '',
    } as RecordExpenditureBody;
    record.mutate(body, { onSuccess: onSaved });
  };

  return (
    <Card size="small" title="新增支出">
      <Form<ExpenditureValues>
        form={form}
        layout="vertical"
        style={{ maxWidth: 720 }}
        initialValues={{ date: programmeToday() }}
        onFinish={submit}
      >
        <FormProblem error={record.error} unplaced={unplaced} />
        <Flex gap={16} wrap>
          <Form.Item name="date" label="支出日期" required style={{ flex: '1 1 160px' }}>
            <DatePicker format="YYYY-MM-DD" allowClear={false} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="amountWan" label="金额（万元）" required style={{ flex: '1 1 160px' }}>
            <Input inputMode="decimal" placeholder="如 2.50" suffix="万元" />
          </Form.Item>
        </Flex>
        <Flex gap={16} wrap>
          <Form.Item name="source" label="资金来源" required style={{ flex: '1 1 200px' }}>
            <Select options={optionsOf(FUNDING_SOURCE_LABELS)} />
          </Form.Item>
          <Form.Item name="category" label="支出类别" required style={{ flex: '1 1 200px' }}>
            <Select options={optionsOf(EXPENDITURE_CATEGORY_LABELS)} />
          </Form.Item>
        </Flex>
        <Form.Item name="payee" label="收款单位" required>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Flex gap={8}>
          <Button type="primary" htmlType="submit" loading={record.isPending}>
            登记支出
          </Button>
          <Button onClick={onClose}>取消</Button>
        </Flex>
      </Form>
    </Card>
  );
}
