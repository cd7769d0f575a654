import type { DatabaseOptions } from '@duban/platform';
import { CreateMessagingTables1764400000000 } from './migrations/1764400000000-create-messaging-tables';

/** The notifications schema: its entities and its migrations, in order. */
export const notificationsDatabase: DatabaseOptions = {
  entities: [],
  migrations: [CreateMessagingTables1764400000000],
};
