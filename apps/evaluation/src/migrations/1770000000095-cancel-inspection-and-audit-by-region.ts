import { addAuditRegion, dropAuditRegion } from '@duban/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: an inspection opened by mistake can be withdrawn before anyone signs it (status `cancelled`,
 * who, when and why kept on the row; its scores stay read-only as for any status but `open`); and the
 * audit trail names the region each row is about.
 */
export class CancelInspectionAndAuditByRegion1770000000095 implements MigrationInterface {
  name = 'CancelInspectionAndAuditByRegion1770000000095';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE evaluation.inspection
        DROP CONSTRAINT inspection_status_check,
        ADD CONSTRAINT inspection_status_check CHECK (status IN ('open', 'inspector_signed', 'signed', 'cancelled')),
        ADD COLUMN cancelled_by text,
        ADD COLUMN cancelled_at timestamptz,
        ADD COLUMN cancel_reason text,
        ADD CONSTRAINT inspection_cancelled_with_reason CHECK (
          (status = 'cancelled') = (cancelled_by IS NOT NULL AND cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL)
        ),
        ADD CONSTRAINT inspection_cancelled_unsigned CHECK (status <> 'cancelled' OR kind = 'inspection')`);
    await addAuditRegion(queryRunner, 'evaluation');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropAuditRegion(queryRunner, 'evaluation');
    await queryRunner.query(`
      ALTER TABLE evaluation.inspection
        DROP CONSTRAINT inspection_cancelled_unsigned,
        DROP CONSTRAINT inspection_cancelled_with_reason,
        DROP COLUMN cancel_reason,
        DROP COLUMN cancelled_at,
        DROP COLUMN cancelled_by,
        DROP CONSTRAINT inspection_status_check,
        ADD CONSTRAINT inspection_status_check CHECK (status IN ('open', 'inspector_signed', 'signed'))`);
  }
}
