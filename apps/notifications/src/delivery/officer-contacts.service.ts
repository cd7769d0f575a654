import { Injectable } from '@nestjs/common';
import type { ContactChannelInput, OfficerChangedData } from '@duban/contracts';
import { Clock, type Tx } from '@duban/platform';
import { officerKey } from '../recipients/recipient.rules';
import { ContactChannelsRepository } from './contact-channels.repository';

/**
 * A leading-group member's contacts, as the projects service announces them, in the address book under
 * `officer:<id>`: the key a member without an account is reminded under (recipientKey). The e-mail is an
 * e-mail channel and the mobile an SMS channel unless the county recorded the member's 退订短信 (smsOptedOut);
 * an opt-out under that key still wins (endpointsOf). DingTalk
 * and WeCom ids have no sender (they need the corporate APIs) and stay with the group in the projects service.
 */
@Injectable()
export class OfficerContacts {
  constructor(
    private readonly channels: ContactChannelsRepository,
    private readonly clock: Clock,
  ) {}

  async apply(tx: Tx, officer: OfficerChangedData): Promise<void> {
    await this.channels.replaceByKey(
      tx,
      officerKey(officer.officerId),
      { kind: 'officer', officerId: officer.officerId, name: officer.name, regionCode: officer.regionCode },
      officer.removed ? [] : officerChannels(officer.contacts, officer.smsOptedOut ?? false),
      this.clock.now(),
    );
  }
}

/** The contacts that are channels: the e-mail address, and the mobile for SMS unless the member opted out. */
function officerChannels(contacts: OfficerChangedData['contacts'], smsOptedOut: boolean): ContactChannelInput[] {
  return [
    ...(contacts.email ? [{ kind: 'email' as const, target: contacts.email, enabled: true }] : []),
    ...(contacts.mobile && !smsOptedOut ? [{ kind: 'sms' as const, target: contacts.mobile, enabled: true }] : []),
  ];
}
