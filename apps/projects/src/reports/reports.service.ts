import { Injectable } from '@nestjs/common';
import { chineseMonth } from '@duban/calendar';
import {
  ConflictError,
  MonthlyReportAccepted,
  MonthlyReportReturned,
  MonthlyReportSubmitted,
  ValidationError,
  type AcceptMonthlyReportRequest,
  type Actor,
  type EventDefinition,
  type GetMonthlyReportRequest,
  type ListMonthlyReportsRequest,
  type MonthlyReport,
  type MonthlyReportEvent,
  type MonthlyReportFields,
  type ReportHistoryEntry,
  type ResubmitMonthlyReportRequest,
  type ReturnMonthlyReportRequest,
  type SubmitMonthlyReportRequest,
} from '@duban/contracts';
import { Access, AuditLog, Clock, Outbox, Transactions, type Tx } from '@duban/platform';
import { eventActor } from '../milestones/event-actor-view';
import { roleMayNotMessage } from '../scope/role-rules';
import { requireWritable } from '../programmes/programme-status-rules';
import { REPORT_REVIEWERS, REPORT_SUBMITTERS, ReportAccessService, type ReportProject } from './report-access.service';
import { changedFields, contentOf } from './report-content-rules';
import { ReportDeadlines } from './report-deadlines.service';
import { invalidReportMonth, isLate, missingOperatingFigures, transition, type ReportCommand } from './report-rules';
import { auditSnapshot, reportEvent, toMonthlyReport } from './report-view';
import { ReportsRepository, type MonthlyReportRecord } from './reports.repository';

const SUBMIT = '报送月报（月报由县级专班报送）';
const REVIEW = '审核月报（月报由市局审核）';

