import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { WebhookFormat } from '@duban/contracts';
import { NotificationsConfig } from '../config';
import { HostResolver, type ResolvedAddress } from './host-resolver.service';
import {
  classifyAddress,
  classifyHost,
  isAllowed,
  REFUSED_KIND_LABELS,
  type RefusedKind,
} from './webhook-address.rules';

/**
 * A failed webhook call, with a message an officer may read: it never carries the receiver's answer (its
 * body may be anything the receiver or a host behind it says), only the status code or what went wrong.
 * `permanent`: trying again cannot help (the address is refused), so the message fails at once.
 */
export class WebhookError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}

/** The most of a robot's answer read (its `{"errcode": …}` is a few dozen bytes). */
const MAX_ANSWER_BYTES = 64 * 1024;

const ROBOT_NAMES: Readonly<Record<Exclude<WebhookFormat, 'generic'>, string>> = {
  dingtalk: '钉钉',
  wecom: '企业微信',
};

const refused = (what: string, kind: RefusedKind) =>
  new WebhookError(`已拒绝发送：${what}${REFUSED_KIND_LABELS[kind]}`, true);

/**
 * POSTs JSON to a webhook. Success is a 2xx; the DingTalk and WeCom robots also answer 200 to a refused
 * message, with `{"errcode": <non-zero>, "errmsg": …}` in the body, which counts as a failure.
 *
 * Only public addresses are called (see webhook-address.rules): the URL's host is checked, and a name is
 * resolved by the agents' own `lookup`, which refuses it when ANY of its addresses is not public and
 * otherwise hands exactly the checked addresses to the connection, so a name cannot resolve to a public
 * address for the check and to an internal one for the call (DNS rebinding). Redirects are not followed
 * (node:http never does): a 3xx is a failure. Plain http only with the test switch, to loopback only.
 */
@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  private readonly https: HttpsAgent;
  private readonly http: HttpAgent;

  constructor(
    private readonly config: NotificationsConfig,
    private readonly resolver: HostResolver,
  ) {
    // No keep-alive: every call opens its own connection through the checking lookup.
    this.https = new HttpsAgent({ keepAlive: false, lookup: this.checkingLookup(false) });
    this.http = new HttpAgent({ keepAlive: false, lookup: this.checkingLookup(true) });
  }

  async send(target: string, format: WebhookFormat, body: unknown): Promise<void> {
    const url = this.checkedUrl(target);
    const { status, text } = await this.post(url, Buffer.from(JSON.stringify(body), 'utf8'), format !== 'generic');
    if (status < 200 || status > 299) throw new WebhookError(`HTTP ${status}`);
    if (format === 'generic') return;
    const robot = ROBOT_NAMES[format];
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      throw new WebhookError(`${robot}机器人的应答不是 JSON（HTTP ${status}）`);
    }
    const errcode =
      typeof answer === 'object' && answer !== null ? (answer as { errcode?: unknown }).errcode : undefined;
    if (errcode === 0) return;
    // The code is a number the robot's documentation explains; its `errmsg` is the receiver's text: left out.
    throw new WebhookError(
      Number.isSafeInteger(errcode) ? `${robot}机器人拒收（errcode ${String(errcode)}）` : `${robot}机器人拒收`,
    );
  }

  onApplicationShutdown(): void {
    this.https.destroy();
    this.http.destroy();
  }

  /** The URL, if its scheme and host may be called at all (an IP literal is never looked up: checked here). */
  private checkedUrl(target: string): URL {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new WebhookError('已拒绝发送：不是有效的 URL', true);
    }
    const allowLoopback = this.config.delivery.allowLoopbackHttp;
    const kind = classifyHost(url.hostname);
    if (!isAllowed(kind, allowLoopback)) throw refused('地址指向', kind as RefusedKind);
    if (url.protocol === 'https:') return url;
    const literal = isIP(url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '')) !== 0;
    if (url.protocol === 'http:' && allowLoopback && (!literal || kind === 'loopback')) return url;
    throw new WebhookError('已拒绝发送：必须是 https 地址', true);
  }

  /**
   * A `lookup` for the agents: resolves through HostResolver and answers with the addresses only when every
   * one of them may be called (`loopbackOnly`: plain http, which the test switch allows to loopback alone).
   */
  private checkingLookup(loopbackOnly: boolean): LookupFunction {
    return (hostname, options, callback) => {
      this.resolver
        .resolve(hostname)
        .then((addresses) => this.checkAddresses(addresses, loopbackOnly))
        .then(
          (checked) => {
            const wanted = options.family === 4 || options.family === 6 ? options.family : null;
            const usable = wanted ? checked.filter((a) => a.family === wanted) : checked;
            const first = usable[0];
            if (!first) return callback(new WebhookError('域名无法解析'), '', 0);
            if (options.all)
              return callback(
                null,
                usable.map((a) => ({ address: a.address, family: a.family })),
              );
            return callback(null, first.address, first.family);
          },
          (error: unknown) => callback(error as NodeJS.ErrnoException, '', 0),
        );
    };
  }

  private checkAddresses(addresses: readonly ResolvedAddress[], loopbackOnly: boolean): readonly ResolvedAddress[] {
    const allowLoopback = this.config.delivery.allowLoopbackHttp;
    for (const { address } of addresses) {
      const kind = isIP(address) ? classifyAddress(address) : 'reserved';
      if (!isAllowed(kind, allowLoopback)) throw refused('域名解析到', kind as RefusedKind);
      if (loopbackOnly && kind !== 'loopback') throw new WebhookError('已拒绝发送：必须是 https 地址', true);
    }
    return addresses;
  }

  private post(url: URL, payload: Buffer, readAnswer: boolean): Promise<{ status: number; text: string }> {
    const signal = AbortSignal.timeout(this.config.delivery.timeoutMs);
    const secure = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const fail = (error: unknown) => reject(describe(error, signal));
      const request = (secure ? httpsRequest : httpRequest)(
        url,
        {
          method: 'POST',
          agent: secure ? this.https : this.http,
          headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': payload.length },
          signal,
        },
        (response: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            if (!readAnswer || size >= MAX_ANSWER_BYTES) return;
            chunks.push(chunk);
            size += chunk.length;
          });
          response.on('error', fail);
          // Cut off mid-answer (the timeout, or the receiver): no 'end' comes.
          response.on('close', () => {
            if (!response.complete) fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
          });
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
        },
      );
      request.on('error', fail);
      request.end(payload);
    });
  }
}

/** What went wrong, without anything the other side said: a refusal, a timeout or the error's code. */
function describe(error: unknown, signal: AbortSignal): WebhookError {
  if (error instanceof WebhookError) return error;
  if (signal.aborted) return new WebhookError('请求超时');
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA') return new WebhookError('域名无法解析');
  return new WebhookError(`连接失败（${code && /^[A-Z0-9_]+$/.test(code) ? code : '未知错误'}）`);
}
