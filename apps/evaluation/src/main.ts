import 'reflect-metadata';
import { loadConfigOrExit, startService } from '@duban/platform';
import { AppModule } from './app.module';
import { loadEvaluationConfig } from './config';

const { platform, evaluation } = loadConfigOrExit(() => loadEvaluationConfig(process.env));
void startService(AppModule.forRoot(platform, evaluation));