/**
 * The monthly report cycle: the county submits, the city returns it with a comment or accepts it, the
 * county resubmits a returned one. Each write is one transaction holding the change, its event and its
 * audit row; a refused write leaves nothing but an audit row saying it was refused.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly reports: ReportsRepository,
    private readonly reportAccess: ReportAccessService,
    private readonly access: Access,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly deadlines: ReportDeadlines,
  ) {}

  async list({ actor, projectId }: ListMonthlyReportsRequest): Promise<{ items: MonthlyReport[] }> {
    const tx = this.transactions.none;
    const project = await this.reportAccess.project(tx, actor, projectId, 'monthly_report.list');
    const reports = await this.reports.listForProject(tx, project.projectId);
    return { items: reports.map((report) => toMonthlyReport(report, project)) };
  }

  async get({ actor, reportId }: GetMonthlyReportRequest): Promise<MonthlyReport> {
    const { report, project } = await this.reportAccess.report(
      this.transactions.none,
      actor,
      reportId,
      'monthly_report.get',
    );
    return toMonthlyReport(report, project);
  }

  async submit(request: SubmitMonthlyReportRequest): Promise<MonthlyReport> {
    const { actor, projectId, month, ...fields } = request;
    const action = 'monthly_report.submit';
    const attempt = { actor, action, targetType: 'county_project', targetId: projectId };
    const project = await this.reportAccess.project(this.transactions.none, actor, projectId, action);
    await this.access.requireRole(attempt, REPORT_SUBMITTERS, roleMayNotMessage(actor.role, SUBMIT));
    requireWritable(project.programme);
    const now = this.clock.now();
    return this.audit.refusalsAudited(attempt, async () => {
      this.checkContent(month, fields, project, now, true);
      return this.transactions.runAndAnswer(async (tx) => {
        const by = eventActor(actor);
        const history: ReportHistoryEntry = {
          action: 'submitted',
          status: 'submitted',
          at: now.toISOString(),
          by,
          comment: null,
        };
        const created = await this.reports.insertIfAbsent(tx, {
          projectId,
          month,
          ...contentOf(fields),
          status: 'submitted',
          late: isLate(month, project.schedule, now),
          submittedAt: now,
          submittedBy: actor.username,
          reviewComment: null,
          reviewedAt: null,
          reviewedBy: null,
          history: [history],
        });
        if (!created) {
          throw new ConflictError(`${chineseMonth(month)}的月报已报送，不能重复报送；如需修改，请修改后重新报送该月报`);
        }
        const after = toMonthlyReport(created, project);
        await this.announce(tx, MonthlyReportSubmitted, reportEvent(after, project, by, null), now);
        await this.deadlines.submitted(tx, project, created, null, now);
        await this.audit.recordDone(tx, {
          actor,
          action,
          targetType: 'monthly_report',
          targetId: created.id,
          after: auditSnapshot(after),
        });
        return after;
      });
    });
  }

  async resubmit(request: ResubmitMonthlyReportRequest): Promise<MonthlyReport> {
    const { actor, reportId, ...fields } = request;
    const action = 'monthly_report.resubmit';
    const attempt = { actor, action, targetType: 'monthly_report', targetId: reportId };
    const { report, project } = await this.reportAccess.report(this.transactions.none, actor, reportId, action);
    await this.access.requireRole(attempt, REPORT_SUBMITTERS, roleMayNotMessage(actor.role, SUBMIT));
    requireWritable(project.programme);
    const now = this.clock.now();
    return this.audit.refusalsAudited(attempt, async () => {
      this.checkContent(report.month, fields, project, now, false);
      return this.change({ actor, action, reportId, project, command: 'resubmit', now }, (locked, by) => ({
        changes: { ...contentOf(fields), submittedAt: now, submittedBy: actor.username },
        entry: {
          action: 'resubmitted',
          at: now.toISOString(),
          by,
          comment: null,
          changedFields: changedFields(locked, fields),
        },
        comment: null,
      }));
    });
  }

  async return({ actor, reportId, comment }: ReturnMonthlyReportRequest): Promise<MonthlyReport> {
    return this.review(actor, reportId, 'return', comment);
  }

  async accept({ actor, reportId, comment }: AcceptMonthlyReportRequest): Promise<MonthlyReport> {
    return this.review(actor, reportId, 'accept', comment ?? null);
  }

  private async review(
    actor: Actor,
    reportId: string,
    command: 'return' | 'accept',
    comment: string | null,
  ): Promise<MonthlyReport> {
    const action = `monthly_report.${command}`;
    const attempt = { actor, action, targetType: 'monthly_report', targetId: reportId };
    const { project } = await this.reportAccess.report(this.transactions.none, actor, reportId, action);
    await this.access.requireRole(attempt, REPORT_REVIEWERS, roleMayNotMessage(actor.role, REVIEW));
    requireWritable(project.programme);
    const now = this.clock.now();
    return this.audit.refusalsAudited(attempt, () =>
      this.change({ actor, action, reportId, project, command, now }, (_locked, by) => ({
        changes: { reviewComment: comment, reviewedAt: now, reviewedBy: actor.username },
        entry: { action: command === 'return' ? 'returned' : 'accepted', at: now.toISOString(), by, comment },
        comment,
      })),
    );
  }

  /**
   * One step of the cycle on an existing report, in one transaction: lock the row, check the step is
   * allowed from its current status, apply it, append to its history, write the event and the audit row.
   */
  private change(
    step: { actor: Actor; action: string; reportId: string; project: ReportProject; command: ReportCommand; now: Date },
    apply: (
      locked: MonthlyReportRecord,
      by: ReportHistoryEntry['by'],
    ) => {
      changes: Partial<MonthlyReportRecord>;
      entry: Omit<ReportHistoryEntry, 'status'>;
      comment: string | null;
    },
  ): Promise<MonthlyReport> {
    const { actor, action, reportId, project, command, now } = step;
    return this.transactions.runAndAnswer(async (tx) => {
      const locked = await this.reports.findById(tx, reportId, { lock: true });
      if (!locked) throw new ConflictError('月报已不存在');
      const allowed = transition(locked.status, command);
      if (!allowed.allowed) throw new ConflictError(allowed.reason);
      const before = toMonthlyReport(locked, project);
      const by = eventActor(actor);
      const { changes, entry, comment } = apply(locked, by);
      const saved = await this.reports.update(tx, {
        ...locked,
        ...changes,
        status: allowed.next,
        history: [...locked.history, { ...entry, status: allowed.next }],
      });
      const after = toMonthlyReport(saved, project);
      await this.announce(tx, EVENT_BY_STATUS[allowed.next], reportEvent(after, project, by, comment), now);
      if (command === 'resubmit') await this.deadlines.submitted(tx, project, saved, locked.status, now);
      if (command === 'return') await this.deadlines.returned(tx, project, project.chase, saved, by.displayName, now);
      await this.audit.recordDone(tx, {
        actor,
        action,
        targetType: 'monthly_report',
        targetId: reportId,
        before: auditSnapshot(before),
        after: auditSnapshot(after),
        ...(comment ? { detail: comment } : {}),
      });
      return after;
    });
  }

  /** The month and the October rule; everything else the contract's schema has checked already. */
  private checkContent(
    month: string,
    fields: MonthlyReportFields,
    project: ReportProject,
    now: Date,
    newReport: boolean,
  ): void {
    const errors = [
      ...(newReport ? invalidReportMonth(month, project.schedule, now) : []),
      ...missingOperatingFigures(month, project.schedule, fields),
    ];
    if (errors.length > 0) throw new ValidationError(errors, '月报填写不完整或有误');
  }

  private announce(tx: Tx, event: EventDefinition<MonthlyReportEvent>, data: MonthlyReportEvent, at: Date) {
    return this.outbox.append(tx, event, data, { aggregateId: data.reportId, occurredAt: at });
  }
}

const EVENT_BY_STATUS = {
  submitted: MonthlyReportSubmitted,
  returned: MonthlyReportReturned,
  accepted: MonthlyReportAccepted,
} as const;
