import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { loadConfigOrExit } from '@duban/platform';
import { createGateway } from '../bootstrap';
import { loadGatewayConfig } from '../config';
import { createOpenApiDocument, serialiseOpenApi, WEB_OPENAPI_FILE } from './openapi-document';

/**
 * `npm run api:generate`: writes the gateway's OpenAPI document into the web app, where openapi-typescript
 * turns it into the typed client's `schema.d.ts`. The app is built (it needs Postgres, Redis and NATS, as
 * `npm start` does) but never listens. openapi-document.int-spec.ts fails when the committed copy falls behind.
 */
async function main(): Promise<void> {
  const { platform, gateway } = loadConfigOrExit(() =>
    loadGatewayConfig({ DUBAN_DEMO: 'true', DUBAN_LOG_LEVEL: 'warn', ...process.env }),
  );
  const app = await createGateway(platform, gateway);
  try {
    await writeFile(WEB_OPENAPI_FILE, serialiseOpenApi(createOpenApiDocument(app)));
  } finally {
    await app.close();
  }
}

void main();
