import {
  GetEvaluationSettingsRpc,
  GetRubricRpc,
  OpenInspectionRpc,
  ProgrammeClosed,
  ProgrammeRulesChanged,
  PutEvaluationSettingsRpc,
  PutScoresRpc,
  SignInspectionRpc,
  type Envelope,
  type EventDefinition,
} from '@duban/contracts';
import { demoActors, LINXIAN, LISHI, waitFor } from '@duban/testing';
import { v7 as uuidv7 } from 'uuid';
import { failure, startEvaluationSandbox, type EvaluationSandbox } from '../__fixtures__/evaluation-sandbox';

/**
 * A programme's acceptance follows its template (a new version's pass mark reaches the settings) and stops
 * with the programme (issue 13): once ProgrammeClosed arrives, opening, scoring and signing inspections and
 * changing the settings are refused (409, in Chinese) and nothing is written; reading goes on.
 */
describe('acceptance of a closed programme (real Postgres and NATS)', () => {
  let sandbox: EvaluationSandbox;
  const changedBy = { userId: 'u1', username: 'province', displayName: '省人社厅', role: 'province_admin' } as const;

  beforeAll(async () => {
    sandbox = await startEvaluationSandbox('closing');
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  async function handled<T>(event: EventDefinition<T>, data: T): Promise<Envelope<T>> {
    const envelope = await sandbox.publish(event, data, { id: uuidv7() });
    await waitFor(
      `evaluation to handle ${event.type}`,
      () => sandbox.db.query(`SELECT 1 FROM evaluation.inbox WHERE event_id = $1`, [envelope.id]),
      (rows) => rows.length === 1,
      { timeoutMs: 15_000 },
    );
    return envelope;
  }

  it('takes a new template version’s pass mark, then refuses every write once the programme is closed', async () => {
    await handled(ProgrammeRulesChanged, {
      programmeId: sandbox.programmeId,
      programmeCode: 'test-gig-markets',
      templateCode: 'gig-markets',
      templateVersion: 2,
      acceptance: { passMark: 70.5, rubricCode: 'gig-market-checklist' },
      fundingSources: [],
      changedBy,
    });
    expect(
      await sandbox.rpc.call(GetEvaluationSettingsRpc, {
        actor: demoActors.province,
        programmeId: sandbox.programmeId,
      }),
    ).toMatchObject({ passThreshold: 70.5, rubricCode: 'gig-market-checklist' });

    const inspection = await sandbox.rpc.call(OpenInspectionRpc, {
      actor: demoActors.lvliang,
      projectId: sandbox.projects[LINXIAN] as string,
      kind: 'inspection',
      date: '2023-10-20',
      inspectors: ['inspector'],
    });
    await handled(ProgrammeClosed, {
      programmeId: sandbox.programmeId,
      programmeCode: 'test-gig-markets',
      name: '公益性零工市场县县全覆盖',
      year: 2023,
      status: 'closed',
      closedAt: new Date().toISOString(),
      closedBy: changedBy,
    });
    const before = await sandbox.writeCounts();
    const readOnly = {
      code: 'conflict',
      message: '「公益性零工市场县县全覆盖」2023 年度计划已关闭，只能查看，不能修改（关闭后不能重新打开）',
    };
    const rubric = await sandbox.rpc.call(GetRubricRpc, { actor: demoActors.inspector, rubricId: inspection.rubricId });
    const item = rubric.sections[0]?.items[0];
    if (!item) throw new Error('the rubric has no item');
    const refusals = [
      sandbox.rpc.call(OpenInspectionRpc, {
        actor: demoActors.lvliang,
        projectId: sandbox.projects[LISHI] as string,
        kind: 'inspection',
        date: '2023-10-21',
        inspectors: ['inspector'],
      }),
      sandbox.rpc.call(PutScoresRpc, {
        actor: demoActors.inspector,
        inspectionId: inspection.id,
        scores: [{ itemId: item.id, score: 1, note: '' }],
      }),
      sandbox.rpc.call(SignInspectionRpc, { actor: demoActors.inspector, inspectionId: inspection.id, name: '验收组' }),
      sandbox.rpc.call(PutEvaluationSettingsRpc, {
        actor: demoActors.province,
        programmeId: sandbox.programmeId,
        passThreshold: 60,
        rubricCode: null,
      }),
    ];
    for (const refused of refusals) expect(await failure(refused)).toMatchObject(readOnly);
    expect(await sandbox.writeCounts()).toEqual(before);
    // Reading goes on.
    expect(
      await sandbox.rpc.call(GetEvaluationSettingsRpc, {
        actor: demoActors.province,
        programmeId: sandbox.programmeId,
      }),
    ).toMatchObject({ passThreshold: 70.5 });
  });
});
