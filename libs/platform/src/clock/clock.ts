import { Injectable } from '@nestjs/common';

/**
 * The one source of "now" for every service: lights, plans, late rules, ledger dates and texts ask it,
 * never `new Date()` or SQL's `now()`, so a test moves time for the whole service in one place.
 */
@Injectable()
export class Clock {
  private fixed: Date | null = null;

  /** `offsetMs`: tests only (DUBAN_TEST_CLOCK_OFFSET_MS), a clock that runs on a chosen day at real speed. */
  constructor(private readonly offsetMs = 0) {}

  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date(Date.now() + this.offsetMs);
  }

  /** Tests only: stops time at `instant` (null lets it run again). */
  setNow(instant: Date | string | null): void {
    this.fixed = instant === null ? null : new Date(instant);
  }
}
