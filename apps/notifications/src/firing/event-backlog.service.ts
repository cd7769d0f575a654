import { Inject, Injectable } from '@nestjs/common';
import { Streams } from '@duban/contracts';
import { JETSTREAM_MANAGER, Namespace } from '@duban/platform';
import type { JetStreamManager } from 'nats';
import { DEADLINE_EVENT_CONSUMERS, isKnownSource } from '../deadlines/deadline-sources.rules';
import type { BacklogState } from './firing-hold.rules';

export type { BacklogState } from './firing-hold.rules';

/** How long the broker may take to answer; firing waits no longer than this for the question. */
const ASK_TIMEOUT_MS = 1_000;

/**
 * Whether this service has applied every event a source has published to the broker so far: `caught-up`
 * (its consumer has nothing pending and nothing delivered but unacknowledged), `behind` (it has: a
 * completion may be among them) or `unknown` (the broker did not answer in time). A source this service has
 * no consumer for is caught up: there is nothing to wait for.
 *
 * Asks the broker about the deadline consumers' backlogs, so firing can hold a reminder while an event that
 * may complete its deadline is still on its way in (issue 12, finding 8). Concurrent questions about one
 * source share one request; nothing is cached, so each answer is as fresh as the question.
 */
@Injectable()
export class EventBacklog {
  private readonly asking = new Map<string, Promise<BacklogState>>();

  constructor(
    @Inject(JETSTREAM_MANAGER) private readonly manager: JetStreamManager,
    private readonly namespace: Namespace,
  ) {}

  /** The state of each of these sources. */
  async of(sources: Iterable<string>): Promise<Map<string, BacklogState>> {
    const unique = [...new Set(sources)];
    const states = await Promise.all(unique.map((source) => this.stateOf(source)));
    return new Map(unique.map((source, i) => [source, states[i] as BacklogState]));
  }

  stateOf(source: string): Promise<BacklogState> {
    if (!isKnownSource(source)) return Promise.resolve('caught-up');
    let pending = this.asking.get(source);
    if (!pending) {
      pending = this.ask(Streams[source].name, DEADLINE_EVENT_CONSUMERS[source]).finally(() =>
        this.asking.delete(source),
      );
      this.asking.set(source, pending);
    }
    return pending;
  }

  private async ask(stream: string, durable: string): Promise<BacklogState> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'unknown'>((resolve) => {
      timer = setTimeout(() => resolve('unknown'), ASK_TIMEOUT_MS);
    });
    const answer = this.manager.consumers
      .info(this.namespace.name(stream), this.namespace.name(durable))
      .then((info): BacklogState => (info.num_pending === 0 && info.num_ack_pending === 0 ? 'caught-up' : 'behind'))
      .catch((): BacklogState => 'unknown');
    try {
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
