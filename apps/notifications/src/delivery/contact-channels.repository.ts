import { Injectable } from '@nestjs/common';
import type { ChannelAddressee, ContactChannelInput, ContactChannelKind, WebhookFormat } from '@duban/contracts';
import type { Tx } from '@duban/platform';
import { v7 as uuidv7 } from 'uuid';
import type { Endpoint } from './channel.rules';

interface ContactChannelRecord {
  id: string;
  addressee_key: string;
  addressee: ChannelAddressee;
  kind: ContactChannelKind;
  target: string;
  format: WebhookFormat;
  enabled: boolean;
  updated_at: Date;
}

/** One e-mail address or webhook of one addressee. */
export interface StoredContactChannel {
  readonly id: string;
  readonly addresseeKey: string;
  readonly addressee: ChannelAddressee;
  readonly kind: ContactChannelKind;
  readonly target: string;
  readonly format: WebhookFormat;
  readonly enabled: boolean;
  readonly updatedAt: Date;
}

/** The same key as the delivery log's recipient (`recipientKey`): `user:<username>`, `role:<role>@<region>`. */
export function addresseeKey(addressee: ChannelAddressee): string {
  return addressee.kind === 'user' ? `user:${addressee.username}` : `role:${addressee.role}@${addressee.regionCode}`;
}

/** The address book (`contact_channel`): each addressee's e-mail addresses and webhooks. */
@Injectable()
export class ContactChannelsRepository {
  /**
   * The enabled endpoints of one kind for each of several recipient keys, in one statement (read in the firing
   * transaction, for a whole chunk's recipients); none of a kind the addressee opted out of. A key with no
   * endpoint is absent from the map.
   */
  async endpointsOf(tx: Tx, keys: readonly string[], kind: ContactChannelKind): Promise<Map<string, Endpoint[]>> {
    const rows: Pick<ContactChannelRecord, 'id' | 'addressee_key' | 'target' | 'format'>[] = await tx.query(
      `SELECT c.id, c.addressee_key, c.target, c.format FROM notifications.contact_channel c
        WHERE c.addressee_key = ANY($1::text[]) AND c.kind = $2 AND c.enabled
          AND NOT EXISTS (SELECT 1 FROM notifications.channel_opt_out o
                           WHERE o.addressee_key = c.addressee_key AND o.channel = $2)
        ORDER BY c.addressee_key, c.target`,
      [[...new Set(keys)], kind],
    );
    const byKey = new Map<string, Endpoint[]>();
    for (const row of rows) {
      const endpoints = byKey.get(row.addressee_key) ?? [];
      endpoints.push({ key: row.id, target: row.target, format: row.format });
      byKey.set(row.addressee_key, endpoints);
    }
    return byKey;
  }

  /** The channels managed at /api/notification-channels (a leading-group member's come with the group). */
  async list(tx: Tx): Promise<StoredContactChannel[]> {
    const rows: ContactChannelRecord[] = await tx.query(
      `SELECT * FROM notifications.contact_channel WHERE addressee_key NOT LIKE 'officer:%'
        ORDER BY addressee_key, kind, target`,
    );
    return rows.map(toStored);
  }

  async listFor(tx: Tx, key: string): Promise<StoredContactChannel[]> {
    const rows: ContactChannelRecord[] = await tx.query(
      `SELECT * FROM notifications.contact_channel WHERE addressee_key = $1 ORDER BY kind, target`,
      [key],
    );
    return rows.map(toStored);
  }

  /**
   * Makes the addressee's channels exactly `channels`: an unchanged (kind, target) keeps its id (the delivery
   * log refers to it), others are added, the rest deleted. Takes the addressee's rows in key order under an
   * advisory lock, so two concurrent replacements take turns.
   */
  async replace(
    tx: Tx,
    addressee: ChannelAddressee,
    channels: readonly ContactChannelInput[],
    at: Date,
  ): Promise<void> {
    await this.replaceByKey(tx, addresseeKey(addressee), addressee, channels, at);
  }

  /**
   * `replace` for any recipient key, e.g. a leading-group member's `officer:<id>`, whose contacts the
   * projects service announces; `addressee` is stored beside the rows as it is.
   */
  async replaceByKey(
    tx: Tx,
    key: string,
    addressee: object,
    channels: readonly ContactChannelInput[],
    at: Date,
  ): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('duban:notifications:contact:' || $1))`, [key]);
    await tx.query(
      `DELETE FROM notifications.contact_channel WHERE addressee_key = $1
         AND (kind, target) NOT IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
      [key, channels.map((c) => c.kind), channels.map((c) => c.target)],
    );
    for (const channel of channels) {
      await tx.query(
        `INSERT INTO notifications.contact_channel (id, addressee_key, addressee, kind, target, format, enabled, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
         ON CONFLICT (addressee_key, kind, target) DO UPDATE
           SET format = EXCLUDED.format, enabled = EXCLUDED.enabled, addressee = EXCLUDED.addressee,
               updated_at = CASE WHEN contact_channel.format = EXCLUDED.format AND contact_channel.enabled = EXCLUDED.enabled
                                 THEN contact_channel.updated_at ELSE EXCLUDED.updated_at END`,
        [
          uuidv7(),
          key,
          JSON.stringify(addressee),
          channel.kind,
          channel.target,
          channel.kind === 'webhook' ? channel.format : 'generic',
          channel.enabled,
          at,
        ],
      );
    }
  }

  /** Adds channels nobody has configured yet (demo seed); an existing (addressee, kind, target) is left alone. */
  async seed(tx: Tx, addressee: ChannelAddressee, channel: ContactChannelInput, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO notifications.contact_channel (id, addressee_key, addressee, kind, target, format, enabled, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (addressee_key, kind, target) DO NOTHING`,
      [
        uuidv7(),
        addresseeKey(addressee),
        JSON.stringify(addressee),
        channel.kind,
        channel.target,
        channel.kind === 'webhook' ? channel.format : 'generic',
        channel.enabled,
        at,
      ],
    );
  }
}

function toStored(row: ContactChannelRecord): StoredContactChannel {
  return {
    id: row.id,
    addresseeKey: row.addressee_key,
    addressee: row.addressee,
    kind: row.kind,
    target: row.target,
    format: row.format,
    enabled: row.enabled,
    updatedAt: new Date(row.updated_at),
  };
}
