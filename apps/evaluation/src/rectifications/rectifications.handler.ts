import {
  CloseRectificationRpc,
  CreateRectificationRpc,
  type CloseRectificationRequest,
  type CreateRectificationRequest,
  type RectificationView,
} from '@duban/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RectificationsService } from './rectifications.service';

@Controller()
export class RectificationsHandler {
  constructor(private readonly rectifications: RectificationsService) {}

  @MessagePattern(CreateRectificationRpc.subject)
  create(@Payload() request: CreateRectificationRequest): Promise<RectificationView> {
    return this.rectifications.create(request);
  }

  @MessagePattern(CloseRectificationRpc.subject)
  close(@Payload() request: CloseRectificationRequest): Promise<RectificationView> {
    return this.rectifications.close(request);
  }
}
