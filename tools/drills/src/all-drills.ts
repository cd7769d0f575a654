import type { Drill } from './drill';
import { badInput } from './drills/bad-input.drill';
import { cluster } from './drills/cluster.drill';
import { consumerKilled } from './drills/consumer-killed.drill';
import { natsRestarted } from './drills/nats-restarted.drill';
import { notificationsKilled } from './drills/notifications-killed.drill';
import { postgresRestarted } from './drills/postgres-restarted.drill';
import { redisFlushed } from './drills/redis-flushed.drill';
import { redisStopped } from './drills/redis-stopped.drill';

/** Every drill, in the order `npm run drills` runs them. */
export const DRILLS: readonly Drill[] = [
  notificationsKilled,
  redisFlushed,
  redisStopped,
  natsRestarted,
  postgresRestarted,
  consumerKilled,
  badInput,
  cluster,
];
