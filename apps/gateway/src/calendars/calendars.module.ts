import { Module } from '@nestjs/common';
import { CalendarsController } from './calendars.controller';

/** `/api/calendars…`, answered by the notifications service. */
@Module({ controllers: [CalendarsController] })
export class CalendarsModule {}
