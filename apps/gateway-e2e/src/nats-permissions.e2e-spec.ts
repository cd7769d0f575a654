import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DURABLE_CONSUMERS, NATS_USERS, natsPasswordVariable, Streams } from '@duban/contracts';
import { freePort, NatsServerProcess, waitFor } from '@duban/testing';
import { connect } from 'nats';
import { System } from './system';

/**
 * The five apps as processes, each logged in to NATS as its own user under deploy/nats/authorization.conf
 * (the deployed file, on a private server): the whole system works within what the table allows, with
 * production subject names (no namespace; hence a private Redis too). A durable or a subject missing from
 * the table shows here as an app that does not start, an event that never arrives, or a refusal in the logs.
 */
describe('the system with NATS users and permissions', () => {
  // nats-server parses a variable's value as config: a bare word (a letter first, then letters and digits).
  const password = `p${randomBytes(12).toString('hex')}`;
  const configDir = mkdtempSync(join(tmpdir(), 'duban-e2e-nats-'));
  let nats: NatsServerProcess;
  let redis: ChildProcess;
  let system: System;

  const as = (username: string, path: string, init?: RequestInit) => system.call(username, path, init);

  beforeAll(async () => {
    copyFileSync(resolve(__dirname, '../../../deploy/nats/authorization.conf'), join(configDir, 'authorization.conf'));
    writeFileSync(join(configDir, 'nats-server.conf'), 'include ./authorization.conf\n');
    // Every app gets the same environment here, so the users share one password; their rights still differ.
    nats = await NatsServerProcess.start({
      configFile: join(configDir, 'nats-server.conf'),
      env: Object.fromEntries(NATS_USERS.map((user) => [natsPasswordVariable(user), password])),
    });
    const redisPort = await freePort();
    redis = spawn(
      'redis-server',
      ['--bind', '127.0.0.1', '--port', String(redisPort), '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitFor('the private Redis', () => portOpen(redisPort), Boolean, { timeoutMs: 10_000 });
    system = await System.start('natsperm', {
      DUBAN_DEMO: 'true',
      DUBAN_NAMESPACE: '',
      DUBAN_NATS_URL: nats.url,
      DUBAN_NATS_PASSWORD: password,
      DUBAN_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    });
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
    redis?.kill('SIGKILL');
    await nats?.stop();
    rmSync(configDir, { recursive: true, force: true });
  });

  it('carries requests and events between the apps, and refuses them nothing', async () => {
    // funding heard of the projects (funding-projects, funding-demo-allocations) …
    await waitFor(
      'the demo allocations',
      () => as('province', '/api/funding/rollup?region=140000'),
      (answer) => answer.status === 200 && answer.body.region.all.allocatedWan === '9320.00',
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    // … and a flagged expenditure reaches 吕梁 through notifications (notifications-funding).
    const [project] = (await as('linxian', '/api/projects?region=141124')).body;
    const flagged = await as('linxian', `/api/projects/${project.id}/expenditures`, {
      method: 'POST',
      body: JSON.stringify({
        date: '2023-06-01',
        amountWan: '1.20',
        source: 'province_special',
        category: 'training',
        payee: '临县职业培训学校',
        note: '零工技能培训',
      }),
    });
    expect(flagged.status).toBe(201);
    await waitFor(
      '吕梁’s city officer notified',
      () => as('lvliang', '/api/me/notifications'),
      (answer) =>
        answer.status === 200 &&
        (answer.body.items ?? answer.body).some((n: { subjectId: string }) => n.subjectId === flagged.body.id),
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    // notifications planned the milestones' reminders (notifications-projects).
    const milestones = await as('linxian', `/api/projects/${project.id}/milestones`);
    const push = (milestones.body as { id: string; key: string | null }[]).find((m) => m.key === 'push');
    await waitFor(
      'the push milestone planned',
      () => as('linxian', `/api/milestones/${push?.id}/reminders`),
      (answer) => answer.status === 200,
      { timeoutMs: 90_000, intervalMs: 500 },
    );

    // Every durable consumer caught up and acknowledged everything, each read by its own user.
    for (const { consumer, stream, durable } of DURABLE_CONSUMERS) {
      const connection = await connect({
        servers: nats.url,
        user: consumer,
        pass: password,
        inboxPrefix: `_INBOX.${consumer}`,
      });
      try {
        const jsm = await connection.jetstreamManager();
        await waitFor(
          `${durable} caught up`,
          () => jsm.consumers.info(Streams[stream].name, durable),
          (info) => info.num_pending === 0 && info.num_ack_pending === 0,
          { timeoutMs: 90_000, intervalMs: 500 },
        );
      } finally {
        await connection.close();
      }
    }
    const logs = [...system.apps.values()].map((app) => `--- ${app.name}\n${app.output.join('')}`).join('\n');
    expect(logs).not.toMatch(/NATS refused|Permissions Violation|Authorization Violation/i);
  });
});

function portOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}
