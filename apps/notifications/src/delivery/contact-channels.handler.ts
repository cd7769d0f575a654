import { Injectable } from '@nestjs/common';
import {
  ListContactChannelsRpc,
  PutContactChannelsRpc,
  type Actor,
  type AddresseeChannels,
  type ContactChannelList,
} from '@duban/contracts';
import { RpcHandler } from '@duban/platform';
import { ContactChannelsService } from './contact-channels.service';

/** `GET/PUT /api/notification-channels`. */
@Injectable()
export class ContactChannelsHandler {
  constructor(private readonly channels: ContactChannelsService) {}

  @RpcHandler(ListContactChannelsRpc)
  list(request: { actor: Actor }): Promise<ContactChannelList> {
    return this.channels.list(request.actor);
  }

  @RpcHandler(PutContactChannelsRpc)
  put(request: { actor: Actor; addressee: unknown; channels: unknown }): Promise<AddresseeChannels> {
    return this.channels.put(request.actor, { addressee: request.addressee, channels: request.channels });
  }
}
