import 'reflect-metadata';
import { loadConfigOrExit, migrateStandalone } from '@duban/platform';
import { loadEvaluationConfig } from './config';
import { evaluationDatabase } from './database';

const { platform } = loadConfigOrExit(() => loadEvaluationConfig(process.env));
migrateStandalone(platform, evaluationDatabase).then(
  (ran) => console.log(`evaluation: ${ran.length} migration(s) run${ran.length ? `: ${ran.join(', ')}` : ''}`),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
