import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestMicroservice } from '@nestjs/common';
import {
  DomainError,
  ListContactChannelsRpc,
  ListDeliveriesRpc,
  PutContactChannelsRpc,
  type OutboundMessageView,
} from '@duban/contracts';
import { demoActors, expectQuiet, SmtpInbox, waitFor } from '@duban/testing';
import { v7 as uuidv7 } from 'uuid';
import { exactDeadline, startNotificationsSandbox, type InProcessSandbox } from '../__fixtures__/notifications-sandbox';

/**
 * E-mail through a real SMTP server started here, webhooks to a node:http receiver here, the service
 * against real Postgres, Redis and NATS. Each case ends in counts: messages received, items per message,
 * attempts, duplicates.
 */

const { province, lvliang, taiyuan, linxian: county } = demoActors;

interface Hook {
  readonly path: string;
  readonly body: unknown;
  readonly status: number;
}

describe('e-mail and webhook delivery (real SMTP server, HTTP receiver, Postgres, Redis, NATS)', () => {
  let sandbox: InProcessSandbox;
  let smtp: SmtpInbox;
  let receiver: Server;
  let base: string;
  const hooks: Hook[] = [];
  const calls = new Map<string, number>();

  /** `/flaky` fails twice (HTTP 503, then a DingTalk refusal) and then accepts; `/down` always fails. */
  function answer(path: string, n: number): { status: number; body: string } {
    const ok = JSON.stringify({ errcode: 0, errmsg: 'ok' });
    if (path === '/down') return { status: 500, body: 'receiver down' };
    if (path === '/flaky' && n === 1) return { status: 503, body: 'try later' };
    if (path === '/flaky' && n === 2)
      return { status: 200, body: JSON.stringify({ errcode: 130101, errmsg: 'send too fast' }) };
    return { status: 200, body: ok };
  }

  async function readBody(request: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  }

  beforeAll(async () => {
    smtp = await SmtpInbox.start();

    receiver = createServer((request, response) => {
      const path = request.url ?? '/';
      const n = (calls.get(path) ?? 0) + 1;
      calls.set(path, n);
      void readBody(request).then((body) => {
        const { status, body: text } = answer(path, n);
        hooks.push({ path, body, status });
        response.writeHead(status, { 'content-type': 'application/json' }).end(text);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

    sandbox = await startNotificationsSandbox('delivery', {
      DUBAN_SMTP_URL: smtp.url,
      DUBAN_DIGEST_GATHER_MS: '2000',
      DUBAN_DELIVERY_RETRY_BASE_MS: '200',
      DUBAN_DELIVERY_MAX_ATTEMPTS: '3',
      DUBAN_DELIVERY_TIMEOUT_MS: '3000',
      DUBAN_WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true',
    });

    const put = (addressee: unknown, channels: unknown[]) =>
      sandbox.rpc.call(PutContactChannelsRpc, { actor: province, addressee, channels });
    await put({ kind: 'user', username: 'linxian' }, [
      { kind: 'email', target: 'linxian@example.invalid', enabled: true },
      { kind: 'webhook', target: `${base}/ding`, format: 'dingtalk', enabled: true },
      { kind: 'webhook', target: `${base}/wecom`, format: 'wecom', enabled: true },
      { kind: 'webhook', target: `${base}/generic`, format: 'generic', enabled: true },
      { kind: 'webhook', target: `${base}/paused`, format: 'generic', enabled: false },
    ]);
    await put({ kind: 'user', username: 'zhangzhenyu' }, [
      { kind: 'email', target: 'zhangzhenyu@example.invalid', enabled: true },
    ]);
    await put({ kind: 'user', username: 'flaky' }, [
      { kind: 'webhook', target: `${base}/flaky`, format: 'dingtalk', enabled: true },
    ]);
    await put({ kind: 'user', username: 'down' }, [
      { kind: 'webhook', target: `${base}/down`, format: 'wecom', enabled: true },
    ]);
    await put({ kind: 'user', username: 'pair' }, [{ kind: 'email', target: 'pair@example.invalid', enabled: true }]);
    await put({ kind: 'user', username: 'replanned' }, [
      { kind: 'email', target: 'replanned@example.invalid', enabled: true },
    ]);
  });

  afterAll(async () => {
    await sandbox?.close();
    await smtp?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  async function outboundOf(
    subjectIds: string[],
  ): Promise<{ id: string; channel: string; target: string; state: string; attempts: number }[]> {
    return sandbox.db.query(
      `SELECT DISTINCT o.id, o.channel, o.target, o.state, o.attempts FROM notifications.outbound_message o
         JOIN notifications.delivery d ON d.outbound_id = o.id JOIN notifications.deadline dl ON dl.id = d.deadline_id
        WHERE dl.subject_id = ANY($1)`,
      [subjectIds],
    );
  }

  it('reminders due at one instant reach each recipient as ONE e-mail and ONE robot message listing them all, in Chinese', async () => {
    const dueAt = new Date(Date.now() + 3000);
    // At PT0S only 刘星 (responsible); at PT1S (overdue, the last offset) also 张振玉 and the city officer (no channel).
    const deadlines = [1, 2, 3].map(() => exactDeadline(dueAt, ['PT0S', 'PT1S']));
    for (const deadline of deadlines) await sandbox.publishDeadline(deadline);
    const subjects = deadlines.map((d) => d.subjectId);

    const out = await waitFor(
      '9 messages sent',
      () => outboundOf(subjects),
      (rows) => rows.length === 9 && rows.every((r) => r.state === 'sent'),
      {
        timeoutMs: 20_000,
      },
    );
    expect(out.every((row) => row.attempts === 1)).toBe(true);

    const linxian = smtp.to('linxian@example.invalid');
    const zhang = smtp.to('zhangzhenyu@example.invalid');
    expect(linxian).toHaveLength(2); // one per instant
    expect(zhang).toHaveLength(1);
    for (const { mail } of [...linxian, ...zhang]) {
      expect(mail.subject).toMatch(/^【督办汇总】您有3项提醒（\d{4}年\d+月\d+日 \d\d:\d\d）$/);
      for (const deadline of deadlines) expect(mail.text).toContain(`临县「${deadline.title}」`);
    }
    const [first, second] = [...linxian].sort((a, b) => (a.mail.text ?? '').localeCompare(b.mail.text ?? ''));
    const texts = [first?.mail.text ?? '', second?.mail.text ?? ''].join('\n');
    expect(texts).toContain('已到期'); // PT0S
    expect(texts).toContain('已逾期1秒'); // PT1S: how late
    expect(texts).toMatch(/的期限\d{4}年\d+月\d+日 \d\d:\d\d已到/); // the due date
    expect(zhang[0]?.mail.text).toContain('已逾期1秒');

    for (const path of ['/ding', '/wecom']) {
      const posts = hooks.filter((hook) => hook.path === path);
      expect(posts).toHaveLength(2);
      for (const post of posts) {
        const body = post.body as { msgtype: string; text: { content: string } };
        expect(Object.keys(body).sort()).toEqual(['msgtype', 'text']);
        expect(body.msgtype).toBe('text');
        expect(Object.keys(body.text)).toEqual(['content']);
        expect(body.text.content).toContain('【督办汇总】您有3项提醒');
        for (const deadline of deadlines) expect(body.text.content).toContain(deadline.title);
      }
    }
    const generic = hooks.filter((hook) => hook.path === '/generic');
    expect(generic).toHaveLength(2);
    expect(generic.map((hook) => (hook.body as { items: unknown[] }).items.length)).toEqual([3, 3]);
    expect(hooks.filter((hook) => hook.path === '/paused')).toHaveLength(0);

    // The inbox keeps one notification per reminder and recipient (its own once-guard, not logged); the
    // delivery log one row per reminder, recipient and external endpoint.
    const rows = await sandbox.db.query(
      `SELECT channel, count(*)::int AS n FROM notifications.delivery d JOIN notifications.deadline dl ON dl.id = d.deadline_id
        WHERE dl.subject_id = ANY($1) GROUP BY channel ORDER BY channel`,
      [subjects],
    );
    expect(rows).toEqual([
      { channel: 'email', n: 9 },
      { channel: 'webhook', n: 18 },
    ]);
    const inbox = await sandbox.db.query(
      `SELECT count(*)::int AS n FROM notifications.notification WHERE subject_id = ANY($1)`,
      [subjects],
    );
    expect(inbox).toEqual([{ n: 12 }]);
  });

  it('a re-plan that keeps a stage at its instant leaves the e-mail gathering for it to go out (not cancelled, not sent twice)', async () => {
    const deadline = exactDeadline(new Date(Date.now() + 1500), ['PT0S'], {
      responsible: [{ kind: 'user', username: 'replanned', name: '测试' }],
      countyLeader: null,
    });
    await sandbox.publishDeadline(deadline, uuidv7());
    await waitFor(
      'the e-mail queued at the instant',
      () => outboundOf([deadline.subjectId]),
      (rows) => rows.length === 1,
      { timeoutMs: 15_000, intervalMs: 50 },
    );
    // Within the 2 s the e-mail gathers, the plan changes (a stage added) and keeps PT0S where it was: that
    // stage was delivered under the old plan and is not delivered again under the new one, so its e-mail
    // must still go.
    // Event ids are UUIDv7, ordered: the later set wins.
    await sandbox.publishDeadline({ ...deadline, plan: ['PT0S', 'PT60S'] }, uuidv7());
    await waitFor(
      'the new plan',
      () =>
        sandbox.db.query<{ v: number }>(`SELECT plan_version AS v FROM notifications.deadline WHERE subject_id = $1`, [
          deadline.subjectId,
        ]),
      (rows) => rows[0]?.v === 2,
      { timeoutMs: 15_000, intervalMs: 50 },
    );
    const [message] = await waitFor(
      'the e-mail settled',
      () => outboundOf([deadline.subjectId]),
      (rows) => rows.length === 1 && ['sent', 'cancelled', 'failed'].includes(rows[0]?.state ?? ''),
      { timeoutMs: 15_000 },
    );
    expect(message?.state).toBe('sent');
    const carrying = smtp
      .to('replanned@example.invalid')
      .filter((mail) => (mail.mail.text ?? '').includes(deadline.title));
    expect(carrying).toHaveLength(1);
    expect(await expectQuiet(1_000, () => outboundOf([deadline.subjectId]).then((rows) => rows.length))).toBe(1);
  });

  it('a receiver that fails twice, then accepts: delivered once after retries, with the attempts visible', async () => {
    const deadline = exactDeadline(new Date(Date.now() + 1500), ['PT0S'], {
      responsible: [{ kind: 'user', username: 'flaky', name: '测试' }],
      countyLeader: null,
    });
    await sandbox.publishDeadline(deadline);
    const [row] = await waitFor(
      'sent after retries',
      () => outboundOf([deadline.subjectId]),
      (r) => r[0]?.state === 'sent',
      {
        timeoutMs: 15_000,
      },
    );
    expect(row?.attempts).toBe(3);
    const posts = hooks.filter((hook) => hook.path === '/flaky');
    expect(posts.map((post) => post.status)).toEqual([503, 200, 200]);
    expect(posts.filter((post) => (post.body as { msgtype?: string }).msgtype === 'text')).toHaveLength(3);

    const { items } = await sandbox.rpc.call(ListDeliveriesRpc, { actor: province, state: 'sent' });
    const view = items.find((item) => item.id === row?.id) as OutboundMessageView;
    expect(view.attemptLog.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'error'],
      [2, 'error'],
      [3, 'sent'],
    ]);
    expect(view.attemptLog[0]?.error).toContain('HTTP 503');
    expect(view.attemptLog[1]?.error).toContain('errcode 130101');
    // The receiver's answers ('try later', its errmsg 'send too fast') are not repeated to the reader.
    expect(view.attemptLog.map((a) => a.error)).toEqual(['HTTP 503', '钉钉机器人拒收（errcode 130101）', null]);
    expect(view.recipients).toEqual(['user:flaky']);
    // Nothing else goes out for it later.
    expect(await expectQuiet(800, () => hooks.filter((hook) => hook.path === '/flaky').length)).toBe(3);
  });

  it('a receiver that always fails: recorded as failed with its error, visible through the route, in scope', async () => {
    const deadline = exactDeadline(new Date(Date.now() + 1500), ['PT0S'], {
      responsible: [{ kind: 'user', username: 'down', name: '测试' }],
      countyLeader: null,
    });
    await sandbox.publishDeadline(deadline);
    const [row] = await waitFor(
      'failed for good',
      () => outboundOf([deadline.subjectId]),
      (r) => r[0]?.state === 'failed',
      {
        timeoutMs: 15_000,
      },
    );
    expect(row?.attempts).toBe(3);
    expect(hooks.filter((hook) => hook.path === '/down')).toHaveLength(3);

    const failed = await sandbox.rpc.call(ListDeliveriesRpc, { actor: province, state: 'failed' });
    const view = failed.items.find((item) => item.id === row?.id);
    expect(view).toMatchObject({
      state: 'failed',
      attempts: 3,
      channel: 'webhook',
      format: 'wecom',
      nextAttemptAt: null,
    });
    expect(view?.lastError).toContain('HTTP 500');
    // Status code only: nothing of the answer ('receiver down') is stored or shown.
    expect(view?.lastError).toBe('HTTP 500');
    expect(view?.attemptLog.map((a) => a.error)).toEqual(['HTTP 500', 'HTTP 500', 'HTTP 500']);
    const stored = await sandbox.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications.delivery_attempt WHERE outbound_id = $1 AND error LIKE '%receiver down%'`,
      [row?.id],
    );
    expect(stored).toEqual([{ n: 0 }]);
    expect(view?.items).toEqual([
      expect.objectContaining({ subjectId: deadline.subjectId, regionCode: '141124', stage: 'offset-PT0S' }),
    ]);
    // 吕梁市 sees its county's failure; 太原市 does not; a county officer may not list deliveries.
    expect(
      (await sandbox.rpc.call(ListDeliveriesRpc, { actor: lvliang, state: 'failed' })).items.map((i) => i.id),
    ).toContain(row?.id);
    expect((await sandbox.rpc.call(ListDeliveriesRpc, { actor: taiyuan, state: 'failed' })).items).toEqual([]);
    await expect(sandbox.rpc.call(ListDeliveriesRpc, { actor: county })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('refuses webhooks to private, link-local, unique-local, shared, multicast hosts and internal names, even with the loopback test switch on: 400 per field, nothing written', async () => {
    const refusedUrls = [
      ['https://10.0.0.8/hook', '不能指向内网地址'],
      ['https://172.16.5.4/hook', '不能指向内网地址'],
      ['https://192.168.1.1/hook', '不能指向内网地址'],
      ['https://169.254.169.254/latest/meta-data', '不能指向链路本地地址'],
      ['https://100.64.0.1/hook', '不能指向运营商级 NAT 共享地址'],
      ['https://0.0.0.0/hook', '不能指向未指定或本网络地址'],
      ['https://[fe80::1]/hook', '不能指向链路本地地址'],
      ['https://[fd00::1]/hook', '不能指向IPv6 唯一本地（内网）地址'],
      ['https://[::ffff:10.0.0.1]/hook', '不能指向内网地址'],
      ['https://[ff02::1]/hook', '不能指向组播地址'],
    ] as const;
    const put = (channels: { target: string }[]) =>
      sandbox.rpc
        .call(PutContactChannelsRpc, {
          actor: province,
          addressee: { kind: 'user', username: 'linxian' },
          channels: channels.map((channel) => ({ kind: 'webhook', format: 'generic', enabled: true, ...channel })),
        })
        .catch((e: unknown) => e);
    const error = await put(refusedUrls.map(([target]) => ({ target })));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('validation_failed');
    expect((error as DomainError).errors).toEqual(
      refusedUrls.map(([, message], index) => ({ field: `channels.${index}.target`, message })),
    );
    const names = await put([
      { target: 'https://nats:8222/' },
      { target: 'https://metadata.google.internal/computeMetadata/v1/' },
      { target: 'https://oapi.dingtalk.com/robot/send?access_token=x' },
    ]);
    expect((names as DomainError).errors).toEqual([
      { field: 'channels.0.target', message: '不能指向内网主机名' },
      { field: 'channels.1.target', message: '不能指向内网主机名' },
    ]);
    const listed = await sandbox.rpc.call(ListContactChannelsRpc, { actor: province });
    const channels = listed.items.find(
      (i) => i.addressee.kind === 'user' && i.addressee.username === 'linxian',
    )?.channels;
    expect(channels).toHaveLength(5);
    expect(channels?.map((c) => c.target).filter((t) => !t.startsWith(base))).toEqual(['linxian@example.invalid']);
  });

  it('refuses bad channels with 400 naming each field, and keeps a city officer to its city’s roles', async () => {
    const error = await sandbox.rpc
      .call(PutContactChannelsRpc, {
        actor: province,
        addressee: { kind: 'user', username: 'linxian' },
        channels: [
          { kind: 'email', target: 'not-an-address', enabled: true },
          { kind: 'webhook', target: 'http://example.com/hook', format: 'dingtalk', enabled: true },
          { kind: 'webhook', target: 'https://example.com/hook', format: 'slack', enabled: true },
          { kind: 'fax', target: '123', enabled: true },
        ],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('validation_failed');
    expect((error as DomainError).errors?.map((e) => e.field).sort()).toEqual([
      'channels.0.target',
      'channels.1.target',
      'channels.2.format',
      'channels.3.kind',
    ]);
    // Nothing was written: 刘星's channels are as before.
    const listed = await sandbox.rpc.call(ListContactChannelsRpc, { actor: province });
    expect(
      listed.items.find((i) => i.addressee.kind === 'user' && i.addressee.username === 'linxian')?.channels,
    ).toHaveLength(5);

    const countyRole = { kind: 'role', role: 'county_officer', regionCode: '141124' } as const;
    const done = await sandbox.rpc.call(PutContactChannelsRpc, {
      actor: lvliang,
      addressee: countyRole,
      channels: [
        {
          kind: 'webhook',
          target: 'https://oapi.dingtalk.com/robot/send?access_token=x',
          format: 'dingtalk',
          enabled: true,
        },
      ],
    });
    expect(done.channels).toEqual([expect.objectContaining({ kind: 'webhook', format: 'dingtalk', enabled: true })]);
    expect((await sandbox.rpc.call(ListContactChannelsRpc, { actor: lvliang })).items.map((i) => i.addressee)).toEqual([
      countyRole,
    ]);
    await expect(
      sandbox.rpc.call(PutContactChannelsRpc, {
        actor: lvliang,
        addressee: { kind: 'user', username: 'linxian' },
        channels: [],
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      sandbox.rpc.call(PutContactChannelsRpc, {
        actor: lvliang,
        addressee: { kind: 'role', role: 'county_officer', regionCode: '140105' },
        channels: [],
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(sandbox.rpc.call(ListContactChannelsRpc, { actor: county })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('a channel shared by two cities: 吕梁’s officer sees only 吕梁’s items and recipients, and no personal address', async () => {
    const shared = `${base}/shared-city-robot`;
    const put = (addressee: unknown, channels: unknown[]) =>
      sandbox.rpc.call(PutContactChannelsRpc, { actor: province, addressee, channels });
    const lvliangRole = { kind: 'role', role: 'city_officer', regionCode: '141100' } as const;
    const taiyuanRole = { kind: 'role', role: 'city_officer', regionCode: '140100' } as const;
    await put(lvliangRole, [{ kind: 'webhook', target: shared, format: 'generic', enabled: true }]);
    await put(taiyuanRole, [{ kind: 'webhook', target: shared, format: 'generic', enabled: true }]);
    await put({ kind: 'user', username: 'lvperson' }, [
      { kind: 'email', target: 'lvperson@example.invalid', enabled: true },
    ]);
    await put({ kind: 'user', username: 'typerson' }, [
      { kind: 'email', target: 'typerson@example.invalid', enabled: true },
    ]);

    const dueAt = new Date(Date.now() + 2000);
    const lishiItem = exactDeadline(dueAt, ['PT0S'], {
      responsible: [lvliangRole, { kind: 'user', username: 'lvperson', name: '吕梁测试' }],
      countyLeader: null,
    });
    const xiaodianItem = exactDeadline(dueAt, ['PT0S'], {
      regionCode: '140105',
      regionName: '小店区',
      cityRegionCode: '140100',
      responsible: [taiyuanRole, { kind: 'user', username: 'typerson', name: '太原测试' }],
      countyLeader: null,
    });
    await sandbox.publishDeadline(lishiItem);
    await sandbox.publishDeadline(xiaodianItem);
    const out = await waitFor(
      'the shared robot message and two e-mails sent',
      () => outboundOf([lishiItem.subjectId, xiaodianItem.subjectId]),
      (rows) => rows.length === 3 && rows.every((r) => r.state === 'sent'),
      { timeoutMs: 20_000 },
    );
    const robotId = out.find((row) => row.target === shared)?.id;
    const lvMailId = out.find((row) => row.target === 'lvperson@example.invalid')?.id;
    const tyMailId = out.find((row) => row.target === 'typerson@example.invalid')?.id;
    // One robot message carries both cities' items (the channel is shared).
    const robotPosts = hooks.filter((hook) => hook.path === '/shared-city-robot');
    expect(robotPosts).toHaveLength(1);
    expect((robotPosts[0]?.body as { items: unknown[] }).items).toHaveLength(2);

    const list = async (actor: typeof province) =>
      (await sandbox.rpc.call(ListDeliveriesRpc, { actor, state: 'sent', limit: 500 })).items;
    const ours = (items: OutboundMessageView[]) =>
      items.filter((item) => [robotId, lvMailId, tyMailId].includes(item.id));

    // 吕梁: the robot message with its own item and recipient only; 吕梁’s person's e-mail, address hidden.
    const seenByLvliang = await list(lvliang);
    const lvliangOurs = ours(seenByLvliang);
    expect(lvliangOurs.map((item) => item.id).sort()).toEqual([robotId, lvMailId].sort());
    const robot = lvliangOurs.find((item) => item.id === robotId);
    expect(robot).toMatchObject({ target: shared, recipients: ['role:city_officer@141100'] });
    expect(robot?.items).toEqual([
      {
        subjectType: 'rectification',
        subjectId: lishiItem.subjectId,
        regionCode: '141124',
        stage: 'offset-PT0S',
        title: `【到期提醒】临县「${lishiItem.title}」已到期`,
      },
    ]);
    const mail = lvliangOurs.find((item) => item.id === lvMailId);
    expect(mail).toMatchObject({ channel: 'email', target: '（个人地址，已隐藏）', recipients: ['user:lvperson'] });
    expect(mail?.items.map((item) => item.subjectId)).toEqual([lishiItem.subjectId]);
    // Nothing of 太原 anywhere in what 吕梁 reads, and no person's address at all (any test's).
    const text = JSON.stringify(seenByLvliang);
    for (const leak of [xiaodianItem.subjectId, xiaodianItem.title, '140105', '140100', 'typerson'])
      expect([leak, text.includes(leak)]).toEqual([leak, false]);
    expect(text.match(/[\w.+-]+@example\.invalid/g)).toBeNull();
    // The channel list, by the same rule: 吕梁 sees the robot of its role, no person's e-mail.
    const channels = await sandbox.rpc.call(ListContactChannelsRpc, { actor: lvliang });
    expect(channels.items.flatMap((entry) => entry.channels.map((c) => c.target))).toContain(shared);
    expect(JSON.stringify(channels)).not.toMatch(/@example\.invalid/);

    // 太原: the mirror image. The province: everything, both items and every recipient and address.
    const taiyuanOurs = ours(await list(taiyuan));
    expect(taiyuanOurs.map((item) => item.id).sort()).toEqual([robotId, tyMailId].sort());
    expect(taiyuanOurs.find((item) => item.id === robotId)?.items.map((item) => item.subjectId)).toEqual([
      xiaodianItem.subjectId,
    ]);
    const provinceOurs = ours(await list(province));
    expect(provinceOurs).toHaveLength(3);
    const all = provinceOurs.find((item) => item.id === robotId);
    expect(all?.recipients).toEqual(['role:city_officer@140100', 'role:city_officer@141100']);
    expect(all?.items.map((item) => item.regionCode).sort()).toEqual(['140105', '141124']);
    expect(provinceOurs.find((item) => item.id === lvMailId)?.target).toBe('lvperson@example.invalid');
  });

  describe('with a second instance running beside the first', () => {
    let second: INestMicroservice;

    beforeAll(async () => {
      second = await sandbox.startInstance();
    });

    it('two workers at once: 30 reminders due at one instant make exactly one e-mail listing all 30', async () => {
      expect(second).toBeDefined();
      const dueAt = new Date(Date.now() + 3000);
      const deadlines = Array.from({ length: 30 }, () =>
        exactDeadline(dueAt, ['PT0S'], {
          responsible: [{ kind: 'user', username: 'pair', name: '测试' }],
          countyLeader: null,
        }),
      );
      for (const deadline of deadlines) await sandbox.publishDeadline(deadline);
      const subjects = deadlines.map((d) => d.subjectId);
      await waitFor(
        'sent',
        () => outboundOf(subjects),
        (rows) => rows.length > 0 && rows.every((r) => r.state === 'sent'),
        {
          timeoutMs: 20_000,
        },
      );
      await waitFor(
        'the mail arrived',
        async () => smtp.to('pair@example.invalid'),
        (list) => list.length > 0,
        { timeoutMs: 5_000 },
      );
      // Nothing more goes out: no second message, no second attempt, no second e-mail.
      const { out } = await expectQuiet(1000, async () => ({
        out: await outboundOf(subjects),
        mails: smtp.to('pair@example.invalid').length,
      }));
      expect(out).toHaveLength(1);
      expect(out[0]?.attempts).toBe(1);
      const received = smtp.to('pair@example.invalid');
      expect(received).toHaveLength(1);
      expect(received[0]?.mail.subject).toMatch(/^【督办汇总】您有30项提醒/);
      for (const deadline of deadlines) expect(received[0]?.mail.text).toContain(`「${deadline.title}」`);
      const rows = await sandbox.db.query(
        `SELECT count(*)::int AS n, count(DISTINCT (d.deadline_id, d.stage))::int AS distinct_n FROM notifications.delivery d
           JOIN notifications.deadline dl ON dl.id = d.deadline_id WHERE dl.subject_id = ANY($1) AND d.channel = 'email'`,
        [subjects],
      );
      expect(rows[0]).toEqual({ n: 30, distinct_n: 30 });
    });
  });
});
