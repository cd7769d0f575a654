import type { AddresseeChannels } from '@duban/contracts';
import type { StoredContactChannel } from './contact-channels.repository';

/** The address book as `GET /api/notification-channels` shows it: per addressee, its channels. */
export function addresseeChannelsViews(rows: readonly StoredContactChannel[]): AddresseeChannels[] {
  const byKey = new Map<string, AddresseeChannels & { channels: AddresseeChannels['channels'] }>();
  for (const row of rows) {
    let entry = byKey.get(row.addresseeKey);
    if (!entry) {
      entry = { addressee: row.addressee, channels: [] };
      byKey.set(row.addresseeKey, entry);
    }
    entry.channels.push(contactChannelView(row));
  }
  return [...byKey.values()];
}

export function contactChannelView(row: StoredContactChannel): AddresseeChannels['channels'][number] {
  return {
    id: row.id,
    kind: row.kind,
    target: row.target,
    format: row.format,
    enabled: row.enabled,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the audit trail keeps of a channel (its id and instant change with nothing a reader cares for). */
export function contactChannelSummary(row: StoredContactChannel): {
  kind: string;
  target: string;
  format: string;
  enabled: boolean;
} {
  return { kind: row.kind, target: row.target, format: row.format, enabled: row.enabled };
}
