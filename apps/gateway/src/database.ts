import type { DatabaseOptions } from '@duban/platform';
import { CreateAuditLog1764400000000 } from './migrations/1764400000000-create-audit-log';
import { CreateAccounts1764500000000 } from './migrations/1764500000000-create-accounts';
import { LockLoginsPerAddress1765000000000 } from './migrations/1765000000000-lock-logins-per-address';
import { AuditChain1765100000000 } from './migrations/1765100000000-audit-chain';
import { CreateIdempotencyKeys1765200000000 } from './migrations/1765200000000-create-idempotency-keys';
import { CreateCalendarFeedTokens1765310000000 } from './migrations/1765310000000-create-calendar-feed-tokens';
import { AccountAdministration1765400000000 } from './migrations/1765400000000-account-administration';
import { AuditByRegion1770000000099 } from './migrations/1770000000099-audit-by-region';
import { AuditAppend1770000000281 } from './migrations/1770000000281-audit-append';

/**
 * The gateway's own schema: accounts, their login attempts per address, the idempotency keys of writes, calendar feed tokens and
 * its audit trail, reached through SQL in its repositories. The gateway never reads another service's schema.
 */
export const gatewayDatabase: DatabaseOptions = {
  migrations: [
    CreateAuditLog1764400000000,
    CreateAccounts1764500000000,
    LockLoginsPerAddress1765000000000,
    AuditChain1765100000000,
    CreateIdempotencyKeys1765200000000,
    CreateCalendarFeedTokens1765310000000,
    AccountAdministration1765400000000,
    AuditByRegion1770000000099,
    AuditAppend1770000000281,
  ],
};
