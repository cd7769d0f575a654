import { MilestoneRescheduled, MilestoneUpdated, ProgrammeRulesChanged, type Actor } from '@duban/contracts';
import { AuditLog, Clock, Outbox, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { eventActor } from '../milestones/event-actor-view';
import { milestoneFacts } from '../milestones/milestone-facts-view';
import { MilestonesRepository } from '../milestones/milestones.repository';
import { OfficersRepository, type OfficerRecord } from '../officers/officers.repository';
import { ProjectAccessService } from '../projects/project-access.service';
import { ProjectsRepository } from '../projects/projects.repository';
import { followTemplateItem, programmeDefinitionOf } from './programme-template-rules';
import type { ProgrammeTemplateRecord } from './programme-templates.repository';
import { ProgrammesRepository, type ProgrammeRecord } from './programmes.repository';

/**
 * Moves a running programme to a new version of its template, in the caller's transaction: the programme's
 * copy of the definition, then each open template milestone of its projects. The new reminder policy travels
 * once, in ProgrammeRulesChanged, and the notifications service re-plans all the programme's open milestones
 * on it set-wise (tens of thousands at national scale: one event, not one per milestone). A moved date is
 * announced as MilestoneRescheduled, a new title as MilestoneUpdated, after that event, so the notifications
 * service re-plans those as on an officer's change; the stages already sent stay sent either way.
 */
@Injectable()
export class TemplateFollowingService {
  constructor(
    private readonly programmes: ProgrammesRepository,
    private readonly projects: ProjectsRepository,
    private readonly milestones: MilestonesRepository,
    private readonly officers: OfficersRepository,
    private readonly projectAccess: ProjectAccessService,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Returns how many milestones move: a new date, title or reminder policy. */
  async follow(tx: Tx, actor: Actor, programme: ProgrammeRecord, template: ProgrammeTemplateRecord): Promise<number> {
    const now = this.clock.now();
    const definition = programmeDefinitionOf(template.definition);
    const policyChanged = JSON.stringify(programme.reminderPolicy) !== JSON.stringify(definition.reminderPolicy);
    await this.programmes.applyTemplate(tx, programme.id, template.id, definition);
    // Funding's and evaluation's parts of the template follow by value, in their own tables.
    await this.outbox.append(
      tx,
      ProgrammeRulesChanged,
      {
        programmeId: programme.id,
        programmeCode: programme.code,
        templateCode: template.code,
        templateVersion: template.version,
        acceptance: { passMark: template.definition.passMark, rubricCode: template.definition.rubricCode },
        fundingSources: template.definition.fundingSources,
        reminderPolicy: definition.reminderPolicy,
        changedBy: eventActor(actor),
      },
      { aggregateId: programme.id, occurredAt: now },
    );
    const followed: ProgrammeRecord = {
      ...programme,
      ...definition,
      templateId: template.id,
      templateCode: template.code,
      templateVersion: template.version,
    };
    const projects = await this.projects.findByProgramme(tx, programme.id);
    const contexts = new Map(
      (await this.projectAccess.contextsOf(tx, projects)).map((context) => [
        context.project.id,
        { ...context, programme: followed },
      ]),
    );
    const ids = projects.map((project) => project.id);
    const officersByProject = new Map<string, OfficerRecord[]>();
    for (const officer of await this.officers.findByProjects(tx, ids)) {
      officersByProject.set(officer.projectId, [...(officersByProject.get(officer.projectId) ?? []), officer]);
    }
    const items = new Map(definition.milestoneTemplate.map((item) => [item.key, item]));
    const changedBy = eventActor(actor);
    let announced = 0;
    for (const milestone of await this.milestones.findByProjects(tx, ids)) {
      const following = followTemplateItem(milestone, items, programme.year);
      if (!following || !(following.dueChanged || following.titleChanged || policyChanged)) continue;
      announced += 1;
      // A new policy alone is ProgrammeRulesChanged's: nothing of the milestone itself changed.
      if (!following.dueChanged && !following.titleChanged) continue;
      const saved = await this.milestones.update(
        tx,
        { ...milestone, dueDate: following.dueDate, title: following.title },
        now,
      );
      const context = contexts.get(milestone.projectId);
      if (!context) throw new Error(`Milestone ${milestone.id} has lost its project ${milestone.projectId}`);
      const facts = milestoneFacts(context, saved, officersByProject.get(milestone.projectId) ?? []);
      if (following.dueChanged) {
        await this.outbox.append(
          tx,
          MilestoneRescheduled,
          { ...facts, previousDueDate: milestone.dueDate, previousDueAt: null, changedBy },
          { aggregateId: saved.id, occurredAt: now },
        );
      } else {
        await this.outbox.append(
          tx,
          MilestoneUpdated,
          { ...facts, changed: ['title'], changedBy },
          { aggregateId: saved.id, occurredAt: now },
        );
      }
    }
    await this.audit.recordDone(tx, {
      actor,
      action: 'programme.follow-template',
      targetType: 'programme',
      targetId: programme.id,
      before: { templateId: programme.templateId, templateVersion: programme.templateVersion },
      after: { templateId: template.id, templateVersion: template.version, milestonesReannounced: announced },
    });
    return announced;
  }
}
