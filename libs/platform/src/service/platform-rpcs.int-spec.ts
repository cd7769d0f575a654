import { Controller, Global, Module, type INestMicroservice } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  AuditVerifyRpc,
  ConflictError,
  DeadLetterReplayRpc,
  DeadLettersListRpc,
  DomainError,
  HealthRpc,
  NotFoundError,
  ValidationError,
  type Envelope,
} from '@duban/contracts';
import { demoActors, expectQuiet, privateDatabase, testEnvironment, uniqueNamespace, waitFor } from '@duban/testing';
import { Pool } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { PlatformConfig } from '../config/platform-config';
import { addAuditRegion, chainAuditTable, createAuditAppend, createAuditTable } from '../database/audit-table';
import { addDeadLetterReplayerName, createMessagingTables, extendMessagingTables } from '../database/messaging-tables';
import { Transactions } from '../database/transactions';
import { ProbeRecorded } from '../messaging/__fixtures__/probe-event';
import { Outbox } from '../messaging/outbox/outbox';
import { DECLARED_RPCS } from '../messaging/transport/duban-transport';
import { EventContext } from '../messaging/transport/event-context';
import { RpcClient } from '../messaging/transport/rpc-client';
import { ServicePlatformModule } from './service-platform.module';
import { startService } from './start-service';

/** Whether the cause of the probe's failures is mended yet (a deploy, a holiday table loaded, …). */
const cause = { mended: false };

class ProbeSchema1700000000001 implements MigrationInterface {
  name = 'ProbeSchema1700000000001';
  async up(runner: QueryRunner): Promise<void> {
    await createMessagingTables(runner, 'projects');
    await createAuditTable(runner, 'projects');
    await runner.query(`CREATE TABLE projects.probe_effect (consumer text NOT NULL, n int NOT NULL)`);
  }
  async down(): Promise<void> {
    // A test schema: it goes with its database.
  }
}

class ProbeSchema1700000000002 implements MigrationInterface {
  name = 'ProbeSchema1700000000002';
  async up(runner: QueryRunner): Promise<void> {
    await chainAuditTable(runner, 'projects');
    await extendMessagingTables(runner, 'projects');
    await addDeadLetterReplayerName(runner, 'projects');
    await addAuditRegion(runner, 'projects');
    await createAuditAppend(runner, 'projects');
  }
  async down(): Promise<void> {
    // A test schema: it goes with its database.
  }
}

/** Two consumers of the same event: one fails until its cause is mended, the other always succeeds. */
@Controller()
class ProbeSubscriber {
  @EventPattern(ProbeRecorded.type, { durable: 'probe-flaky' })
  async flaky(@Payload() event: Envelope<{ n: number }>, @Ctx() ctx: EventContext): Promise<void> {
    if (!cause.mended) throw new Error('节假日表缺失');
    await ctx.tx.query(`INSERT INTO projects.probe_effect (consumer, n) VALUES ('flaky', $1)`, [event.data.n]);
  }

  @EventPattern(ProbeRecorded.type, { durable: 'probe-steady' })
  async steady(@Payload() event: Envelope<{ n: number }>, @Ctx() ctx: EventContext): Promise<void> {
    await ctx.tx.query(`INSERT INTO projects.probe_effect (consumer, n) VALUES ('steady', $1)`, [event.data.n]);
  }
}

/** The probe declares no RPC of its own: it answers only what the platform answers for every service. */
@Global()
@Module({ providers: [{ provide: DECLARED_RPCS, useValue: [] }], exports: [DECLARED_RPCS] })
class ProbeDeclarations {}

