import { Injectable } from '@nestjs/common';
import type { ContactChannelKind } from '@duban/contracts';
import type { Tx } from '@duban/platform';

/** `channel_opt_out`: the channels an addressee chose not to be reached on. One owner. */
@Injectable()
export class ChannelPreferencesRepository {
  async optedOut(tx: Tx, addresseeKey: string): Promise<ContactChannelKind[]> {
    const rows: { channel: ContactChannelKind }[] = await tx.query(
      `SELECT channel FROM notifications.channel_opt_out WHERE addressee_key = $1 ORDER BY channel`,
      [addresseeKey],
    );
    return rows.map((row) => row.channel);
  }

  /** Replaces the addressee's opt-outs. */
  async replace(tx: Tx, addresseeKey: string, channels: readonly ContactChannelKind[], at: Date): Promise<void> {
    await tx.query(
      `DELETE FROM notifications.channel_opt_out WHERE addressee_key = $1 AND NOT (channel = ANY($2::text[]))`,
      [addresseeKey, channels],
    );
    await tx.query(
      `INSERT INTO notifications.channel_opt_out (addressee_key, channel, opted_out_at)
       SELECT $1, unnest($2::text[]), $3 ON CONFLICT DO NOTHING`,
      [addresseeKey, channels, at],
    );
  }
}
