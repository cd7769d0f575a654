import { Tabs } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { ExcelTools } from '../excel/ExcelTools';
import NotFoundPage from '../shared/NotFoundPage';
import { QueryState } from '../shared/QueryState';
import { useProject } from './county-api';
import { FundingTab } from './FundingTab';
import { InspectionsTab } from './InspectionsTab';
import { MilestonesTab } from './MilestonesTab';
import { OfficersTab } from './OfficersTab';
import { OverviewTab } from './OverviewTab';
import { ProjectHeader } from './ProjectHeader';
import { ReportsTab } from './ReportsTab';

/** The tabs and their keys in the address (/projects/:id/:tab); `milestones` is also the drawer's parent path. */
const TABS = [
  { key: 'overview', label: '概况（附件1）' },
  { key: 'milestones', label: '节点' },
  { key: 'officers', label: '领导小组' },
  { key: 'reports', label: '月报' },
  { key: 'funding', label: '资金' },
  { key: 'inspections', label: '验收' },
] as const;
type TabKey = (typeof TABS)[number]['key'];

const isTabKey = (value: string): value is TabKey => TABS.some((tab) => tab.key === value);

/**
 * One county's project (issue 7): its 附件1 row, milestones, leading group, monthly reports, money and
 * acceptance. Addresses: /projects/:id, /projects/:id/:tab, and /projects/:id/milestones/:mid (the link
 * reminders carry), which opens the 节点 tab with that milestone's drawer.
 */
export default function CountyPage() {
  const { projectId = '', tab, milestoneId } = useParams();
  const navigate = useNavigate();
  const project = useProject(projectId);
  const active: TabKey | null = milestoneId
    ? 'milestones'
    : tab === undefined
      ? 'overview'
      : isTabKey(tab)
        ? tab
        : null;
  if (active === null) return <NotFoundPage />;

  const panel = (key: TabKey) => {
    switch (key) {
      case 'overview':
        return <OverviewTab projectId={projectId} />;
      case 'milestones':
        return <MilestonesTab projectId={projectId} openMilestoneId={milestoneId ?? null} />;
      case 'officers':
        return <OfficersTab projectId={projectId} />;
      case 'reports':
        return <ReportsTab projectId={projectId} />;
      case 'funding':
        return <FundingTab projectId={projectId} />;
      case 'inspections':
        return <InspectionsTab projectId={projectId} />;
    }
  };

  return (
    <QueryState query={project}>
      {(data) => (
        <>
          <ProjectHeader project={data} />
          <ExcelTools regionCode={data.regionCode} year={data.programmeYear} />
          <Tabs
            activeKey={active}
            onChange={(key) => void navigate(`/projects/${projectId}/${key}`)}
            // Only the open tab is mounted: each tab reads its own data when it is looked at.
            destroyOnHidden
            items={TABS.map(({ key, label }) => ({ key, label, children: key === active ? panel(key) : null }))}
          />
        </>
      )}
    </QueryState>
  );
}
