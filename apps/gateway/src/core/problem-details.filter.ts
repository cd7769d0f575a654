import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import { DomainError, ServiceUnavailableError, type ErrorCode, type FieldError } from '@duban/contracts';
import { CorrelationContext, isDatabaseUnavailable } from '@duban/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { throwError, type Observable } from 'rxjs';
import { v7 as uuidv7 } from 'uuid';

/** RFC 9457 problem details, as every Duban error reaches an HTTP client. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: ErrorCode | string;
  correlationId?: string;
  errors?: FieldError[];
  errorId?: string;
}

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  validation_failed: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  service_unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  internal: HttpStatus.INTERNAL_SERVER_ERROR,
};

const TITLE_BY_STATUS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** A problem answered by HTTP status alone (no domain code): what Fastify and Nest raise themselves. */
export function httpProblem(status: number, detail: string): ProblemDetails {
  return { type: 'about:blank', title: TITLE_BY_STATUS[status] ?? 'Error', status, detail, code: `http_${status}` };
}

/**
 * An error a Fastify plugin raised inside a route (multipart limits, a malformed form…): a client error with
 * its own status, never a 500.
 */
function clientErrorStatus(exception: unknown): number | null {
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  return exception instanceof Error && typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

/** A problem answered before, given again as it was (an idempotent write's stored answer). */
export class ReplayedProblem extends Error {
  constructor(readonly problem: ProblemDetails) {
    super(problem.detail);
    this.name = 'ReplayedProblem';
  }
}

/**
 * The problem an error is answered with — domain errors by their stable code, Nest's HTTP exceptions and
 * Fastify plugins' client errors by their status — or null for an unexpected error (a 500).
 */
export function problemOf(exception: unknown): ProblemDetails | null {
  if (exception instanceof ReplayedProblem) return { ...exception.problem };
  if (exception instanceof DomainError) {
    const status = STATUS_BY_CODE[exception.code];
    return {
      type: `urn:duban:error:${exception.code}`,
      title: TITLE_BY_STATUS[status] ?? 'Error',
      status,
      detail: exception.message,
      code: exception.code,
      ...(exception.errors ? { errors: exception.errors } : {}),
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const detail =
      typeof response === 'string'
        ? response
        : String((response as { message?: unknown }).message ?? exception.message);
    return httpProblem(status, detail);
  }
  // The gateway's own database (accounts, idempotency keys) gone for a moment: try again, as for a service.
  if (isDatabaseUnavailable(exception))
    return problemOf(new ServiceUnavailableError('gateway', 'database unreachable'));
  const clientStatus = clientErrorStatus(exception);
  return clientStatus === null ? null : httpProblem(clientStatus, (exception as Error).message);
}

/**
 * The one place errors become HTTP: domain errors by their stable code, Nest's HTTP exceptions by their
 * status, anything else as a 500 whose logged error id the body names (and nothing more of it).
 *
 * Only HTTP: the gateway's event subscribers (the hybrid app's microservice shares this global filter) get
 * their errors back as thrown, so the platform's consumer logs them, as the services' DomainErrorsFilter does.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() !== 'http') return throwError(() => exception);
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = problemOf(exception) ?? this.unexpected(exception);
    problem.instance = request.url;
    problem.correlationId = CorrelationContext.current()?.correlationId;
    if (problem.status === 503 && !reply.hasHeader('retry-after')) void reply.header('retry-after', '1');
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }

  /** Anything else: a 500 whose logged error id the body names (and nothing more of it). */
  private unexpected(exception: unknown): ProblemDetails {
    const errorId = uuidv7();
    this.logger.error({ err: exception, errorId }, `Unhandled error ${errorId}`);
    return {
      type: 'urn:duban:error:internal',
      title: TITLE_BY_STATUS[500] as string,
      status: 500,
      detail: `An unexpected error occurred; quote error id ${errorId} when reporting it.`,
      code: 'internal',
      errorId,
    };
  }
}
