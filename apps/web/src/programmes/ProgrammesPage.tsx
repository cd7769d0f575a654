import { PROGRAMME_STATUS_LABELS } from '@duban/contracts';
import { useQuery } from '@tanstack/react-query';
import {
  App as AntApp,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { useMe } from '../auth/session';
import { FormProblem } from '../shared/FormProblem';
import { ReportSettingsModal } from './ReportSettingsModal';
import { QueryState } from '../shared/QueryState';
import { useFieldErrors } from '../shared/useFieldErrors';
import {
  useChangeProgrammeStatus,
  useCreateProgramme,
  useProgrammes,
  useSaveTemplate,
  useTemplate,
  useTemplates,
  type Programme,
  type ProgrammeTemplate,
  type TemplateDefinition,
} from './programmes-api';

const STATUS_COLOURS = { open: 'green', closed: 'default', archived: 'default' } as const;

/**
 * 年度计划 (`/programmes`, the province administrator's): the programme years with their state (close, then
 * archive: read-only afterwards), a new year from a template for chosen regions, and the template itself,
 * edited as a new version that the open programmes of this and later years follow at once.
 */
export default function ProgrammesPage() {
  const me = useMe();
  const templates = useTemplates();
  const admin = me.role === 'province_admin';
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>年度计划</Typography.Title>
      <Card title="各年度计划">
        <ProgrammeTable admin={admin} />
      </Card>
      {admin && (
        <QueryState query={templates} isEmpty={(list) => list.length === 0}>
          {(list) => (
            <>
              <NewProgramme templates={list} province={me.regionCodes[0] as string} />
              <TemplateEditor templates={list} />
            </>
          )}
        </QueryState>
      )}
    </Space>
  );
}

function ProgrammeTable({ admin }: { admin: boolean }) {
  const programmes = useProgrammes(true);
  const change = useChangeProgrammeStatus();
  const [settingsOf, setSettingsOf] = useState<Programme | null>(null);
  const { message } = AntApp.useApp();
  return (
    <QueryState query={programmes}>
      {(list) => (
        <>
          <Table<Programme>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={[...list]}
            columns={[
              { title: '年度', dataIndex: 'year' },
              { title: '计划', dataIndex: 'name' },
              {
                title: '模板',
                render: (_, p) => (p.templateCode ? `${p.templateCode} 第 ${p.templateVersion} 版` : '—'),
              },
              { title: '县数', dataIndex: 'projectCount' },
              {
                title: '状态',
                render: (_, p) => <Tag color={STATUS_COLOURS[p.status]}>{PROGRAMME_STATUS_LABELS[p.status]}</Tag>,
              },
              ...(admin
                ? [
                    {
                      title: '操作',
                      render: (_: unknown, p: Programme) =>
                        p.status === 'archived' ? null : (
                          <Space wrap>
                            {p.status === 'open' && (
                              <Button size="small" onClick={() => setSettingsOf(p)}>
                                月报设置
                              </Button>
                            )}
                            <Popconfirm
                              title={
                                p.status === 'open'
                                  ? `关闭 ${p.year} 年度计划？关闭后只能查看，不能修改。`
                                  : `归档 ${p.year} 年度计划？归档后不再出现在计划选择中。`
                              }
                              okText="确定"
                              cancelText="取消"
                              onConfirm={() =>
                                change.mutate(
                                  { id: p.id, to: p.status === 'open' ? 'close' : 'archive' },
                                  { onError: (error) => void message.error(String((error as Error).message)) },
                                )
                              }
                            >
                              <Button size="small">{p.status === 'open' ? '关闭' : '归档'}</Button>
                            </Popconfirm>
                          </Space>
                        ),
                    },
                  ]
                : []),
            ]}
          />
          {settingsOf && <ReportSettingsModal programme={settingsOf} onClose={() => setSettingsOf(null)} />}
        </>
      )}
    </QueryState>
  );
}

function NewProgramme({ templates, province }: { templates: readonly ProgrammeTemplate[]; province: string }) {
  const [form] = Form.useForm<{ templateCode: string; year: number; regionCodes: string[] }>();
  const create = useCreateProgramme();
  const unplaced = useFieldErrors(form, create.error);
  const cities = useQuery({
    queryKey: ['regions', { parent: province }],
    queryFn: () => unwrap(api.GET('/api/regions', { params: { query: { parent: province } } })),
  });
  const { message } = AntApp.useApp();
  const regionOptions = [
    { value: province, label: '全省' },
    ...(cities.data ?? []).map((city) => ({ value: city.code, label: city.name })),
  ];
  return (
    <Card title="新建年度计划">
      <FormProblem error={create.error} unplaced={unplaced} lead="未能新建" />
      <Form
        form={form}
        layout="inline"
        initialValues={{
          templateCode: templates[0]?.code,
          year: new Date().getFullYear() + 1,
          regionCodes: [province],
        }}
        onFinish={(values) =>
          create.mutate(values, {
            onSuccess: (programme) =>
              void message.success(`已新建 ${programme.year} 年度计划：${programme.projectCount} 个县`),
          })
        }
      >
        <Form.Item name="templateCode" label="模板" rules={[{ required: true, message: '请选择模板' }]}>
          <Select
            style={{ width: 240 }}
            options={templates.map((t) => ({ value: t.code, label: `${t.name}（第 ${t.version} 版）` }))}
          />
        </Form.Item>
        <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item name="regionCodes" label="地区" rules={[{ required: true, message: '请选择地区' }]}>
          <Select mode="multiple" style={{ minWidth: 240 }} options={regionOptions} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          新建
        </Button>
      </Form>
    </Card>
  );
}

