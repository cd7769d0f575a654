import { testEnvironment, uniqueNamespace } from '@duban/testing';
import { DataSource } from 'typeorm';
import type { PlatformConfig } from '../config/platform-config';
import { addAuditRegion, chainAuditTable, createAuditAppend, createAuditTable } from '../database/audit-table';
import { readAuditRows, verifyAuditChain } from './audit-chain';
import { auditRowHash } from './audit-hash';
import { AuditLog, type AuditRecord } from './audit-log';

const province = { userId: 'user-province', username: 'province', role: 'province_admin' as const };

describe('the audit trail as a hash chain (real Postgres)', () => {
  let dataSource: DataSource;
  let schema: string;
  let audit: AuditLog;

  beforeAll(async () => {
    dataSource = await new DataSource({
      type: 'postgres',
      url: testEnvironment().DUBAN_DATABASE_URL as string,
      extra: { max: 20 },
    }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  /** A fresh trail with three rows written before the chain existed (microsecond times, unordered JSON keys). */
  beforeEach(async () => {
    schema = `audit_${uniqueNamespace('chain')}`;
    const runner = dataSource.createQueryRunner();
    await runner.query(`CREATE SCHEMA "${schema}"`);
    await createAuditTable(runner, schema);
    await runner.query(
      `INSERT INTO "${schema}".audit_log (actor_user_id, actor_username, actor_role, action, target_type, target_id,
                                           outcome, before, after, detail, correlation_id)
       VALUES ('user-linxian', 'linxian', 'county_officer', 'milestone.complete', 'milestone', 'm-1', 'done',
               '{"status":"pending","dueDate":"2023-03-31"}', '{"status":"done","evidence":{"text":"方案已印发","attachments":[]}}', NULL, 'c-1'),
              (NULL, NULL, NULL, 'auth.authenticate', 'request', NULL, 'denied', NULL, NULL, 'GET /api/projects', NULL),
              ('user-lvliang', 'lvliang', 'city_officer', 'milestone.complete', 'milestone', 'm-2', 'refused', NULL, NULL, '里程碑已完成', 'c-2')`,
    );
    await addAuditRegion(runner, schema);
    await createAuditAppend(runner, schema);
    await runner.release();
    audit = new AuditLog({ database: { schema } } as PlatformConfig, dataSource);
  });

  afterEach(async () => {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
  });

  async function chain(): Promise<void> {
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    await chainAuditTable(runner, schema);
    await runner.commitTransaction();
    await runner.release();
  }

  /** What an operator with the table owner's rights could do: switch the append-only trigger off, edit, on. */
  async function tamper(sql: string, params: unknown[]): Promise<void> {
    await dataSource.query(`ALTER TABLE "${schema}".audit_log DISABLE TRIGGER audit_log_append_only`);
    await dataSource.query(sql, params);
    await dataSource.query(`ALTER TABLE "${schema}".audit_log ENABLE TRIGGER audit_log_append_only`);
  }

  function done(n: number, extra: Partial<AuditRecord> = {}): AuditRecord {
    return { actor: province, action: 'probe.write', targetType: 'probe', targetId: `p-${n}`, ...extra };
  }

  async function ids(): Promise<string[]> {
    const rows: { id: string }[] = await dataSource.query(
      `SELECT id::text AS id FROM "${schema}".audit_log ORDER BY id`,
    );
    return rows.map((row) => row.id);
  }

  it('chains the rows already there in id order, and every row written since under one lock, whatever the concurrency', async () => {
    await chain();
    expect(await verifyAuditChain(dataSource.manager, schema)).toMatchObject({ ok: true, checked: 3, brokenAt: null });

    // 30 writing transactions and 10 denials at once: without the lock two would chain onto the same row.
    await Promise.all([
      ...Array.from({ length: 30 }, (_, n) =>
        dataSource.transaction(async (tx) => {
          await audit.recordDone(tx, done(n, { before: { z: n, a: [{ y: 1, b: null }] }, after: { a: '改后', z: n } }));
          await new Promise((resolve) => setTimeout(resolve, (n * 7) % 20));
          await audit.recordDone(tx, done(n, { detail: `第二行 ${n}` }));
        }),
      ),
      ...Array.from({ length: 10 }, (_, n) => audit.recordDenied({ ...done(100 + n), detail: 'out_of_scope' })),
    ]);
    // A rolled-back write leaves nothing in the trail, and no gap in the chain.
    await expect(
      dataSource.transaction(async (tx) => {
        await audit.recordDone(tx, done(999));
        throw new Error('the write failed');
      }),
    ).rejects.toThrow('the write failed');

    const verdict = await verifyAuditChain(dataSource.manager, schema, 'projects');
    expect(verdict).toEqual({
      service: 'projects',
      ok: true,
      checked: 3 + 60 + 10,
      brokenAt: null,
      problem: null,
      message: '审计链完整：共 73 条记录',
      lastHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const [last] = await dataSource.query(`SELECT hash FROM "${schema}".audit_log ORDER BY id DESC LIMIT 1`);
    expect(verdict.lastHash).toBe(last.hash);
    // Each transaction's two rows are adjacent: rows join the chain at commit, together.
    const rows: { target_id: string; detail: string | null }[] = await dataSource.query(
      `SELECT target_id, detail FROM "${schema}".audit_log WHERE action = 'probe.write' AND outcome = 'done' ORDER BY id`,
    );
    for (let i = 0; i < rows.length; i += 2) {
      expect(rows[i + 1]).toEqual({ target_id: rows[i]!.target_id, detail: `第二行 ${rows[i]!.target_id.slice(2)}` });
    }
    // The trail stays append-only.
    await expect(dataSource.query(`UPDATE "${schema}".audit_log SET detail = 'x'`)).rejects.toThrow(/append-only/);
  });

  it('hashes in Postgres what the verifier hashes: quotes, backslashes, control characters, emoji, lone surrogates', async () => {
    await chain();
    const awkward = 'say "是" \\ back\nslash\t\u0001 😀 \uD800 end';
    await dataSource.transaction(async (tx) => {
      await audit.recordDone(
        tx,
        done(1, {
          before: { [awkward]: [awkward, 1.5, true, null] },
          after: { b: { d: 1, c: awkward } },
          detail: awkward,
        }),
      );
      await audit.recordDone(tx, done(2, { actor: { ...province, username: awkward }, regionCode: '141100' }));
    });
    await audit.recordRefused({ ...done(3), targetId: null, detail: awkward });

    expect(await verifyAuditChain(dataSource.manager, schema)).toMatchObject({ ok: true, checked: 6, brokenAt: null });
    const rows = await readAuditRows(dataSource.manager, schema, '0', 10);
    expect(rows.map((row) => row.detail)).toEqual([
      null,
      'GET /api/projects',
      '里程碑已完成',
      awkward.replace('\uD800', '\uFFFD'),
      null,
      awkward.replace('\uD800', '\uFFFD'),
    ]);
    expect(rows[4]).toMatchObject({ regionCode: '141100', actorUsername: awkward.replace('\uD800', '\uFFFD') });
  });

  it('commits a write only with its rows: an append that fails (sent with the COMMIT) rolls the write back', async () => {
    await chain();
    await dataSource.query(`CREATE TABLE "${schema}".probe (n int)`);
    await expect(
      dataSource.transaction(async (tx) => {
        await tx.query(`INSERT INTO "${schema}".probe VALUES (1)`);
        // region_code must be 6 digits (addAuditRegion): the append fails in Postgres, at the commit.
        await audit.recordDone(tx, done(1, { regionCode: 'nowhere' }));
      }),
    ).rejects.toThrow(/audit_log_region_code_check|check constraint/);
    await dataSource.transaction(async (tx) => {
      await tx.query(`INSERT INTO "${schema}".probe VALUES (2)`);
      await audit.recordDone(tx, done(2));
    });

    expect(await dataSource.query(`SELECT n FROM "${schema}".probe`)).toEqual([{ n: 2 }]);
    expect(await verifyAuditChain(dataSource.manager, schema)).toMatchObject({ ok: true, checked: 4, brokenAt: null });
  });

  it("reports the row edited behind the trigger's back as the first broken link", async () => {
    await chain();
    for (let n = 0; n < 5; n++) await dataSource.transaction((tx) => audit.recordDone(tx, done(n)));
    const all = await ids();
    const edited = all[4]!;
    await tamper(`UPDATE "${schema}".audit_log SET detail = '无此事' WHERE id = $1`, [edited]);
    // Rows written after the edit do not hide it.
    await dataSource.transaction((tx) => audit.recordDone(tx, done(9)));

    expect(await verifyAuditChain(dataSource.manager, schema)).toEqual({
      service: schema,
      ok: false,
      checked: 5,
      brokenAt: edited,
      problem: 'altered',
      message: `审计链在第 ${edited} 号记录处断开：该记录的内容与其哈希不符（记录被改动）`,
      lastHash: null,
    });
  });

  it('reports the row after a deleted one as no longer following its predecessor', async () => {
    await chain();
    for (let n = 0; n < 5; n++) await dataSource.transaction((tx) => audit.recordDone(tx, done(n, { before: { n } })));
    const all = await ids();

    await tamper(`DELETE FROM "${schema}".audit_log WHERE id = $1`, [all[2]]);
    expect(await verifyAuditChain(dataSource.manager, schema)).toMatchObject({
      ok: false,
      brokenAt: all[3],
      problem: 'unlinked',
    });
  });

  it('sees a row whose content and own hash were both rewritten: the next row no longer follows it', async () => {
    await chain();
    for (let n = 0; n < 4; n++) await dataSource.transaction((tx) => audit.recordDone(tx, done(n)));
    const all = await ids();
    // Rewrite row 5 completely and consistently (content, then its hash recomputed as the chain would).
    await tamper(`UPDATE "${schema}".audit_log SET target_id = 'p-forged' WHERE id = $1`, [all[4]]);
    const broken = await verifyAuditChain(dataSource.manager, schema);
    expect(broken).toMatchObject({ brokenAt: all[4], problem: 'altered' });
    const [forged] = await readAuditRows(dataSource.manager, schema, all[3] ?? '', 1);
    if (!forged?.prevHash) throw new Error('row 5 is missing');
    await tamper(`UPDATE "${schema}".audit_log SET hash = $2 WHERE id = $1`, [
      all[4],
      auditRowHash(forged.prevHash, forged),
    ]);

    expect(await verifyAuditChain(dataSource.manager, schema)).toMatchObject({
      ok: false,
      brokenAt: all[5],
      problem: 'unlinked',
    });
  });
});
