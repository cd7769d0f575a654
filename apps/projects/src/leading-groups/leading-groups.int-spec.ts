import {
  ImportLeadingGroupsRpc,
  ListLeadingGroupsRpc,
  MilestoneUpdated,
  OfficerChanged,
  type LeadingGroupImportRow,
  type MilestoneUpdatedData,
  type OfficerChangedData,
} from '@duban/contracts';
import { demoActors as actors, LINXIAN } from '@duban/testing';
import { startProjectsSandbox, type ProjectsSandbox } from '../__fixtures__/projects-sandbox';

function member(row: number, name: string, fields: Partial<LeadingGroupImportRow> = {}): LeadingGroupImportRow {
  return {
    row,
    regionCode: LINXIAN,
    cityName: '吕梁市',
    countyName: '临县',
    name,
    role: 'member',
    title: '县人力资源和社会保障局就业管理股股长',
    unit: '临县人力资源和社会保障局',
    cells: {},
    unreadable: [],
    ...fields,
  };
}

describe('leading groups (领导小组) over RPC: read for the export, import members (real Postgres and NATS, demo data)', () => {
  let sandbox: ProjectsSandbox;

  beforeAll(async () => {
    sandbox = await startProjectsSandbox('leadinggroups');
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const counts = async () =>
    (
      await sandbox.db.query<{ officers: number; audit: number }>(`
        SELECT (SELECT count(*) FROM projects.officer)::int AS officers,
               (SELECT count(*) FROM projects.audit_log WHERE outcome = 'done')::int AS audit`)
    )[0];

  it('lists 临县’s group as the documents name it, adds and updates members once, and refuses a bad row', async () => {
    const groups = await sandbox.rpc.call(ListLeadingGroupsRpc, { actor: actors.lvliang, region: '141100' });
    expect(groups.groups).toHaveLength(13);
    const linxian = groups.groups.find((group) => group.regionCode === LINXIAN);
    expect(linxian?.officers.map((o) => `${o.roleLabel} ${o.name}`)).toEqual([
      '组长 张振玉', '副组长 赵碧龙', '副组长 刘星', '成员 李淑云', '成员 刘新升', '成员 刘晓龙',
    ]); // prettier-ignore

    const before = await counts();
    const rows = [
      member(5, '刘新升', { title: '县人力资源和社会保障局就业股股长' }),
      member(6, '王 五', { title: '干事' }),
    ];
    const preview = await sandbox.rpc.call(ImportLeadingGroupsRpc, { actor: actors.linxian, mode: 'preview', rows });
    expect(preview).toMatchObject({ applied: false, changedRows: 2, problems: [] });
    expect(preview.changes.map((change) => change.changes)).toEqual([
      [
        {
          column: '刘新升 职务',
          before: '县人力资源和社会保障局就业管理股股长',
          after: '县人力资源和社会保障局就业股股长',
        },
      ],
      [{ column: '新增成员', before: '', after: '王 五（成员）' }],
    ]);
    expect(await counts()).toEqual(before);

    const applied = await sandbox.rpc.call(ImportLeadingGroupsRpc, {
      actor: actors.linxian,
      mode: 'all-or-nothing',
      rows,
    });
    expect(applied).toMatchObject({ applied: true, changedRows: 2 });
    expect(await counts()).toEqual({ officers: (before?.officers ?? 0) + 1, audit: (before?.audit ?? 0) + 2 });
    const again = await sandbox.rpc.call(ImportLeadingGroupsRpc, {
      actor: actors.linxian,
      mode: 'all-or-nothing',
      rows,
    });
    expect(again).toMatchObject({ applied: false, changedRows: 0, unchangedRows: 2 });
    expect(await counts()).toEqual({ officers: (before?.officers ?? 0) + 1, audit: (before?.audit ?? 0) + 2 });

    await expect(
      sandbox.rpc.call(ImportLeadingGroupsRpc, {
        actor: actors.linxian,
        mode: 'all-or-nothing',
        rows: [
          member(5, '刘新升', { title: '股长' }),
          member(7, '赵六', {
            role: null,
            unreadable: [{ column: '小组职务', value: '秘书', reason: '应为 组长、副组长、成员 之一' }],
          }),
        ],
      }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      errors: [{ field: '第 7 行 小组职务', message: '应为 组长、副组长、成员 之一（填写的是“秘书”）' }],
    });
    expect(await counts()).toEqual({ officers: (before?.officers ?? 0) + 1, audit: (before?.audit ?? 0) + 2 });
  });

  const officerId = async (name: string) =>
    (
      await sandbox.db.query<{ id: string }>(
        `SELECT o.id FROM projects.officer o JOIN projects.county_project p ON p.id = o.project_id
          WHERE p.region_code = $1 AND o.name = $2`,
        [LINXIAN, name],
      )
    )[0]?.id as string;

  const openMilestones = async () =>
    (
      await sandbox.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM projects.milestone m JOIN projects.county_project p ON p.id = m.project_id
          WHERE p.region_code = $1 AND m.status <> 'done'`,
        [LINXIAN],
      )
    )[0]?.n as number;

  it('announces imported members as an edit in the web app does, and re-addresses the open milestones once when the 组长 changes', async () => {
    const added = await sandbox.rpc.call(ImportLeadingGroupsRpc, {
      actor: actors.linxian,
      mode: 'all-or-nothing',
      rows: [member(5, '孙七', { title: '县人社局干事' })],
    });
    expect(added).toMatchObject({ applied: true, changedRows: 1 });
    const sunqi = await officerId('孙七');
    expect((await sandbox.outboxEnvelopes<OfficerChangedData>(OfficerChanged.type, sunqi)).map((e) => e.data)).toEqual([
      expect.objectContaining({ name: '孙七', regionCode: LINXIAN, removed: false, username: null }),
    ]);

    const updatesBefore = await sandbox.outboxCount(MilestoneUpdated.type);
    const handover = await sandbox.rpc.call(ImportLeadingGroupsRpc, {
      actor: actors.linxian,
      mode: 'all-or-nothing',
      rows: [member(5, '张振玉', { role: 'deputy', title: '县政府副县长' }), member(6, '刘星', { role: 'leader' })],
    });
    expect(handover).toMatchObject({ applied: true, changedRows: 2 });
    for (const name of ['张振玉', '刘星']) {
      expect(await sandbox.outboxCount(OfficerChanged.type, await officerId(name))).toBeGreaterThanOrEqual(1);
    }
    // Each open milestone once, now naming 刘星 as the 组长 its escalations reach.
    const open = await openMilestones();
    expect(open).toBeGreaterThan(0);
    expect((await sandbox.outboxCount(MilestoneUpdated.type)) - updatesBefore).toBe(open);
    const updates = await sandbox.db.query<{ envelope: { data: MilestoneUpdatedData } }>(
      `SELECT envelope FROM projects.outbox WHERE subject = $1 ORDER BY seq DESC LIMIT 1`,
      [MilestoneUpdated.type],
    );
    expect(updates[0]?.envelope.data.countyLeader).toMatchObject({ name: '刘星' });
  });

  it('refuses a row that would give a county a second 组长, naming the one it has, and writes nothing', async () => {
    const before = await counts();
    const outbox = await sandbox.outboxCount(OfficerChanged.type);
    await expect(
      sandbox.rpc.call(ImportLeadingGroupsRpc, {
        actor: actors.linxian,
        mode: 'all-or-nothing',
        rows: [member(5, '刘新升', { title: '股长' }), member(6, '周八', { role: 'leader' })],
      }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      errors: [{ field: '第 6 行 小组职务', message: '该县领导小组只能有一位组长（另有：刘星）（填写的是“组长”）' }],
    });
    expect(await counts()).toEqual(before);
    expect(await sandbox.outboxCount(OfficerChanged.type)).toBe(outbox);
  });

  it('imports a member’s 手机 and 退订短信: listed as changes, stored, announced; an older sheet leaves them; a bad mobile writes nothing', async () => {
    const withContacts = (fields: Partial<LeadingGroupImportRow>) =>
      member(5, '刘晓龙', { title: '县人力资源和社会保障局办公室主任', ...fields });
    await sandbox.rpc.call(ImportLeadingGroupsRpc, {
      actor: actors.linxian,
      mode: 'all-or-nothing',
      rows: [withContacts({})],
    });
    const id = await officerId('刘晓龙');
    const stored = async () =>
      (
        await sandbox.db.query<{ mobile: string | null; sms_opted_out: boolean }>(
          `SELECT mobile, sms_opted_out FROM projects.officer WHERE id = $1`,
          [id],
        )
      )[0];
    const before = await stored();
    const announced = await sandbox.outboxCount(OfficerChanged.type, id);

    const rows = [withContacts({ mobile: '13912345678', smsOptedOut: true })];
    const preview = await sandbox.rpc.call(ImportLeadingGroupsRpc, { actor: actors.linxian, mode: 'preview', rows });
    expect(preview.changes.map((change) => change.changes)).toEqual([
      [
        { column: '刘晓龙 手机', before: before?.mobile ?? '', after: '13912345678' },
        { column: '刘晓龙 退订短信', before: '', after: '是' },
      ],
    ]);
    await sandbox.rpc.call(ImportLeadingGroupsRpc, { actor: actors.linxian, mode: 'all-or-nothing', rows });
    expect(await stored()).toEqual({ mobile: '13912345678', sms_opted_out: true });
    const [event] = (await sandbox.outboxEnvelopes<OfficerChangedData>(OfficerChanged.type, id)).slice(announced);
    expect(event?.data).toMatchObject({ name: '刘晓龙', smsOptedOut: true, contacts: { mobile: '13912345678' } });

    // A sheet without those columns (the rows carry neither) changes nothing of them.
    const older = await sandbox.rpc.call(ImportLeadingGroupsRpc, {
      actor: actors.linxian,
      mode: 'all-or-nothing',
      rows: [withContacts({})],
    });
    expect(older).toMatchObject({ changedRows: 0, unchangedRows: 1 });
    expect(await stored()).toEqual({ mobile: '13912345678', sms_opted_out: true });

    const audit = await counts();
    await expect(
      sandbox.rpc.call(ImportLeadingGroupsRpc, {
        actor: actors.linxian,
        mode: 'all-or-nothing',
        rows: [withContacts({ mobile: '1391234', smsOptedOut: false })],
      }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      errors: [{ field: '第 5 行 手机', message: '应为 11 位手机号码（填写的是“1391234”）' }],
    });
    expect(await stored()).toEqual({ mobile: '13912345678', sms_opted_out: true });
    expect(await counts()).toEqual(audit);
  });
});
