import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Lets every error of a message or event handler reach the transport as it was thrown. Nest's default RPC
 * filter would turn a DomainError into `{status: 'error'}`; the transport sends domain errors back typed,
 * hides the rest, and an event handler's failure must reach the consumer so it rolls back and retries.
 */
@Catch()
export class DomainErrorsFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
