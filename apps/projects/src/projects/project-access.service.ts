import { type Actor } from '@duban/contracts';
import { Access, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { requireWritable } from '../programmes/programme-status-rules';
import { ProgrammesRepository, type ProgrammeRecord } from '../programmes/programmes.repository';
import { RegionsRepository, type RegionRecord } from '../regions/regions.repository';
import { ProjectsRepository, type ProjectRecord } from './projects.repository';

export const PROJECT_NOT_FOUND = '项目不存在';

/** A project with what is needed to show it and to announce its changes: its programme and its county. */
export interface ProjectContext {
  readonly project: ProjectRecord;
  readonly programme: ProgrammeRecord;
  readonly county: RegionRecord;
}

/**
 * The loader of county projects: a project with its programme and county, and, for a caller, only when it
 * lies in the caller's scope (otherwise "not found", the attempt audited when the project exists elsewhere:
 * the platform's Access decides, on the county's region path).
 */
@Injectable()
export class ProjectAccessService {
  constructor(
    private readonly projects: ProjectsRepository,
    private readonly programmes: ProgrammesRepository,
    private readonly regions: RegionsRepository,
    private readonly access: Access,
  ) {}

  /**
   * `lock` holds the project row until `tx` ends, for the write that follows; a project of a closed or
   * archived programme is then refused (read-only), after the scope check.
   */
  async load(
    tx: Tx,
    actor: Actor,
    projectId: string,
    action: string,
    options: { lock?: boolean } = {},
  ): Promise<ProjectContext> {
    // Two round trips: the project, then its programme and its county's region path together (the path gives
    // the county): the read every project page and every RPC on a project starts with (issue 17, G7).
    const project = await this.projects.findById(tx, projectId, options);
    const [programme, path] = project
      ? await Promise.all([
          this.programmes.findById(tx, project.programmeId),
          this.regions.findPath(tx, project.regionCode),
        ])
      : [null, []];
    const county = path[0];
    const context = project && programme && county ? { project, programme, county } : null;
    const loaded = await this.access.requireInScope(
      { actor, action, targetType: 'county_project', targetId: projectId },
      context,
      () => path.map((region) => region.code),
      PROJECT_NOT_FOUND,
    );
    if (options.lock) requireWritable(loaded.programme);
    return loaded;
  }

  /** The project with its programme and county, whoever asks (the system, or a caller already checked). */
  async findContext(tx: Tx, projectId: string, options: { lock?: boolean } = {}): Promise<ProjectContext | null> {
    const project = await this.projects.findById(tx, projectId, options);
    if (!project) return null;
    const [context] = await this.contextsOf(tx, [project]);
    return context ?? null;
  }

  /** Each project with its programme and county, in the order given (three queries, whatever the number). */
  async contextsOf(tx: Tx, projects: readonly ProjectRecord[]): Promise<ProjectContext[]> {
    if (projects.length === 0) return [];
    const programmes = await this.programmes.findByIds(
      tx,
      projects.map((project) => project.programmeId),
    );
    const regions = await this.regions.findByCodes(
      tx,
      projects.map((project) => project.regionCode),
    );
    const programmeById = new Map(programmes.map((programme) => [programme.id, programme]));
    const regionByCode = new Map(regions.map((region) => [region.code, region]));
    return projects.map((project) => ({
      project,
      programme: programmeById.get(project.programmeId) as ProgrammeRecord,
      county: regionByCode.get(project.regionCode) as RegionRecord,
    }));
  }
}
