import { Injectable } from '@nestjs/common';
import type { Tx } from '@duban/platform';

/**
 * The repairs a migration noted for the service to do at its start (`projects.data_repair`, migration
 * 1770000000330): data an earlier version wrote, mended with the service's own rules and events.
 */
@Injectable()
export class DataRepairsRepository {
  /** Takes the note of repair `name` in this transaction: whether it was there (false: done, or never needed). */
  async take(tx: Tx, name: string): Promise<boolean> {
    // Taken as a SELECT: a DELETE's rows come back from the driver paired with its count.
    const rows: unknown[] = await tx.query(
      `WITH taken AS (DELETE FROM projects.data_repair WHERE name = $1 RETURNING name) SELECT name FROM taken`,
      [name],
    );
    return rows.length > 0;
  }
}
