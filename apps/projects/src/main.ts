import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit } from '@duban/platform';
import { AppModule } from './app.module';
import { loadProjectsConfig } from './config';

const config = loadConfigOrExit(() => loadProjectsConfig(process.env));
void bootstrapService(AppModule.forRoot(config));
