import type { AddressInfo } from 'node:net';
import type { ParsedMail } from 'mailparser';
import type { SMTPServer } from 'smtp-server';

/** One message the inbox received: its envelope's recipients and the message as a mail client parses it. */
export interface ReceivedMail {
  readonly to: string[];
  readonly mail: ParsedMail;
}

/**
 * A real SMTP server on 127.0.0.1 for tests (no TLS, no authentication, as a relay inside a network would be):
 * the services send through it with `DUBAN_SMTP_URL` set to `url`, and every message it accepts is kept, parsed.
 */
export class SmtpInbox {
  private constructor(
    private readonly server: SMTPServer,
    /** Every message received, in order. */
    readonly mails: ReceivedMail[],
  ) {}

  static async start(): Promise<SmtpInbox> {
    // Loaded here rather than on import: most tests that import this library send no mail.
    const [{ SMTPServer }, { simpleParser }] = await Promise.all([import('smtp-server'), import('mailparser')]);
    const mails: ReceivedMail[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (mail) => {
            mails.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), mail });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new SmtpInbox(server, mails);
  }

  /** Where to send: `smtp://127.0.0.1:<port>`. */
  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  /** The messages whose envelope names `address` among its recipients, in the order received. */
  to(address: string): ReceivedMail[] {
    return this.mails.filter((received) => received.to.includes(address));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
