import { errorMessage } from '../api/problem';
import { INSPECTION_STATUS_LABELS, type Role } from '@duban/contracts';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Skeleton, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { useMe } from '../auth/session';
import { QueryState } from '../shared/QueryState';
import { useProjectInspections } from './inspection-api';
import { OpenInspectionButton } from './OpenInspectionButton';
import { currentInspection, formatPoints, INSPECTION_OPENERS } from './score-sheet';

interface ProjectCardData {
  readonly id: string;
  readonly regionCode: string;
  readonly regionName: string;
  readonly name: string;
  readonly programmeYear: number;
}

/**
 * The inspector's day: the counties assigned to them (their scope), each with its current acceptance
 * inspection. The city opens inspections here (the evaluation service lets the city or the province open
 * one, naming its inspectors); everyone else reads the same list for their scope.
 */
export default function InspectorHomePage() {
  const me = useMe();
  const projects = useQuery({
    queryKey: ['projects', { scope: true }],
    queryFn: () => unwrap(api.GET('/api/projects', {})),
  });
  return (
    <div style={{ maxWidth: 960, margin: '0 auto' }}>
      <Typography.Title level={4} style={{ marginBlock: 8 }}>
        验收检查
      </Typography.Title>
      <QueryState
        query={projects}
        isEmpty={(list) => list.length === 0}
        empty={<Alert type="info" showIcon title="您的范围内没有县级项目" />}
      >
        {(list) => {
          const year = Math.max(...list.map(({ programmeYear }) => programmeYear));
          const current = list.filter(({ programmeYear }) => programmeYear === year).sort(byRegion);
          return (
            <>
              <Typography.Paragraph type="secondary">
                {year} 年计划 · {me.role === 'inspector' ? '您负责' : '范围内'}的 {current.length} 个县（市、区）
              </Typography.Paragraph>
              <div style={{ display: 'grid', gap: 12, gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))' }}>
                {current.map((project) => (
                  <ProjectCard key={project.id} project={project} role={me.role} />
                ))}
              </div>
            </>
          );
        }}
      </QueryState>
    </div>
  );
}

function byRegion(a: ProjectCardData, b: ProjectCardData): number {
  return a.regionCode.localeCompare(b.regionCode);
}

function ProjectCard({ project, role }: { project: ProjectCardData; role: Role }) {
  return (
    <Card size="small" title={project.regionName}>
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 8 }}>
        {project.name}
      </Typography.Paragraph>
      <CurrentInspection project={project} role={role} />
    </Card>
  );
}

/** The county's current inspection and what may be done with it from here. */
function CurrentInspection({ project, role }: { project: ProjectCardData; role: Role }) {
  const inspections = useProjectInspections(project.id);
  if (inspections.isPending) return <Skeleton active paragraph={{ rows: 1 }} title={false} />;
  if (inspections.isError) {
    return (
      <Alert
        type="error"
        showIcon
        title={errorMessage(inspections.error)}
        action={
          <Button size="small" onClick={() => void inspections.refetch()}>
            重试
          </Button>
        }
      />
    );
  }
  const current = currentInspection(inspections.data);
  const mayOpen = INSPECTION_OPENERS.includes(role);
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
      <div style={{ flex: 1, minWidth: 0 }}>
        {current ? (
          <>
            <Tag color={current.status === 'signed' ? (current.passed ? 'success' : 'error') : 'processing'}>
              {current.status === 'signed'
                ? `${INSPECTION_STATUS_LABELS.signed}·${current.passed ? '合格' : '不合格'}`
                : INSPECTION_STATUS_LABELS[current.status]}
            </Tag>
            <Typography.Text style={{ display: 'block', marginTop: 4 }}>
              {formatPoints(current.total)} / {formatPoints(current.maxTotal)} 分 · 已评 {current.scoredCount} /{' '}
              {current.toScoreCount} 项
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {current.date}
            </Typography.Text>
          </>
        ) : (
          <Typography.Text type="secondary">{mayOpen ? '尚未验收' : '尚未验收，待市局发起'}</Typography.Text>
        )}
      </div>
      {current && current.status !== 'signed' && (
        <Link to={`/inspections/${current.id}`}>
          <Button type="primary" size="large">
            继续验收
          </Button>
        </Link>
      )}
      {current?.status === 'signed' && (
        <Link to={`/inspections/${current.id}`}>
          <Button size="large">查看结果</Button>
        </Link>
      )}
      {mayOpen && (!current || (current.status === 'signed' && !current.passed)) && (
        <OpenInspectionButton projectId={project.id} regionName={project.regionName} />
      )}
    </div>
  );
}
