import { Injectable } from '@nestjs/common';

/** The one source of "now" in the evaluation service; tests replace `now`. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
