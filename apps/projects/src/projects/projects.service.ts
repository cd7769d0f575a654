import {
  ConflictError,
  ProjectUpdated,
  type Actor,
  type ListProjectsQuery,
  type ProjectField,
  type ProjectView,
  type UpdateProjectBody,
} from '@duban/contracts';
import { AuditLog, Outbox } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { eventActor } from '../milestones/event-actor';
import { MilestoneLights } from '../milestones/milestone-lights';
import type { Milestone } from '../milestones/milestone.entity';
import { MilestonesRepository } from '../milestones/milestones.repository';
import { RegionsRepository } from '../regions/regions.repository';
import { Denials } from '../scope/denials';
import { RegionScope } from '../scope/region-scope';
import { forbiddenFieldsMessage, forbiddenProjectFields, mayEditProject, roleMayNotMessage } from '../scope/role-rules';
import type { CountyProject } from './county-project.entity';
import { projectChanges, requestedProjectFields } from './project-changes';
import { ProjectAccess } from './project-access';
import { toProjectView } from './project-view';
import { ProjectsRepository, type ProjectContext } from './projects.repository';

/** County projects (附件1 rows): listing with lights, reading one, and editing its columns by role. */
@Injectable()
export class ProjectsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: ProjectsRepository,
    private readonly access: ProjectAccess,
    private readonly scope: RegionScope,
    private readonly regions: RegionsRepository,
    private readonly milestones: MilestonesRepository,
    private readonly lights: MilestoneLights,
    private readonly denials: Denials,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Projects in `region`'s subtree that the caller may see. Asking for a region above the scope narrows to
   * the scope (吕梁市 for 临县's officer gives 临县); asking for one wholly outside it gives an empty list,
   * and the attempt is audited.
   */
  async list(actor: Actor, query: ListProjectsQuery): Promise<ProjectView[]> {
    const visible = await this.scope.visibleRegionCodes(actor);
    let codes = [...visible];
    if (query.region !== undefined) {
      const subtree = await this.scope.visibleRegionCodes({ regionCodes: [query.region] });
      codes = codes.filter((code) => subtree.has(code));
      if (codes.length === 0 && !visible.has(query.region) && (await this.regions.findByCode(query.region))) {
        await this.denials.recordOutOfScope({
          actor,
          action: 'project.list',
          targetType: 'region',
          targetId: query.region,
        });
      }
    }
    const contexts = await this.projects.findInRegions(codes, query.programmeId);
    return this.views(contexts);
  }

  async get(actor: Actor, projectId: string): Promise<ProjectView> {
    const [view] = await this.views([await this.access.load(actor, projectId, 'project.get')]);
    return view as ProjectView;
  }

  /**
   * Changes the columns the caller's role may change (see role-rules). A field it may not change refuses
   * the whole request (403) rather than applying part of it; no difference from the stored row, no write.
   */
  async update(actor: Actor, projectId: string, body: UpdateProjectBody): Promise<ProjectView> {
    const context = await this.dataSource.transaction(async (manager) => {
      const action = 'project.update';
      const loaded = await this.access.load(actor, projectId, action, { manager, lock: true });
      const attempt = { actor, action, targetType: 'county_project', targetId: projectId };
      if (!mayEditProject(actor.role)) {
        throw await this.denials.forbidden(attempt, roleMayNotMessage(actor.role, '修改项目'));
      }
      const forbidden = forbiddenProjectFields(actor.role, requestedProjectFields(body));
      if (forbidden.length > 0)
        throw await this.denials.forbidden(attempt, forbiddenFieldsMessage(actor.role, forbidden));
      const project = loaded.project;
      if (body.version !== undefined && body.version !== project.version) {
        throw new ConflictError(`该项目已被他人修改（当前版本 ${project.version}），请刷新后重试`);
      }
      const changes = projectChanges(project, body);
      const fields = Object.keys(changes) as ProjectField[];
      if (fields.length === 0) return loaded;

      for (const field of fields) assign(project, field, changes[field]?.after);
      project.updatedAt = this.clock.now();
      const saved = await this.projects.save(manager, project);
      await this.outbox.append(
        manager,
        ProjectUpdated,
        {
          programmeId: saved.programmeId,
          projectId: saved.id,
          regionCode: loaded.county.code,
          regionName: loaded.county.name,
          cityRegionCode: loaded.county.parentCode,
          changes: changes as Record<string, { before: unknown; after: unknown }>,
          version: saved.version,
          updatedBy: eventActor(actor),
        },
        { aggregateId: saved.id },
      );
      await this.audit.recordDone(manager, {
        actor,
        action,
        targetType: 'county_project',
        targetId: saved.id,
        before: Object.fromEntries(fields.map((field) => [field, changes[field]?.before])),
        after: { ...Object.fromEntries(fields.map((field) => [field, changes[field]?.after])), version: saved.version },
      });
      return { ...loaded, project: saved };
    });
    const [view] = await this.views([context]);
    return view as ProjectView;
  }

  private async views(contexts: readonly ProjectContext[]): Promise<ProjectView[]> {
    const milestones = await this.milestones.findByProjects(contexts.map(({ project }) => project.id));
    const byProject = new Map<string, Milestone[]>();
    for (const milestone of milestones) {
      const list = byProject.get(milestone.projectId);
      if (list) list.push(milestone);
      else byProject.set(milestone.projectId, [milestone]);
    }
    const now = this.clock.now();
    return contexts.map((context) =>
      toProjectView(
        context,
        this.lights.projectLight(
          byProject.get(context.project.id) ?? [],
          context.programme.yellowWithinWorkingDays,
          now,
        ),
      ),
    );
  }
}

function assign(project: CountyProject, field: ProjectField, value: unknown): void {
  (project as unknown as Record<ProjectField, unknown>)[field] = value;
}
