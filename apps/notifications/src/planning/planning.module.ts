import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { InAppModule } from '../in-app/in-app.module';
import { TimersModule } from '../timers/timers.module';
import { EvaluationDeadlinesSubscriber, FundingDeadlinesSubscriber } from './deadline-events.subscriber';
import { CalendarReplanner } from './calendar-replan.service';
import { DeadlinePlanning } from './deadline-planning.service';
import { ProjectsEventsSubscriber } from './projects-events.subscriber';

/**
 * The deadlines side: other services' events (milestones, deadlines, notices) become deadlines and planned
 * reminders, whose timers it asks the timers feature to arm; notices go straight to the in-app inbox. When the
 * calendar gains a year's holiday table, what was planned on Monday–Friday for that year is planned again.
 */
@Module({
  imports: [DeadlinesModule, TimersModule, InAppModule],
  controllers: [ProjectsEventsSubscriber, EvaluationDeadlinesSubscriber, FundingDeadlinesSubscriber],
  providers: [DeadlinePlanning, CalendarReplanner],
})
export class PlanningModule {}
