import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { Idempotency } from './idempotency.service';

/** `Idempotency-Key` on every write (a global interceptor), its keys and answers in the gateway's schema. */
@Module({
  providers: [IdempotencyKeysRepository, Idempotency, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
})
export class IdempotencyModule {}
