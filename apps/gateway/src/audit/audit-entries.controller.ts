import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuditListRpc, auditPageSchema, type Actor, type AuditEntriesQuery, type AuditPage } from '@duban/contracts';
import { AuditEntries, RpcClient } from '@duban/platform';
import { openApiSchema } from '../core/openapi-schema';
import { QUERY } from '../core/route-params';
import { HttpRoute } from '../core/route.decorator';

/**
 * Who changed what (DESIGN rule 9), for the province administrator: one trail at a time, each service's
 * asked over its `<service>.audit.list` RPC (the service checks the role again), the gateway's read here.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditEntriesController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly gatewayTrail: AuditEntries,
  ) {}

  @HttpRoute('GET entries', {
    summary:
      '某个服务的审计记录（最新在前，分页）：谁、何时、做了什么、改动前后；可按地区、操作人、日期筛选（仅省级管理员）',
    query: QUERY.auditEntries,
    roles: ['province_admin'],
    answer: openApiSchema(auditPageSchema, 'output'),
    403: '仅省级管理员可查看审计记录',
  })
  async list(actor: Actor, { service, ...filter }: AuditEntriesQuery): Promise<AuditPage> {
    if (service !== 'gateway') return this.rpc.call(AuditListRpc[service], { actor, ...filter });
    return { service, page: filter.page, pageSize: filter.pageSize, ...(await this.gatewayTrail.list(filter)) };
  }
}
