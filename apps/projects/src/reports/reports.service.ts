import { Injectable } from '@nestjs/common';
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
import { AuditLog, Outbox, type AuditRecord } from '@duban/platform';
import type { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import type { MonthlyReportEntity } from './monthly-report.entity';
import { REPORT_REVIEWERS, REPORT_SUBMITTERS, ReportAccess, type ReportProject } from './report-access';
import { changedFields, contentOf } from './report-content';
import { invalidReportMonth, isLate, missingOperatingFigures, transition, type ReportCommand } from './report-rules';
import { actorRef, auditSnapshot, monthLabel, reportEvent, toMonthlyReport } from './report-view';
import { ReportsRepository } from './reports.repository';

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
    private readonly repository: ReportsRepository,
    private readonly access: ReportAccess,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async list({ actor, projectId }: ListMonthlyReportsRequest): Promise<{ items: MonthlyReport[] }> {
    const project = await this.access.project(actor, projectId, 'monthly_report.list');
    const reports = await this.repository.listForProject(project.projectId);
    return { items: reports.map((report) => toMonthlyReport(report, project)) };
  }

  async get({ actor, reportId }: GetMonthlyReportRequest): Promise<MonthlyReport> {
    const { report, project } = await this.access.report(actor, reportId, 'monthly_report.get');
    return toMonthlyReport(report, project);
  }

  async submit(request: SubmitMonthlyReportRequest): Promise<MonthlyReport> {
    const { actor, projectId, month, ...fields } = request;
    const action = 'monthly_report.submit';
    const project = await this.access.project(actor, projectId, action);
    await this.access.requireRole(actor, REPORT_SUBMITTERS, {
      action,
      targetType: 'county_project',
      targetId: projectId,
      what: SUBMIT,
    });
    const now = this.clock.now();
    const attempt: AuditRecord = { actor, action, targetType: 'county_project', targetId: projectId };
    return this.refusedIsAudited(attempt, async () => {
      this.checkContent(month, fields, project, now, true);
      return this.repository.inTransaction(async (manager) => {
        const by = actorRef(actor);
        const history: ReportHistoryEntry = {
          action: 'submitted',
          status: 'submitted',
          at: now.toISOString(),
          by,
          comment: null,
        };
        const created = await this.repository.insertIfAbsent(manager, {
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
          throw new ConflictError(`${monthLabel(month)}的月报已报送，不能重复报送；如需修改，请修改后重新报送该月报`);
        }
        const after = toMonthlyReport(created, project);
        await this.announce(manager, MonthlyReportSubmitted, reportEvent(after, project, by, null), now);
        await this.audit.recordDone(manager, {
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
    const { report, project } = await this.access.report(actor, reportId, action);
    await this.access.requireRole(actor, REPORT_SUBMITTERS, {
      action,
      targetType: 'monthly_report',
      targetId: reportId,
      what: SUBMIT,
    });
    const now = this.clock.now();
    return this.refusedIsAudited({ actor, action, targetType: 'monthly_report', targetId: reportId }, async () => {
      this.checkContent(report.month, fields, project, now, false);
      return this.change({ actor, action, reportId, project, command: 'resubmit', now }, (locked, by) => {
        const changed = changedFields(locked, fields);
        Object.assign(locked, contentOf(fields), { submittedAt: now, submittedBy: actor.username });
        return {
          entry: { action: 'resubmitted', at: now.toISOString(), by, comment: null, changedFields: changed },
          comment: null,
        };
      });
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
    const { project } = await this.access.report(actor, reportId, action);
    await this.access.requireRole(actor, REPORT_REVIEWERS, {
      action,
      targetType: 'monthly_report',
      targetId: reportId,
      what: REVIEW,
    });
    const now = this.clock.now();
    return this.refusedIsAudited({ actor, action, targetType: 'monthly_report', targetId: reportId }, () =>
      this.change({ actor, action, reportId, project, command, now }, (locked, by) => {
        Object.assign(locked, { reviewComment: comment, reviewedAt: now, reviewedBy: actor.username });
        return {
          entry: { action: command === 'return' ? 'returned' : 'accepted', at: now.toISOString(), by, comment },
          comment,
        };
      }),
    );
  }

  /**
   * One step of the cycle on an existing report, in one transaction: lock the row, check the step is
   * allowed from its current status, apply it, append to its history, write the event and the audit row.
   */
  private change(
    step: { actor: Actor; action: string; reportId: string; project: ReportProject; command: ReportCommand; now: Date },
    apply: (
      locked: MonthlyReportEntity,
      by: ReportHistoryEntry['by'],
    ) => { entry: Omit<ReportHistoryEntry, 'status'>; comment: string | null },
  ): Promise<MonthlyReport> {
    const { actor, action, reportId, project, command, now } = step;
    return this.repository.inTransaction(async (manager) => {
      const locked = await this.repository.lockReport(manager, reportId);
      if (!locked) throw new ConflictError('月报已不存在');
      const allowed = transition(locked.status, command);
      if (!allowed.allowed) throw new ConflictError(allowed.reason);
      const before = toMonthlyReport(locked, project);
      const by = actorRef(actor);
      const { entry, comment } = apply(locked, by);
      locked.status = allowed.next;
      locked.history = [...locked.history, { ...entry, status: allowed.next }];
      const after = toMonthlyReport(await this.repository.save(manager, locked), project);
      await this.announce(manager, EVENT_BY_STATUS[allowed.next], reportEvent(after, project, by, comment), now);
      await this.audit.recordDone(manager, {
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

  private announce(
    manager: EntityManager,
    event: EventDefinition<MonthlyReportEvent>,
    data: MonthlyReportEvent,
    at: Date,
  ) {
    return this.outbox.append(manager, event, data, { aggregateId: data.reportId, occurredAt: at });
  }

  /** A write refused for its content or the report's state is recorded as refused, then reported to the caller. */
  private async refusedIsAudited<T>(attempt: AuditRecord, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ConflictError || error instanceof ValidationError) {
        await this.audit.recordRefused({ ...attempt, detail: error.message });
      }
      throw error;
    }
  }
}

const EVENT_BY_STATUS = {
  submitted: MonthlyReportSubmitted,
  returned: MonthlyReportReturned,
  accepted: MonthlyReportAccepted,
} as const;