describe('the platform RPCs every service answers: audit chain check, dead letters listed and replayed', () => {
  let app: INestMicroservice;
  let rpc: RpcClient;
  let pool: Pool;
  const { province, lvliang } = demoActors;

  beforeAll(async () => {
    const env = testEnvironment({
      DUBAN_DATABASE_URL: await privateDatabase('platformrpcs'),
      DUBAN_NAMESPACE: uniqueNamespace('platrpc'),
      DUBAN_CONSUMER_MAX_DELIVER: '3',
      DUBAN_CONSUMER_RETRY_DELAY_MS: '20',
    });
    const config = PlatformConfig.fromEnv('projects', env);
    @Module({
      imports: [
        ServicePlatformModule.forService({
          config,
          migrations: [ProbeSchema1700000000001, ProbeSchema1700000000002],
        }),
        ProbeDeclarations,
      ],
      controllers: [ProbeSubscriber],
    })
    class ProbeApp {}
    app = await startService(ProbeApp, { logs: false });
    rpc = app.get(RpcClient);
    pool = new Pool({ connectionString: env.DUBAN_DATABASE_URL, max: 2 });
  });

  afterAll(async () => {
    await app?.close();
    await pool?.end();
  });

  async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    return (await pool.query(text, params)).rows as T[];
  }

  async function effects(): Promise<{ consumer: string; n: number }[]> {
    return sql(`SELECT consumer, n FROM projects.probe_effect ORDER BY consumer, n`);
  }

  async function failure(call: Promise<unknown>): Promise<DomainError> {
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }

  it('answers health as before', async () => {
    expect(await rpc.call(HealthRpc.projects, {})).toMatchObject({ service: 'projects', status: 'up' });
  });

  describe('dead letters', () => {
    let deadId: string;

    it('lists a message its consumer gave up on, with consumer, event type, reason, deliveries and time (province admin only)', async () => {
      const transactions = app.get(Transactions);
      const outbox = app.get(Outbox);
      await transactions.run((tx) => outbox.append(tx, ProbeRecorded, { aggregate: 'a', n: 7 }, { aggregateId: 'a' }));

      const { items } = await waitFor(
        'dead-lettered',
        () => rpc.call(DeadLettersListRpc.projects, { actor: province }),
        (list) => list.items.length === 1,
      );
      expect(items[0]).toEqual({
        service: 'projects',
        id: expect.stringMatching(/^\d+$/),
        consumer: 'probe-flaky',
        eventId: expect.any(String),
        eventType: ProbeRecorded.type,
        subject: ProbeRecorded.type,
        reason: 'failed 3 deliveries: 节假日表缺失',
        deliveries: 3,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        replayed: false,
        replayedAt: null,
        replayedBy: null,
        replayedByName: null,
      });
      deadId = items[0]!.id;
      // The other consumer of the same event was not held up.
      expect(await effects()).toEqual([{ consumer: 'steady', n: 7 }]);

      const denied = await failure(rpc.call(DeadLettersListRpc.projects, { actor: lvliang }));
      expect(denied.code).toBe('forbidden');
      const [audited] = await sql(
        `SELECT count(*)::int AS n FROM projects.audit_log WHERE action = 'dead-letter.list' AND outcome = 'denied'`,
      );
      expect(audited).toEqual({ n: 1 });
      expect(await rpc.call(DeadLettersListRpc.projects, { actor: province, replayed: true })).toEqual({ items: [] });
    });

    it('replays it once the cause is mended: applied exactly once by the consumer that failed, skipped by the other', async () => {
      const refusedByRole = await failure(rpc.call(DeadLetterReplayRpc.projects, { actor: lvliang, id: deadId }));
      expect(refusedByRole.code).toBe('forbidden');

      // Replayed before the cause is mended: refused with the reason, nothing applied, still to be replayed.
      const tooEarly = await failure(rpc.call(DeadLetterReplayRpc.projects, { actor: province, id: deadId }));
      expect(tooEarly).toBeInstanceOf(ConflictError);
      expect(tooEarly.message).toContain('重放失败，死信保留待再次重放');
      expect(await effects()).toEqual([{ consumer: 'steady', n: 7 }]);
      expect(await rpc.call(DeadLettersListRpc.projects, { actor: province, replayed: true })).toEqual({ items: [] });

      cause.mended = true;
      const replayed = await rpc.call(DeadLetterReplayRpc.projects, { actor: province, id: deadId });
      expect(replayed).toMatchObject({
        id: deadId,
        replayed: true,
        replayedBy: 'province',
        replayedByName: '省人社厅',
      });
      expect(replayed.replayedAt).toEqual(expect.stringMatching(/^\d{4}-/));

      await waitFor('applied by the consumer that failed', effects, (rows) => rows.length === 2);
      // Nothing more: the steady consumer found the event in its inbox, the flaky one applied it once.
      expect(await expectQuiet(1500, effects)).toEqual([
        { consumer: 'flaky', n: 7 },
        { consumer: 'steady', n: 7 },
      ]);
      const [dead] = await sql(`SELECT count(*)::int AS n FROM projects.dead_letter`);
      expect(dead).toEqual({ n: 1 });
      expect(
        await sql(`SELECT outcome, actor_username FROM projects.audit_log WHERE action = 'dead-letter.replay'`),
      ).toEqual([
        { outcome: 'denied', actor_username: 'lvliang' },
        { outcome: 'refused', actor_username: 'province' },
        { outcome: 'done', actor_username: 'province' },
      ]);
    });

    it('refuses a second replay (409), naming who replayed it; an unknown or malformed id', async () => {
      const again = await failure(rpc.call(DeadLetterReplayRpc.projects, { actor: province, id: deadId }));
      expect(again).toBeInstanceOf(ConflictError);
      // Beijing time, as everything a user reads (not an ISO instant).
      expect(again.message).toMatch(/^该死信已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 由 省人社厅 重放，不能再次重放$/);
      expect(await expectQuiet(500, effects)).toHaveLength(2);
      const [refused] = await sql(
        `SELECT count(*)::int AS n FROM projects.audit_log WHERE action = 'dead-letter.replay' AND outcome = 'refused'`,
      );
      expect(refused).toEqual({ n: 2 }); // the replay before the mend, and this one

      expect(await failure(rpc.call(DeadLetterReplayRpc.projects, { actor: province, id: '999999' }))).toBeInstanceOf(
        NotFoundError,
      );
      const malformed = await failure(rpc.call(DeadLetterReplayRpc.projects, { actor: province, id: 'x1' }));
      expect(malformed).toBeInstanceOf(ValidationError);
      expect(malformed.errors).toEqual([{ field: 'id', message: '死信编号应为正整数' }]);

      const { items } = await rpc.call(DeadLettersListRpc.projects, { actor: province, replayed: true });
      expect(items.map((item) => [item.id, item.replayed, item.replayedBy, item.replayedByName])).toEqual([
        [deadId, true, 'province', '省人社厅'],
      ]);
    });
  });

  describe('audit chain', () => {
    it('is whole after concurrent writes; an edit behind the trigger is reported at its row (province admin only)', async () => {
      const transactions = app.get(Transactions);
      const audit = app.get(AuditLog);
      await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          transactions.run((tx) =>
            audit.recordDone(tx, {
              actor: province,
              action: 'probe.write',
              targetType: 'probe',
              targetId: `p-${n}`,
              after: { n },
            }),
          ),
        ),
      );
      const [{ n: rows }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM projects.audit_log`);
      expect(await rpc.call(AuditVerifyRpc.projects, { actor: province })).toMatchObject({
        service: 'projects',
        ok: true,
        checked: rows,
        brokenAt: null,
      });

      const [{ id }] = await sql<{ id: string }>(
        `SELECT id::text AS id FROM projects.audit_log WHERE target_id = 'p-11' AND outcome = 'done'`,
      );
      await sql(`ALTER TABLE projects.audit_log DISABLE TRIGGER audit_log_append_only`);
      await sql(`UPDATE projects.audit_log SET after = '{"n": 1100}' WHERE id = $1`, [id]);
      await sql(`ALTER TABLE projects.audit_log ENABLE TRIGGER audit_log_append_only`);

      expect(await rpc.call(AuditVerifyRpc.projects, { actor: province })).toMatchObject({
        ok: false,
        brokenAt: id,
        problem: 'altered',
        message: `审计链在第 ${id} 号记录处断开：该记录的内容与其哈希不符（记录被改动）`,
      });
      const denied = await failure(rpc.call(AuditVerifyRpc.projects, { actor: lvliang }));
      expect(denied.code).toBe('forbidden');
    });
  });
});
