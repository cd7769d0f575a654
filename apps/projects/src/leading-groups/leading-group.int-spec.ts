import {
  CreateOfficerRpc,
  DomainError,
  ListMilestonesRpc,
  ListOfficersRpc,
  ListProjectsRpc,
  MilestoneUpdated,
  OfficerChanged,
  RemoveOfficerRpc,
  UpdateMilestoneRpc,
  UpdateOfficerRpc,
  type MilestoneUpdatedData,
  type OfficerChangedData,
} from '@duban/contracts';
import { demoActors as actors, LINXIAN } from '@duban/testing';
import { startProjectsSandbox, type ProjectsSandbox } from '../__fixtures__/projects-sandbox';

/** Leading groups with contacts (issue 13), over RPC on the real schema, with the events they announce. */
describe('leading groups with contacts (projects)', () => {
  let sandbox: ProjectsSandbox;
  let projectId: string;

  beforeAll(async () => {
    sandbox = await startProjectsSandbox('leadinggroups');
    const [linxian] = await sandbox.rpc.call(ListProjectsRpc, { actor: actors.linxian, region: LINXIAN });
    projectId = linxian?.id as string;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const refusal = async (call: Promise<unknown>) => {
    try {
      await call;
    } catch (error) {
      if (error instanceof DomainError) return error.toBody();
      throw error;
    }
    throw new Error('the call was not refused');
  };
  const auditRows = async (action: string, targetId: string) =>
    (
      await sandbox.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM projects.audit_log WHERE action = $1 AND target_id = $2 AND outcome = 'done'`,
        [action, targetId],
      )
    )[0]?.n ?? 0;

  it('lists 临县’s six members, each with contacts (none given by the documents)', async () => {
    const group = await sandbox.rpc.call(ListOfficersRpc, { actor: actors.linxian, projectId });
    expect(group).toHaveLength(6);
    expect(group[0]).toMatchObject({
      name: '张振玉',
      roleLabel: '组长',
      contacts: { mobile: null, email: null, dingtalkId: null, wecomId: null },
    });
  });

  it('adds a member without an account but with an e-mail, announces the contacts, and lets the member answer for a milestone', async () => {
    const added = await sandbox.rpc.call(CreateOfficerRpc, {
      actor: actors.linxian,
      projectId,
      officer: {
        name: '王建国',
        role: 'member',
        title: '县财政局副局长',
        unit: '临县财政局',
        username: null,
        contacts: { email: 'wangjianguo@example.invalid', mobile: '13900000001', dingtalkId: '', wecomId: null },
        smsOptedOut: false,
      },
    });
    expect(added).toMatchObject({
      name: '王建国',
      roleLabel: '成员',
      username: null,
      smsOptedOut: false,
      contacts: { email: 'wangjianguo@example.invalid', mobile: '13900000001', dingtalkId: null, wecomId: null },
    });
    const [changed] = await sandbox.outboxEnvelopes<OfficerChangedData>(OfficerChanged.type, added.id);
    expect(changed?.data).toMatchObject({
      officerId: added.id,
      projectId,
      regionCode: LINXIAN,
      username: null,
      removed: false,
      contacts: { email: 'wangjianguo@example.invalid' },
    });
    expect(await auditRows('officer.create', added.id)).toBe(1);
    expect(await sandbox.rpc.call(ListOfficersRpc, { actor: actors.lvliang, projectId })).toHaveLength(7);

    // Who answers for which milestone: the existing milestone route, naming the new member.
    const milestones = await sandbox.rpc.call(ListMilestonesRpc, { actor: actors.linxian, projectId });
    const finish = milestones.find((m) => m.key === 'finish');
    await sandbox.rpc.call(UpdateMilestoneRpc, {
      actor: actors.linxian,
      milestoneId: finish?.id as string,
      changes: { responsibleOfficerIds: [...(finish?.responsibleOfficerIds ?? []), added.id] },
    });
    const updates = await sandbox.outboxEnvelopes<MilestoneUpdatedData>(MilestoneUpdated.type, finish?.id);
    expect(updates.at(-1)?.data.responsibleOfficers).toContainEqual({ id: added.id, name: '王建国', username: null });

    // Contacts change: announced, reminders need no re-addressing.
    const before = await sandbox.outboxCount(MilestoneUpdated.type);
    await sandbox.rpc.call(UpdateOfficerRpc, {
      actor: actors.lvliang,
      officerId: added.id,
      changes: { contacts: { email: 'wjg@example.invalid' } },
    });
    expect(
      (await sandbox.outboxEnvelopes<OfficerChangedData>(OfficerChanged.type, added.id)).at(-1)?.data,
    ).toMatchObject({ contacts: { email: 'wjg@example.invalid', mobile: '13900000001' } });
    expect(await sandbox.outboxCount(MilestoneUpdated.type)).toBe(before);

    // The member asks for no more SMS (退订短信): recorded on the member, announced, the mobile kept.
    const optedOut = await sandbox.rpc.call(UpdateOfficerRpc, {
      actor: actors.linxian,
      officerId: added.id,
      changes: { smsOptedOut: true },
    });
    expect(optedOut).toMatchObject({ smsOptedOut: true, contacts: { mobile: '13900000001' } });
    expect(
      (await sandbox.outboxEnvelopes<OfficerChangedData>(OfficerChanged.type, added.id)).at(-1)?.data,
    ).toMatchObject({ smsOptedOut: true, contacts: { mobile: '13900000001' } });
    expect(await auditRows('officer.update', added.id)).toBe(2);
    expect(await sandbox.outboxCount(MilestoneUpdated.type)).toBe(before);

    // A new name is what reminders carry: every open milestone of the county is announced again.
    await sandbox.rpc.call(UpdateOfficerRpc, {
      actor: actors.linxian,
      officerId: added.id,
      changes: { name: '王建华' },
    });
    expect(await sandbox.outboxCount(MilestoneUpdated.type)).toBe(before + 8);
    expect(
      (await sandbox.outboxEnvelopes<MilestoneUpdatedData>(MilestoneUpdated.type, finish?.id)).at(-1)?.data
        .responsibleOfficers,
    ).toContainEqual({ id: added.id, name: '王建华', username: null });

    // Removal is refused while the member still answers for an open milestone.
    expect(
      await refusal(sandbox.rpc.call(RemoveOfficerRpc, { actor: actors.linxian, officerId: added.id })),
    ).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('年底前完成'),
    });
    await sandbox.rpc.call(UpdateMilestoneRpc, {
      actor: actors.linxian,
      milestoneId: finish?.id as string,
      changes: { responsibleOfficerIds: finish?.responsibleOfficerIds ?? [] },
    });
    expect(await sandbox.rpc.call(RemoveOfficerRpc, { actor: actors.linxian, officerId: added.id })).toEqual({
      removed: true,
    });
    expect(
      (await sandbox.outboxEnvelopes<OfficerChangedData>(OfficerChanged.type, added.id)).at(-1)?.data,
    ).toMatchObject({ removed: true });
    expect(await auditRows('officer.remove', added.id)).toBe(1);
  });

  it('refuses bad contacts and a second 组长 naming the field, writing nothing', async () => {
    const outbox = await sandbox.outboxCount(OfficerChanged.type);
    expect(
      await refusal(
        sandbox.rpc.call(CreateOfficerRpc, {
          actor: actors.linxian,
          projectId,
          officer: {
            name: '某人',
            role: 'member',
            title: '',
            unit: '',
            username: null,
            contacts: { email: 'not-an-address' },
            smsOptedOut: false,
          },
        }),
      ),
    ).toMatchObject({
      code: 'validation_failed',
      errors: [expect.objectContaining({ field: expect.stringContaining('email') })],
    });
    expect(
      await refusal(
        sandbox.rpc.call(CreateOfficerRpc, {
          actor: actors.linxian,
          projectId,
          officer: {
            name: '某人',
            role: 'leader',
            title: '',
            unit: '',
            username: null,
            contacts: {},
            smsOptedOut: false,
          },
        }),
      ),
    ).toMatchObject({ code: 'validation_failed', errors: [{ field: 'role', message: '该县领导小组已有组长' }] });
    expect(await sandbox.outboxCount(OfficerChanged.type)).toBe(outbox);
  });

  it('answers 404 outside the caller’s county and 403 to a role that may not edit the group', async () => {
    const officer = {
      name: '某人',
      role: 'member' as const,
      title: '',
      unit: '',
      username: null,
      contacts: {},
      smsOptedOut: false,
    };
    expect(
      await refusal(sandbox.rpc.call(CreateOfficerRpc, { actor: actors.lishi, projectId, officer })),
    ).toMatchObject({
      code: 'not_found',
    });
    expect(
      await refusal(sandbox.rpc.call(CreateOfficerRpc, { actor: actors.zhangzhenyu, projectId, officer })),
    ).toMatchObject({ code: 'forbidden' });
  });
});
