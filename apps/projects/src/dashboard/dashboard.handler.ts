import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetDashboardRpc, type Dashboard, type GetDashboardRequest } from '@duban/contracts';
import { DashboardService } from './dashboard.service';

@Controller()
export class DashboardHandler {
  constructor(private readonly dashboard: DashboardService) {}

  @MessagePattern(GetDashboardRpc.subject)
  get(@Payload() request: GetDashboardRequest): Promise<Dashboard> {
    return this.dashboard.get(request);
  }
}
