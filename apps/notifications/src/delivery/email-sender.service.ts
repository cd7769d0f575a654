import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { NotificationsConfig } from '../config';
import type { Digest } from './digest.rules';

/** E-mail over SMTP (nodemailer). Without `DUBAN_SMTP_URL` there is no transport and no e-mail endpoint. */
@Injectable()
export class EmailSender implements OnApplicationShutdown {
  private readonly transport: Transporter | null;

  constructor(private readonly config: NotificationsConfig) {
    const { smtpUrl, timeoutMs } = config.delivery;
    this.transport = smtpUrl
      ? createTransport({
          url: smtpUrl,
          connectionTimeout: timeoutMs,
          greetingTimeout: timeoutMs,
          socketTimeout: timeoutMs,
        })
      : null;
  }

  get configured(): boolean {
    return this.transport !== null;
  }

  async send(to: string, digest: Digest): Promise<void> {
    if (!this.transport) throw new Error('no SMTP server configured (DUBAN_SMTP_URL)');
    await this.transport.sendMail({
      from: this.config.delivery.smtpFrom,
      to,
      subject: digest.subject,
      text: digest.text,
    });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
