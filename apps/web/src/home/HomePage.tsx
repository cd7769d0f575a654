import { useQuery } from '@tanstack/react-query';
import { Card } from 'antd';
import { Link, Navigate } from 'react-router';
import { api, unwrap } from '../api/client';
import { useMe, type Me } from '../auth/session';
import { useSelectedProgramme } from '../programmes/selected-programme';
import { OverviewTab } from '../county/OverviewTab';
import { ProjectHeader } from '../county/ProjectHeader';
import { QueryState } from '../shared/QueryState';
import { CountyAgenda } from './CountyAgenda';

/**
 * Each role starts where its day's work is: the province and a city on their dashboard, a county's officers
 * on their day (what is due, late, returned or asked for, then their 附件1 row), an inspector on the list of the counties assigned to them.
 */
export default function HomePage() {
  const me = useMe();
  switch (me.role) {
    case 'province_admin':
    case 'city_officer':
      return <Navigate to={`/regions/${me.regionCodes[0]}`} replace />;
    case 'inspector':
      return <Navigate to="/inspections" replace />;
    case 'county_officer':
    case 'leading_member':
      return <CountyHome me={me} />;
  }
}

function CountyHome({ me }: { me: Me }) {
  const { programme } = useSelectedProgramme();
  const projects = useQuery({
    queryKey: ['projects', { region: me.regionCodes[0] }],
    queryFn: () => unwrap(api.GET('/api/projects', { params: { query: { region: me.regionCodes[0] } } })),
  });
  return (
    <QueryState query={projects} isEmpty={(list) => list.length === 0}>
      {(list) => {
        // The county's project in the programme chosen in the header, else its newest.
        const chosen =
          list.find((project) => project.programmeId === programme?.id) ??
          [...list].sort((a, b) => b.programmeYear - a.programmeYear)[0]!;
        return <CountyDay project={chosen} />;
      }}
    </QueryState>
  );
}

type ProjectSummary = Parameters<typeof ProjectHeader>[0]['project'];

/** The county's agenda first, then the 附件1 form it updates every month; the full project page one click away. */
function CountyDay({ project }: { project: ProjectSummary }) {
  return (
    <>
      <ProjectHeader project={project} />
      <CountyAgenda projectId={project.id} />
      <Card
        size="small"
        title="概况（附件1）"
        extra={<Link to={`/projects/${project.id}`}>进入项目页（节点、月报、资金、验收）</Link>}
      >
        <OverviewTab projectId={project.id} />
      </Card>
    </>
  );
}
