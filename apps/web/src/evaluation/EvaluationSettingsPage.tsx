import type { EvaluationSettingsView, RubricVersionView } from '@duban/contracts';
import {
  App as AntApp,
  Button,
  Card,
  Drawer,
  Empty,
  Flex,
  Form,
  Grid,
  InputNumber,
  Select,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { formatPoints } from '../inspection/score-sheet';
import { useRubric } from '../inspection/inspection-api';
import { useSelectedProgramme } from '../programmes/selected-programme';
import { FormProblem } from '../shared/FormProblem';
import { QueryState } from '../shared/QueryState';
import { useFieldErrors } from '../shared/useFieldErrors';
import { usePutEvaluationSettings, useEvaluationSettings, useRubricVersions } from './evaluation-api';
import { formatInstant } from '../county/time';

/** The rubric choice “null”: a Select needs a value, so the form names it and the request sends null. */
const LATEST = '__latest__';

interface SettingsValues {
  passThreshold: number | null;
  rubricCode: string;
}

/**
 * 验收设置 (`/evaluation`, the province administrator's): the programme's pass mark and the rubric new
 * inspections open on, and every loaded version of the checklist (附件2), each readable in full. A change
 * applies to inspections opened afterwards only: each keeps the pass mark it opened with.
 */
export default function EvaluationSettingsPage() {
  const { programme, loading } = useSelectedProgramme();
  const versions = useRubricVersions();
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        验收设置
      </Typography.Title>
      {programme ? (
        <SettingsCard
          key={programme.id}
          programmeId={programme.id}
          programmeName={`${programme.year} 年度`}
          versions={versions.data ?? []}
        />
      ) : (
        !loading && <Empty description="尚无年度计划" />
      )}
      <Card title="评分标准版本（附件2）">
        <QueryState
          query={versions}
          isEmpty={(list) => list.length === 0}
          empty={<Empty description="尚未载入评分标准" />}
        >
          {(list) => <RubricVersions versions={list} />}
        </QueryState>
      </Card>
    </Flex>
  );
}

function SettingsCard({
  programmeId,
  programmeName,
  versions,
}: {
  programmeId: string;
  programmeName: string;
  versions: readonly RubricVersionView[];
}) {
  const settings = useEvaluationSettings(programmeId);
  return (
    <Card title={`合格线与评分标准：${programmeName}`}>
      <QueryState query={settings}>
        {(current) => <SettingsForm programmeId={programmeId} current={current} versions={versions} />}
      </QueryState>
    </Card>
  );
}

function SettingsForm({
  programmeId,
  current,
  versions,
}: {
  programmeId: string;
  current: EvaluationSettingsView;
  versions: readonly RubricVersionView[];
}) {
  const [form] = Form.useForm<SettingsValues>();
  const save = usePutEvaluationSettings(programmeId);
  const unplaced = useFieldErrors(form, save.error);
  const { message } = AntApp.useApp();
  const codes = [...new Map(versions.map((version) => [version.code, version.title])).entries()];
  return (
    <>
      <Typography.Paragraph type="secondary">
        新发起的检查使用：
        {current.rubric
          ? `${current.rubric.title}（${current.rubric.code} 第 ${current.rubric.version} 版，满分 ${formatPoints(current.rubric.total)} 分）`
          : '尚未载入评分标准'}
        。修改只影响此后发起的检查，已发起的检查沿用发起时的合格线。
      </Typography.Paragraph>
      <FormProblem error={save.error} unplaced={unplaced} lead="未能保存" />
      <Form<SettingsValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ passThreshold: current.passThreshold, rubricCode: current.rubricCode ?? LATEST }}
        onFinish={({ passThreshold, rubricCode }) =>
          save.mutate(
            // An empty box is sent as it is, so the service says what is wrong under the field.
            { passThreshold: passThreshold as number, rubricCode: rubricCode === LATEST ? null : rubricCode },
            { onSuccess: () => void message.success('验收设置已保存') },
          )
        }
      >
        <Flex gap={16} wrap>
          <Form.Item name="passThreshold" label="合格线（分）" style={{ flex: '0 1 180px' }}>
            {/* Half points may be typed; a step of 0.5 would show 60 as "60.0". */}
            {/* Half points may be typed; a step of 0.5 would show 60 as “60.0”. */}
            <InputNumber step={1} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="rubricCode" label="评分标准" style={{ flex: '1 1 240px', minWidth: 0 }}>
            <Select
              options={[
                { value: LATEST, label: '最近载入的评分标准' },
                ...codes.map(([code, title]) => ({ value: code, label: `${title}（${code}，最新版本）` })),
              ]}
            />
          </Form.Item>
        </Flex>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          保存
        </Button>
      </Form>
    </>
  );
}

function RubricVersions({ versions }: { versions: readonly RubricVersionView[] }) {
  const [shown, setShown] = useState<RubricVersionView>();
  return (
    <>
      <Table<RubricVersionView>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={[...versions]}
        columns={[
          { title: '评分标准', dataIndex: 'title' },
          { title: '编码', dataIndex: 'code' },
          { title: '版本', render: (_, version) => `第 ${version.version} 版` },
          { title: '满分', render: (_, version) => formatPoints(version.total) },
          { title: '分区 / 条目', render: (_, version) => `${version.sectionCount} / ${version.itemCount}` },
          { title: '载入时间', render: (_, version) => formatInstant(version.createdAt, true) },
          {
            title: '',
            render: (_, version) => (
              <Button size="small" onClick={() => setShown(version)}>
                查看
              </Button>
            ),
          },
        ]}
      />
      {shown && <RubricDrawer version={shown} onClose={() => setShown(undefined)} />}
    </>
  );
}

/** One version in full: its sections and items with their maximum points and remarks. */
function RubricDrawer({ version, onClose }: { version: RubricVersionView; onClose: () => void }) {
  const rubric = useRubric(version.id);
  const screens = Grid.useBreakpoint();
  return (
    <Drawer
      open
      onClose={onClose}
      size={screens.md ? 640 : '100%'}
      title={`${version.title}（第 ${version.version} 版）`}
    >
      <Typography.Paragraph type="secondary" copyable={{ text: version.contentHash }}>
        内容校验值 {version.contentHash.slice(0, 16)}…
      </Typography.Paragraph>
      <QueryState query={rubric}>
        {(full) => (
          <>
            {full.sections.map((section) => (
              <Card
                key={section.title}
                size="small"
                title={`${section.title}（${formatPoints(section.points)} 分）`}
                style={{ marginBottom: 8 }}
              >
                {section.items.map((item) => (
                  <Typography.Paragraph key={item.id} style={{ marginBottom: 8 }}>
                    {item.number}. {item.text}（{formatPoints(item.maxPoints)} 分）
                    {item.remarks && (
                      <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                        {item.remarks}
                      </Typography.Text>
                    )}
                  </Typography.Paragraph>
                ))}
              </Card>
            ))}
          </>
        )}
      </QueryState>
    </Drawer>
  );
}
