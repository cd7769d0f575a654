import type { DatabaseOptions } from '@duban/platform';
import { AppendOnlyLedgerAndProvince1764700000000 } from './migrations/1764700000000-append-only-ledger-and-province';
import { CreateMessagingTables1764400000000 } from './migrations/1764400000000-create-messaging-tables';
import { CreateProgrammeBudgets1764500000000 } from './migrations/1764500000000-create-programme-budgets';
import { CreateFundingLedger1764600000000 } from './migrations/1764600000000-create-funding-ledger';
import { AuditChainAndRetention1765100000000 } from './migrations/1765100000000-audit-chain-and-retention';
import { CreateRequestLog1765300000000 } from './migrations/1765300000000-create-request-log';
import { ProgrammeRules1770000000081 } from './migrations/1770000000081-programme-rules';
import { AuditByRegion1770000000097 } from './migrations/1770000000097-audit-by-region';
import { AuditAppend1770000000282 } from './migrations/1770000000282-audit-append';
import { LedgerRecorderName1770000000300 } from './migrations/1770000000300-ledger-recorder-name';
import { DeadLetterReplayerName1770000000320 } from './migrations/1770000000320-dead-letter-replayer-name';

/** The funding schema's migrations, in order. No entities: repositories reach their tables with SQL. */
export const fundingDatabase: DatabaseOptions = {
  migrations: [
    CreateMessagingTables1764400000000,
    CreateProgrammeBudgets1764500000000,
    CreateFundingLedger1764600000000,
    AppendOnlyLedgerAndProvince1764700000000,
    AuditChainAndRetention1765100000000,
    CreateRequestLog1765300000000,
    ProgrammeRules1770000000081,
    AuditByRegion1770000000097,
    AuditAppend1770000000282,
    LedgerRecorderName1770000000300,
    DeadLetterReplayerName1770000000320,
  ],
};
