import { Injectable } from '@nestjs/common';
import type { WebhookFormat } from '@duban/contracts';
import { NotificationsConfig } from '../config';

/**
 * POSTs JSON to a webhook. Success is a 2xx; the DingTalk and WeCom robots also answer 200 to a refused
 * message, with `{"errcode": <non-zero>, "errmsg": …}` in the body, which counts as a failure.
 */
@Injectable()
export class WebhookSender {
  constructor(private readonly config: NotificationsConfig) {}

  async send(url: string, format: WebhookFormat, body: unknown): Promise<void> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      redirect: 'error',
      signal: AbortSignal.timeout(this.config.delivery.timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
    if (format === 'generic') return;
    let answer: { errcode?: unknown; errmsg?: unknown };
    try {
      answer = JSON.parse(text) as typeof answer;
    } catch {
      throw new Error(`the ${format} robot answered something else than JSON: ${text.slice(0, 200)}`);
    }
    if (answer.errcode !== 0)
      throw new Error(`the ${format} robot refused it: errcode ${String(answer.errcode)}, ${String(answer.errmsg)}`);
  }
}
