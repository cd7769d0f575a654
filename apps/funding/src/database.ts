import type { DatabaseOptions } from '@duban/platform';
import { CreateMessagingTables1764400000000 } from './migrations/1764400000000-create-messaging-tables';

/** The funding schema: its entities and its migrations, in order. */
export const fundingDatabase: DatabaseOptions = {
  entities: [],
  migrations: [CreateMessagingTables1764400000000],
};
