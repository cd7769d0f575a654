import { Global, Module } from '@nestjs/common';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import { Idempotency } from './idempotency.service';

/**
 * `Idempotency-Key` on every write: its keys and answers in the gateway's schema. The interceptor is on each
 * write route (HttpRoute and RpcRoute put it on every POST, PUT and PATCH; the others name it), not global: a
 * read then passes no interceptor at all (issue 17, G7). Global, so each controller's module can build it.
 */
@Global()
@Module({
  providers: [IdempotencyKeysRepository, Idempotency],
  exports: [Idempotency],
})
export class IdempotencyModule {}
