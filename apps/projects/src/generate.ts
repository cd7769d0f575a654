import 'reflect-metadata';
import { loadConfigOrExit, openStandaloneDatabase, Outbox } from '@duban/platform';
import { parseArgs } from 'node:util';
import { loadProjectsConfig } from './config';
import { projectsDatabase } from './database';
import { CalendarRepository } from './calendar/calendar.repository';
import { WorkingDays } from './calendar/working-days.service';
import { DashboardRollupRepository } from './dashboard/dashboard-rollup.repository';
import { DashboardRollups } from './dashboard/dashboard-rollups.service';
import { DashboardRepository } from './dashboard/dashboard.repository';
import { NationalLoad } from './demo/national-load.service';
import { MilestonesRepository } from './milestones/milestones.repository';
import { OfficersRepository } from './officers/officers.repository';
import { ProgrammeInstantiationService } from './programmes/programme-instantiation.service';
import { ProgrammesRepository } from './programmes/programmes.repository';
import { ProgrammeTemplatesRepository } from './programmes/programme-templates.repository';
import { ProjectsRepository } from './projects/projects.repository';
import { RegionsRepository } from './regions/regions.repository';
import { ReportDeadlines } from './reports/report-deadlines.service';
import { ReportsRepository } from './reports/reports.repository';

/**
 * `npm run generate -- --scale national`: a national programme year in the projects service's own schema
 * (see NationalLoad). Its events wait in the outbox until the projects service runs and relays them.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { scale: { type: 'string' } } });
  if (values.scale !== 'national') {
    console.error('usage: npm run generate -- --scale national');
    return 64;
  }
  const config = loadConfigOrExit(() => loadProjectsConfig(process.env));
  const database = await openStandaloneDatabase(config, projectsDatabase);
  try {
    const outbox = new Outbox(config.database.schema);
    const regions = new RegionsRepository();
    const projects = new ProjectsRepository();
    const milestones = new MilestonesRepository();
    const reports = new ReportsRepository();
    // The holiday tables as the service would read them, for the report deadlines' working days.
    const workingDays = new WorkingDays(new CalendarRepository(), database.transactions);
    await workingDays.reload();
    const officers = new OfficersRepository();
    const load = new NationalLoad({
      ...database,
      outbox,
      regions,
      programmes: new ProgrammesRepository(),
      projects,
      milestones,
      officers,
      reports,
      instantiation: new ProgrammeInstantiationService(
        projects,
        officers,
        milestones,
        regions,
        new ProgrammeTemplatesRepository(),
        outbox,
        database.clock,
        new ReportDeadlines(outbox, regions, reports, workingDays, officers),
      ),
    });
    const started = performance.now();
    const result = await load.load((line) => console.log(line));
    console.log(
      `全国：${result.regions} 个地区，${result.counties} 个县，新增 ${result.projects} 个项目、${result.milestones} 个节点、` +
        `${result.completions} 个节点完成、${result.reports} 份月报（${((performance.now() - started) / 1000).toFixed(1)} s）。`,
    );
    // The dashboard's read model for what was just loaded, as the service's start-up backfill would apply it: the
    // events, when the service relays them, then find nothing left to change.
    const rollups = new DashboardRollups(
      database.transactions,
      new DashboardRepository(),
      new DashboardRollupRepository(),
      outbox,
      database.clock,
    );
    const applied = await rollups.applyUnapplied(result.programmeId, 6);
    console.log(`看板读模型：已计入 ${applied} 个项目（${((performance.now() - started) / 1000).toFixed(1)} s）。`);
    console.log(JSON.stringify(result));
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
