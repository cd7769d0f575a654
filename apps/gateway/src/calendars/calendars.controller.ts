import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  GetCalendarYearRpc,
  ListCalendarYearsRpc,
  PutCalendarYearRpc,
  putCalendarYearBodySchema,
} from '@duban/contracts';
import { YEAR } from '../core/route-params';
import { RpcRoute } from '../core/route.decorator';
import { docs } from './calendars.docs';

/** Loading a year re-plans the open deadlines it touches before answering: allow it more time. */
const LOAD_TIMEOUT_MS = 60_000;

/**
 * The working-day calendar: one holiday table per year, kept by the notifications service (which plans
 * reminders on it and checks who may load one).
 */
@ApiTags('calendars')
@ApiBearerAuth()
@Controller('calendars')
export class CalendarsController {
  @RpcRoute(ListCalendarYearsRpc, 'GET', docs.list)
  list() {}

  @RpcRoute(GetCalendarYearRpc, 'GET :year', {
    ...docs.get,
    params: YEAR,
    request: (actor, { id }) => ({ actor, year: Number(id) }),
  })
  get() {}

  @RpcRoute(PutCalendarYearRpc, 'PUT :year', {
    ...docs.put,
    params: YEAR,
    body: putCalendarYearBodySchema,
    roles: ['province_admin'],
    timeoutMs: LOAD_TIMEOUT_MS,
    request: (actor, { id }, body) => ({ actor, ...body, year: Number(id) }),
  })
  put() {}
}
