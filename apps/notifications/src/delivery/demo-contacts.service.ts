import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { ChannelAddressee } from '@duban/contracts';
import { Clock, PlatformConfig, Transactions } from '@duban/platform';
import { ContactChannelsRepository } from './contact-channels.repository';

/**
 * Demo mode: example e-mail addresses (the reserved `.invalid` domain, so nothing can reach anyone) for the
 * demo's people and 吕梁市's officers; no webhooks. Idempotent, and leaves what an admin changed alone.
 */
export const DEMO_CONTACTS: readonly { addressee: ChannelAddressee; email: string }[] = [
  { addressee: { kind: 'user', username: 'linxian' }, email: 'linxian@example.invalid' },
  { addressee: { kind: 'user', username: 'zhangzhenyu' }, email: 'zhangzhenyu@example.invalid' },
  { addressee: { kind: 'role', role: 'city_officer', regionCode: '141100' }, email: 'lvliang@example.invalid' },
];

@Injectable()
export class DemoContactsSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoContactsSeeder.name);

  constructor(
    private readonly platform: PlatformConfig,
    private readonly transactions: Transactions,
    private readonly channels: ContactChannelsRepository,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.platform.demo) return;
    const at = this.clock.now();
    await this.transactions.run(async (tx) => {
      for (const contact of DEMO_CONTACTS) {
        await this.channels.seed(tx, contact.addressee, { kind: 'email', target: contact.email, enabled: true }, at);
      }
    });
    this.logger.log(`Demo contact channels: ${DEMO_CONTACTS.length} e-mail address(es)`);
  }
}
