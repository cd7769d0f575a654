import { MilestoneUpdated, OfficerChanged, type Actor } from '@duban/contracts';
import { Clock, Outbox, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { eventActor } from '../milestones/event-actor-view';
import { milestoneFacts } from '../milestones/milestone-facts-view';
import { MilestonesRepository } from '../milestones/milestones.repository';
import type { OfficerRecord } from '../officers/officers.repository';
import { OfficersRepository } from '../officers/officers.repository';
import type { ProjectContext } from '../projects/project-access.service';
import { ReportDeadlines } from '../reports/report-deadlines.service';

/**
 * Tells the other services that a leading group changed, whichever way it was edited (one member in the web
 * app, or many from an Excel import): OfficerChanged (the notifications service keeps the contacts, and reaches
 * a member without an account by them), and, when it changes whom reminders name (a name, an account, who is
 * 组长), the county's open milestones again as MilestoneUpdated and its unfiled monthly reports' deadlines
 * again, so their planned reminders are re-addressed.
 */
@Injectable()
export class OfficerAnnouncements {
  constructor(
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly officers: OfficersRepository,
    private readonly milestones: MilestonesRepository,
    private readonly reportDeadlines: ReportDeadlines,
  ) {}

  async announce(
    tx: Tx,
    actor: Actor,
    context: ProjectContext,
    officer: OfficerRecord,
    { removed, readdress }: { removed: boolean; readdress: boolean },
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
        smsOptedOut: officer.smsOptedOut,
        removed,
        changedBy: eventActor(actor),
      },
      { aggregateId: officer.id, occurredAt: now },
    );
    if (readdress) await this.readdressOpenMilestones(tx, actor, context, now);
  }

  /** Every open milestone of the county again, addressed to the group as it now is. */
  async readdressOpenMilestones(tx: Tx, actor: Actor, context: ProjectContext, now = this.clock.now()): Promise<void> {
    const group = await this.officers.findByProject(tx, context.project.id);
    const open = (await this.milestones.findByProject(tx, context.project.id)).filter((m) => m.status !== 'done');
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
    // The county's unfiled monthly reports name its 组长 too: announced again, addressed to the group as it is.
    await this.reportDeadlines.rescheduleProgramme(tx, context.programme, [context.project], now);
  }
}