type EditableTemplate = Omit<TemplateDefinition, 'reminderPolicy'> & {
  reminderPolicy: TemplateDefinition['reminderPolicy'];
};

/** The template's latest version as an editable form; saving makes the next version. */
function TemplateEditor({ templates }: { templates: readonly ProgrammeTemplate[] }) {
  const [code, setCode] = useState(templates[0]?.code);
  const template = useTemplate(code);
  return (
    <Card
      title="计划模板"
      extra={
        <Select
          aria-label="模板"
          value={code}
          onChange={setCode}
          style={{ width: 200 }}
          options={templates.map((t) => ({ value: t.code, label: t.name }))}
        />
      }
    >
      <QueryState query={template}>
        {(data) => <TemplateForm key={`${data.latest.code}-${data.latest.version}`} template={data.latest} />}
      </QueryState>
    </Card>
  );
}

function TemplateForm({ template }: { template: ProgrammeTemplate }) {
  const [form] = Form.useForm<EditableTemplate>();
  const save = useSaveTemplate(template.code);
  const unplaced = useFieldErrors(form, save.error);
  const { message } = AntApp.useApp();
  const { id: _id, code: _code, version: _version, createdAt: _at, createdBy: _by, ...definition } = template;
  const keys = template.milestones.map((item) => ({ value: item.key, label: item.key }));
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={definition}
      onFinish={(values) =>
        save.mutate(
          // What the form does not show (completion rules, funding sources, policy details) stays as it was.
          {
            ...definition,
            ...values,
            milestones: values.milestones.map((item, index) => ({ ...definition.milestones[index], ...item })),
            reminderPolicy: {
              ...definition.reminderPolicy,
              ...values.reminderPolicy,
              beforeDue: {
                ...definition.reminderPolicy.beforeDue,
                // Typed in as tags: numbers again for the API.
                workingDaysBefore: (values.reminderPolicy?.beforeDue?.workingDaysBefore ?? []).map(Number),
              },
            },
          },
          {
            onSuccess: (result) =>
              void message.success(
                result.created
                  ? `已保存为第 ${result.template.version} 版；${result.programmes} 个进行中的计划随之调整，${result.replannedMilestones} 个节点重新安排提醒`
                  : '内容未变，没有生成新版本',
              ),
          },
        )
      }
    >
      <Typography.Paragraph type="secondary">
        第 {template.version} 版{template.createdBy ? `（${template.createdBy} 保存）` : '（系统内置）'}
        。保存后生成新版本：本省今年及以后进行中的计划随即采用，未完成节点按新日期和提醒规则重新安排，已发出的提醒不再重发。
      </Typography.Paragraph>
      <FormProblem error={save.error} unplaced={unplaced} lead="未能保存" />
      <Space wrap>
        <Form.Item name="name" label="计划名称" rules={[{ required: true, message: '必填' }]}>
          <Input style={{ width: 280 }} />
        </Form.Item>
        <Form.Item name="projectTitle" label="项目名称（县名之后）" rules={[{ required: true, message: '必填' }]}>
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="reportDueDay" label="月报截止日">
          <InputNumber min={1} max={28} />
        </Form.Item>
        <Form.Item name="passMark" label="验收合格分">
          <InputNumber min={0} step={0.5} />
        </Form.Item>
        <Form.Item name="rubricCode" label="评分标准代码">
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name={['reminderPolicy', 'beforeDue', 'workingDaysBefore']} label="到期前提醒（工作日）">
          <Select mode="tags" style={{ width: 200 }} tokenSeparators={[',', '，']} />
        </Form.Item>
        <Form.Item name={['reminderPolicy', 'sendAt']} label="提醒时间">
          <Input style={{ width: 90 }} />
        </Form.Item>
      </Space>
      <Form.List name="milestones">
        {(fields) => (
          <Table
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={fields}
            columns={[
              { title: '键', render: (_, field) => template.milestones[field.name]?.key },
              {
                title: '节点',
                render: (_, field) => (
                  <Form.Item name={[field.name, 'title']} style={{ margin: 0 }}>
                    <Input aria-label={`节点 ${field.name + 1} 名称`} />
                  </Form.Item>
                ),
              },
              {
                title: '到期（月-日）',
                render: (_, field) => (
                  <Form.Item name={[field.name, 'due']} style={{ margin: 0 }}>
                    <Input aria-label={`节点 ${field.name + 1} 到期`} style={{ width: 90 }} />
                  </Form.Item>
                ),
              },
              {
                title: '前置节点',
                render: (_, field) => (
                  <Form.Item name={[field.name, 'after']} style={{ margin: 0 }}>
                    <Select
                      mode="multiple"
                      aria-label={`节点 ${field.name + 1} 前置`}
                      options={keys}
                      style={{ minWidth: 160 }}
                    />
                  </Form.Item>
                ),
              },
            ]}
          />
        )}
      </Form.List>
      <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginTop: 12 }}>
        保存为新版本
      </Button>
    </Form>
  );
}
