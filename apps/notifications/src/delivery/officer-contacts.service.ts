import { Injectable } from '@nestjs/common';
import type { OfficerChangedData } from '@duban/contracts';
import { Clock, type Tx } from '@duban/platform';
import { officerKey } from '../recipients/recipient.rules';
import { ContactChannelsRepository } from './contact-channels.repository';

/**
 * A leading-group member's contacts, as the projects service announces them, in the address book under
 * `officer:<id>`: the key a member without an account is reminded under (recipientKey). Only the e-mail is
 * a channel here; mobile, DingTalk and WeCom ids have no sender yet (they need an SMS gateway or the
 * DingTalk / WeCom corporate APIs) and stay with the group in the projects service.
 */
@Injectable()
export class OfficerContacts {
  constructor(
    private readonly channels: ContactChannelsRepository,
    private readonly clock: Clock,
  ) {}

  async apply(tx: Tx, officer: OfficerChangedData): Promise<void> {
    const email = officer.removed ? null : officer.contacts.email;
    await this.channels.replaceByKey(
      tx,
      officerKey(officer.officerId),
      { kind: 'officer', officerId: officer.officerId, name: officer.name, regionCode: officer.regionCode },
      email ? [{ kind: 'email', target: email, enabled: true }] : [],
      this.clock.now(),
    );
  }
}
