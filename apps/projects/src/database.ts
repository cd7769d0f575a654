import type { DatabaseOptions } from '@duban/platform';
import { CreateMessagingTables1764400000000 } from './migrations/1764400000000-create-messaging-tables';
import { CreateRegionsAndProgrammes1764500000000 } from './migrations/1764500000000-create-regions-and-programmes';
import { CreateProjectsMilestonesReports1764600000000 } from './migrations/1764600000000-create-projects-milestones-reports';
import { Milestone } from './milestones/milestone.entity';
import { Officer } from './officers/officer.entity';
import { Programme } from './programmes/programme.entity';
import { CountyProject } from './projects/county-project.entity';
import { Region } from './regions/region.entity';
import { MonthlyReportEntity } from './reports/monthly-report.entity';

/** The projects schema: its entities and its migrations, in order. */
export const projectsDatabase: DatabaseOptions = {
  entities: [Region, Programme, CountyProject, MonthlyReportEntity, Officer, Milestone],
  migrations: [
    CreateMessagingTables1764400000000,
    CreateRegionsAndProgrammes1764500000000,
    CreateProjectsMilestonesReports1764600000000,
  ],
};
