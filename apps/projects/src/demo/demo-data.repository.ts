import type { Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';

@Injectable()
export class DemoDataRepository {
  /**
   * Holds the schema's demo-data advisory lock until `tx` ends: replicas starting together load one after
   * the other, and the later ones find every row in place.
   */
  async lock(tx: Tx, schema: string): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`duban:demo:${schema}`]);
  }
}
