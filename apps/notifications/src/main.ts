import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit } from '@duban/platform';
import { AppModule } from './app.module';
import { loadNotificationsConfig } from './config';

const config = loadConfigOrExit(() => loadNotificationsConfig(process.env));
void bootstrapService(AppModule.forRoot(config.platform, config.notifications));
