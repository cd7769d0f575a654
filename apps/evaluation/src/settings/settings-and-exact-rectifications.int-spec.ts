import { createHash } from 'node:crypto';
import {
  BeginEvidenceUploadRpc,
  CreateRectificationRpc,
  EvaluationDeadlines,
  EvidenceChunkRpc,
  FinishEvidenceUploadRpc,
  GetEvaluationSettingsRpc,
  GetEvidenceRpc,
  OpenInspectionRpc,
  PutEvaluationSettingsRpc,
  PutScoresRpc,
  ReadEvidenceChunkRpc,
  SignInspectionRpc,
  type InspectionView,
} from '@duban/contracts';
import { Clock } from '@duban/platform';
import { demoActors, LINXIAN } from '@duban/testing';
import { failure, startEvaluationSandbox, type EvaluationSandbox } from '../__fixtures__/evaluation-sandbox';

const PHOTO = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(600 * 1024, 9),
]);

/**
 * The programme's acceptance settings (province admin only, validated against the rubric, audited, applying
 * to inspections opened afterwards); rectifications due at an exact instant with their own reminder plan;
 * evidence read back chunk by chunk within scope.
 */
describe('settings, exact rectification deadlines and evidence downloads (real Postgres and NATS)', () => {
  let sandbox: EvaluationSandbox;
  let linxian: string;

  beforeAll(async () => {
    sandbox = await startEvaluationSandbox('settings');
    linxian = sandbox.projects[LINXIAN] as string;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const audits = async (action: string) =>
    (await sandbox.db.query(`SELECT outcome, before, after FROM evaluation.audit_log WHERE action = $1 ORDER BY id`, [
      action,
    ])) as { outcome: string; before: unknown; after: unknown }[];

  it('shows the default settings to the province admin only', async () => {
    const settings = await sandbox.rpc.call(GetEvaluationSettingsRpc, {
      actor: demoActors.province,
      programmeId: sandbox.programmeId,
    });
    expect(settings).toMatchObject({
      programmeId: sandbox.programmeId,
      programmeCode: 'test-gig-markets',
      passThreshold: 60,
      rubricCode: null,
      rubric: { code: 'gig-market-checklist', version: 1, total: 100 },
    });
    const city = await failure(
      sandbox.rpc.call(GetEvaluationSettingsRpc, { actor: demoActors.lvliang, programmeId: sandbox.programmeId }),
    );
    expect(city.code).toBe('forbidden');
    const unknown = await failure(
      sandbox.rpc.call(GetEvaluationSettingsRpc, {
        actor: demoActors.province,
        programmeId: '0190a3c4-0000-7000-8000-00000000dead',
      }),
    );
    expect(unknown).toMatchObject({ code: 'not_found', message: '计划不存在' });
  });

  it('refuses a threshold above the rubric total and an unknown rubric code, writing nothing', async () => {
    const before = await audits('settings.put');
    const tooHigh = await failure(
      sandbox.rpc.call(PutEvaluationSettingsRpc, {
        actor: demoActors.province,
        programmeId: sandbox.programmeId,
        passThreshold: 100.5,
        rubricCode: null,
      }),
    );
    expect(tooHigh).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'passThreshold', message: '合格线 100.5 分超过评分标准总分 100 分' }],
    });
    const unknown = await failure(
      sandbox.rpc.call(PutEvaluationSettingsRpc, {
        actor: demoActors.province,
        programmeId: sandbox.programmeId,
        passThreshold: 70,
        rubricCode: 'no-such-rubric',
      }),
    );
    expect(unknown).toMatchObject({
      errors: [{ field: 'rubricCode', message: '没有编码为 no-such-rubric 的评分标准' }],
    });
    const byCity = await failure(
      sandbox.rpc.call(PutEvaluationSettingsRpc, {
        actor: demoActors.lvliang,
        programmeId: sandbox.programmeId,
        passThreshold: 70,
        rubricCode: null,
      }),
    );
    expect(byCity.code).toBe('forbidden');
    const after = await audits('settings.put');
    expect(after.filter((row) => row.outcome === 'done')).toHaveLength(
      before.filter((r) => r.outcome === 'done').length,
    );
    expect(after.filter((row) => row.outcome !== 'done')).toHaveLength(1);
  });

  it('changes the threshold (audited with before and after); only inspections opened afterwards use it', async () => {
    const earlier = await sandbox.rpc.call(OpenInspectionRpc, {
      actor: demoActors.lvliang,
      projectId: linxian,
      kind: 'inspection',
      date: '2023-10-20',
      inspectors: ['inspector'],
    });
    const changed = await sandbox.rpc.call(PutEvaluationSettingsRpc, {
      actor: demoActors.province,
      programmeId: sandbox.programmeId,
      passThreshold: 99.5,
      rubricCode: 'gig-market-checklist',
    });
    expect(changed).toMatchObject({ passThreshold: 99.5, rubricCode: 'gig-market-checklist', rubric: { total: 100 } });
    const [audit] = (await audits('settings.put')).filter((row) => row.outcome === 'done');
    expect(audit).toMatchObject({
      before: { passThreshold: 60, rubricCode: null },
      after: { passThreshold: 99.5, rubricCode: 'gig-market-checklist' },
    });
    const later = await sandbox.rpc.call(OpenInspectionRpc, {
      actor: demoActors.lvliang,
      projectId: linxian,
      kind: 'inspection',
      date: '2023-10-21',
      inspectors: ['inspector'],
    });
    expect([earlier.passThreshold, later.passThreshold]).toEqual([60, 99.5]);
  });

  describe('a signed inspection with item 6 short', () => {
    let inspection: InspectionView;
    let evidenceId: string;
    const item = (number: number) => {
      const found = inspection.items.find((candidate) => candidate.number === number);
      if (!found) throw new Error(`no item ${number}`);
      return found;
    };

    beforeAll(async () => {
      inspection = await sandbox.rpc.call(OpenInspectionRpc, {
        actor: demoActors.lvliang,
        projectId: linxian,
        kind: 'inspection',
        date: '2023-10-22',
        inspectors: ['inspector'],
      });
      await sandbox.rpc.call(PutScoresRpc, {
        actor: demoActors.inspector,
        inspectionId: inspection.id,
        scores: inspection.items.map((candidate) => ({
          itemId: candidate.id,
          score: candidate.number === 6 ? 3 : candidate.maxPoints,
          note: '',
        })),
      });
      const { uploadId, chunkBytes } = await sandbox.rpc.call(BeginEvidenceUploadRpc, {
        actor: demoActors.inspector,
        inspectionId: inspection.id,
        itemId: item(6).id,
        filename: '标识.png',
      });
      for (let index = 0; index * chunkBytes < PHOTO.length; index++) {
        const data = PHOTO.subarray(index * chunkBytes, (index + 1) * chunkBytes).toString('base64');
        await sandbox.rpc.call(EvidenceChunkRpc, { actor: demoActors.inspector, uploadId, index, data });
      }
      const file = await sandbox.rpc.call(FinishEvidenceUploadRpc, {
        actor: demoActors.inspector,
        uploadId,
        sizeBytes: PHOTO.length,
        sha256: createHash('sha256').update(PHOTO).digest('hex'),
      });
      evidenceId = file.id;
      await sandbox.rpc.call(SignInspectionRpc, {
        actor: demoActors.inspector,
        inspectionId: inspection.id,
        name: '王验收',
      });
      inspection = await sandbox.rpc.call(SignInspectionRpc, {
        actor: demoActors.linxian,
        inspectionId: inspection.id,
        name: '刘星',
      });
    });

    it('refuses a due instant already past by the service’s clock, writing nothing', async () => {
      // The service's clock, not the machine's, decides: a second before its "now" is past, even in 2099.
      const now = new Date('2099-06-01T00:00:00.000Z');
      sandbox.app.get(Clock).setNow(now);
      try {
        const before = await sandbox.writeCounts();
        const past = await failure(
          sandbox.rpc.call(CreateRectificationRpc, {
            actor: demoActors.lvliang,
            inspectionId: inspection.id,
            itemId: item(6).id,
            what: '更换牌匾',
            responsibleUsername: 'linxian',
            responsibleName: '刘星',
            dueAt: new Date(now.getTime() - 1000).toISOString(),
          }),
        );
        expect(past).toMatchObject({ errors: [{ field: 'dueAt', message: '整改期限须晚于当前时刻' }] });
        expect(await sandbox.writeCounts()).toEqual(before);
      } finally {
        sandbox.app.get(Clock).setNow(null);
      }
    });

    it('passes an exact instant and its reminder plan through the DeadlineSet; the date is the local one', async () => {
      const dueAt = '2099-11-30T16:30:00.000Z'; // 2099-12-01 00:30 in Asia/Shanghai
      const rectification = await sandbox.rpc.call(CreateRectificationRpc, {
        actor: demoActors.lvliang,
        inspectionId: inspection.id,
        itemId: item(6).id,
        what: '更换牌匾',
        responsibleUsername: 'linxian',
        responsibleName: '刘星',
        dueAt,
        reminderPlan: ['-P1D', '-PT1H', 'PT0S', 'P2D'],
      });
      expect(rectification).toMatchObject({
        itemNumber: 6,
        dueAt,
        dueDate: '2099-12-01',
        reminderPlan: ['-P1D', '-PT1H', 'PT0S', 'P2D'],
      });
      const events = await sandbox.outboxEnvelopes(EvaluationDeadlines.DeadlineSet.type);
      expect(events.map((event) => event.data)).toEqual([
        expect.objectContaining({
          deadlineId: rectification.id,
          due: { at: dueAt },
          plan: ['-P1D', '-PT1H', 'PT0S', 'P2D'],
          responsible: [{ kind: 'user', username: 'linxian', name: '刘星' }],
          title: expect.stringContaining('整改：第 6 项'),
        }),
      ]);
      expect(() => EvaluationDeadlines.DeadlineSet.schema.parse(events[0]?.data)).not.toThrow();
    });

    it('reads evidence back chunk by chunk within scope, byte for byte; out of scope is not found', async () => {
      const file = await sandbox.rpc.call(GetEvidenceRpc, { actor: demoActors.zhangzhenyu, evidenceId });
      expect(file).toMatchObject({ inspectionId: inspection.id, contentType: 'image/png', sizeBytes: PHOTO.length });
      const chunks: Buffer[] = [];
      for (let index = 0; index * file.chunkBytes < file.sizeBytes; index++) {
        const { data } = await sandbox.rpc.call(ReadEvidenceChunkRpc, {
          actor: demoActors.zhangzhenyu,
          evidenceId,
          index,
        });
        chunks.push(Buffer.from(data, 'base64'));
      }
      expect(chunks.length).toBe(Math.ceil(PHOTO.length / file.chunkBytes));
      expect(createHash('sha256').update(Buffer.concat(chunks)).digest('hex')).toBe(file.sha256);
      const beyond = await failure(
        sandbox.rpc.call(ReadEvidenceChunkRpc, { actor: demoActors.zhangzhenyu, evidenceId, index: chunks.length }),
      );
      expect(beyond.code).toBe('validation_failed');
      const outOfScope = [
        () => sandbox.rpc.call(GetEvidenceRpc, { actor: demoActors.taiyuan, evidenceId }),
        () => sandbox.rpc.call(ReadEvidenceChunkRpc, { actor: demoActors.lishi, evidenceId, index: 0 }),
      ];
      for (const call of outOfScope) {
        expect(await failure(call())).toMatchObject({ code: 'not_found', message: '证据文件不存在' });
      }
    });
  });
});
