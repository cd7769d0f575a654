import {
  CloseRectificationRpc,
  CreateRectificationRpc,
  type CloseRectificationRequest,
  type CreateRectificationRequest,
  type RectificationView,
} from '@duban/contracts';
import { RpcHandler } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { RectificationsService } from './rectifications.service';

@Injectable()
export class RectificationsHandler {
  constructor(private readonly rectifications: RectificationsService) {}

  @RpcHandler(CreateRectificationRpc)
  create(request: CreateRectificationRequest): Promise<RectificationView> {
    return this.rectifications.create(request);
  }

  @RpcHandler(CloseRectificationRpc)
  close(request: CloseRectificationRequest): Promise<RectificationView> {
    return this.rectifications.close(request);
  }
}
