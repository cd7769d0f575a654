import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ListContactChannelsRpc,
  PutContactChannelsRpc,
  type Actor,
  type AddresseeChannels,
  type ContactChannelList,
} from '@duban/contracts';
import { ContactChannelsService } from './contact-channels.service';

/** `GET/PUT /api/notification-channels`. */
@Controller()
export class ContactChannelsHandler {
  constructor(private readonly channels: ContactChannelsService) {}

  @MessagePattern(ListContactChannelsRpc.subject)
  list(@Payload() request: { actor: Actor }): Promise<ContactChannelList> {
    return this.channels.list(request.actor);
  }

  @MessagePattern(PutContactChannelsRpc.subject)
  put(@Payload() request: { actor: Actor; addressee: unknown; channels: unknown }): Promise<AddresseeChannels> {
    return this.channels.put(request.actor, { addressee: request.addressee, channels: request.channels });
  }
}
