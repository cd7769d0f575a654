import 'reflect-metadata';
import { loadConfigOrExit, migrateStandalone } from '@duban/platform';
import { loadProjectsConfig } from './config';
import { projectsDatabase } from './database';

const config = loadConfigOrExit(() => loadProjectsConfig(process.env));
migrateStandalone(config, projectsDatabase).then(
  (ran) => console.log(`projects: ${ran.length} migration(s) run${ran.length ? `: ${ran.join(', ')}` : ''}`),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
