import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '../auth/roles.decorator';
import { ZodValidation } from '../core/zod-validation';
import { AuditTrailRepository, type AuditEntry } from './audit-trail.repository';

const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  action: z.string().min(1).max(100).optional(),
  outcome: z.enum(['done', 'denied', 'refused']).optional(),
  correlationId: z.string().min(1).max(128).optional(),
  username: z.string().min(1).max(64).optional(),
});
type AuditQuery = z.infer<typeof auditQuerySchema>;

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly trail: AuditTrailRepository) {}

  @Get()
  @Roles('province_admin')
  @ApiOperation({
    summary:
      "The gateway's audit trail, newest first: logins, lockouts, refused tokens and roles (province admin only)",
  })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1–500, default 100' })
  @ApiQuery({ name: 'action', required: false, example: 'auth.login' })
  @ApiQuery({ name: 'outcome', required: false, enum: ['done', 'denied', 'refused'] })
  @ApiQuery({ name: 'correlationId', required: false })
  @ApiQuery({ name: 'username', required: false })
  @ApiOkResponse({ description: '`{items: [...]}`' })
  @ApiForbiddenResponse({ description: 'The caller is not a province admin' })
  async list(@Query(new ZodValidation(auditQuerySchema)) query: AuditQuery): Promise<{ items: AuditEntry[] }> {
    const { username, ...rest } = query;
    return { items: await this.trail.find({ ...rest, actorUsername: username }) };
  }
}
