import 'reflect-metadata';
import { loadConfigOrExit, migrateStandalone } from '@duban/platform';
import { loadGatewayConfig } from './config';
import { gatewayDatabase } from './database';

const { platform } = loadConfigOrExit(() => loadGatewayConfig(process.env));
migrateStandalone(platform, gatewayDatabase).then(
  (ran) => console.log(`gateway: ${ran.length} migration(s) run${ran.length ? `: ${ran.join(', ')}` : ''}`),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
