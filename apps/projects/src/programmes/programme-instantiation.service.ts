import { randomUUID } from 'node:crypto';
import { MilestoneScheduled, ProjectRegistered, type OfficerRole } from '@duban/contracts';
import { Clock, Outbox, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { milestoneFacts } from '../milestones/milestone-facts-view';
import { MilestonesRepository } from '../milestones/milestones.repository';
import { OfficersRepository } from '../officers/officers.repository';
import { ProjectsRepository, type NewProject } from '../projects/projects.repository';
import { RegionsRepository } from '../regions/regions.repository';
import { ReportDeadlines } from '../reports/report-deadlines.service';
import { milestonesFromTemplate } from './milestone-template-rules';
import { ProgrammeTemplatesRepository } from './programme-templates.repository';
import type { ProgrammeRecord } from './programmes.repository';

/** An officer of a new project's leading group; `id` is chosen by the caller so milestones can name it. */
export interface OfficerSeed {
  readonly id: string;
  readonly name: string;
  readonly role: OfficerRole;
  readonly title: string;
  readonly unit: string;
  readonly username: string | null;
}

/** One county's project to create under a programme: its 附件1 planning columns and leading group. */
export interface ProjectSeed extends Pick<
  NewProject,
  | 'regionCode'
  | 'name'
  | 'population'
  | 'populationSource'
  | 'plannedAreaM2'
  | 'plannedAreaAtLeast'
  | 'noRecruitmentHall'
> {
  readonly officers: readonly OfficerSeed[];
  /** Responsible officers of each template milestone, by template key and officer id. */
  readonly responsibleByKey: Readonly<Record<string, readonly string[]>>;
}

export interface InstantiationResult {
  readonly projects: number;
  readonly milestones: number;
}

/**
 * Creates a programme's county projects, each with its leading group and the template's milestones for
 * the programme's year, and announces every milestone as scheduled and every month's report as a deadline
 * through the outbox, all in the caller's transaction. The same path serves a new programme year and the demo load; `history` marks a programme
 * loaded after the fact (see MilestoneScheduled).
 */
@Injectable()
export class ProgrammeInstantiationService {
  constructor(
    private readonly projects: ProjectsRepository,
    private readonly officers: OfficersRepository,
    private readonly milestones: MilestonesRepository,
    private readonly regions: RegionsRepository,
    private readonly templates: ProgrammeTemplatesRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly reportDeadlines: ReportDeadlines,
  ) {}

  async instantiate(
    tx: Tx,
    programme: ProgrammeRecord,
    seeds: readonly ProjectSeed[],
    options: { history: boolean },
  ): Promise<InstantiationResult> {
    const now = this.clock.now();
    const byCode = async (codes: (string | null)[]) => {
      const known = codes.filter((code) => code !== null);
      return new Map((await this.regions.findByCodes(tx, known)).map((region) => [region.code, region]));
    };
    const counties = await byCode(seeds.map((seed) => seed.regionCode));
    const cities = await byCode([...counties.values()].map((county) => county.parentCode));
    const provinces = await byCode([...cities.values()].map((city) => city.parentCode));
    // The template's parts other services own travel by value with each registration.
    const template = programme.templateId ? await this.templates.findById(tx, programme.templateId) : null;
    const templateParts = template
      ? {
          acceptance: { passMark: template.definition.passMark, rubricCode: template.definition.rubricCode },
          fundingSources: template.definition.fundingSources,
        }
      : {};
    let milestoneCount = 0;
    for (const seed of seeds) {
      const county = counties.get(seed.regionCode);
      if (!county || county.level !== 'county') throw new Error(`Region ${seed.regionCode} is not a county`);
      const city = county.parentCode ? (cities.get(county.parentCode) ?? null) : null;
      const province = city?.parentCode ? (provinces.get(city.parentCode) ?? null) : null;
      const project = await this.projects.insert(tx, projectRow(programme, seed), now);
      await this.outbox.append(
        tx,
        ProjectRegistered,
        {
          programmeId: programme.id,
          programmeCode: programme.code,
          programmeYear: programme.year,
          projectId: project.id,
          projectName: project.name,
          regionCode: county.code,
          regionName: county.name,
          cityRegionCode: city?.code ?? null,
          cityName: city?.name ?? null,
          provinceRegionCode: city?.parentCode ?? null,
          provinceName: province?.name ?? null,
          provincePopulation: province?.population ?? null,
          provincePopulationSource: province?.population === null ? null : (province?.populationSource ?? null),
          population: project.population,
          populationSource: project.populationSource,
          plannedAreaM2: project.plannedAreaM2,
          plannedAreaAtLeast: project.plannedAreaAtLeast,
          history: options.history,
          ...templateParts,
        },
        { aggregateId: project.id, occurredAt: now },
      );
      const officers = await this.officers.insertMany(
        tx,
        seed.officers.map((officer, index) => ({ ...officer, projectId: project.id, sort: index + 1 })),
      );
      const planned = milestonesFromTemplate(programme.milestoneTemplate, programme.year, randomUUID);
      const milestones = await this.milestones.insertMany(
        tx,
        planned.map((milestone) => ({
          ...milestone,
          projectId: project.id,
          dueAt: null,
          responsibleOfficerIds: [...(seed.responsibleByKey[milestone.key] ?? [])],
          reminderPlan: null,
        })),
        now,
      );
      const context = { project, programme, county };
      for (const milestone of milestones) {
        await this.outbox.append(
          tx,
          MilestoneScheduled,
          { ...milestoneFacts(context, milestone, officers), history: options.history },
          { aggregateId: milestone.id, occurredAt: now },
        );
      }
      milestoneCount += milestones.length;
      const reportCounty = {
        programmeId: programme.id,
        projectId: project.id,
        regionCode: county.code,
        regionName: county.name,
        cityRegionCode: city?.code ?? null,
      };
      await this.reportDeadlines.scheduleProject(tx, programme, reportCounty, options.history, now);
    }
    return { projects: seeds.length, milestones: milestoneCount };
  }
}

function projectRow(programme: ProgrammeRecord, seed: ProjectSeed): NewProject {
  return {
    programmeId: programme.id,
    regionCode: seed.regionCode,
    name: seed.name,
    population: seed.population,
    populationSource: seed.populationSource,
    plannedAreaM2: seed.plannedAreaM2,
    plannedAreaAtLeast: seed.plannedAreaAtLeast,
    noRecruitmentHall: seed.noRecruitmentHall,
    constructionType: null,
    progress: null,
    actualAreaM2: null,
    address: null,
  };
}
