import 'reflect-metadata';
import { loadConfigOrExit, startService } from '@duban/platform';
import { AppModule } from './app.module';
import { loadProjectsSettings } from './config';

const { platform, files } = loadConfigOrExit(() => loadProjectsSettings(process.env));
void startService(AppModule.forRoot(platform, files));
