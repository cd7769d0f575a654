import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  GetMyChannelPreferencesRpc,
  PutMyChannelPreferencesRpc,
  type Actor,
  type ChannelPreferences,
  type PutMyChannelPreferencesRequest,
} from '@duban/contracts';
import { ChannelPreferencesService } from './channel-preferences.service';

/** `GET/PUT /api/me/notification-preferences`. */
@Controller()
export class ChannelPreferencesHandler {
  constructor(private readonly preferences: ChannelPreferencesService) {}

  @MessagePattern(GetMyChannelPreferencesRpc.subject)
  get(@Payload() request: { actor: Actor }): Promise<ChannelPreferences> {
    return this.preferences.get(request.actor);
  }

  @MessagePattern(PutMyChannelPreferencesRpc.subject)
  put(@Payload() { actor, ...wanted }: PutMyChannelPreferencesRequest): Promise<ChannelPreferences> {
    return this.preferences.put(actor, wanted);
  }
}
