import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit } from '@duban/platform';
import { AppModule } from './app.module';
import { loadEvaluationConfig } from './config';

const { platform, evaluation } = loadConfigOrExit(() => loadEvaluationConfig(process.env));
void bootstrapService(AppModule.forRoot(platform, evaluation));
