import type { DatabaseOptions } from '@duban/platform';
import { CreateMessagingTables1764400000000 } from './migrations/1764400000000-create-messaging-tables';
import { CreateEvaluation1764700000000 } from './migrations/1764700000000-create-evaluation';
import { RectificationExactDue1764900000000 } from './migrations/1764900000000-rectification-exact-due';
import { AuditChainAndRetention1765100000000 } from './migrations/1765100000000-audit-chain-and-retention';
import { CreateRequestLog1765300000000 } from './migrations/1765300000000-create-request-log';
import { ClosedProgrammes1770000000082 } from './migrations/1770000000082-closed-programmes';
import { CancelInspectionAndAuditByRegion1770000000095 } from './migrations/1770000000095-cancel-inspection-and-audit-by-region';
import { AuditAppend1770000000283 } from './migrations/1770000000283-audit-append';
import { InspectionPeopleNames1770000000300 } from './migrations/1770000000300-inspection-people-names';
import { DeadLetterReplayerName1770000000320 } from './migrations/1770000000320-dead-letter-replayer-name';

/**
 * The evaluation schema and its migrations, in order. Repositories speak parameterized SQL through the Tx
 * they are given (no entities): the tables are small, and the invariants live in the schema's constraints
 * and triggers.
 */
export const evaluationDatabase: DatabaseOptions = {
  migrations: [
    CreateMessagingTables1764400000000,
    CreateEvaluation1764700000000,
    RectificationExactDue1764900000000,
    AuditChainAndRetention1765100000000,
    CreateRequestLog1765300000000,
    ClosedProgrammes1770000000082,
    CancelInspectionAndAuditByRegion1770000000095,
    AuditAppend1770000000283,
    InspectionPeopleNames1770000000300,
    DeadLetterReplayerName1770000000320,
  ],
};
