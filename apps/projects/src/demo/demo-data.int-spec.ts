import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DEMO_PROGRAMME_CODE } from '@duban/contracts';
import { PlatformConfig } from '@duban/platform';
import { testEnvironment, uniqueNamespace } from '@duban/testing';
import { AppModule } from '../app.module';
import { ProgrammesRepository } from '../programmes/programmes.repository';
import { RegionsRepository } from '../regions/regions.repository';
import { PopulationSource } from './demo-regions';

const start = (config: PlatformConfig) =>
  NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });

describe('projects demo data', () => {
  const config = PlatformConfig.fromEnv(
    'projects',
    testEnvironment({ DUBAN_DEMO: 'true', DUBAN_NAMESPACE: uniqueNamespace('demo') }),
  );
  let app: INestApplicationContext;
  let regions: RegionsRepository;

  beforeAll(async () => {
    // Two replicas starting at once on an empty database: both must start, and load the data once.
    const [first, second] = await Promise.all([start(config), start(config)]);
    await second.close();
    app = first;
    regions = app.get(RegionsRepository);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('loads 山西省 with its 11 cities and 117 counties', async () => {
    expect(await regions.countByLevel()).toEqual({ province: 1, city: 11, county: 117 });
    const cities = await regions.findChildren('140000');
    expect(cities).toHaveLength(11);
    expect(cities.every((city) => city.level === 'city')).toBe(true);
  });

  it('puts 13 counties, 临县 among them, under 吕梁市', async () => {
    expect(await regions.findByCode('141100')).toMatchObject({ name: '吕梁市', level: 'city', parentCode: '140000' });
    const counties = await regions.findChildren('141100');
    expect(counties).toHaveLength(13);
    expect(counties.map((county) => county.name)).toContain('临县');
  });

  it('gives 临县 and the province the documents’ yearbook figures, labelled as such', async () => {
    expect(await regions.findByCode('141124')).toMatchObject({
      name: '临县',
      level: 'county',
      parentCode: '141100',
      population: 389906,
      populationSource: PopulationSource.yearbook2022,
    });
    expect(await regions.findByCode('140000')).toMatchObject({
      name: '山西省',
      level: 'province',
      parentCode: null,
      population: 34804758,
      populationSource: '山西统计年鉴-2022（2021年末常住人口）',
    });
  });

  it('gives every other county its census figure, labelled as the census', async () => {
    expect(await regions.findByCode('141102')).toMatchObject({
      name: '离石区',
      population: 456355,
      populationSource: '第七次全国人口普查（2020-11-01常住人口）',
    });
    const counties = (
      await Promise.all((await regions.findChildren('140000')).map((city) => regions.findChildren(city.code)))
    ).flat();
    const bySource = countBy(counties.map((county) => county.populationSource));
    expect(bySource).toEqual({ [PopulationSource.census2020]: 116, [PopulationSource.yearbook2022]: 1 });
    // Cities carry no figure of their own.
    expect((await regions.findChildren('140000')).filter((city) => city.population !== null)).toHaveLength(0);
  });

  it('loads one programme: 2023 公益性零工市场县县全覆盖 over 山西省’s 117 counties', async () => {
    const programmes = await app.get(ProgrammesRepository).findAll();
    expect(programmes).toHaveLength(1);
    expect(programmes[0]).toMatchObject({
      code: DEMO_PROGRAMME_CODE,
      name: '公益性零工市场县县全覆盖',
      year: 2023,
      rootRegionCode: '140000',
      countyCount: 117,
    });
  });

  it('changes nothing when the service starts again', async () => {
    const programmesBefore = await app.get(ProgrammesRepository).findAll();
    const again = await start(config);
    try {
      expect(await again.get(RegionsRepository).countByLevel()).toEqual({ province: 1, city: 11, county: 117 });
      expect(await again.get(ProgrammesRepository).findAll()).toEqual(programmesBefore);
    } finally {
      await again.close();
    }
  });
});

function countBy(values: readonly (string | null)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
  return counts;
}
