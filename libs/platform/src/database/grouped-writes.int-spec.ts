import { ConflictError, DomainError } from '@duban/contracts';
import { testEnvironment, uniqueNamespace } from '@duban/testing';
import { DataSource } from 'typeorm';
import { CorrelationContext } from '../correlation/correlation-context';
import { RequestKeyContext } from '../messaging/transport/request-key';
import type { GroupedWrites } from './grouped-writes';
import { Transactions, type Tx } from './transactions';

/** A write of the test: a row named `name`; `refuse` is refused by its rules (as said), `fail` fails in Postgres. */
interface Item {
  readonly name: string;
  readonly refuse?: 'conflict' | 'forbidden';
  readonly fail?: boolean;
}

/** What a write answers: the transaction it was applied in, and the correlation it saw. */
interface Applied {
  readonly txid: string;
  readonly correlationId: string | undefined;
}

describe('GroupedWrites: group commit (real Postgres)', () => {
  let dataSource: DataSource;
  let schema: string;
  let writes: GroupedWrites<Item, Applied>;
  let attempts: string[];

  beforeAll(async () => {
    dataSource = await new DataSource({
      type: 'postgres',
      url: testEnvironment().DUBAN_DATABASE_URL as string,
      extra: { max: 10 },
    }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  beforeEach(async () => {
    schema = `grouped_${uniqueNamespace('writes')}`;
    await dataSource.query(`CREATE SCHEMA "${schema}"`);
    await dataSource.query(`CREATE TABLE "${schema}".item (name text PRIMARY KEY)`);
    attempts = [];
    writes = new Transactions(dataSource).grouped(async (tx: Tx, item: Item) => {
      attempts.push(item.name);
      if (item.refuse === 'conflict') throw new ConflictError(`「${item.name}」已完成`);
      if (item.refuse === 'forbidden') throw new DomainError('forbidden', `无权完成「${item.name}」`);
      // A failing write: its row's key taken (by `item.name` itself).
      await tx.query(`INSERT INTO "${schema}".item (name) VALUES ($1)`, [item.fail ? 'taken' : item.name]);
      const [row] = (await tx.query(`SELECT txid_current()::text AS txid`)) as { txid: string }[];
      return { txid: row?.txid as string, correlationId: CorrelationContext.current()?.correlationId };
    });
  });

  afterEach(async () => {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
  });

  const rows = async () =>
    ((await dataSource.query(`SELECT name FROM "${schema}".item ORDER BY name`)) as { name: string }[]).map(
      (row) => row.name,
    );

  it('applies a write alone when nothing else is applied, and those arriving meanwhile together, in order', async () => {
    const first = writes.submit({ name: 'a' });
    const next = ['b', 'c', 'd', 'e'].map((name) => writes.submit({ name }));
    const [alone, ...grouped] = await Promise.all([first, ...next]);

    expect(new Set(grouped.map((applied) => applied.txid)).size).toBe(1);
    expect(grouped[0]?.txid).not.toBe(alone?.txid);
    expect(attempts).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await rows()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('answers a refused write with its refusal and commits the rest of its group', async () => {
    const first = writes.submit({ name: 'a' });
    const results = await Promise.allSettled([
      writes.submit({ name: 'b' }),
      writes.submit({ name: 'c', refuse: 'conflict' }),
      writes.submit({ name: 'd' }),
    ]);
    await first;

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toContain('「c」已完成');
    expect(await rows()).toEqual(['a', 'b', 'd']);
  });

  it('after a failing statement, applies the others alone: the failure is laid at its own door', async () => {
    await dataSource.query(`INSERT INTO "${schema}".item (name) VALUES ('taken')`);
    const first = writes.submit({ name: 'a' });
    const results = await Promise.allSettled([
      writes.submit({ name: 'b' }),
      writes.submit({ name: 'c', refuse: 'forbidden' }),
      writes.submit({ name: 'd', refuse: 'conflict' }),
      writes.submit({ name: 'e', fail: true }),
      writes.submit({ name: 'f' }),
    ]);
    await first;

    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    expect(String((results[1] as PromiseRejectedResult).reason)).toContain('无权完成「c」');
    expect(String((results[2] as PromiseRejectedResult).reason)).toContain('「d」已完成');
    expect(String((results[3] as PromiseRejectedResult).reason)).toContain('duplicate key');
    const [b, , , , f] = results.map((result) => (result.status === 'fulfilled' ? result.value.txid : null));
    expect(b).not.toBe(f);
    // In the group: b, c (forbidden), d (a conflict), e (fails). Then alone: b, d (a conflict may have come from the
    // group's rolled-back writes: decided again), e (fails again), f. A refusal about the caller is not tried again.
    expect(attempts).toEqual(['a', 'b', 'c', 'd', 'e', 'b', 'd', 'e', 'f']);
    expect(await rows()).toEqual(['a', 'b', 'f', 'taken']);
  });

  it("applies each write in its caller's context (its correlation)", async () => {
    const submit = (name: string) =>
      CorrelationContext.run({ correlationId: `corr-${name}`, causationId: null }, () => writes.submit({ name }));
    const applied = await Promise.all(['a', 'b', 'c'].map(submit));

    expect(applied.map((write) => write.correlationId)).toEqual(['corr-a', 'corr-b', 'corr-c']);
    expect(applied[1]?.txid).toBe(applied[2]?.txid);
  });

  it('applies a write that carries a request key alone, never in a group', async () => {
    const first = writes.submit({ name: 'a' });
    const grouped = writes.submit({ name: 'b' });
    const keyed = RequestKeyContext.run({ key: 'k-1', subject: 'test', claimed: false }, () =>
      writes.submit({ name: 'c' }),
    );
    const alsoGrouped = writes.submit({ name: 'd' });
    const [, b, c, d] = await Promise.all([first, grouped, keyed, alsoGrouped]);

    expect(b?.txid).toBe(d?.txid);
    expect(c?.txid).not.toBe(b?.txid);
    expect(await rows()).toEqual(['a', 'b', 'c', 'd']);
  });
});
