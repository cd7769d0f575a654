import { Injectable } from '@nestjs/common';

/**
 * The one source of "now" in the notifications service: planning (what is already past), firing (is it
 * early?) and message texts (how late) ask it, so a test can fix the time in one place.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
