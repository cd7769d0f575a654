import type { DatabaseOptions } from '@duban/platform';
import { CreateMessagingTables1764400000000 } from './migrations/1764400000000-create-messaging-tables';
import { CreateRegionsAndProgrammes1764500000000 } from './migrations/1764500000000-create-regions-and-programmes';
import { CreateProjectsMilestonesReports1764600000000 } from './migrations/1764600000000-create-projects-milestones-reports';
import { AuditChainAndRetention1765100000000 } from './migrations/1765100000000-audit-chain-and-retention';
import { CalendarCopy1765250000000 } from './migrations/1765250000000-calendar-copy';
import { CreateRequestLog1765300000000 } from './migrations/1765300000000-create-request-log';
import { OfficerContacts1765400000000 } from './migrations/1765400000000-officer-contacts';
import { ProgrammeTemplates1770000000010 } from './migrations/1770000000010-programme-templates';
import { ReportSettings1770000000030 } from './migrations/1770000000030-report-settings';
import { OverrunsAndOversight1770000000040 } from './migrations/1770000000040-overruns-and-oversight';
import { DashboardRollups1770000000070 } from './migrations/1770000000070-dashboard-rollups';
import { OfficerSmsOptOut1770000000085 } from './migrations/1770000000085-officer-sms-opt-out';
import { MilestoneFiles1770000000090 } from './migrations/1770000000090-milestone-files';
import { AuditByRegion1770000000096 } from './migrations/1770000000096-audit-by-region';
import { ReportOverruns1770000000100 } from './migrations/1770000000100-report-overruns';
import { DashboardVersions1770000000260 } from './migrations/1770000000260-dashboard-versions';
import { AuditAppend1770000000280 } from './migrations/1770000000280-audit-append';
import { MilestoneFileUploaderName1770000000300 } from './migrations/1770000000300-milestone-file-uploader-name';
import { TemplateSaverName1770000000310 } from './migrations/1770000000310-template-saver-name';
import { DeadLetterReplayerName1770000000320 } from './migrations/1770000000320-dead-letter-replayer-name';
import { DataRepairs1770000000330 } from './migrations/1770000000330-data-repairs';

/** The projects schema's migrations, in order. No entities: repositories speak SQL. */
export const projectsDatabase: DatabaseOptions = {
  migrations: [
    CreateMessagingTables1764400000000,
    CreateRegionsAndProgrammes1764500000000,
    CreateProjectsMilestonesReports1764600000000,
    AuditChainAndRetention1765100000000,
    CalendarCopy1765250000000,
    CreateRequestLog1765300000000,
    OfficerContacts1765400000000,
    ProgrammeTemplates1770000000010,
    ReportSettings1770000000030,
    OverrunsAndOversight1770000000040,
    DashboardRollups1770000000070,
    OfficerSmsOptOut1770000000085,
    MilestoneFiles1770000000090,
    AuditByRegion1770000000096,
    ReportOverruns1770000000100,
    DashboardVersions1770000000260,
    AuditAppend1770000000280,
    MilestoneFileUploaderName1770000000300,
    TemplateSaverName1770000000310,
    DeadLetterReplayerName1770000000320,
    DataRepairs1770000000330,
  ],
};
