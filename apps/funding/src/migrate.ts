import 'reflect-metadata';
import { loadConfigOrExit, migrateStandalone } from '@duban/platform';
import { loadFundingConfig } from './config';
import { fundingDatabase } from './database';

const config = loadConfigOrExit(() => loadFundingConfig(process.env));
migrateStandalone(config, fundingDatabase).then(
  (ran) => console.log(`funding: ${ran.length} migration(s) run${ran.length ? `: ${ran.join(', ')}` : ''}`),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
