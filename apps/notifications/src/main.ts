import 'reflect-metadata';
import { loadConfigOrExit, startService } from '@duban/platform';
import { AppModule } from './app.module';
import { loadNotificationsConfig } from './config';

const config = loadConfigOrExit(() => loadNotificationsConfig(process.env));
void startService(AppModule.forRoot(config));
