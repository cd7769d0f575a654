import { randomUUID } from 'node:crypto';
import { MilestoneScheduled, ProjectRegistered, type OfficerRole } from '@duban/contracts';
import { Outbox } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { milestoneFacts } from '../milestones/milestone-facts';
import { MilestonesRepository } from '../milestones/milestones.repository';
import { OfficersRepository } from '../officers/officers.repository';
import type { CountyProject } from '../projects/county-project.entity';
import { ProjectsRepository } from '../projects/projects.repository';
import { RegionsRepository } from '../regions/regions.repository';
import { milestonesFromTemplate } from './milestone-template';
import type { Programme } from './programme.entity';

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
export interface ProjectSeed {
  readonly regionCode: string;
  readonly name: string;
  readonly population: number | null;
  readonly populationSource: string | null;
  readonly plannedAreaM2: number | null;
  readonly plannedAreaAtLeast: boolean;
  readonly noRecruitmentHall: boolean;
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
 * the programme's year, and announces every milestone as scheduled through the outbox, all in the caller's
 * transaction. The same path serves a new programme year and the demo load; `history` marks a programme
 * loaded after the fact (see MilestoneScheduled).
 */
@Injectable()
export class ProgrammeInstantiation {
  constructor(
    private readonly projects: ProjectsRepository,
    private readonly officers: OfficersRepository,
    private readonly milestones: MilestonesRepository,
    private readonly regions: RegionsRepository,
    private readonly outbox: Outbox,
  ) {}

  async instantiate(
    manager: EntityManager,
    programme: Programme,
    seeds: readonly ProjectSeed[],
    options: { history: boolean },
  ): Promise<InstantiationResult> {
    const counties = new Map(
      (
        await this.regions.findByCodes(
          seeds.map((seed) => seed.regionCode),
          manager,
        )
      ).map((region) => [region.code, region]),
    );
    const cities = new Map(
      (
        await this.regions.findByCodes(
          [...new Set([...counties.values()].map((county) => county.parentCode).filter((code) => code !== null))],
          manager,
        )
      ).map((region) => [region.code, region]),
    );
    const provinces = new Map(
      (
        await this.regions.findByCodes(
          [...new Set([...cities.values()].map((city) => city.parentCode).filter((code) => code !== null))],
          manager,
        )
      ).map((region) => [region.code, region]),
    );
    let milestoneCount = 0;
    for (const seed of seeds) {
      const county = counties.get(seed.regionCode);
      if (!county || county.level !== 'county') throw new Error(`Region ${seed.regionCode} is not a county`);
      const city = county.parentCode ? (cities.get(county.parentCode) ?? null) : null;
      const province = city?.parentCode ? (provinces.get(city.parentCode) ?? null) : null;
      const project = await this.projects.insert(manager, projectRow(programme, seed));
      await this.outbox.append(
        manager,
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
        },
        { aggregateId: project.id },
      );
      const officers = await this.officers.insertMany(
        manager,
        seed.officers.map((officer, index) => ({ ...officer, projectId: project.id, sort: index + 1 })),
      );
      const planned = milestonesFromTemplate(programme.milestoneTemplate, programme.year, randomUUID);
      const milestones = await this.milestones.insertMany(
        manager,
        planned.map((milestone) => ({
          ...milestone,
          projectId: project.id,
          dueAt: null,
          responsibleOfficerIds: [...(seed.responsibleByKey[milestone.key] ?? [])],
          reminderPlan: null,
        })),
      );
      const context = { project, programme, county };
      for (const milestone of milestones) {
        await this.outbox.append(
          manager,
          MilestoneScheduled,
          { ...milestoneFacts(context, milestone, officers), history: options.history },
          { aggregateId: milestone.id },
        );
      }
      milestoneCount += milestones.length;
    }
    return { projects: seeds.length, milestones: milestoneCount };
  }
}

function projectRow(
  programme: Programme,
  seed: ProjectSeed,
): Omit<CountyProject, 'id' | 'version' | 'createdAt' | 'updatedAt'> {
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
