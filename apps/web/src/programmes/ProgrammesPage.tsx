import { PROGRAMME_STATUS_LABELS } from '@duban/contracts';
import { useQuery } from '@tanstack/react-query';
import {
  App as AntApp,
  Button,
  Card,
  Form,
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
import { TemplateForm } from './TemplateForm';
import {
  useChangeProgrammeStatus,
  useCreateProgramme,
  useProgrammes,
  useTemplate,
  useTemplates,
  type Programme,
  type ProgrammeTemplate,
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
            // On a phone the table scrolls inside its card, not the page (the 操作 buttons are wide).
            scroll={{ x: 'max-content' }}
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

/** The chosen template's latest version, edited in TemplateForm; saving makes the next version. */
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
