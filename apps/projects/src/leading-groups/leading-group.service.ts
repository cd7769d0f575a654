import {
  ConflictError,
  NotFoundError,
  ValidationError,
  type Actor,
  type CreateOfficerBody,
  type OfficerView,
  type UpdateOfficerBody,
} from '@duban/contracts';
import { Access, AuditLog, Transactions, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { MilestonesRepository } from '../milestones/milestones.repository';
import { toOfficerView } from '../officers/officer-view';
import { OfficersRepository } from '../officers/officers.repository';
import { ProjectAccessService, type ProjectContext } from '../projects/project-access.service';
import { mayEditLeadingGroup, roleMayNotMessage } from '../scope/role-rules';
import { changesReminders, mergeOfficer, secondLeader } from './leading-group-rules';
import { OfficerAnnouncements } from './officer-announcements.service';

const OFFICER_NOT_FOUND = '领导小组成员不存在';

/**
 * Editing a county's leading group (领导小组): members with their contacts, with or without an account.
 * Each change is announced (OfficerAnnouncements). Who answers for which milestone is `PATCH /api/milestones/:id` {responsibleOfficerIds}.
 */
@Injectable()
export class LeadingGroupService {
  constructor(
    private readonly transactions: Transactions,
    private readonly projectAccess: ProjectAccessService,
    private readonly officers: OfficersRepository,
    private readonly milestones: MilestonesRepository,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly announcements: OfficerAnnouncements,
  ) {}

  create(actor: Actor, projectId: string, body: CreateOfficerBody): Promise<OfficerView> {
    return this.transactions.runAndAnswer(async (tx) => {
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
          smsOptedOut: body.smsOptedOut,
        },
      ]);
      if (!created) throw new Error('officer insert returned nothing');
      await this.announcements.announce(tx, actor, context, created, {
        removed: false,
        readdress: created.role === 'leader',
      });
      await this.audit.recordDone(tx, { actor, action, targetType: 'officer', targetId: created.id, after: created });
      return toOfficerView(created);
    });
  }

  update(actor: Actor, officerId: string, changes: UpdateOfficerBody): Promise<OfficerView> {
    return this.transactions.runAndAnswer(async (tx) => {
      const action = 'officer.update';
      const before = await this.officers.lockById(tx, officerId);
      const context = await this.loadForWrite(tx, actor, before?.projectId ?? null, action, officerId);
      if (!before) throw new NotFoundError(OFFICER_NOT_FOUND);
      const after = mergeOfficer(before, changes);
      if (after.role === 'leader' && secondLeader(await this.officers.findByProject(tx, before.projectId), before.id)) {
        throw new ValidationError([{ field: 'role', message: '该县领导小组已有组长' }], '该县领导小组已有组长');
      }
      const saved = await this.officers.update(tx, after);
      await this.announcements.announce(tx, actor, context, saved, {
        removed: false,
        readdress: changesReminders(before, saved),
      });
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
    return this.transactions.runAndAnswer(async (tx) => {
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
      await this.announcements.announce(tx, actor, context, officer, {
        removed: true,
        readdress: officer.role === 'leader',
      });
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
}
