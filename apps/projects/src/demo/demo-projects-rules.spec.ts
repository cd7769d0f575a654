import type { RegionRecord } from '../regions/regions.repository';
import { demoProjectSeeds } from './demo-projects-rules';

describe('demoProjectSeeds', () => {
  const county = (code: string, name: string): RegionRecord => ({
    code,
    name,
    level: 'county',
    parentCode: '141100',
    population: 1,
    populationSource: '普查',
  });

  it('names each project after its county and gives only 临县 a planned area and a leading group', () => {
    let n = 0;
    const [lishi, linxian] = demoProjectSeeds([county('141102', '离石区'), county('141124', '临县')], () => `o${++n}`);
    expect(lishi).toMatchObject({
      name: '离石区公益性零工市场',
      plannedAreaM2: null,
      officers: [],
      responsibleByKey: {},
    });
    expect(linxian).toMatchObject({
      name: '临县公益性零工市场',
      plannedAreaM2: 150,
      plannedAreaAtLeast: true,
      population: 1,
    });
    expect(linxian?.officers.map((officer) => `${officer.id} ${officer.name} ${officer.role}`)).toEqual([
      'o1 张振玉 leader',
      'o2 赵碧龙 deputy',
      'o3 刘星 deputy',
      'o4 李淑云 member',
      'o5 刘新升 member',
      'o6 刘晓龙 member',
    ]);
    // Every template milestone has someone responsible, 刘星 (the office of the group) on each.
    expect(Object.keys(linxian?.responsibleByKey ?? {})).toEqual([
      'plan',
      'site',
      'push',
      'build',
      'built',
      'trial',
      'accept',
      'finish',
    ]);
    expect(Object.values(linxian?.responsibleByKey ?? {}).every((ids) => ids.includes('o3'))).toBe(true);
  });
});
