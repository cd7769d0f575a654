import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NotificationsConfig } from '../config';
import type { HostResolver, ResolvedAddress } from './host-resolver.service';
import { WebhookError, WebhookSender } from './webhook-sender.service';

/**
 * The webhook sender against a node:http receiver on 127.0.0.1, with names answered by a resolver of the
 * test's own (no DNS server is asked). Every refusal must come before any connection: the receiver counts
 * what reaches it, and no address but 127.0.0.1 is ever connected to.
 */

interface Received {
  readonly path: string;
  readonly host: string | undefined;
}

function configWith(allowLoopbackHttp: boolean, timeoutMs = 3000): NotificationsConfig {
  return new NotificationsConfig(
    1000,
    1,
    { batch: 1, chunk: 1, parallel: 1, instantParallel: 1 },
    0,
    3_600_000,
    2_000,
    false,
    {
      smtpUrl: null,
      smtpFrom: 'test <t@example.invalid>',
      gatherMs: 0,
      maxAttempts: 3,
      retryBaseMs: 100,
      timeoutMs,
      allowLoopbackHttp,
      sms: {
        endpoint: 'https://dysmsapi.aliyuncs.com/',
        accessKeyId: null,
        accessKeySecret: null,
        signName: '督办系统',
        templateCode: 'SMS_000000000',
        template: '您有${count}项督办事项：${title}',
        paramMaxChars: 35,
        maxChars: 500,
      },
    },
  );
}

/** Names the test knows; any other name is an error (so nothing can fall through to a real lookup). */
function resolverOf(names: Record<string, string[]>, asked: string[]): HostResolver {
  return {
    resolve(hostname: string): Promise<readonly ResolvedAddress[]> {
      asked.push(hostname);
      const addresses = names[hostname];
      if (!addresses) return Promise.reject(Object.assign(new Error(`unknown ${hostname}`), { code: 'ENOTFOUND' }));
      return Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
    },
  };
}

