import 'reflect-metadata';
import { loadConfigOrExit, startService } from '@duban/platform';
import { AppModule } from './app.module';
import { loadFundingConfig } from './config';

const config = loadConfigOrExit(() => loadFundingConfig(process.env));
void startService(AppModule.forRoot(config));
