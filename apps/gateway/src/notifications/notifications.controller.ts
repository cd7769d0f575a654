import { Controller, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ListContactChannelsRpc,
  ListDeliveriesRpc,
  ListMilestoneRemindersRpc,
  ListMyNotificationsRpc,
  MarkNotificationReadRpc,
  PutContactChannelsRpc,
  putContactChannelsBodySchema,
  type Actor,
} from '@duban/contracts';
import { Clock } from '@duban/platform';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../auth/current-actor.decorator';
import { PROBLEM } from '../core/openapi-schema';
import { ID, QUERY } from '../core/route-params';
import { HttpRoute, RpcRoute } from '../core/route.decorator';
import { openInboxStream } from './inbox-stream';
import { InboxWatchers } from './inbox-watchers.service';
import { docs } from './notifications.docs';

/**
 * The caller's inbox (and its live stream), a milestone's reminder schedule, and the external channels and
 * their delivery log, answered by the notifications service, which decides what the caller may see.
 */
@ApiTags('notifications')
@ApiBearerAuth()
@ApiResponse({ status: 400, description: PROBLEM.badRequest })
@Controller()
export class NotificationsController {
  constructor(
    private readonly watchers: InboxWatchers,
    private readonly clock: Clock,
  ) {}

  @RpcRoute(ListMyNotificationsRpc, 'GET me/notifications', {
    ...docs.list,
    query: QUERY.notifications,
    request: (actor, { unread, limit }) => ({ actor, unreadOnly: unread === 'true', limit }),
  })
  list() {}

  @HttpRoute('GET me/notifications/stream', docs.stream)
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: '事件流（不会结束，直到客户端断开）',
    content: {
      'text/event-stream': { schema: { type: 'string', example: 'event: notification\ndata: {"ids":["…"]}\n\n' } },
    },
  })
  stream(actor: Actor, @Req() request: AuthenticatedRequest, @Res() reply: FastifyReply): void {
    if (!request.token) throw new Error('the inbox stream opened where the authentication guard did not run');
    openInboxStream(reply, this.watchers, actor, request.token, this.clock.now());
  }

  @RpcRoute(MarkNotificationReadRpc, 'POST me/notifications/:id/read', {
    ...docs.markRead,
    params: ID.notification,
    status: 200,
  })
  markRead() {}

  @RpcRoute(ListMilestoneRemindersRpc, 'GET milestones/:id/reminders', { ...docs.reminders, params: ID.milestone })
  reminders() {}

  @RpcRoute(ListContactChannelsRpc, 'GET notification-channels', {
    ...docs.channels,
    roles: ['province_admin', 'city_officer'],
  })
  channels() {}

  @RpcRoute(PutContactChannelsRpc, 'PUT notification-channels', {
    ...docs.putChannels,
    body: putContactChannelsBodySchema,
    roles: ['province_admin', 'city_officer'],
  })
  putChannels() {}

  @RpcRoute(ListDeliveriesRpc, 'GET notifications/deliveries', {
    ...docs.deliveries,
    query: QUERY.deliveries,
    roles: ['province_admin', 'city_officer'],
  })
  deliveries() {}
}
