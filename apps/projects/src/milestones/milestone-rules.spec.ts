import {
  isResponsibleOfficer,
  sameIdSet,
  unfinishedPrerequisites,
  unfinishedPrerequisitesMessage,
  unknownIds,
} from './milestone-rules';

describe('milestone rules', () => {
  const siblings = [
    { id: 'plan', title: '出台建设方案（报县委县政府审批同意后发文报市局）', status: 'done' as const },
    { id: 'site', title: '完成选址', status: 'in_progress' as const },
    { id: 'push', title: '全面进入建设推进阶段（申请县级配套资金、招标）', status: 'pending' as const },
  ];

  it('lists the prerequisites not done yet, in the project’s order', () => {
    expect(unfinishedPrerequisites({ afterIds: ['site', 'plan'] }, siblings).map((m) => m.id)).toEqual(['site']);
    expect(unfinishedPrerequisites({ afterIds: ['push', 'site'] }, siblings).map((m) => m.id)).toEqual([
      'site',
      'push',
    ]);
    expect(unfinishedPrerequisites({ afterIds: ['plan'] }, siblings)).toEqual([]);
    expect(unfinishedPrerequisites({ afterIds: [] }, siblings)).toEqual([]);
  });

  it('names them to the user', () => {
    expect(unfinishedPrerequisitesMessage(siblings.slice(1))).toBe(
      '请先完成前置节点：「完成选址」、「全面进入建设推进阶段（申请县级配套资金、招标）」',
    );
  });

  it('finds ids that are not known, with their positions', () => {
    expect(unknownIds(['a', 'x', 'b', 'y'], ['a', 'b'])).toEqual([
      { index: 1, id: 'x' },
      { index: 3, id: 'y' },
    ]);
  });

  it('compares responsible officers as sets', () => {
    expect(sameIdSet(['a', 'b'], ['b', 'a', 'a'])).toBe(true);
    expect(sameIdSet(['a'], ['a', 'b'])).toBe(false);
  });

  it('knows a responsible officer by username among the project’s leading group', () => {
    const officers = [
      { id: 'o-1', username: 'zhangzhenyu' },
      { id: 'o-2', username: 'liuxing' },
    ];
    expect(isResponsibleOfficer('zhangzhenyu', { responsibleOfficerIds: ['o-1'] }, officers)).toBe(true);
    expect(isResponsibleOfficer('liuxing', { responsibleOfficerIds: ['o-1'] }, officers)).toBe(false);
    expect(isResponsibleOfficer('stranger', { responsibleOfficerIds: ['o-1', 'o-2'] }, officers)).toBe(false);
  });
});
