import { readFile } from 'node:fs/promises';
import { startGatewaySandbox, type GatewaySandbox } from '../core/__fixtures__/gateway-sandbox';
import { serialiseOpenApi, WEB_OPENAPI_FILE } from './openapi-document';

/** The web app's typed client is generated from a committed copy of the document: it must not fall behind. */
describe('OpenAPI document', () => {
  let sandbox: GatewaySandbox;
  beforeAll(async () => {
    sandbox = await startGatewaySandbox('openapi', []);
  });
  afterAll(() => sandbox.close());

  it('is the copy the web client is generated from (run `npm run api:generate` after changing a route)', async () => {
    const served = await sandbox.app.inject({ method: 'GET', url: '/api/docs/openapi.json' });
    expect(served.statusCode).toBe(200);
    expect(serialiseOpenApi(served.json())).toBe(await readFile(WEB_OPENAPI_FILE, 'utf8'));
  });
});
