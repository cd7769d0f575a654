import { ConflictError, ValidationError } from '@duban/contracts';
import {
  HttpException,
  HttpStatus,
  Injectable,
  StreamableFile,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { catchError, from, mergeMap, of, throwError, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/current-actor.decorator';
import { problemOf, ReplayedProblem, type ProblemDetails } from '../core/problem-details.filter';
import {
  IDEMPOTENCY_HEADER,
  IDEMPOTENT_METHODS,
  REPLAYED_HEADER,
  requestFingerprint,
  validKey,
} from './idempotency-rules';
import { holdRequestKey, Idempotency } from './idempotency.service';

export const RUNNING_MESSAGE = '使用此 Idempotency-Key 的请求仍在处理中，请稍后重试';
export const MISMATCH_MESSAGE = '此 Idempotency-Key 已用于内容不同的另一请求：每次新的提交请使用新的键';

/**
 * Every POST, PUT and PATCH of a logged-in caller may carry an `Idempotency-Key` header (an interceptor on
 * every write route — HttpRoute and RpcRoute put it there, a hand-written write names it; route-table.spec
 * checks that none lacks it: after the guard, so the caller is known; before the route, so a replay asks no
 * service):
 * - a new key: the request runs, and its answer (status and body; a problem below 500 too) is stored under
 *   the key, for the caller only, for DUBAN_IDEMPOTENCY_TTL_HOURS;
 * - the same key with the same request (method, URL, body): the stored answer, with `Idempotency-Replayed:
 *   true`, and no service is asked again;
 * - the same key with another request: 422;
 * - the same key while its first request is still under way: 409 with Retry-After (not a wait: a client
 *   retries, and no connection is held);
 * - a failure on our side (5xx) stores nothing: a retry runs again, and reaches the service with the same
 *   request key, so a write whose first answer was lost (a 503 after the timeout, a broker restart) is
 *   applied once there and the retry gets its answer (see requestKeyOf).
 * Without the header a request runs as before. Public routes (login) have no caller to scope a key by: the
 * header is ignored there.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: Idempotency,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler<unknown>): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (!IDEMPOTENT_METHODS.has(request.method) || header === undefined || !request.actor) return next.handle();
    if (typeof header !== 'string' || !validKey(header)) {
      throw new ValidationError([{ field: 'Idempotency-Key', message: '应为 1–255 个可见 ASCII 字符（如 UUID）' }]);
    }
    const key = header;
    const userId = request.actor.userId;
    const reply = http.getResponse<FastifyReply>();
    const fingerprint = requestFingerprint({
      method: request.method,
      url: request.url,
      body: request.body,
      contentType: request.headers['content-type'],
      contentLength: request.headers['content-length'],
    });
    const path = request.url.split('?')[0] ?? request.url;
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);

    return from(this.idempotency.claim(userId, key, { fingerprint, method: request.method, path })).pipe(
      mergeMap((claim) => {
        switch (claim.kind) {
          case 'replay':
            void reply.header(REPLAYED_HEADER, 'true');
            return claim.status >= 400
              ? throwError(() => new ReplayedProblem(claim.body as ProblemDetails))
              : of(claim.body ?? undefined);
          case 'running':
            void reply.header('retry-after', '1');
            return throwError(() => new ConflictError(RUNNING_MESSAGE));
          case 'mismatch':
            return throwError(() => new HttpException(MISMATCH_MESSAGE, HttpStatus.UNPROCESSABLE_ENTITY));
          case 'claimed': {
            holdRequestKey(request, `${userId}:${key}`);
            return next.handle().pipe(
              mergeMap((body) => from(this.succeeded(userId, key, status, body)).pipe(mergeMap(() => of(body)))),
              catchError((error: unknown) =>
                from(this.settle(userId, key, error)).pipe(mergeMap(() => throwError(() => error))),
              ),
            );
          }
        }
      }),
    );
  }

  /** Stores a success; an answer that is not JSON (a file) cannot be replayed: the key is let go. */
  private async succeeded(userId: string, key: string, status: number, body: unknown): Promise<void> {
    if (body instanceof StreamableFile || Buffer.isBuffer(body)) return this.idempotency.release(userId, key);
    await this.idempotency.complete(userId, key, { status, body });
  }

  /** A problem the caller can act on (below 500) is the answer to keep; any other failure lets the key go. */
  private async settle(userId: string, key: string, error: unknown): Promise<void> {
    const problem = problemOf(error);
    if (problem && problem.status < 500)
      await this.idempotency.complete(userId, key, { status: problem.status, body: problem });
    else await this.idempotency.release(userId, key);
  }
}
