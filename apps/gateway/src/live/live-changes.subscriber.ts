import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  DashboardRollupChanged,
  EvaluationDeadlines,
  FundingNotices,
  InspectionPassed,
  InspectionScored,
  InstructionAcknowledged,
  MilestoneCompleted,
  MilestoneInstructed,
  MilestoneReopened,
  MilestoneRescheduled,
  MilestoneUpdated,
  MilestoneUrged,
  MonthlyReportAccepted,
  MonthlyReportReturned,
  MonthlyReportSubmitted,
  ProjectUpdated,
  milestonePlaceSchema,
  type Deadline,
  type Envelope,
  type InspectionPassedData,
  type InspectionScoredData,
  type LiveTopic,
  type Notice,
} from '@duban/contracts';
import { InboxWatchers } from '../notifications/inbox-watchers.service';
import { liveChange, type ChangeSource } from './live-change.rules';

/** Every replica sees every event (ordered consumers from "new"): a hint to refetch, not a record. */
const FANOUT = { fanout: true } as const;
/** A milestone event's hint reads only where its milestone is. */
const MILESTONE_FANOUT = { fanout: true, reads: milestonePlaceSchema } as const;

/**
 * Live pages (issue 14, item 6): follows the services' events about what the dashboard, the county page and
 * the inspection page show, and tells the open streams of this gateway replica whose users may see the
 * region (`event: change`). Like the inbox hint, nothing is kept: a page that reconnects refetches.
 */
@Controller()
export class LiveChangesSubscriber {
  constructor(private readonly watchers: InboxWatchers) {}

  private tell(topic: LiveTopic, source: ChangeSource): void {
    const { change, regionPath } = liveChange(topic, source);
    this.watchers.changed(change, regionPath);
  }

  /** The dashboards' read model has a county's change: a dashboard refetched now shows it. */
  @EventPattern(DashboardRollupChanged.type, FANOUT)
  dashboardChanged(@Payload() event: Envelope<ChangeSource>): void {
    this.tell('dashboard', event.data);
  }

  @EventPattern(MilestoneCompleted.type, MILESTONE_FANOUT)
  completed(@Payload() event: Envelope<ChangeSource>): void {
    this.tell('milestones', event.data);
  }

  @EventPattern(MilestoneReopened.type, MILESTONE_FANOUT)
  reopened(@Payload() event: Envelope<ChangeSource>): void {
    this.tell('milestones', event.data);
  }

  @EventPattern(MilestoneRescheduled.type, MILESTONE_FANOUT)
  rescheduled(@Payload() event: Envelope<ChangeSource>): void {
    this.tell('milestones', event.data);
  }

  @EventPattern(MilestoneUpdated.type, MILESTONE_FANOUT)
  updated(@Payload() event: Envelope<ChangeSource>): void {
    this.tell('milestones', event.data);
  }

  @EventPattern(MilestoneUrged.type, FANOUT)
  urged(@Payload() event: Envelope<ChangeSource>): void {
    this.tell('milestones', event.data);
  }

  @EventPattern(MilestoneInstructed.type, FANOUT)
  instructed(@Payload() event: Envelope<ChangeSource>): void {
    this.tell('milestones', event.data);
  }

  @EventPattern(InstructionAcknowledged.type, FANOUT)
  acknowledged(@Payload() event: Envelope<ChangeSource>): void {
    this.tell('milestones', event.data);
  }

  @EventPattern(ProjectUpdated.type, FANOUT)
  projectUpdated(@Payload() event: Envelope<ChangeSource>): void {
    this.tell('project', event.data);
  }

  @EventPattern(MonthlyReportSubmitted.type, FANOUT)
  reportSubmitted(@Payload() event: Envelope<ChangeSource>): void {
    this.tell('reports', event.data);
  }

  @EventPattern(MonthlyReportReturned.type, FANOUT)
  reportReturned(@Payload() event: Envelope<ChangeSource>): void {
    this.tell('reports', event.data);
  }

  @EventPattern(MonthlyReportAccepted.type, FANOUT)
  reportAccepted(@Payload() event: Envelope<ChangeSource>): void {
    this.tell('reports', event.data);
  }

  @EventPattern(InspectionPassed.type, FANOUT)
  inspectionPassed(@Payload() event: Envelope<InspectionPassedData>): void {
    this.tell('inspection', event.data);
  }

  /**
   * Scores saved on an inspection: its score sheet, open elsewhere (a second inspector, the county, the
   * city), refetches. Told to those in the county's scope, the evaluation service's own rule for reading an
   * inspection (an inspector's scope is the counties assigned).
   */
  @EventPattern(InspectionScored.type, FANOUT)
  inspectionScored(@Payload() event: Envelope<InspectionScoredData>): void {
    this.tell('inspection', event.data);
  }

  /** A rectification item set or changed after an inspection. */
  @EventPattern(EvaluationDeadlines.DeadlineSet.type, FANOUT)
  rectification(@Payload() event: Envelope<Deadline>): void {
    this.tell('inspection', event.data);
  }

  /** The evaluation service's notices: an inspection opened, signed or failed, a rectification due. */
  @EventPattern(EvaluationDeadlines.NoticeRaised.type, FANOUT)
  inspectionNotice(@Payload() event: Envelope<Notice>): void {
    const { regionCode, subjectType, subjectId } = event.data;
    this.tell('inspection', { regionCode, inspectionId: subjectType === 'inspection' ? subjectId : null });
  }

  /** The funding service's notices (an expenditure flagged): the money the dashboard and the county show. */
  @EventPattern(FundingNotices.NoticeRaised.type, FANOUT)
  fundingNotice(@Payload() event: Envelope<Notice>): void {
    this.tell('funding', { regionCode: event.data.regionCode });
  }
}
