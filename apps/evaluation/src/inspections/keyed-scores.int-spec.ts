import { randomUUID } from 'node:crypto';
import { OpenInspectionRpc, PutScoresRpc } from '@duban/contracts';
import { RequestKeyContext } from '@duban/platform';
import { demoActors, LINXIAN, withCommitsUnheard } from '@duban/testing';
import { DataSource } from 'typeorm';
import { startEvaluationSandbox, type EvaluationSandbox } from '../__fixtures__/evaluation-sandbox';

/**
 * An inspector's scores sent with a request key (the gateway's Idempotency-Key) whose commit went through while
 * the service never heard so (Postgres stopped at that instant): the answer was stored with the scores, in
 * their transaction, so the retry gets the scored sheet instead of "being answered" (503) for good.
 * Real Postgres and NATS.
 */
describe('keyed inspection scores: the answer commits with the scores', () => {
  let sandbox: EvaluationSandbox;

  beforeAll(async () => {
    sandbox = await startEvaluationSandbox('keyed');
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('answers the retry of scores whose commit went unheard with the scored sheet, and scores once', async () => {
    const inspection = await sandbox.rpc.call(OpenInspectionRpc, {
      actor: demoActors.lvliang,
      projectId: sandbox.projects[LINXIAN] as string,
      kind: 'inspection',
      date: '2023-10-20',
      inspectors: ['inspector'],
    });
    const scores = inspection.items.map((item) => ({ itemId: item.id, score: item.maxPoints, note: '符合' }));
    const request = { actor: demoActors.inspector, inspectionId: inspection.id, scores };
    const key = `inspector:${randomUUID()}`;
    await withCommitsUnheard(
      sandbox.app.get(DataSource),
      () => RequestKeyContext.current()?.key === key,
      async () => {
        await expect(sandbox.rpc.call(PutScoresRpc, request, undefined, { requestKey: key })).rejects.toMatchObject({
          code: 'service_unavailable',
        });
      },
    );

    const retry = await sandbox.rpc.call(PutScoresRpc, request, undefined, { requestKey: key });
    expect(retry).toMatchObject({ id: inspection.id, total: 100, scoredCount: 15, status: 'open' });
    const audited = await sandbox.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM evaluation.audit_log WHERE action = 'inspection.score' AND target_id = $1`,
      [inspection.id],
    );
    expect(audited).toEqual([{ n: 1 }]);
  });
});
