import type { DatabaseOptions } from '@duban/platform';
import { CreateMessagingTables1764400000000 } from './migrations/1764400000000-create-messaging-tables';

/** The evaluation schema: its entities and its migrations, in order. */
export const evaluationDatabase: DatabaseOptions = {
  entities: [],
  migrations: [CreateMessagingTables1764400000000],
};
