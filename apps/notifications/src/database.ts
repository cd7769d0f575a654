import type { DatabaseOptions } from '@duban/platform';
import { CreateMessagingTables1764400000000 } from './migrations/1764400000000-create-messaging-tables';
import { CreateDeadlinesAndReminders1764700000000 } from './migrations/1764700000000-create-deadlines-and-reminders';
import { CreateContactChannelsAndOutbound1764800000000 } from './migrations/1764800000000-create-contact-channels-and-outbound';
import { AssumedCalendarAndTombstones1765000000000 } from './migrations/1765000000000-assumed-calendar-and-tombstones';
import { AuditChainAndRetention1765100000000 } from './migrations/1765100000000-audit-chain-and-retention';
import { CalendarYears1765250000000 } from './migrations/1765250000000-calendar-years';
import { CreateRequestLog1765300000000 } from './migrations/1765300000000-create-request-log';
import { NoticesAndSms1770000000031 } from './migrations/1770000000031-notices-and-sms';
import { ClosedProgrammes1770000000080 } from './migrations/1770000000080-closed-programmes';
import { AuditByRegion1770000000098 } from './migrations/1770000000098-audit-by-region';
import { OpenDeadlinesByProgramme1770000000130 } from './migrations/1770000000130-open-deadlines-by-programme';
import { DeliveryLogWithoutRowChecks1770000000190 } from './migrations/1770000000190-delivery-log-without-row-checks';
import { SentStagesAndRoomToReplan1770000000250 } from './migrations/1770000000250-sent-stages-and-room-to-replan';
import { AuditAppend1770000000284 } from './migrations/1770000000284-audit-append';
import { DeadLetterReplayerName1770000000320 } from './migrations/1770000000320-dead-letter-replayer-name';
import { PlannedReminderWords1770000000340 } from './migrations/1770000000340-planned-reminder-words';

/** The notifications schema: its migrations, in order (no entities: repositories speak SQL). */
export const notificationsDatabase: DatabaseOptions = {
  migrations: [
    CreateMessagingTables1764400000000,
    CreateDeadlinesAndReminders1764700000000,
    CreateContactChannelsAndOutbound1764800000000,
    AssumedCalendarAndTombstones1765000000000,
    AuditChainAndRetention1765100000000,
    CalendarYears1765250000000,
    CreateRequestLog1765300000000,
    NoticesAndSms1770000000031,
    ClosedProgrammes1770000000080,
    AuditByRegion1770000000098,
    OpenDeadlinesByProgramme1770000000130,
    DeliveryLogWithoutRowChecks1770000000190,
    SentStagesAndRoomToReplan1770000000250,
    AuditAppend1770000000284,
    DeadLetterReplayerName1770000000320,
    PlannedReminderWords1770000000340,
  ],
};
