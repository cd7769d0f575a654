import { Streams } from '@duban/contracts';
import { waitFor } from '@duban/testing';
import { connect } from 'nats';
import { AppProcess, System } from './system';

describe('the running system', () => {
  let system: System;

  beforeAll(async () => {
    system = await System.start('health');
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('reports every service and Postgres, Redis and NATS up', async () => {
    const { status, body } = await system.request('/api/health');
    expect(status).toBe(200);
    expect(body.status).toBe('up');
    expect(body.down).toEqual([]);
    expect(Object.keys(body.services).sort()).toEqual(['evaluation', 'funding', 'notifications', 'projects']);
    for (const service of Object.values(body.services) as { status: string; checks: { database: string } }[]) {
      expect(service.status).toBe('up');
      expect(service.checks.database).toBe('up');
    }
    expect(body.infrastructure).toEqual({ postgres: 'up', redis: 'up', nats: 'up' });
  });

  it('has created the four streams in JetStream', async () => {
    const nats = await connect({ servers: system.env.DUBAN_NATS_URL });
    try {
      const manager = await nats.jetstreamManager();
      const prefix = `${(system.env.DUBAN_NAMESPACE as string).toUpperCase()}_`;
      for (const stream of Object.values(Streams)) {
        const info = await manager.streams.info(`${prefix}${stream.name}`);
        expect(info.config.subjects).toEqual([`${system.env.DUBAN_NAMESPACE}.${stream.subjects}`]);
        expect(info.config.storage).toBe('file');
        expect(info.config.duplicate_window).toBeGreaterThanOrEqual(120 * 1e9);
      }
    } finally {
      await nats.close();
    }
  });

  it('serves its OpenAPI description at /api/docs', async () => {
    const ui = await system.fetch('/api/docs');
    expect(ui.status).toBe(200);
    const { body: document } = await system.request('/api/docs/openapi.json');
    expect(document.info.title).toContain('Duban');
    expect(Object.keys(document.paths)).toContain('/api/health');
  });

  it('answers an unknown route with problem+json and echoes the correlation id', async () => {
    const {
      status,
      headers,
      body: problem,
    } = await system.request('/api/nowhere', {
      headers: { 'x-correlation-id': 'e2e-corr-1' },
    });
    expect(status).toBe(404);
    expect(headers.get('content-type')).toContain('application/problem+json');
    expect(headers.get('x-correlation-id')).toBe('e2e-corr-1');
    expect(problem).toMatchObject({
      status: 404,
      title: 'Not Found',
      instance: '/api/nowhere',
      correlationId: 'e2e-corr-1',
    });
  });

  it('answers 503 naming a stopped service, and 200 again once it is back', async () => {
    await system.app('funding').stop();
    const { body } = await waitFor(
      'health to notice funding is gone',
      () => system.request('/api/health'),
      (answer) => answer.status === 503,
    );
    expect(body.status).toBe('down');
    expect(body.down).toEqual(['funding']);
    expect(body.services.funding.status).toBe('down');
    expect(body.services.projects.status).toBe('up');

    system.startApp('funding');
    await system.waitUntilHealthy();
  });

  it('refuses to start with bad configuration, naming every bad variable', async () => {
    const app = AppProcess.start('gateway', {
      ...system.env,
      DUBAN_HTTP_PORT: 'eighty',
      DUBAN_NATS_URL: 'http://not-nats',
    });
    const code = await app.exited();
    const output = app.output.join('');
    expect(code).not.toBe(0);
    expect(output).toContain('DUBAN_HTTP_PORT');
    expect(output).toContain('DUBAN_NATS_URL');
  });
});
