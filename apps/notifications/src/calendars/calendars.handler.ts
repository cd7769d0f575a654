import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  GetCalendarYearRpc,
  ListCalendarYearsRpc,
  PutCalendarYearRpc,
  type Actor,
  type CalendarYearList,
  type CalendarYearLoadedView,
  type CalendarYearView,
} from '@duban/contracts';
import { CalendarsService } from './calendars.service';

/** `GET /api/calendars`, `GET/PUT /api/calendars/:year`. */
@Controller()
export class CalendarsHandler {
  constructor(private readonly calendars: CalendarsService) {}

  @MessagePattern(ListCalendarYearsRpc.subject)
  list(): Promise<CalendarYearList> {
    return this.calendars.list();
  }

  @MessagePattern(GetCalendarYearRpc.subject)
  get(@Payload() request: { year: number }): Promise<CalendarYearView> {
    return this.calendars.get(request.year);
  }

  @MessagePattern(PutCalendarYearRpc.subject)
  put(@Payload() request: { actor: Actor; year: number } & Record<string, unknown>): Promise<CalendarYearLoadedView> {
    const { actor, year, ...body } = request;
    return this.calendars.put(actor, { year, body });
  }
}
