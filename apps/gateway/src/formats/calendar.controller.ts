import { Controller, Delete, Get, Header, HttpCode, Param, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError, type Actor } from '@duban/contracts';
import { CurrentActor, Public } from '../auth/current-actor.decorator';
import { contentDisposition } from '../core/content-disposition';
import { openApiSchema } from '../core/openapi-schema';
import { ID, type IdParams } from '../core/route-params';
import { HttpRoute } from '../core/route.decorator';
import { CalendarFeeds } from './calendar-feeds.service';
import { CalendarTokens, type IssuedCalendarToken } from './calendar-tokens.service';
import { docs } from './formats.docs';
import { z } from 'zod';

const CALENDAR = 'text/calendar; charset=utf-8';

const issuedSchema = z.object({
  /** The feed's path (`/api/calendar/<token>.ics`), shown this once. */
  url: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
});
const stateSchema = z.object({ active: z.boolean(), createdAt: z.iso.datetime({ offset: true }).nullable() });

/** The iCalendar feeds: a project's (bearer token), and each person's (by a revocable feed token in the URL). */
@ApiTags('formats')
@Controller()
export class CalendarController {
  constructor(
    private readonly feeds: CalendarFeeds,
    private readonly tokens: CalendarTokens,
  ) {}

  @HttpRoute('GET projects/:id/calendar.ics', { ...docs.projectCalendar, params: ID.project })
  @ApiBearerAuth()
  @ApiProduces('text/calendar')
  async project(actor: Actor, { id }: IdParams): Promise<StreamableFile> {
    const feed = await this.feeds.project(actor, id);
    return calendar(feed.ics, `${feed.name}.ics`);
  }

  @HttpRoute('POST me/calendar-token', { ...docs.createToken, answer: openApiSchema(issuedSchema, 'output') })
  @ApiBearerAuth()
  issue(actor: Actor): Promise<IssuedCalendarToken> {
    return this.tokens.issue(actor);
  }

  @HttpRoute('GET me/calendar-token', { ...docs.tokenState, answer: openApiSchema(stateSchema, 'output') })
  @ApiBearerAuth()
  state(actor: Actor): Promise<{ active: boolean; createdAt: string | null }> {
    return this.tokens.state(actor);
  }

  @Delete('me/calendar-token')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: docs.revokeToken.summary })
  @ApiNoContentResponse({ description: docs.revokeToken.ok })
  async revoke(@CurrentActor() actor: Actor): Promise<void> {
    await this.tokens.revoke(actor);
  }

  /** Public: the token in the URL is the credential (a calendar app sends no header). */
  @Get('calendar/:feed')
  @Public()
  @Header('cache-control', 'private, no-store')
  @ApiOperation({ summary: docs.personalCalendar.summary, description: docs.personalCalendar.description })
  @ApiParam({ name: 'feed', description: '订阅令牌加 .ics，如 3q2…Xw.ics' })
  @ApiProduces('text/calendar')
  @ApiResponse({ status: 200, description: docs.personalCalendar.ok })
  @ApiResponse({ status: 404, description: docs.personalCalendar[404] })
  async personal(@Param('feed') feed: string): Promise<StreamableFile> {
    const owner = feed.endsWith('.ics') ? await this.tokens.ownerOf(feed.slice(0, -'.ics'.length)) : null;
    if (!owner) throw new DomainError('not_found', '订阅地址无效或已停用');
    return calendar(await this.feeds.personal(owner), '督办日历.ics');
  }
}

function calendar(ics: string, filename: string): StreamableFile {
  const data = Buffer.from(ics, 'utf8');
  return new StreamableFile(data, { type: CALENDAR, length: data.length, disposition: contentDisposition(filename) });
}
