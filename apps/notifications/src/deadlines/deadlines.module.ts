import { Module } from '@nestjs/common';
import { DeadlinesRepository } from './deadlines.repository';
import { RemindersHandler } from './reminders.handler';
import { RemindersService } from './reminders.service';

/**
 * Deadlines and their reminder rows: the owner of both tables (whoever plans, fires or lists them goes
 * through `DeadlinesRepository`), and the route that shows a milestone's plan. Depends on no other feature.
 */
@Module({
  controllers: [RemindersHandler],
  providers: [DeadlinesRepository, RemindersService],
  exports: [DeadlinesRepository],
})
export class DeadlinesModule {}
