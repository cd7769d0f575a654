import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { inScope, isAddressedTo, type Actor, type InboxDeliveredData, type LiveChange } from '@duban/contracts';
import { TokenRevocations } from '../auth/token-revocations.service';

/** One open inbox stream: told the ids of new notifications in the actor's inbox, and when to end. */
export interface InboxWatcher {
  readonly actor: Pick<Actor, 'username' | 'role' | 'regionCodes'>;
  /** The token the stream was opened with. */
  readonly tokenId: string;
  notify(notificationIds: readonly string[]): void;
  /** Data the user may see has changed (a live page refetches). */
  changed(change: LiveChange): void;
  /** The gateway is shutting down, or the token was revoked. */
  close(): void;
}

/** Who is connected to this gateway replica's inbox streams, and what each of them is told. */
@Injectable()
export class InboxWatchers implements BeforeApplicationShutdown {
  private readonly watchers = new Set<InboxWatcher>();
  private readonly stopListening: () => void;

  constructor(private readonly revocations: TokenRevocations) {
    // A logout at this replica ends the streams of its token at once.
    this.stopListening = revocations.onRevoked((tokenId) => {
      for (const watcher of this.watchers) if (watcher.tokenId === tokenId) watcher.close();
    });
  }

  /** Whether a stream's token has been revoked meanwhile (at any replica). */
  isRevoked(tokenId: string): Promise<boolean> {
    return this.revocations.isRevoked(tokenId);
  }

  /** Registers an open stream; returns what ends it (on disconnect). */
  watch(watcher: InboxWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  get openStreams(): number {
    return this.watchers.size;
  }

  /** Tells each watcher whose inbox some deliveries concern, with the ids of its notifications. */
  notify(deliveries: InboxDeliveredData['deliveries']): void {
    for (const watcher of this.watchers) {
      const ids = deliveries.filter((d) => isAddressedTo(d.addressee, watcher.actor)).map((d) => d.notificationId);
      if (ids.length > 0) watcher.notify(ids);
    }
  }

  /**
   * Tells each watcher who may see `regionPath` (the one scope rule) that its data changed: a county's change
   * reaches that county, its city and its province, never a neighbour.
   */
  changed(change: LiveChange, regionPath: readonly string[]): void {
    for (const watcher of this.watchers) if (inScope(watcher.actor, regionPath)) watcher.changed(change);
  }

  /** Ends every open stream, so that the HTTP server can close. */
  beforeApplicationShutdown(): void {
    this.stopListening();
    for (const watcher of this.watchers) watcher.close();
    this.watchers.clear();
  }
}
