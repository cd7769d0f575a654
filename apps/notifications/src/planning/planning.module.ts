import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { TimersModule } from '../timers/timers.module';
import { EvaluationDeadlinesSubscriber, FundingDeadlinesSubscriber } from './deadline-events.subscriber';
import { CalendarReplanner } from './calendar-replan.service';
import { DeadlinePlanning } from './deadline-planning.service';
import { ProgrammeClosing } from './programme-closing.service';
import { ProgrammePolicyReplanning } from './programme-policy-replan.service';
import { ProjectDeadlinesSubscriber } from './project-deadlines.subscriber';
import { ProjectsEventsSubscriber } from './projects-events.subscriber';

/**
 * The deadlines side: other services' events (milestones, deadlines, notices) become deadlines and planned
 * reminders, whose timers it asks the timers feature to arm; notices go out at once through delivery. When the
 * calendar gains a year's holiday table, what was planned on Monday–Friday for that year is planned again; when a
 * programme's reminder policy changes, its open milestones are planned again all at once.
 */
@Module({
  imports: [DeadlinesModule, TimersModule, DeliveryModule],
  controllers: [
    ProjectsEventsSubscriber,
    ProjectDeadlinesSubscriber,
    EvaluationDeadlinesSubscriber,
    FundingDeadlinesSubscriber,
  ],
  providers: [DeadlinePlanning, CalendarReplanner, ProgrammeClosing, ProgrammePolicyReplanning],
})
export class PlanningModule {}
