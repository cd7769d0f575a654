import {
  EXPENDITURE_CATEGORIES,
  EXPENDITURE_CATEGORY_LABELS,
  FUNDING_SOURCES,
  FUNDING_SOURCE_LABELS,
  templateDefinitionOf,
} from '@duban/contracts';
import { App as AntApp, Button, Card, Flex, Form, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { FormProblem } from '../shared/FormProblem';
import { useFieldErrors } from '../shared/useFieldErrors';
import { useSaveTemplate, type ProgrammeTemplate, type TemplateDefinition } from './programmes-api';

type Milestone = TemplateDefinition['milestones'][number];

/** What the form edits: the definition, with the reminder days typed in as tags (strings until saved). */
type TemplateValues = Omit<TemplateDefinition, 'reminderPolicy'> & {
  reminderPolicy: Omit<TemplateDefinition['reminderPolicy'], 'beforeDue'> & {
    beforeDue: Omit<TemplateDefinition['reminderPolicy']['beforeDue'], 'workingDaysBefore'> & {
      workingDaysBefore: (number | string)[];
    };
  };
};

const SOURCE_OPTIONS = FUNDING_SOURCES.map((source) => ({ value: source, label: FUNDING_SOURCE_LABELS[source] }));
const CATEGORY_OPTIONS = EXPENDITURE_CATEGORIES.map((category) => ({
  value: category,
  label: EXPENDITURE_CATEGORY_LABELS[category],
}));

/**
 * A template's latest version as an editable form: milestones (added and removed, with their month-day in the
 * year and prerequisites), funding sources with the categories each may pay for, the reminder policy, the
 * report day and the pass mark. Saving makes the next version after a confirmation, since the open programmes
 * of this and later years follow it at once; the service's reasons show under the fields, and what was typed
 * stays.
 */
export function TemplateForm({ template }: { template: ProgrammeTemplate }) {
  const [form] = Form.useForm<TemplateValues>();
  const save = useSaveTemplate(template.code);
  const unplaced = useFieldErrors(form, save.error);
  const { message, modal } = AntApp.useApp();
  const definition = templateDefinitionOf(template);
  const milestones = Form.useWatch('milestones', form) as Milestone[] | undefined;
  const shown = milestones ?? definition.milestones;
  // A prerequisite is chosen by the milestone's name; its code beside it, as the code field shows it.
  const prerequisites = shown
    .filter((item): item is Milestone => Boolean(item?.key))
    .map((item) => ({ value: item.key, label: item.title ? `${item.title}（${item.key}）` : item.key }));
  /** The milestones that the one at `index` may come after: every other. */
  const prerequisitesOf = (index: number) => prerequisites.filter((option) => option.value !== shown[index]?.key);

  const body = (values: TemplateValues): TemplateDefinition => {
    const completion = new Map(definition.milestones.map((item) => [item.key, item.completesOn]));
    return {
      ...definition,
      ...values,
      // A kept milestone keeps how it completes (e.g. on the signed acceptance); a new one is done by hand.
      milestones: values.milestones.map((item) => {
        const completesOn = completion.get(item.key);
        return { ...item, after: item.after ?? [], ...(completesOn ? { completesOn } : {}) };
      }),
      reminderPolicy: {
        ...definition.reminderPolicy,
        ...values.reminderPolicy,
        beforeDue: {
          ...definition.reminderPolicy.beforeDue,
          ...values.reminderPolicy.beforeDue,
          // Typed in as tags: numbers again for the API.
          workingDaysBefore: values.reminderPolicy.beforeDue.workingDaysBefore.map(Number),
        },
        overdue: { ...definition.reminderPolicy.overdue, ...values.reminderPolicy.overdue },
        escalation: { ...definition.reminderPolicy.escalation, ...values.reminderPolicy.escalation },
      },
    };
  };

  const onFinish = (values: TemplateValues): void => {
    modal.confirm({
      title: `保存为第 ${template.version + 1} 版？`,
      content:
        '本省今年及以后进行中的计划将随即采用新版本：未完成节点按新日期和提醒规则重新安排，资金来源和验收合格分随之调整；已发出的提醒不再重发。新增或删除的节点只用于此后新建的计划。',
      okText: '保存',
      cancelText: '取消',
      onOk: () =>
        save
          .mutateAsync(body(values))
          .then((result) => {
            void message.success(
              result.created
                ? `已保存为第 ${result.template.version} 版；${result.programmes} 个进行中的计划随之调整，${result.replannedMilestones} 个节点重新安排提醒`
                : '内容未变，没有生成新版本',
            );
          })
          // The reasons show under the fields; what was typed stays.
          .catch(() => undefined),
    });
  };

  return (
    <Form<TemplateValues> form={form} layout="vertical" initialValues={definition} onFinish={onFinish}>
      <Typography.Paragraph type="secondary">
        第 {template.version} 版{template.createdByName ? `（${template.createdByName} 保存）` : '（系统内置）'}
        。保存后生成新版本：本省今年及以后进行中的计划随即采用，未完成节点按新日期和提醒规则重新安排，已发出的提醒不再重发。
      </Typography.Paragraph>
      <FormProblem error={save.error} unplaced={unplaced} lead="未能保存" />
      <Space wrap>
        <Form.Item name="name" label="计划名称" rules={[{ required: true, message: '必填' }]}>
          <Input style={{ width: 280, maxWidth: '100%' }} />
        </Form.Item>
        <Form.Item name="projectTitle" label="项目名称（县名之后）" rules={[{ required: true, message: '必填' }]}>
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="reportDueDay" label="月报截止日">
          <InputNumber min={1} max={28} aria-label="月报截止日" />
        </Form.Item>
        <Form.Item name="passMark" label="验收合格分">
          <InputNumber min={0} step={0.5} aria-label="验收合格分" />
        </Form.Item>
        <Form.Item name="rubricCode" label="评分标准代码">
          <Input style={{ width: 200 }} />
        </Form.Item>
      </Space>

      <Card size="small" title="提醒规则" style={{ marginBottom: 16 }}>
        <Space wrap>
          <Form.Item name={['reminderPolicy', 'beforeDue', 'workingDaysBefore']} label="到期前提醒（工作日）">
            <Select mode="tags" style={{ width: 200 }} tokenSeparators={[',', '，']} aria-label="到期前提醒" />
          </Form.Item>
          <Form.Item name={['reminderPolicy', 'beforeDue', 'onDueDay']} label="到期当日提醒" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name={['reminderPolicy', 'sendAt']} label="提醒时间">
            <Input style={{ width: 90 }} aria-label="提醒时间" />
          </Form.Item>
          <Form.Item name={['reminderPolicy', 'overdue', 'afterWorkingDays']} label="逾期后首次预警（工作日）">
            <InputNumber min={1} aria-label="逾期后首次预警" />
          </Form.Item>
          <Form.Item name={['reminderPolicy', 'overdue', 'repeatEveryWorkingDays']} label="此后每隔（工作日）">
            <InputNumber min={1} aria-label="逾期预警间隔" />
          </Form.Item>
          <Form.Item
            name={['reminderPolicy', 'escalation', 'afterWorkingDaysOverdue']}
            label="逾期多少个工作日后报市局"
          >
            <InputNumber min={0} aria-label="逾期上报市局" />
          </Form.Item>
        </Space>
      </Card>

      <Card size="small" title="节点（日期为计划年度内的月-日）" style={{ marginBottom: 16 }}>
        <Form.List name="milestones">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((field) => (
                <Flex key={field.key} wrap gap={8} align="start">
                  <Form.Item
                    name={[field.name, 'key']}
                    style={{ margin: 0 }}
                    rules={[{ required: true, message: '必填' }]}
                  >
                    <Input aria-label={`节点 ${field.name + 1} 代码`} placeholder="代码" style={{ width: 90 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'title']}
                    style={{ margin: 0, flex: '1 1 200px' }}
                    rules={[{ required: true, message: '必填' }]}
                  >
                    <Input aria-label={`节点 ${field.name + 1} 名称`} placeholder="节点名称" />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'due']}
                    style={{ margin: 0 }}
                    rules={[{ required: true, message: '必填' }]}
                  >
                    <Input aria-label={`节点 ${field.name + 1} 到期`} placeholder="MM-DD" style={{ width: 90 }} />
                  </Form.Item>
                  {/* Named prerequisites are long: their tags wrap within the row's width (a phone's too). */}
                  <Form.Item name={[field.name, 'after']} style={{ margin: 0, flex: '1 1 240px', maxWidth: '100%' }}>
                    <Select
                      mode="multiple"
                      aria-label={`节点 ${field.name + 1} 前置`}
                      placeholder="前置节点"
                      options={prerequisitesOf(field.name)}
                      optionFilterProp="label"
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                  <Button aria-label={`删除节点 ${field.name + 1}`} onClick={() => remove(field.name)}>
                    删除
                  </Button>
                </Flex>
              ))}
              <Button type="dashed" onClick={() => add({ key: '', title: '', due: '', after: [] })}>
                添加节点
              </Button>
            </Flex>
          )}
        </Form.List>
      </Card>

      <Card size="small" title="资金来源及可列支类别" style={{ marginBottom: 16 }}>
        <Form.List name="fundingSources">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((field) => (
                <Flex key={field.key} wrap gap={8} align="start">
                  <Form.Item
                    name={[field.name, 'source']}
                    style={{ margin: 0 }}
                    rules={[{ required: true, message: '必填' }]}
                  >
                    <Select aria-label={`资金来源 ${field.name + 1}`} options={SOURCE_OPTIONS} style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'allowedCategories']} style={{ margin: 0, flex: '1 1 240px' }}>
                    <Select
                      mode="multiple"
                      aria-label={`资金来源 ${field.name + 1} 可列支类别`}
                      options={CATEGORY_OPTIONS}
                    />
                  </Form.Item>
                  <Button aria-label={`删除资金来源 ${field.name + 1}`} onClick={() => remove(field.name)}>
                    删除
                  </Button>
                </Flex>
              ))}
              <Button type="dashed" onClick={() => add({ allowedCategories: [] })}>
                添加资金来源
              </Button>
            </Flex>
          )}
        </Form.List>
      </Card>

      <Button type="primary" htmlType="submit" loading={save.isPending}>
        保存为新版本
      </Button>
    </Form>
  );
}