describe('webhook sender: only public addresses, no answer text in errors', () => {
  let receiver: Server;
  let port: number;
  const received: Received[] = [];

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      received.push({ path: request.url ?? '/', host: request.headers.host });
      request.resume();
      request.on('end', () => {
        const path = request.url ?? '/';
        if (path === '/hang') return; // never answers
        if (path === '/hang-body') return void response.writeHead(200).write('{"errcode": 0, "INTERNAL-PAGE');
        if (path === '/secret-500')
          return response.writeHead(500, { 'content-type': 'text/html' }).end('<h1>INTERNAL-PAGE db=intranet-db</h1>');
        if (path === '/redirect')
          return response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end('moved');
        if (path === '/robot-refuses')
          return response
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ errcode: 310000, errmsg: 'INTERNAL-PAGE keywords not in content' }));
        if (path === '/not-json') return response.writeHead(200).end('INTERNAL-PAGE plain text');
        return response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
  });

  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  async function outcome(sender: WebhookSender, url: string, format: 'generic' | 'dingtalk' = 'generic') {
    const before = received.length;
    const error = await sender.send(url, format, { hello: 1 }).then(
      () => null,
      (e: unknown) => e,
    );
    return {
      error: error instanceof WebhookError ? { message: error.message, permanent: error.permanent } : error,
      reached: received.length - before,
    };
  }

  it('a name that resolves to loopback is refused at send time, before any connection (switch off)', async () => {
    const asked: string[] = [];
    const sender = new WebhookSender(configWith(false), resolverOf({ 'hooks.duban.test': ['127.0.0.1'] }, asked));
    try {
      expect(await outcome(sender, `https://hooks.duban.test:${port}/hook`)).toEqual({
        error: { message: '已拒绝发送：域名解析到本机回环地址', permanent: true },
        reached: 0,
      });
      expect(asked).toEqual(['hooks.duban.test']);
    } finally {
      sender.onApplicationShutdown();
    }
  });

  it('any internal address among a name’s addresses refuses it; the test switch opens loopback only', async () => {
    const asked: string[] = [];
    const sender = new WebhookSender(
      configWith(true),
      resolverOf(
        {
          'rebind.duban.test': ['127.0.0.1', '10.1.2.3'],
          'metadata.duban.test': ['169.254.169.254'],
          'ula.duban.test': ['fd00::1'],
          'mapped.duban.test': ['::ffff:192.168.1.1'],
          'cgnat.duban.test': ['100.64.0.1'],
        },
        asked,
      ),
    );
    try {
      const results = [];
      for (const [scheme, name] of [
        ['https', 'rebind'],
        ['https', 'metadata'],
        ['http', 'ula'],
        ['http', 'mapped'],
        ['https', 'cgnat'],
      ])
        results.push((await outcome(sender, `${scheme}://${name}.duban.test:${port}/hook`)).error);
      expect(results).toEqual([
        { message: '已拒绝发送：域名解析到内网地址', permanent: true },
        { message: '已拒绝发送：域名解析到链路本地地址', permanent: true },
        { message: '已拒绝发送：域名解析到IPv6 唯一本地（内网）地址', permanent: true },
        { message: '已拒绝发送：域名解析到内网地址', permanent: true },
        { message: '已拒绝发送：域名解析到运营商级 NAT 共享地址', permanent: true },
      ]);
      expect(received.filter((r) => r.path === '/hook')).toHaveLength(0);
      expect(asked).toHaveLength(5);
    } finally {
      sender.onApplicationShutdown();
    }
  });

  it('IP literals are refused without a lookup, whatever their spelling; http needs the switch', async () => {
    const asked: string[] = [];
    const off = new WebhookSender(configWith(false), resolverOf({}, asked));
    const on = new WebhookSender(configWith(true), resolverOf({}, asked));
    try {
      expect((await outcome(off, `http://127.0.0.1:${port}/hook`)).error).toEqual({
        message: '已拒绝发送：地址指向本机回环地址',
        permanent: true,
      });
      expect((await outcome(off, `https://[::ffff:7f00:1]:${port}/hook`)).error).toEqual({
        message: '已拒绝发送：地址指向本机回环地址',
        permanent: true,
      });
      expect((await outcome(on, 'https://10.0.0.1/hook')).error).toEqual({
        message: '已拒绝发送：地址指向内网地址',
        permanent: true,
      });
      expect((await outcome(on, 'https://[fe80::1]/hook')).error).toEqual({
        message: '已拒绝发送：地址指向链路本地地址',
        permanent: true,
      });
      // Loopback under the switch is called (the receiver speaks no TLS: the handshake fails, with its code only).
      expect((await outcome(on, `https://2130706433:${port}/hook`)).error).toEqual({
        message: expect.stringMatching(/^连接失败（[A-Z0-9_]+）$/) as string,
        permanent: false,
      });
      expect(received.filter((r) => r.path === '/hook')).toHaveLength(0);
      expect(asked).toEqual([]);
    } finally {
      off.onApplicationShutdown();
      on.onApplicationShutdown();
    }
  });

  it('with the switch, a name resolving to loopback is called at the checked address, under its own name', async () => {
    const sender = new WebhookSender(configWith(true), resolverOf({ 'hooks.duban.test': ['127.0.0.1'] }, []));
    try {
      expect(await outcome(sender, `http://hooks.duban.test:${port}/ok`, 'dingtalk')).toEqual({
        error: null,
        reached: 1,
      });
      expect(received.at(-1)).toEqual({ path: '/ok', host: `hooks.duban.test:${port}` });
    } finally {
      sender.onApplicationShutdown();
    }
  });

  it('errors say the status code or the robot’s errcode, never the answer’s text; redirects are not followed', async () => {
    const sender = new WebhookSender(configWith(true), resolverOf({}, []));
    const base = `http://127.0.0.1:${port}`;
    try {
      const results = [
        await outcome(sender, `${base}/secret-500`),
        await outcome(sender, `${base}/redirect`),
        await outcome(sender, `${base}/robot-refuses`, 'dingtalk'),
        await outcome(sender, `${base}/not-json`, 'dingtalk'),
      ];
      expect(results).toEqual([
        { error: { message: 'HTTP 500', permanent: false }, reached: 1 },
        { error: { message: 'HTTP 302', permanent: false }, reached: 1 },
        { error: { message: '钉钉机器人拒收（errcode 310000）', permanent: false }, reached: 1 },
        { error: { message: '钉钉机器人的应答不是 JSON（HTTP 200）', permanent: false }, reached: 1 },
      ]);
      expect(JSON.stringify(results)).not.toContain('INTERNAL-PAGE');
    } finally {
      sender.onApplicationShutdown();
    }
  });

  it('a receiver that does not answer, or stops mid-answer: a timeout, without what it sent', async () => {
    const sender = new WebhookSender(configWith(true, 300), resolverOf({}, []));
    const base = `http://127.0.0.1:${port}`;
    try {
      expect([await outcome(sender, `${base}/hang`), await outcome(sender, `${base}/hang-body`, 'dingtalk')]).toEqual([
        { error: { message: '请求超时', permanent: false }, reached: 1 },
        { error: { message: '请求超时', permanent: false }, reached: 1 },
      ]);
    } finally {
      sender.onApplicationShutdown();
    }
  });
});
