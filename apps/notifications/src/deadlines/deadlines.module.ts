import { Module } from '@nestjs/common';
import { InboxModule } from '../inbox/inbox.module';
import { TimersModule } from '../timers/timers.module';
import { EvaluationDeadlinesSubscriber, FundingDeadlinesSubscriber } from './deadline-events.subscriber';
import { DeadlinesService } from './deadlines.service';
import { ProjectsEventsSubscriber } from './projects-events.subscriber';
import { RemindersHandler } from './reminders.handler';

@Module({
  imports: [InboxModule, TimersModule],
  providers: [
    DeadlinesService,
    ProjectsEventsSubscriber,
    EvaluationDeadlinesSubscriber,
    FundingDeadlinesSubscriber,
    RemindersHandler,
  ],
})
export class DeadlinesModule {}
