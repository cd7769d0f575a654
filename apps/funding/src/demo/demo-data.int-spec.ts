import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DEMO_PROGRAMME_CODE, fenToWan } from '@duban/contracts';
import { PlatformConfig } from '@duban/platform';
import { testEnvironment, uniqueNamespace } from '@duban/testing';
import { AppModule } from '../app.module';
import { ProgrammeBudgetsRepository } from '../programme-budgets/programme-budgets.repository';

const start = (config: PlatformConfig) =>
  NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });

describe('funding demo data', () => {
  const config = PlatformConfig.fromEnv(
    'funding',
    testEnvironment({ DUBAN_DEMO: 'true', DUBAN_NAMESPACE: uniqueNamespace('demo') }),
  );
  let app: INestApplicationContext;

  beforeAll(async () => {
    // Two replicas starting at once on an empty database: both must start, and load the data once.
    const [first, second] = await Promise.all([start(config), start(config)]);
    await second.close();
    app = first;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('loads the province’s 2023 budget: 3470.00 + 5850.00 = 9320.00万元', async () => {
    const budget = await app.get(ProgrammeBudgetsRepository).findByProgramme(DEMO_PROGRAMME_CODE);
    expect(budget.map((line) => [line.source, line.amountFen])).toEqual([
      ['province_special', 3_470_000_000n],
      ['province_employment', 5_850_000_000n],
    ]);
    expect(budget.map((line) => fenToWan(line.amountFen))).toEqual(['3470.00', '5850.00']);
    expect(fenToWan(budget.reduce((sum, line) => sum + line.amountFen, 0n))).toBe('9320.00');
  });

  it('changes nothing when the service starts again', async () => {
    const before = await app.get(ProgrammeBudgetsRepository).findByProgramme(DEMO_PROGRAMME_CODE);
    const again = await start(config);
    try {
      expect(await again.get(ProgrammeBudgetsRepository).findByProgramme(DEMO_PROGRAMME_CODE)).toEqual(before);
    } finally {
      await again.close();
    }
  });
});
