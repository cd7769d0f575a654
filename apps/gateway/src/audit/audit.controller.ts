import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@duban/contracts';
import { QUERY, type AuditQuery } from '../core/route-params';
import { HttpRoute } from '../core/route.decorator';
import { AuditTrailRepository, type AuditEntry } from './audit-trail.repository';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly trail: AuditTrailRepository) {}

  @HttpRoute('GET', {
    summary:
      "The gateway's audit trail, newest first: logins, lockouts, refused tokens and roles (province admin only)",
    query: QUERY.audit,
    roles: ['province_admin'],
    ok: '`{items: [...]}`',
    403: 'The caller is not a province admin',
  })
  async list(_actor: Actor, { username, ...query }: AuditQuery): Promise<{ items: AuditEntry[] }> {
    return { items: await this.trail.find({ ...query, actorUsername: username }) };
  }
}
