import 'reflect-metadata';
import { bootstrapService, loadConfigOrExit } from '@duban/platform';
import { AppModule } from './app.module';
import { loadFundingConfig } from './config';

const config = loadConfigOrExit(() => loadFundingConfig(process.env));
void bootstrapService(AppModule.forRoot(config));
