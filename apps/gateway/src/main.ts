import 'reflect-metadata';
import { loadConfigOrExit } from '@duban/platform';
import { createGateway } from './bootstrap';
import { loadGatewayConfig } from './config';

async function main(): Promise<void> {
  const { platform, gateway } = loadConfigOrExit(() => loadGatewayConfig(process.env));
  const app = await createGateway(platform, gateway);
  await app.listen({ host: gateway.http.host, port: gateway.http.port });
}

void main();
