import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { serveWebApp } from './web-app';

@Module({})
class EmptyModule {}

/** The web build served at / next to /api, as the gateway does it, with a stand-in build on disk. */
describe('serving the web app', () => {
  let webRoot: string;
  let app: NestFastifyApplication;

  const start = async (root: string): Promise<boolean> => {
    app = await NestFactory.create<NestFastifyApplication>(EmptyModule, new FastifyAdapter(), { logger: false });
    app.setGlobalPrefix('api');
    const served = await serveWebApp(app, root);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return served;
  };

  beforeEach(async () => {
    webRoot = await mkdtemp(join(tmpdir(), 'duban-web-'));
    await mkdir(join(webRoot, 'assets'));
    await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>督办</title>');
    await writeFile(join(webRoot, 'assets', 'index-abc123.js'), 'console.log(1)');
  });
  afterEach(async () => {
    await app.close();
    await rm(webRoot, { recursive: true, force: true });
  });

  it('answers / and any deep link with index.html, never cached', async () => {
    expect(await start(webRoot)).toBe(true);
    for (const url of ['/', '/projects/4b3c/milestones/9f1e', '/regions/141100?x=1']) {
      const answer = await app.inject({ method: 'GET', url });
      expect({ url, status: answer.statusCode, type: answer.headers['content-type'], body: answer.body }).toEqual({
        url,
        status: 200,
        type: 'text/html; charset=utf-8',
        body: '<!doctype html><title>督办</title>',
      });
      expect(answer.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves the hashed assets as files, cached for a year', async () => {
    await start(webRoot);
    const answer = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toBe('console.log(1)');
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('leaves an unknown /api route a 404, not the page', async () => {
    await start(webRoot);
    for (const url of ['/api', '/api/nothing-here']) {
      const answer = await app.inject({ method: 'GET', url });
      expect({ url, status: answer.statusCode, html: answer.body.includes('<title>') }).toEqual({
        url,
        status: 404,
        html: false,
      });
    }
  });

  it('serves nothing, and says so, when there is no build', async () => {
    expect(await start(join(webRoot, 'missing'))).toBe(false);
    expect((await app.inject({ method: 'GET', url: '/' })).statusCode).toBe(404);
  });
});
