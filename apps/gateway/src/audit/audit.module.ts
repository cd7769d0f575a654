import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditEntriesController } from './audit-entries.controller';
import { AuditTrailRepository } from './audit-trail.repository';
import { SecurityAudit } from './security-audit';

/**
 * The gateway's audit trail (DESIGN rule 9) in its own schema: SecurityAudit writes its security events
 * through the platform's AuditLog (provided by GatewayPlatformModule); GET /api/audit reads them; GET /api/audit/entries reads any service's trail (and this one) by filter.
 */
@Module({
  controllers: [AuditController, AuditEntriesController],
  providers: [SecurityAudit, AuditTrailRepository],
  exports: [SecurityAudit, AuditTrailRepository],
})
export class AuditModule {}
