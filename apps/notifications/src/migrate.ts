import 'reflect-metadata';
import { loadConfigOrExit, migrateStandalone } from '@duban/platform';
import { loadNotificationsConfig } from './config';
import { notificationsDatabase } from './database';

const config = loadConfigOrExit(() => loadNotificationsConfig(process.env));
migrateStandalone(config.platform, notificationsDatabase).then(
  (ran) => console.log(`notifications: ${ran.length} migration(s) run${ran.length ? `: ${ran.join(', ')}` : ''}`),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
