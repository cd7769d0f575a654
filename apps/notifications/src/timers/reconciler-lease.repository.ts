import { Injectable, Logger } from '@nestjs/common';
import { PlatformConfig } from '@duban/platform';
import { Client } from 'pg';

/** Any statement on the lease's connection that takes longer has lost it (a hung or dead server). */
const SESSION_TIMEOUT_MS = 5_000;
/** The first key of the lock's pair: the reconciler's, so that pg_locks shows it as (7261, hash of the name). */
const LOCK_CLASS = 7261;

/**
 * The reconciler's leadership: a Postgres session advisory lock, held on a connection of its own (not one of
 * the pool's), released by Postgres when the process or the connection dies.
 *
 * Holding it is re-checked on every call, in `pg_locks` on that very connection: after a Postgres restart
 * (or a killed backend) the lock is gone with the session, the check fails, and this process stops leading
 * before another can take over, so there are never two leaders. Every statement has a client-side timeout,
 * so a hung server costs the leadership, never a hung tick.
 */
@Injectable()
export class ReconcilerLeaseRepository {
  private readonly logger = new Logger(ReconcilerLeaseRepository.name);
  private session: Client | undefined;

  constructor(private readonly config: PlatformConfig) {}

  /**
   * Whether this process holds the lock named `key` after the call: it held it and still does, or it was
   * free and is taken now. False (never throws) when another holds it or the database cannot be reached.
   */
  async hold(key: string): Promise<boolean> {
    try {
      const session = await this.connect();
      const [held]: { held: boolean }[] = (
        await session.query(
          `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()
             AND classid = $1::int4::oid AND objid = hashtext($2)::oid AND objsubid = 2) AS held`,
          [LOCK_CLASS, key],
        )
      ).rows;
      if (held?.held) return true;
      const [taken]: { locked: boolean }[] = (
        await session.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [LOCK_CLASS, key])
      ).rows;
      return taken?.locked === true;
    } catch (error) {
      this.logger.warn(`Reconciler lease lost: ${(error as Error).message}`);
      await this.release();
      return false;
    }
  }

  /** Lets go of the lock and closes the session (after an error, the session may be gone already). */
  async release(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    // Closing the session releases its locks; a dead one has none left to release.
    await session?.end().catch(() => undefined);
  }

  private async connect(): Promise<Client> {
    if (this.session) return this.session;
    const session = new Client({
      connectionString: this.config.database.url,
      application_name: `duban-${this.config.process}-reconciler`,
      connectionTimeoutMillis: SESSION_TIMEOUT_MS,
      query_timeout: SESSION_TIMEOUT_MS,
    });
    // A session that dies between ticks reports it here; the next check then fails and starts over.
    session.on('error', (error) => this.logger.warn(`Reconciler lease session: ${error.message}`));
    await session.connect();
    this.session = session;
    return session;
  }
}
