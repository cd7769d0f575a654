import {
  CONSTRUCTION_PROGRESS_LABELS,
  CONSTRUCTION_TYPE_LABELS,
  PROJECT_FIELD_LABELS,
  type ConstructionProgressValue,
  type ConstructionTypeValue,
  type UpdateProjectBody,
} from '@duban/contracts';
import { App, Button, Checkbox, Descriptions, Form, Input, InputNumber, Select } from 'antd';
import { useMe } from '../auth/session';
import { QueryState } from '../shared/QueryState';
import { FormProblem } from '../shared/FormProblem';
import { useFieldErrors } from '../shared/useFieldErrors';
import { useProject, useUpdateProject, type Project } from './county-api';
import { optionsOf } from './labels';
import { mayEditConstruction, mayEditPlanning } from './permissions';

/** 附件1's columns as this page names them; the area's unit is part of the heading, as in the documents. */
export const OVERVIEW_LABELS = {
  ...PROJECT_FIELD_LABELS,
  actualAreaM2: `${PROJECT_FIELD_LABELS.actualAreaM2}（m²）`,
  plannedAreaM2: `${PROJECT_FIELD_LABELS.plannedAreaM2}（m²）`,
};

interface OverviewValues {
  constructionType?: ConstructionTypeValue | null;
  progress?: ConstructionProgressValue | null;
  actualAreaM2?: number | null;
  address?: string | null;
  plannedAreaM2?: number | null;
  plannedAreaAtLeast?: boolean;
  noRecruitmentHall?: boolean;
  population?: number | null;
  populationSource?: string | null;
}

/** The county's row of the task list (附件1): editable by the roles the projects service lets edit it. */
export function OverviewTab({ projectId }: { projectId: string }) {
  const project = useProject(projectId);
  const { role } = useMe();
  const construction = mayEditConstruction(role);
  const planning = mayEditPlanning(role);
  return (
    <QueryState query={project}>
      {(data) =>
        construction || planning ? (
          <OverviewForm project={data} construction={construction} planning={planning} />
        ) : (
          <OverviewReadOnly project={data} />
        )
      }
    </QueryState>
  );
}

const blankToNull = (text: string | null | undefined) => (text && text.trim() !== '' ? text : null);

function OverviewForm({
  project,
  construction,
  planning,
}: {
  project: Project;
  construction: boolean;
  planning: boolean;
}) {
  const [form] = Form.useForm<OverviewValues>();
  const update = useUpdateProject(project.id);
  const unplaced = useFieldErrors(form, update.error);
  const { message } = App.useApp();

  // Only the columns this role may change are sent, all of them at once: the service refuses a field the
  // role may not touch, and population travels with its source. `version` guards against lost updates.
  const submit = (values: OverviewValues) => {
    const body: UpdateProjectBody = { version: project.version };
    if (construction) {
      Object.assign(body, {
        constructionType: values.constructionType ?? null,
        progress: values.progress ?? null,
        actualAreaM2: values.actualAreaM2 ?? null,
        address: blankToNull(values.address),
      });
    }
    if (planning) {
      Object.assign(body, {
        plannedAreaM2: values.plannedAreaM2 ?? null,
        plannedAreaAtLeast: values.plannedAreaAtLeast ?? false,
        noRecruitmentHall: values.noRecruitmentHall ?? false,
        population: values.population ?? null,
        populationSource: blankToNull(values.populationSource),
      });
    }
    update.mutate(body, { onSuccess: () => void message.success('附件1 已保存') });
  };

  return (
    <Form<OverviewValues>
      form={form}
      layout="vertical"
      style={{ maxWidth: 640 }}
      initialValues={project}
      onFinish={submit}
    >
      <FormProblem error={update.error} unplaced={unplaced} />
      <Form.Item name="constructionType" label={OVERVIEW_LABELS.constructionType}>
        <Select allowClear disabled={!construction} options={optionsOf(CONSTRUCTION_TYPE_LABELS)} />
      </Form.Item>
      <Form.Item name="progress" label={OVERVIEW_LABELS.progress}>
        <Select allowClear disabled={!construction} options={optionsOf(CONSTRUCTION_PROGRESS_LABELS)} />
      </Form.Item>
      <Form.Item name="actualAreaM2" label={OVERVIEW_LABELS.actualAreaM2}>
        <InputNumber disabled={!construction} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="address" label={OVERVIEW_LABELS.address}>
        <Input disabled={!construction} />
      </Form.Item>
      <Form.Item name="plannedAreaM2" label={OVERVIEW_LABELS.plannedAreaM2}>
        <InputNumber disabled={!planning} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="plannedAreaAtLeast" valuePropName="checked">
        <Checkbox disabled={!planning}>{OVERVIEW_LABELS.plannedAreaAtLeast}</Checkbox>
      </Form.Item>
      <Form.Item name="noRecruitmentHall" valuePropName="checked">
        <Checkbox disabled={!planning}>{OVERVIEW_LABELS.noRecruitmentHall}</Checkbox>
      </Form.Item>
      <Form.Item name="population" label={OVERVIEW_LABELS.population}>
        <InputNumber disabled={!planning} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="populationSource" label={OVERVIEW_LABELS.populationSource}>
        <Input disabled={!planning} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={update.isPending}>
        保存
      </Button>
    </Form>
  );
}

const orDash = (value: string | number | null | undefined) =>
  value === null || value === undefined || value === '' ? '—' : value;

function OverviewReadOnly({ project }: { project: Project }) {
  const area =
    project.plannedAreaM2 === null ? null : `${project.plannedAreaM2}${project.plannedAreaAtLeast ? '+' : ''}`;
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, md: 2 }}
      items={[
        {
          key: 'constructionType',
          label: OVERVIEW_LABELS.constructionType,
          children: project.constructionType ? CONSTRUCTION_TYPE_LABELS[project.constructionType] : '—',
        },
        {
          key: 'progress',
          label: OVERVIEW_LABELS.progress,
          children: project.progress ? CONSTRUCTION_PROGRESS_LABELS[project.progress] : '—',
        },
        { key: 'actualAreaM2', label: OVERVIEW_LABELS.actualAreaM2, children: orDash(project.actualAreaM2) },
        { key: 'address', label: OVERVIEW_LABELS.address, children: orDash(project.address) },
        { key: 'plannedAreaM2', label: OVERVIEW_LABELS.plannedAreaM2, children: orDash(area) },
        {
          key: 'noRecruitmentHall',
          label: OVERVIEW_LABELS.noRecruitmentHall,
          children: project.noRecruitmentHall ? '是' : '否',
        },
        { key: 'population', label: OVERVIEW_LABELS.population, children: orDash(project.population) },
        {
          key: 'populationSource',
          label: OVERVIEW_LABELS.populationSource,
          children: orDash(project.populationSource),
        },
      ]}
    />
  );
}
