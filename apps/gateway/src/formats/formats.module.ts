import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { CalendarController } from './calendar.controller';
import { CalendarFeeds } from './calendar-feeds.service';
import { CalendarTokensRepository } from './calendar-tokens.repository';
import { CalendarTokens } from './calendar-tokens.service';
import { PdfReportsController } from './pdf-reports.controller';
import { PdfReports } from './pdf-reports.service';

/**
 * The formats officers live in besides the API's JSON: PDF reports (`/api/inspections/:id/report.pdf`,
 * `/api/reports/summary.pdf`) and iCalendar feeds (`/api/projects/:id/calendar.ics`, `/api/calendar/:token.ics`,
 * with the feed token at `/api/me/calendar-token`), all composed here from the services' answers.
 */
@Module({
  imports: [AccountsModule, EvaluationModule],
  controllers: [PdfReportsController, CalendarController],
  providers: [PdfReports, CalendarFeeds, CalendarTokens, CalendarTokensRepository],
})
export class FormatsModule {}
