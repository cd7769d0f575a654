import { Injectable } from '@nestjs/common';
import type { Actor, ChannelPreferences } from '@duban/contracts';
import { AuditLog, Clock, Transactions } from '@duban/platform';
import { ChannelPreferencesRepository } from './channel-preferences.repository';
import { addresseeKey } from './contact-channels.repository';

/**
 * A person's own opt-outs (`GET/PUT /api/me/notification-preferences`): anyone signed in, for themselves
 * only (the key is their username, as reminders address them). A channel opted out of delivers nothing to
 * them from the next firing or notice on, whatever the address book holds; a change is audited.
 */
@Injectable()
export class ChannelPreferencesService {
  constructor(
    private readonly preferences: ChannelPreferencesRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async get(actor: Actor): Promise<ChannelPreferences> {
    return { optedOut: await this.preferences.optedOut(this.transactions.none, keyOf(actor)) };
  }

  async put(actor: Actor, wanted: ChannelPreferences): Promise<ChannelPreferences> {
    const key = keyOf(actor);
    return this.transactions.runAndAnswer(async (tx) => {
      const before = await this.preferences.optedOut(tx, key);
      await this.preferences.replace(tx, key, wanted.optedOut, this.clock.now());
      const after = await this.preferences.optedOut(tx, key);
      if (before.join() !== after.join()) {
        await this.audit.recordDone(tx, {
          actor,
          action: 'notification-preferences.put',
          targetType: 'addressee',
          targetId: key,
          before: { optedOut: before },
          after: { optedOut: after },
        });
      }
      return { optedOut: after };
    });
  }
}

function keyOf(actor: Actor): string {
  return addresseeKey({ kind: 'user', username: actor.username });
}
