import {
  CloseRectificationRpc,
  CreateRectificationRpc,
  EvaluationDeadlines,
  GetInspectionRpc,
  GetRubricRpc,
  InspectionPassed,
  InspectionScored,
  ListInspectionsRpc,
  OpenInspectionRpc,
  PutScoresRpc,
  SignInspectionRpc,
  type InspectionView,
} from '@duban/contracts';
import { GIG_MARKET_RUBRIC_2023 } from '../rubrics/gig-market-rubric-2023.rules';
import { RubricsService } from '../rubrics/rubrics.service';
import { demoActors, LINXIAN } from '@duban/testing';
import {
  failure,
  startEvaluationSandbox,
  TAIYUAN_XIAODIAN,
  type EvaluationSandbox,
} from '../__fixtures__/evaluation-sandbox';

describe('inspections over RPC (real Postgres and NATS)', () => {
  let sandbox: EvaluationSandbox;
  let linxian: string;
  let inspection: InspectionView;
  const itemId = (number: number) => inspection.items.find((item) => item.number === number)?.id as string;

  beforeAll(async () => {
    sandbox = await startEvaluationSandbox('inspections');
    linxian = sandbox.projects[LINXIAN] as string;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('has the corrected 2023 rubric loaded in demo mode: 100 points, 15 items; loading it again adds nothing', async () => {
    inspection = await sandbox.rpc.call(OpenInspectionRpc, {
      actor: demoActors.lvliang,
      projectId: linxian,
      kind: 'inspection',
      date: '2023-10-20',
      inspectors: ['inspector', 'inspector3'],
      // As the gateway names them; inspector3 left out, as for an inspection opened before names were kept.
      inspectorNames: { inspector: '验收组' },
    });
    const rubric = await sandbox.rpc.call(GetRubricRpc, { actor: demoActors.inspector, rubricId: inspection.rubricId });
    expect(rubric).toMatchObject({ version: 1, total: 100, title: '建设暨评价标准清单' });
    expect(rubric.sections.map((section) => [section.points, section.items.length])).toEqual([
      [15, 3],
      [40, 5],
      [30, 4],
      [15, 3],
    ]);
    const again = await sandbox.app.get(RubricsService).load(GIG_MARKET_RUBRIC_2023, 'test');
    expect(again).toMatchObject({ added: false, rubric: { id: rubric.id, version: 1 } });
  });

  it('opens 临县’s inspection with 15 items, item 6 naming 临县, nothing scored, total 0, its inspectors by name', async () => {
    expect(inspection).toMatchObject({
      status: 'open',
      inspectors: ['inspector', 'inspector3'],
      inspectorNames: ['验收组', 'inspector3'],
      total: 0,
      maxTotal: 100,
      toScoreCount: 15,
      scoredCount: 0,
      passThreshold: 60,
    });
    expect(inspection.items).toHaveLength(15);
    expect(inspection.items.find((item) => item.number === 6)?.text).toBe(
      '明显位置悬挂统一标识，名称为：“临县零工市场”。',
    );
    // Kept with the inspection, not only answered once.
    const read = await sandbox.rpc.call(GetInspectionRpc, { actor: demoActors.lvliang, inspectionId: inspection.id });
    expect(read.inspectorNames).toEqual(['验收组', 'inspector3']);
  });

  it('lets only the city open an inspection: county 403, another city 404 (audited)', async () => {
    const before = await sandbox.writeCounts();
    const open = (actor: (typeof demoActors)[keyof typeof demoActors]) =>
      sandbox.rpc.call(OpenInspectionRpc, {
        actor,
        projectId: linxian,
        kind: 'inspection',
        date: '2023-10-20',
        inspectors: ['inspector'],
      });
    expect(await failure(open(demoActors.linxian))).toMatchObject({ code: 'forbidden' });
    expect(await failure(open(demoActors.taiyuan))).toMatchObject({ code: 'not_found', message: '项目不存在' });
    expect(await sandbox.writeCounts()).toEqual(before);
    const denied: { n: number }[] = await sandbox.db.query(
      `SELECT count(*)::int AS n FROM evaluation.audit_log WHERE outcome = 'denied' AND action = 'inspection.open'`,
    );
    expect(denied[0]?.n).toBe(2);
  });

  it('refuses a score above the maximum, a negative one, an unknown item, and any from the county: nothing written', async () => {
    const before = await sandbox.writeCounts();
    const score = (actor: (typeof demoActors)[keyof typeof demoActors], scores: { itemId: string; score: number }[]) =>
      failure(
        sandbox.rpc.call(PutScoresRpc, {
          actor,
          inspectionId: inspection.id,
          scores: scores.map((s) => ({ ...s, note: '' })),
        }),
      );

    const above = await score(demoActors.inspector, [
      { itemId: itemId(2), score: 5 },
      { itemId: itemId(1), score: 6 },
    ]);
    expect(above).toMatchObject({ code: 'validation_failed' });
    expect(above.errors).toEqual([{ field: 'scores.1.score', message: '第 1 项满分 5 分，不能给 6 分' }]);
    const negative = await score(demoActors.inspector, [{ itemId: itemId(1), score: -1 }]);
    expect(negative).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'scores.0.score', message: '分数不能为负数' }],
    });
    const quarter = await score(demoActors.inspector, [{ itemId: itemId(1), score: 2.25 }]);
    expect(quarter.errors?.[0]).toEqual({ field: 'scores.0.score', message: '分数须为 0.5 的整数倍' });
    const unknown = await score(demoActors.inspector, [{ itemId: '01890000-0000-7000-8000-000000000000', score: 1 }]);
    expect(unknown.errors).toEqual([{ field: 'scores.0.itemId', message: '评分标准中没有此项' }]);
    expect(await score(demoActors.linxian, [{ itemId: itemId(1), score: 5 }])).toMatchObject({
      code: 'forbidden',
      message: '县级专班不能为验收检查评分（可填报自评）',
    });
    expect(await score(demoActors.otherInspector, [{ itemId: itemId(1), score: 5 }])).toMatchObject({
      code: 'forbidden',
    });
    expect(await sandbox.writeCounts()).toEqual(before);
  });

  it('scores all 15 items (half points allowed): section subtotals and total are computed', async () => {
    const scores = inspection.items.map((item) => ({ itemId: item.id, score: item.maxPoints, note: '符合' }));
    scores[0] = { itemId: itemId(1), score: 4.5, note: '问卷 140 份，略少于 150 份' };
    scores[5] = { itemId: itemId(6), score: 3, note: '标识名称不全' };
    const scored = await sandbox.rpc.call(PutScoresRpc, {
      actor: demoActors.inspector,
      inspectionId: inspection.id,
      scores,
    });
    expect(scored).toMatchObject({ total: 100 - 0.5 - 2, scoredCount: 15, status: 'open' });
    expect(scored.sectionTotals).toEqual([
      { title: '一、调研论证', points: 15, score: 14.5 },
      { title: '二、基础设施', points: 40, score: 38 },
      { title: '三、服务管理', points: 30, score: 30 },
      { title: '四、信息支撑', points: 15, score: 15 },
    ]);
    expect(scored.items[0]).toMatchObject({ score: 4.5, note: '问卷 140 份，略少于 150 份' });
    // Announced once, for the sheet open elsewhere (the refusals above announced nothing).
    const announced = await sandbox.outboxEnvelopes(InspectionScored.type);
    expect(announced.map((event) => event.data)).toEqual([
      expect.objectContaining({
        inspectionId: inspection.id,
        projectId: inspection.projectId,
        regionCode: '141124',
        cityRegionCode: '141100',
        itemIds: scores.map((score) => score.itemId),
        scoredBy: demoActors.inspector.username,
      }),
    ]);
    inspection = scored;
  });

  it('signs (inspector, then county) with a hash of the content; then read-only; a pass is announced once', async () => {
    expect(
      await failure(
        sandbox.rpc.call(SignInspectionRpc, { actor: demoActors.linxian, inspectionId: inspection.id, name: '刘星' }),
      ),
    ).toMatchObject({
      code: 'conflict',
      message: '验收组签字后才能会签',
    });
    const first = await sandbox.rpc.call(SignInspectionRpc, {
      actor: demoActors.inspector,
      inspectionId: inspection.id,
      name: '王验收',
    });
    expect(first.status).toBe('inspector_signed');
    expect(first.signatures.inspector).toMatchObject({ name: '王验收', username: 'inspector' });
    expect(first.signatures.inspector?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const locked = await failure(
      sandbox.rpc.call(PutScoresRpc, {
        actor: demoActors.inspector,
        inspectionId: inspection.id,
        scores: [{ itemId: itemId(1), score: 5, note: '' }],
      }),
    );
    expect(locked).toMatchObject({ code: 'conflict', message: '验收组已签字，评分不能再修改' });

    const signed = await sandbox.rpc.call(SignInspectionRpc, {
      actor: demoActors.linxian,
      inspectionId: inspection.id,
      name: '刘星',
    });
    expect(signed).toMatchObject({ status: 'signed', passed: true, total: 97.5 });
    expect(signed.signatures.county).toMatchObject({ name: '刘星', username: 'linxian' });
    expect(signed.signatures.county?.contentHash).toBe(first.signatures.inspector?.contentHash);

    const events = await sandbox.outboxEnvelopes(InspectionPassed.type);
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({
      projectId: linxian,
      inspectionId: inspection.id,
      total: 97.5,
      passThreshold: 60,
      inspector: { username: 'inspector', name: '王验收' },
      countersignedBy: { username: 'linxian', name: '刘星' },
      signedAt: signed.signatures.county?.signedAt,
    });

    const before = await sandbox.writeCounts();
    const again = await failure(
      sandbox.rpc.call(PutScoresRpc, {
        actor: demoActors.inspector,
        inspectionId: inspection.id,
        scores: [{ itemId: itemId(1), score: 5, note: '' }],
      }),
    );
    expect(again).toMatchObject({ code: 'conflict', message: '检查已签字，只读，不能修改' });
    expect(
      await failure(
        sandbox.rpc.call(SignInspectionRpc, { actor: demoActors.linxian, inspectionId: inspection.id, name: '刘星' }),
      ),
    ).toMatchObject({
      code: 'conflict',
    });
    expect(await sandbox.writeCounts()).toEqual(before);
    // The schema itself refuses to change a signed inspection's scores.
    await expect(
      sandbox.db.query(`UPDATE evaluation.item_score SET half_points = 10 WHERE inspection_id = $1`, [inspection.id]),
    ).rejects.toThrow(/read-only/);
    inspection = signed;
  });

  it('keeps the rubric an inspection used: rows cannot change, an edit is a new version', async () => {
    await expect(
      sandbox.db.query(`UPDATE evaluation.rubric_item SET max_half_points = 20 WHERE rubric_id = $1`, [
        inspection.rubricId,
      ]),
    ).rejects.toThrow(/immutable/);
    const edited = structuredClone(GIG_MARKET_RUBRIC_2023);
    (edited.sections[0]?.items[0] as { text: string }).text = '广泛进行调研摸底（修订）';
    const { rubric, added } = await sandbox.app.get(RubricsService).load(edited, 'test');
    expect(added).toBe(true);
    expect(rubric.version).toBe(2);
    const old = await sandbox.rpc.call(GetInspectionRpc, { actor: demoActors.lvliang, inspectionId: inspection.id });
    expect(old.rubricVersion).toBe(1);
    expect(old.items[0]?.text).toContain('广泛进行调研摸底，对不少于 150 名零工');
  });

  it('turns a failed item into a rectification deadline for notifications, with county/city addressing', async () => {
    const before = await sandbox.writeCounts();
    const full = await failure(
      sandbox.rpc.call(CreateRectificationRpc, {
        actor: demoActors.inspector,
        inspectionId: inspection.id,
        itemId: itemId(2),
        what: '无',
        responsibleUsername: 'linxian',
        responsibleName: '刘星',
        dueDate: '2023-11-30',
      }),
    );
    expect(full).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'itemId', message: '第 2 项得满分，无需整改' }],
    });
    expect(await sandbox.writeCounts()).toEqual(before);

    const rectification = await sandbox.rpc.call(CreateRectificationRpc, {
      actor: demoActors.inspector,
      inspectionId: inspection.id,
      itemId: itemId(6),
      what: '按统一标识更换“临县零工市场”牌匾',
      responsibleUsername: 'linxian',
      responsibleName: '刘星',
      dueDate: '2023-11-30',
    });
    expect(rectification).toMatchObject({ itemNumber: 6, status: 'open', dueDate: '2023-11-30' });
    const [deadline] = await sandbox.outboxEnvelopes(EvaluationDeadlines.DeadlineSet.type);
    expect(deadline?.type).toBe('duban.evaluation.deadline.set.v1');
    expect(deadline?.data).toMatchObject({
      deadlineId: rectification.id,
      subjectType: 'rectification',
      subjectId: rectification.id,
      programmeId: sandbox.programmeId,
      projectId: linxian,
      regionCode: LINXIAN,
      regionName: '临县',
      cityRegionCode: '141100',
      due: { date: '2023-11-30' },
      responsible: [{ kind: 'user', username: 'linxian', name: '刘星' }],
      countyLeader: { kind: 'role', role: 'county_officer', regionCode: LINXIAN },
      cityOfficer: { kind: 'role', role: 'city_officer', regionCode: '141100' },
      plan: null,
      history: false,
      policy: { beforeDue: { workingDaysBefore: [7, 3, 1] } },
    });
    expect(deadline?.data.title).toContain('整改：第 6 项');
    expect(
      await failure(
        sandbox.rpc.call(CreateRectificationRpc, {
          actor: demoActors.inspector,
          inspectionId: inspection.id,
          itemId: itemId(6),
          what: '再来一次',
          responsibleUsername: 'linxian',
          responsibleName: '刘星',
          dueDate: '2023-11-30',
        }),
      ),
    ).toMatchObject({ code: 'conflict', message: '第 6 项已有整改项' });
  });

  it('re-inspects only the open items, linked to the first; its signing clears the rectification deadline', async () => {
    const re = await sandbox.rpc.call(OpenInspectionRpc, {
      actor: demoActors.lvliang,
      projectId: linxian,
      kind: 'inspection',
      date: '2023-12-05',
      inspectors: ['inspector'],
      reinspectionOf: inspection.id,
    });
    // Item 6 counts 0 until it is scored again; the others carry over.
    expect(re).toMatchObject({ reinspectionOf: inspection.id, toScoreCount: 1, total: 94.5, rubricVersion: 1 });
    expect(re.items.filter((item) => item.scored).map((item) => item.number)).toEqual([6]);
    expect(re.items.find((item) => item.number === 1)).toMatchObject({ score: 4.5, carriedOver: true });
    const outside = await failure(
      sandbox.rpc.call(PutScoresRpc, {
        actor: demoActors.inspector,
        inspectionId: re.id,
        scores: [{ itemId: itemId(1), score: 5, note: '' }],
      }),
    );
    expect(outside.errors?.[0]?.message).toContain('不在本次复查范围内');
    const rescored = await sandbox.rpc.call(PutScoresRpc, {
      actor: demoActors.inspector,
      inspectionId: re.id,
      scores: [{ itemId: itemId(6), score: 5, note: '已更换' }],
    });
    expect(rescored.total).toBe(99.5);
    await sandbox.rpc.call(SignInspectionRpc, { actor: demoActors.inspector, inspectionId: re.id, name: '王验收' });
    const signed = await sandbox.rpc.call(SignInspectionRpc, {
      actor: demoActors.linxian,
      inspectionId: re.id,
      name: '刘星',
    });
    expect(signed).toMatchObject({ status: 'signed', passed: true, total: 99.5 });
    const first = await sandbox.rpc.call(GetInspectionRpc, {
      actor: demoActors.inspector,
      inspectionId: inspection.id,
    });
    expect(first.rectifications[0]).toMatchObject({ status: 'closed', closedBy: 'linxian' });
    const cleared = await sandbox.outboxEnvelopes(EvaluationDeadlines.DeadlineCleared.type);
    expect(cleared.map((event) => event.data)).toEqual([{ deadlineId: first.rectifications[0]?.id, reason: 'done' }]);
    expect((await sandbox.outboxEnvelopes(InspectionPassed.type)).map((event) => event.data.reinspectionOf)).toEqual([
      null,
      inspection.id,
    ]);
    expect(
      await failure(
        sandbox.rpc.call(CloseRectificationRpc, {
          actor: demoActors.lvliang,
          rectificationId: first.rectifications[0]?.id as string,
          note: '已完成',
        }),
      ),
    ).toMatchObject({ code: 'conflict' });
  });

  it('lets the county file a self-assessment on the same rubric, which the inspector cannot score', async () => {
    const self = await sandbox.rpc.call(OpenInspectionRpc, {
      actor: demoActors.linxian,
      projectId: linxian,
      kind: 'self_assessment',
      date: '2023-10-10',
      inspectors: [],
    });
    // Opened after the rubric's edit: it uses version 2, the latest.
    expect(self).toMatchObject({ kind: 'self_assessment', toScoreCount: 15, rubricVersion: 2 });
    const twelve = self.items.find((item) => item.number === 12)?.id as string;
    const scored = await sandbox.rpc.call(PutScoresRpc, {
      actor: demoActors.linxian,
      inspectionId: self.id,
      scores: [{ itemId: twelve, score: 12.5, note: '自评' }],
    });
    expect(scored.total).toBe(12.5);
    expect(
      await failure(
        sandbox.rpc.call(PutScoresRpc, {
          actor: demoActors.inspector,
          inspectionId: self.id,
          scores: [{ itemId: twelve, score: 15, note: '' }],
        }),
      ),
    ).toMatchObject({ code: 'forbidden' });
    expect(
      await failure(
        sandbox.rpc.call(SignInspectionRpc, { actor: demoActors.linxian, inspectionId: self.id, name: '刘星' }),
      ),
    ).toMatchObject({
      code: 'conflict',
      message: '自评不需要签字',
    });
  });

  it('keeps each caller to its scope: 太原 sees nothing of 临县, 离石区’s officer neither, the inspector not 小店区', async () => {
    expect(
      await failure(sandbox.rpc.call(GetInspectionRpc, { actor: demoActors.taiyuan, inspectionId: inspection.id })),
    ).toMatchObject({
      code: 'not_found',
      message: '验收检查不存在',
    });
    expect(
      await failure(sandbox.rpc.call(GetInspectionRpc, { actor: demoActors.lishi, inspectionId: inspection.id })),
    ).toMatchObject({
      code: 'not_found',
    });
    expect(
      await failure(
        sandbox.rpc.call(ListInspectionsRpc, {
          actor: demoActors.inspector,
          projectId: sandbox.projects[TAIYUAN_XIAODIAN] as string,
        }),
      ),
    ).toMatchObject({ code: 'not_found' });
    const list = await sandbox.rpc.call(ListInspectionsRpc, { actor: demoActors.province, projectId: linxian });
    expect(list.items.map((item) => item.kind)).toEqual(['inspection', 'inspection', 'self_assessment']);
  });
});
