import { Injectable } from '@nestjs/common';

/**
 * The one source of "now" in the projects service. Lights and the late rule depend on the time, so code
 * asks this provider rather than `new Date()`, and tests fix the time by replacing `now`.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
