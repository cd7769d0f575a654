import { ImportLeadingGroupsRpc, ListLeadingGroupsRpc, type LeadingGroupImportRow } from '@duban/contracts';
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
});
