import {
  ConflictError,
  MilestoneUpdated,
  NotFoundError,
  OfficerChanged,
  ValidationError,
  type Actor,
  type CreateOfficerBody,
  type OfficerView,
  type UpdateOfficerBody,
} from '@duban/contracts';
import { Access, AuditLog, Clock, Outbox, Transactions, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { eventActor } from '../milestones/event-actor-view';
import { milestoneFacts } from '../milestones/milestone-facts-view';
import { MilestonesRepository } from '../milestones/milestones.repository';
import { toOfficerView } from '../officers/officer-view';
import { OfficersRepository, type OfficerRecord } from '../officers/officers.repository';
import { ProjectAccessService, type ProjectContext } from '../projects/project-access.service';
import { mayEditLeadingGroup, roleMayNotMessage } from '../scope/role-rules';
import { changesReminders, mergeOfficer, secondLeader } from './leading-group-rules';

const OFFICER_NOT_FOUND = '领导小组成员不存在';

/**
 * Editing a county's leading group (领导小组): members with their contacts, with or without an account.
 * Each change is announced as OfficerChanged (the notifications service keeps the contacts, and reaches a
 * member without an account by e-mail), and, when it changes whom reminders name (a name, an account, who
 * is 组长), the county's open milestones are announced again as MilestoneUpdated so their planned reminders
 * are re-addressed. Who answers for which milestone is `PATCH /api/milestones/:id` {responsibleOfficerIds}.
 */
@Injectable()
export class LeadingGroupService {
  constructor(
    private readonly transactions: Transactions,
    private readonly projectAccess: ProjectAccessService,
    private readonly officers: OfficersRepository,
    private readonly milestones: MilestonesRepository,
    private readonly access: Access,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  create(actor: Actor, projectId: string, body: CreateOfficerBody): Promise<OfficerView> {
    return this.transactions.run(async (tx) => {
      const action = 'officer.create';
      const context = await this.loadForWrite(tx, actor, projectId, action, null);
      const group = await this.officers.findByProject(tx, projectId);
      if (body.role === 'leader' && secondLeader(group, null)) {
        throw new ValidationError([{ field: 'role', message: '该县领导小组已有组长' }], '该县领导小组已有组长');
      }
      const [created] = await this.officers.insertMany(tx, [
        {
          projectId,
          name: body.name,
          role: body.role,
          title: body.title,
          unit: body.unit,
          username: body.username,
          sort: await this.officers.nextSort(tx, projectId),
          contacts: {
            mobile: body.contacts.mobile ?? null,
            email: body.contacts.email ?? null,
            dingtalkId: body.contacts.dingtalkId ?? null,
            wecomId: body.contacts.wecomId ?? null,
          },
        },
      ]);
      if (!created) throw new Error('officer insert returned nothing');
      await this.announce(tx, actor, context, created, false, created.role === 'leader');
      await this.audit.recordDone(tx, { actor, action, targetType: 'officer', targetId: created.id, after: created });
      return toOfficerView(created);
    });
  }

  update(actor: Actor, officerId: string, changes: UpdateOfficerBody): Promise<OfficerView> {
    return this.transactions.run(async (tx) => {
      const action = 'officer.update';
      const before = await this.officers.lockById(tx, officerId);
      const context = await this.loadForWrite(tx, actor, before?.projectId ?? null, action, officerId);
      if (!before) throw new NotFoundError(OFFICER_NOT_FOUND);
      const after = mergeOfficer(before, changes);
      if (after.role === 'leader' && secondLeader(await this.officers.findByProject(tx, before.projectId), before.id)) {
        throw new ValidationError([{ field: 'role', message: '该县领导小组已有组长' }], '该县领导小组已有组长');
      }
      const saved = await this.officers.update(tx, after);
      await this.announce(tx, actor, context, saved, false, changesReminders(before, saved));
      await this.audit.recordDone(tx, {
        actor,
        action,
        targetType: 'officer',
        targetId: saved.id,
        before,
        after: saved,
      });
      return toOfficerView(saved);
    });
  }

  remove(actor: Actor, officerId: string): Promise<{ removed: true }> {
    return this.transactions.run(async (tx) => {
      const action = 'officer.remove';
      const officer = await this.officers.lockById(tx, officerId);
      const context = await this.loadForWrite(tx, actor, officer?.projectId ?? null, action, officerId);
      if (!officer) throw new NotFoundError(OFFICER_NOT_FOUND);
      const answersFor = (await this.milestones.findByProject(tx, officer.projectId)).filter(
        (milestone) => milestone.status !== 'done' && milestone.responsibleOfficerIds.includes(officer.id),
      );
      if (answersFor.length > 0) {
        throw new ConflictError(
          `${officer.name}仍是未完成节点的责任人（${answersFor.map((m) => m.title).join('、')}），请先更换责任人`,
        );
      }
      await this.officers.delete(tx, officer.id);
      await this.announce(tx, actor, context, officer, true, officer.role === 'leader');
      await this.audit.recordDone(tx, { actor, action, targetType: 'officer', targetId: officer.id, before: officer });
      return { removed: true as const };
    });
  }

  /** The project of the group, in scope and locked, and the caller allowed to edit its group. */
  private async loadForWrite(
    tx: Tx,
    actor: Actor,
    projectId: string | null,
    action: string,
    officerId: string | null,
  ): Promise<ProjectContext> {
    if (projectId === null) throw new NotFoundError(OFFICER_NOT_FOUND);
    const context = await this.projectAccess.load(tx, actor, projectId, action, { lock: true });
    await this.access.requireRole(
      { actor, action, targetType: 'officer', targetId: officerId },
      mayEditLeadingGroup(actor.role),
      roleMayNotMessage(actor.role, '编辑领导小组'),
    );
    return context;
  }

  /** OfficerChanged, and the open milestones again when whom their reminders name has changed. */
  private async announce(
    tx: Tx,
    actor: Actor,
    context: ProjectContext,
    officer: OfficerRecord,
    removed: boolean,
    readdress: boolean,
  ): Promise<void> {
    const now = this.clock.now();
    await this.outbox.append(
      tx,
      OfficerChanged,
      {
        officerId: officer.id,
        projectId: officer.projectId,
        regionCode: context.county.code,
        name: officer.name,
        username: officer.username,
        contacts: officer.contacts,
        removed,
        changedBy: eventActor(actor),
      },
      { aggregateId: officer.id, occurredAt: now },
    );
    if (!readdress) return;
    const group = await this.officers.findByProject(tx, officer.projectId);
    const open = (await this.milestones.findByProject(tx, officer.projectId)).filter((m) => m.status !== 'done');
    for (const milestone of open) {
      await this.outbox.append(
        tx,
        MilestoneUpdated,
        {
          ...milestoneFacts(context, milestone, group),
          changed: ['responsibleOfficers'],
          changedBy: eventActor(actor),
        },
        { aggregateId: milestone.id, occurredAt: now },
      );
    }
  }
}
