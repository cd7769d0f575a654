import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Programme } from '../programmes/programme.entity';
import { Region } from '../regions/region.entity';
import { CountyProject } from './county-project.entity';

/** A project with what is needed to show it and to announce its changes: its programme and its county. */
export interface ProjectContext {
  readonly project: CountyProject;
  readonly programme: Programme;
  readonly county: Region;
}

export type NewCountyProject = Omit<CountyProject, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

/**
 * County projects. Every read that serves a caller takes the set of region codes the caller may see and
 * filters by it in the query itself, so a project outside the scope is never loaded for that caller.
 */
@Injectable()
export class ProjectsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The project if it exists and lies in `visible`; `lock` takes a row lock for the write that follows. */
  async findContextInScope(
    projectId: string,
    visible: ReadonlySet<string>,
    options: { manager?: EntityManager; lock?: boolean } = {},
  ): Promise<ProjectContext | null> {
    const manager = options.manager ?? this.dataSource.manager;
    const query = manager
      .getRepository(CountyProject)
      .createQueryBuilder('project')
      .where('project.id = :projectId', { projectId })
      .andWhere('project.region_code = ANY(:visible)', { visible: [...visible] });
    if (options.lock) query.setLock('pessimistic_write');
    const project = await query.getOne();
    return project ? this.contextOf(manager, project) : null;
  }

  /** Whether a project exists at all (to tell a denied attempt from a wrong id, for the audit trail). */
  async exists(projectId: string): Promise<boolean> {
    return this.dataSource.getRepository(CountyProject).existsBy({ id: projectId });
  }

  /** Projects whose county is in `regionCodes`, optionally of one programme; newest programme first. */
  async findInRegions(regionCodes: readonly string[], programmeId?: string): Promise<ProjectContext[]> {
    if (regionCodes.length === 0) return [];
    const projects = await this.dataSource.getRepository(CountyProject).find({
      where: { regionCode: In([...regionCodes]), ...(programmeId ? { programmeId } : {}) },
      order: { regionCode: 'ASC' },
    });
    const contexts = await this.contextsOf(this.dataSource.manager, projects);
    return contexts.sort(
      (a, b) => b.programme.year - a.programme.year || a.project.regionCode.localeCompare(b.project.regionCode),
    );
  }

  findByProgramme(programmeId: string, manager: EntityManager = this.dataSource.manager): Promise<CountyProject[]> {
    return manager.getRepository(CountyProject).find({ where: { programmeId }, order: { regionCode: 'ASC' } });
  }

  countByProgramme(programmeId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    return manager.getRepository(CountyProject).countBy({ programmeId });
  }

  async insert(manager: EntityManager, project: NewCountyProject): Promise<CountyProject> {
    return manager.getRepository(CountyProject).save(manager.getRepository(CountyProject).create(project));
  }

  /** Saves the changed columns; the version column goes up by one (optimistic concurrency). */
  save(manager: EntityManager, project: CountyProject): Promise<CountyProject> {
    return manager.getRepository(CountyProject).save(project);
  }

  private async contextOf(manager: EntityManager, project: CountyProject): Promise<ProjectContext> {
    const [context] = await this.contextsOf(manager, [project]);
    return context as ProjectContext;
  }

  private async contextsOf(manager: EntityManager, projects: CountyProject[]): Promise<ProjectContext[]> {
    if (projects.length === 0) return [];
    const programmes = await manager
      .getRepository(Programme)
      .findBy({ id: In([...new Set(projects.map((p) => p.programmeId))]) });
    const regions = await manager
      .getRepository(Region)
      .findBy({ code: In([...new Set(projects.map((p) => p.regionCode))]) });
    const programmeById = new Map(programmes.map((programme) => [programme.id, programme]));
    const regionByCode = new Map(regions.map((region) => [region.code, region]));
    return projects.map((project) => ({
      project,
      programme: programmeById.get(project.programmeId) as Programme,
      county: regionByCode.get(project.regionCode) as Region,
    }));
  }
}
