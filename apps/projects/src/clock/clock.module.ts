import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';

/** One clock for the whole service, so a test that fixes it fixes it everywhere. */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
