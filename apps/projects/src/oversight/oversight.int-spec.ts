import {
  AcknowledgeInstructionRpc,
  type DomainError,
  GetMilestoneOversightRpc,
  InstructionAcknowledged,
  InstructMilestoneRpc,
  ListMilestonesRpc,
  ListProjectsRpc,
  MilestoneInstructed,
  MilestoneUrged,
  UrgeMilestoneRpc,
} from '@duban/contracts';
import { demoActors as actors, LINXIAN } from '@duban/testing';
import { startProjectsSandbox, type ProjectsSandbox } from '../__fixtures__/projects-sandbox';

/** 催办 and 批示 over RPC (real Postgres and NATS, demo data): who may, how often, and what is announced. */
describe('催办 and 批示 (real Postgres and NATS, demo data)', () => {
  let sandbox: ProjectsSandbox;
  let milestoneId: string;
  const at = (iso: string) => sandbox.clock.setNow(new Date(iso));
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => error as DomainError,
    );

  beforeAll(async () => {
    sandbox = await startProjectsSandbox('oversight');
    const [linxian] = await sandbox.rpc.call(ListProjectsRpc, { actor: actors.linxian, region: LINXIAN });
    const milestones = await sandbox.rpc.call(ListMilestonesRpc, { actor: actors.linxian, projectId: linxian!.id });
    milestoneId = milestones.find((milestone) => milestone.key === 'site')!.id;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('lets 吕梁 urge once an hour: the second within the hour is refused in Chinese, naming when it may be urged again', async () => {
    at('2026-12-07T01:00:00Z');
    const urge = await sandbox.rpc.call(UrgeMilestoneRpc, {
      actor: actors.lvliang,
      milestoneId,
      message: '请本周内完成选址',
    });
    expect(urge).toMatchObject({ milestoneId, message: '请本周内完成选址', urgedBy: { username: 'lvliang' } });

    at('2026-12-07T01:59:59Z');
    const again = await refusal(sandbox.rpc.call(UrgeMilestoneRpc, { actor: actors.zhangzhenyu, milestoneId }));
    expect(again).toMatchObject({ code: 'conflict' });
    expect(again?.message).toBe(
      '「完成选址」已于 2026年12月7日 09:00 催办，同一节点每小时最多催办一次，请于 2026年12月7日 10:00 后再催办',
    );
    expect(await sandbox.outboxCount(MilestoneUrged.type, milestoneId)).toBe(1);

    // An hour later the county's 组长 may urge it.
    at('2026-12-07T02:00:00Z');
    await sandbox.rpc.call(UrgeMilestoneRpc, { actor: actors.zhangzhenyu, milestoneId });
    expect(await sandbox.outboxCount(MilestoneUrged.type, milestoneId)).toBe(2);
  });

  it('refuses the county officer (403) and a city outside the scope (404), announcing nothing', async () => {
    at('2026-12-07T05:00:00Z');
    expect(await refusal(sandbox.rpc.call(UrgeMilestoneRpc, { actor: actors.linxian, milestoneId }))).toMatchObject({
      code: 'forbidden',
      message: '只有市、省级人员或本县领导小组组长可以催办或批示',
    });
    expect(
      await refusal(sandbox.rpc.call(InstructMilestoneRpc, { actor: actors.taiyuan, milestoneId, text: '抓紧' })),
    ).toMatchObject({ code: 'not_found' });
    expect(await sandbox.outboxCount(MilestoneUrged.type, milestoneId)).toBe(2);
    expect(await sandbox.outboxCount(MilestoneInstructed.type, milestoneId)).toBe(0);
  });

  it('an instruction is acknowledged once by the county, not by the city; both show on the item', async () => {
    at('2026-12-07T06:00:00Z');
    const instruction = await sandbox.rpc.call(InstructMilestoneRpc, {
      actor: actors.province,
      milestoneId,
      text: '请县委县政府专题研究选址问题，月底前报结果。',
    });
    expect(instruction).toMatchObject({ acknowledgedAt: null, writtenBy: { username: 'province' } });
    expect(
      await refusal(
        sandbox.rpc.call(AcknowledgeInstructionRpc, { actor: actors.lvliang, instructionId: instruction.id }),
      ),
    ).toMatchObject({ code: 'forbidden' });

    at('2026-12-07T07:30:00Z');
    const acknowledged = await sandbox.rpc.call(AcknowledgeInstructionRpc, {
      actor: actors.linxian,
      instructionId: instruction.id,
    });
    expect(acknowledged).toMatchObject({
      acknowledgedAt: '2026-12-07T07:30:00.000Z',
      acknowledgedBy: { username: 'linxian', displayName: '刘星' },
    });
    expect(
      await refusal(
        sandbox.rpc.call(AcknowledgeInstructionRpc, { actor: actors.zhangzhenyu, instructionId: instruction.id }),
      ),
    ).toMatchObject({ code: 'conflict', message: '该批示已由刘星于 2026年12月7日 15:30 签收' });
    expect(await sandbox.outboxCount(MilestoneInstructed.type, milestoneId)).toBe(1);
    expect(await sandbox.outboxCount(InstructionAcknowledged.type, milestoneId)).toBe(1);

    const oversight = await sandbox.rpc.call(GetMilestoneOversightRpc, { actor: actors.lvliang, milestoneId });
    expect(oversight.urges.map((urge) => urge.urgedBy.username)).toEqual(['zhangzhenyu', 'lvliang']);
    expect(oversight.instructions).toEqual([acknowledged]);
    expect(oversight.nextUrgeAt).toBeNull();
  });
});
