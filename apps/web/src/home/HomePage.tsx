import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { api, unwrap } from '../api/client';
import { useMe, type Me } from '../auth/session';
import { useSelectedProgramme } from '../programmes/selected-programme';
import { QueryState } from '../shared/QueryState';

/**
 * Each role starts where its day's work is: the province and a city on their dashboard, a county's officers
 * on their project, an inspector on the list of the counties assigned to them.
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
        return <Navigate to={`/projects/${chosen.id}`} replace />;
      }}
    </QueryState>
  );
}
