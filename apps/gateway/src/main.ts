import 'reflect-metadata';
import { exitOnConfigError, loadConfigOrExit, reduceHeapWhenIdle } from '@duban/platform';
import { createGateway } from './bootstrap';
import { loadGatewayConfig } from './config';
import { refuseUnsafeProductionStart } from './core/production-start';

async function main(): Promise<void> {
  const { platform, gateway } = loadConfigOrExit(() => loadGatewayConfig(process.env));
  await refuseUnsafeProductionStart(platform, gateway).catch((error: unknown) => {
    exitOnConfigError(error);
    throw error;
  });
  const app = await createGateway(platform, gateway);
  await app.listen({ host: gateway.http.host, port: gateway.http.port });
  reduceHeapWhenIdle();
}

void main();
