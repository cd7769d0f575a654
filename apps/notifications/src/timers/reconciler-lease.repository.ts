import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';

/**
 * The reconciler's leadership: a Postgres session advisory lock, held on a connection of its own for as
 * long as this process leads, and released by Postgres when the process dies.
 */
@Injectable()
export class ReconcilerLeaseRepository {
  private session: QueryRunner | undefined;

  constructor(private readonly dataSource: DataSource) {}

  /** Takes the lock named `key` if nobody holds it (true also when this session already does). */
  async tryAcquire(key: string): Promise<boolean> {
    if (!this.session) {
      this.session = this.dataSource.createQueryRunner();
      await this.session.connect();
    }
    const [row]: { locked: boolean }[] = await this.session.query(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
      [key],
    );
    return row?.locked === true;
  }

  /** Lets go of the lock and of the session (after an error, the session may be gone already). */
  async release(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    // Released connections go back to the pool: the session's lock must not go with them.
    await session?.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await session?.release().catch(() => undefined);
  }
}
