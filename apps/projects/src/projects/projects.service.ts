import {
  ConflictError,
  ProjectUpdated,
  type Actor,
  type ListProjectsQuery,
  type ProjectField,
  type ProjectView,
  type UpdateProjectBody,
} from '@duban/contracts';
import { Access, AuditLog, Clock, Outbox, Transactions, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { eventActor } from '../milestones/event-actor-view';
import { MilestoneLights } from '../milestones/milestone-lights.service';
import { MilestonesRepository, type MilestoneRecord } from '../milestones/milestones.repository';
import { RegionsRepository } from '../regions/regions.repository';
import { RegionScope } from '../scope/region-scope.service';
import { forbiddenFieldsMessage, forbiddenProjectFields, mayEditProject, roleMayNotMessage } from '../scope/role-rules';
import { ProjectAccessService, type ProjectContext } from './project-access.service';
import { projectChanges, requestedProjectFields, type ProjectChanges } from './project-changes-rules';
import { toProjectView } from './project-view';
import { ProjectsRepository, type ProjectRecord } from './projects.repository';

/** County projects (附件1 rows): listing with lights, reading one, and editing its columns by role. */
@Injectable()
export class ProjectsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly projects: ProjectsRepository,
    private readonly projectAccess: ProjectAccessService,
    private readonly scope: RegionScope,
    private readonly regions: RegionsRepository,
    private readonly milestones: MilestonesRepository,
    private readonly lights: MilestoneLights,
    private readonly access: Access,
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
    const tx = this.transactions.none;
    const visible = await this.scope.visibleRegionCodes(tx, actor);
    let codes = [...visible];
    if (query.region !== undefined) {
      const subtree = await this.scope.visibleRegionCodes(tx, { regionCodes: [query.region] });
      codes = codes.filter((code) => subtree.has(code));
      if (codes.length === 0 && !visible.has(query.region) && (await this.regions.findByCode(tx, query.region))) {
        await this.access.recordOutOfScope({
          actor,
          action: 'project.list',
          targetType: 'region',
          targetId: query.region,
        });
      }
    }
    const projects = await this.projects.findInRegions(tx, codes, query.programmeId);
    const contexts = await this.projectAccess.contextsOf(tx, projects);
    // Newest programme first, then by county.
    contexts.sort(
      (a, b) => b.programme.year - a.programme.year || a.project.regionCode.localeCompare(b.project.regionCode),
    );
    return this.views(tx, contexts);
  }

  async get(actor: Actor, projectId: string): Promise<ProjectView> {
    const tx = this.transactions.none;
    // The milestones (for the light) asked beside the project's own read, not after it; they are used only
    // once the project is found in the caller's scope.
    const [context, milestones] = await Promise.all([
      this.projectAccess.load(tx, actor, projectId, 'project.get'),
      this.milestones.findByProjects(tx, [projectId]),
    ]);
    return this.view(context, milestones, this.clock.now());
  }

  /**
   * Changes the columns the caller's role may change (see role-rules). A field it may not change refuses
   * the whole request (403) rather than applying part of it; no difference from the stored row, no write.
   */
  async update(actor: Actor, projectId: string, body: UpdateProjectBody): Promise<ProjectView> {
    const context = await this.transactions.run(async (tx) => {
      const action = 'project.update';
      const loaded = await this.projectAccess.load(tx, actor, projectId, action, { lock: true });
      const attempt = { actor, action, targetType: 'county_project', targetId: projectId };
      await this.access.requireRole(attempt, mayEditProject(actor.role), roleMayNotMessage(actor.role, '修改项目'));
      const forbidden = forbiddenProjectFields(actor.role, requestedProjectFields(body));
      if (forbidden.length > 0)
        throw await this.access.forbidden(attempt, forbiddenFieldsMessage(actor.role, forbidden));
      const project = loaded.project;
      if (body.version !== undefined && body.version !== project.version) {
        throw new ConflictError(`该项目已被他人修改（当前版本 ${project.version}），请刷新后重试`);
      }
      const saved = await this.applyChanges(tx, actor, loaded, projectChanges(project, body), action);
      return { ...loaded, project: saved };
    });
    const [view] = await this.views(this.transactions.none, [context]);
    return view as ProjectView;
  }

  /**
   * Writes `changes` to the (locked) project with its ProjectUpdated event and its audit row (before →
   * after), in `tx`: the one write path of a 附件1 row, for a PATCH and for an import alike. No change, no write.
   */
  async applyChanges(
    tx: Tx,
    actor: Actor,
    { project, county }: Pick<ProjectContext, 'project' | 'county'>,
    changes: ProjectChanges,
    action: string,
  ): Promise<ProjectRecord> {
    const fields = Object.keys(changes) as ProjectField[];
    if (fields.length === 0) return project;
    const now = this.clock.now();
    const changed = { ...project, ...Object.fromEntries(fields.map((field) => [field, changes[field]?.after])) };
    const saved = await this.projects.update(tx, changed, now);
    await this.outbox.append(
      tx,
      ProjectUpdated,
      {
        programmeId: saved.programmeId,
        projectId: saved.id,
        regionCode: county.code,
        regionName: county.name,
        cityRegionCode: county.parentCode,
        changes: changes as Record<string, { before: unknown; after: unknown }>,
        version: saved.version,
        updatedBy: eventActor(actor),
      },
      { aggregateId: saved.id, occurredAt: now },
    );
    await this.audit.recordDone(tx, {
      actor,
      action,
      targetType: 'county_project',
      targetId: saved.id,
      before: Object.fromEntries(fields.map((field) => [field, changes[field]?.before])),
      after: { ...Object.fromEntries(fields.map((field) => [field, changes[field]?.after])), version: saved.version },
    });
    return saved;
  }

  private async views(tx: Tx, contexts: readonly ProjectContext[]): Promise<ProjectView[]> {
    const milestones = await this.milestones.findByProjects(
      tx,
      contexts.map(({ project }) => project.id),
    );
    const byProject = new Map<string, MilestoneRecord[]>();
    for (const milestone of milestones) {
      const list = byProject.get(milestone.projectId);
      if (list) list.push(milestone);
      else byProject.set(milestone.projectId, [milestone]);
    }
    const now = this.clock.now();
    return contexts.map((context) => this.view(context, byProject.get(context.project.id) ?? [], now));
  }

  private view(context: ProjectContext, milestones: readonly MilestoneRecord[], now: Date): ProjectView {
    return toProjectView(context, this.lights.projectLight(milestones, context.programme.yellowWithinWorkingDays, now));
  }
}
