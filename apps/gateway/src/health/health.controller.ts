import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/current-actor.decorator';
import { HealthService, type SystemHealth } from './health.service';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'State of each service and of Postgres, Redis and NATS (no login needed)' })
  @ApiResponse({
    status: 200,
    description: 'Everything is up, or degraded: working, with `reasons` saying what is not as it should be',
  })
  @ApiResponse({ status: 503, description: 'Something is down; `down` names it' })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<SystemHealth> {
    const health = await this.health.check();
    reply.status(health.status === 'down' ? 503 : 200);
    return health;
  }
}
