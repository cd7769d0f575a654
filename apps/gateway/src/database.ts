import type { DatabaseOptions } from '@duban/platform';

/**
 * The gateway's own schema. It holds nothing yet; identities and the audit trail will live here.
 * The gateway never reads another service's schema.
 */
export const gatewayDatabase: DatabaseOptions = {
  entities: [],
  migrations: [],
};
