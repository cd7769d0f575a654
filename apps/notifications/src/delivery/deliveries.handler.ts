import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListDeliveriesRpc, type Actor, type OutboundMessageList, type OutboundState } from '@duban/contracts';
import { DeliveriesService } from './deliveries.service';

/** `GET /api/notifications/deliveries?state=failed`. */
@Controller()
export class DeliveriesHandler {
  constructor(private readonly deliveries: DeliveriesService) {}

  @MessagePattern(ListDeliveriesRpc.subject)
  list(@Payload() request: { actor: Actor; state?: OutboundState; limit?: number }): Promise<OutboundMessageList> {
    return this.deliveries.list(request.actor, request.state ?? null, request.limit ?? 100);
  }
}
