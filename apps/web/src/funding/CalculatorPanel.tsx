import {
  FUNDING_SOURCE_LABELS,
  PROVINCE_SOURCES,
  type CalculatorRuleInput,
  type FundingSource,
} from '@duban/contracts';
import { Alert, App, Button, Card, Flex, Form, Input, Radio, Select, Table, Tag } from 'antd';
import { FormProblem } from '../shared/FormProblem';
import { useFieldErrors } from '../shared/useFieldErrors';
import { usePreviewCalculator, useCommitCalculator } from './funding-api';

interface CalculatorValues {
  source: FundingSource;
  region?: string;
  totalWan?: string;
  baseWan?: string;
  weighting: 'population' | 'equal';
  minWan?: string;
  maxWan?: string;
}

type Result = NonNullable<ReturnType<typeof usePreviewCalculator>['data']>;

/** Typed amounts as sent: an empty field is left out (the service's default applies), never sent as "". */
function ruleOf(programmeCode: string, values: CalculatorValues): CalculatorRuleInput {
  const amount = (text: string | undefined) => (text?.trim() ? text.trim() : undefined);
  return {
    programmeCode,
    source: values.source,
    weighting: values.weighting,
    ...(values.region ? { region: values.region } : {}),
    ...(amount(values.totalWan) ? { totalWan: amount(values.totalWan) } : {}),
    ...(amount(values.baseWan) ? { baseWan: amount(values.baseWan) } : {}),
    ...(amount(values.minWan) ? { minWan: amount(values.minWan) } : {}),
    ...(amount(values.maxWan) ? { maxWan: amount(values.maxWan) } : {}),
  };
}

/**
 * 测算分配 (province): spread a source over the programme's counties (a city's, or all), see every county's
 * amount beside what it had, then commit — after a confirmation, since a commit replaces the allocations.
 */
export function CalculatorPanel({
  programmeCode,
  cities,
}: {
  programmeCode: string;
  cities: { value: string; label: string }[];
}) {
  const { modal } = App.useApp();
  const [form] = Form.useForm<CalculatorValues>();
  const preview = usePreviewCalculator();
  const commit = useCommitCalculator();
  const error = commit.error ?? preview.error;
  const unplaced = useFieldErrors(form, error);
  const shown: Result | undefined = commit.data ?? preview.data;

  const onPreview = (values: CalculatorValues) => {
    commit.reset();
    preview.mutate(ruleOf(programmeCode, values));
  };
  const onCommit = () => {
    const values = form.getFieldsValue(true) as CalculatorValues;
    const result = preview.data;
    if (!result) return;
    const where = cities.find((city) => city.value === values.region)?.label ?? '全部县';
    modal.confirm({
      title: '提交分配',
      content: `将把${FUNDING_SOURCE_LABELS[result.source]} ${result.totalWan}万元分配给${where}的 ${result.counties} 个县，替换这些县原有的该项分配。提交后不可撤销，如需更改须重新测算提交。`,
      okText: '确认提交',
      cancelText: '取消',
      onOk: () => commit.mutateAsync(ruleOf(programmeCode, values)).catch(() => undefined),
    });
  };

  return (
    <Flex vertical gap={16}>
      <Card size="small" title="测算规则">
        <Form<CalculatorValues>
          form={form}
          layout="vertical"
          initialValues={{ source: 'province_special', weighting: 'population' }}
          onFinish={onPreview}
        >
          <FormProblem error={error} unplaced={unplaced} lead={commit.error ? '未能提交' : undefined} />
          <Flex gap={16} wrap>
            <Form.Item name="source" label="资金来源" style={{ flex: '1 1 180px' }}>
              <Select
                options={PROVINCE_SOURCES.map((source) => ({ value: source, label: FUNDING_SOURCE_LABELS[source] }))}
              />
            </Form.Item>
            <Form.Item name="region" label="分配范围" style={{ flex: '1 1 180px' }}>
              {/* At most a province's cities: all rendered (no virtual list), so each can be found and picked. */}
              <Select allowClear placeholder="全部县" options={cities} virtual={false} />
            </Form.Item>
            <Form.Item name="weighting" label="分配方式" style={{ flex: '1 1 220px' }}>
              <Radio.Group
                options={[
                  { value: 'population', label: '按人口' },
                  { value: 'equal', label: '等额' },
                ]}
              />
            </Form.Item>
          </Flex>
          <Flex gap={16} wrap>
            <Form.Item
              name="totalWan"
              label="分配总额（万元）"
              extra="不填：预算减去范围外已分配"
              style={{ flex: '1 1 160px' }}
            >
              <Input inputMode="decimal" placeholder="如 300.00" />
            </Form.Item>
            <Form.Item name="baseWan" label="每县基数（万元）" style={{ flex: '1 1 160px' }}>
              <Input inputMode="decimal" placeholder="0.00" />
            </Form.Item>
            <Form.Item name="minWan" label="每县下限（万元）" style={{ flex: '1 1 160px' }}>
              <Input inputMode="decimal" />
            </Form.Item>
            <Form.Item name="maxWan" label="每县上限（万元）" style={{ flex: '1 1 160px' }}>
              <Input inputMode="decimal" />
            </Form.Item>
          </Flex>
          <Flex gap={8} wrap>
            <Button htmlType="submit" loading={preview.isPending}>
              测算预览
            </Button>
            <Button
              type="primary"
              danger
              disabled={!preview.data || commit.isSuccess}
              loading={commit.isPending}
              onClick={onCommit}
            >
              提交分配
            </Button>
          </Flex>
        </Form>
      </Card>
      {commit.data && (
        <Alert
          type="success"
          showIcon
          title={`已提交：${FUNDING_SOURCE_LABELS[commit.data.source]} ${commit.data.totalWan}万元分配给 ${commit.data.counties} 个县`}
        />
      )}
      {shown && <CalculatorResult result={shown} />}
    </Flex>
  );
}

function CalculatorResult({ result }: { result: Result }) {
  return (
    <Card
      size="small"
      title={result.committed ? '已提交的分配' : '测算结果（尚未提交）'}
      extra={`合计 ${result.totalWan}万元，${result.counties} 个县，最少 ${result.lowestWan}、最多 ${result.highestWan}`}
    >
      <Table<Result['lines'][number]>
        rowKey="projectId"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={result.lines}
        columns={[
          { key: 'city', title: '市', render: (_, line) => line.cityName ?? '' },
          { key: 'county', title: '县（市、区）', dataIndex: 'regionName' },
          {
            key: 'population',
            title: '人口基数',
            align: 'right',
            render: (_, line) => (line.population === null ? '—' : line.population.toLocaleString('zh-CN')),
          },
          { key: 'previous', title: '原分配（万元）', align: 'right', render: (_, line) => line.previousWan ?? '—' },
          {
            key: 'amount',
            title: '分配（万元）',
            align: 'right',
            render: (_, line) => (
              <>
                {line.amountWan} {line.fixed && <Tag>指定</Tag>}
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}
