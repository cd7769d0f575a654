import { z } from 'zod';

/** Stable error codes shared by the services and the gateway (which maps them to HTTP). */
export const ERROR_CODES = [
  'validation_failed',
  'not_found',
  'forbidden',
  'conflict',
  'unauthenticated',
  'service_unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const fieldErrorSchema = z.object({ field: z.string(), message: z.string() });
export type FieldError = z.infer<typeof fieldErrorSchema>;

export const errorBodySchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  errors: z.array(fieldErrorSchema).optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** A failure the caller can act on. Thrown in a service, carried over NATS, re-thrown in the gateway. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toBody(): ErrorBody {
    return this.errors
      ? { code: this.code, message: this.message, errors: this.errors }
      : { code: this.code, message: this.message };
  }

  /** Rebuilds the typed error on the calling side of an RPC. */
  static fromBody(body: ErrorBody): DomainError {
    switch (body.code) {
      case 'validation_failed':
        return new ValidationError(body.errors ?? [], body.message);
      case 'not_found':
        return new NotFoundError(body.message);
      case 'conflict':
        return new ConflictError(body.message);
      case 'forbidden':
      case 'unauthenticated':
      case 'service_unavailable':
      case 'internal':
        return new DomainError(body.code, body.message, body.errors);
    }
  }
}

export class ValidationError extends DomainError {
  constructor(errors: FieldError[], message = 'The request has invalid fields') {
    super('validation_failed', message, errors);
  }
}

export class NotFoundError extends DomainError {
  constructor(message = 'Not found') {
    super('not_found', message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

export class ServiceUnavailableError extends DomainError {
  constructor(
    readonly service: string,
    reason: string,
  ) {
    super('service_unavailable', `${service} is unavailable: ${reason}`);
  }
}

/** Turns zod issues into `{field, message}` pairs; the field is the dotted path. */
export function fieldErrorsFromZod(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}

/** Parses `input` with `schema` or throws a ValidationError naming every bad field. */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(fieldErrorsFromZod(result.error));
  return result.data;
}
