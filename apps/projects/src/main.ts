import 'reflect-metadata';
import { loadConfigOrExit, startService } from '@duban/platform';
import { AppModule } from './app.module';
import { loadProjectsConfig } from './config';

const config = loadConfigOrExit(() => loadProjectsConfig(process.env));
void startService(AppModule.forRoot(config));
