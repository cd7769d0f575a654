import { ValidationError } from '@duban/contracts';
import type { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { DEPTH_MESSAGE, multipartWithoutBoundary, nestedDeeperThan, nulFields } from './input-rules';
import { httpProblem, PROBLEM_CONTENT_TYPE } from './problem-details.filter';
import type { HttpSettings } from '../config';
import { SECURITY_HEADERS } from './security-headers';

/** The largest request body read (JSON; multipart uploads stream past it under their own limit). */
const BODY_LIMIT_BYTES = 1_048_576;
/**
 * An over-limit body is read to its end (and dropped) before it is refused, up to this size: refused unread,
 * the connection closes under a client still sending, which then never reads the 413 (a network error).
 * Beyond it, reading on would cost more than a client that sends so much deserves: the connection closes.
 */
const DRAIN_LIMIT_BYTES = 16 * BODY_LIMIT_BYTES;
const TOO_LARGE_MESSAGE = `请求体过大（最多 ${BODY_LIMIT_BYTES / 1_048_576} MiB）`;

/**
 * The longest URL (path and query) taken: far beyond any the web app sends, and below what proxies accept
 * (nginx's default buffer is 8 KB). Longer: 414, before authentication.
 */
export const MAX_URL_LENGTH = 8192;

/**
 * The longest segment of a path (ids are 36-character UUIDs), as sent (percent-encoded); longer: 414. The
 * router refuses a longer path parameter by itself, but only where no catch-all route (the web app's)
 * takes the path instead: the hook checks every path alike.
 */
const MAX_SEGMENT_LENGTH = 100;

type AdapterOptions = NonNullable<ConstructorParameters<typeof FastifyAdapter>[0]>;

/**
 * Fastify's options for the gateway's server: every answer Fastify gives on its own, before a route runs
 * (a malformed or over-long URL, a request the HTTP parser refuses), is problem+json like every other error,
 * and carries the security headers. `request.ip` is the client as the trusted proxies name it.
 */
export function edgeServerOptions(http: Pick<HttpSettings, 'trustedProxies'>): AdapterOptions {
  const { trustedProxies } = http;
  return {
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: typeof trustedProxies === 'number' || trustedProxies === false ? trustedProxies : [...trustedProxies],
    routerOptions: { maxParamLength: MAX_SEGMENT_LENGTH },
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      const status = error.statusCode ?? 400;
      const detail =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? '请求地址过长'
          : error.code === 'FST_ERR_BAD_URL'
            ? '请求地址有误'
            : error.message;
      void reply.status(status).headers(SECURITY_HEADERS).header('content-type', PROBLEM_CONTENT_TYPE);
      void reply.send(httpProblem(status, detail));
    },
    clientErrorHandler: answerClientError,
  } as AdapterOptions;
}

/**
 * What the HTTP parser refuses before Fastify sees a request (headers or request line too large, malformed
 * HTTP): answered on the socket as problem+json, then closed, as Node's own handler would.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, '请求头或请求地址过长']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, '请求超时']
        : [400, '请求格式有误'];
  const body = JSON.stringify(httpProblem(status, detail));
  const headers = {
    ...SECURITY_HEADERS,
    'content-type': PROBLEM_CONTENT_TYPE,
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  };
  if (socket.writable) {
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines.join('\r\n')}\r\n\r\n${body}`);
  }
  socket.destroy();
}

/** The security headers as pairs, walked once per answer. */
const SECURITY_HEADER_PAIRS = Object.entries(SECURITY_HEADERS);

/**
 * Checks that hold on every route — the API's, the web app's files, the 404 of unknown ones — before any
 * route's own validation, so a service (or the gateway's own database) never sees such input:
 * - the security headers on every answer (set on the raw response: they stay on a hijacked event stream);
 * - a URL longer than MAX_URL_LENGTH, or a path segment longer than MAX_SEGMENT_LENGTH: 414;
 * - a body declared larger than BODY_LIMIT_BYTES (not multipart): 413;
 * - a NUL character in the path parameters, the query or the JSON body: 400 naming each field;
 * - a multipart body without a boundary: 400 naming `file`.
 * Synchronous hooks, and a request without a query or a body skips what it has not (issue 17, G7: every
 * request passes here). Register before the routes: Fastify applies hooks to the routes declared after them.
 */
export function registerEdgeChecks(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const raw = reply.raw;
    for (const [name, value] of SECURITY_HEADER_PAIRS) raw.setHeader(name, value);
    if (tooLongUrl(request.url)) {
      void reply.status(414).header('content-type', PROBLEM_CONTENT_TYPE);
      void reply.send(httpProblem(414, '请求地址过长'));
      return;
    }
    const declared = request.headers['content-length'];
    if (declared === undefined) return done();
    const length = Number(declared);
    if (length <= BODY_LIMIT_BYTES || /^\s*multipart\//i.test(request.headers['content-type'] ?? '')) return done();
    const refuse = () => {
      void reply.status(413).header('content-type', PROBLEM_CONTENT_TYPE);
      void reply.send(httpProblem(413, TOO_LARGE_MESSAGE));
    };
    if (length <= DRAIN_LIMIT_BYTES) {
      drain(request.raw).then(refuse, done);
      return;
    }
    void reply.header('connection', 'close');
    refuse();
  });
  fastify.addHook('preValidation', (request, _reply, done) => {
    const { body, query, params } = request;
    // First: every other check walks the body, which costs in proportion to its depth.
    if (nestedDeeperThan(body)) return done(new ValidationError([{ field: '(body)', message: DEPTH_MESSAGE }]));
    const errors = [
      ...nulFields(pathParams(params), '(path)'),
      ...(isEmpty(query) ? [] : nulFields(query, '(query)')),
      ...(body === undefined || body === null ? [] : nulFields(body)),
    ];
    if (errors.length > 0) return done(new ValidationError(errors));
    if (multipartWithoutBoundary(request.headers['content-type'])) {
      return done(
        new ValidationError([
          { field: 'file', message: '表单缺少 boundary 参数：请以 multipart/form-data 上传，字段名 file' },
        ]),
      );
    }
    done();
  });
}

/** Longer than MAX_URL_LENGTH, or with a path segment longer than MAX_SEGMENT_LENGTH. */
function tooLongUrl(url: string): boolean {
  if (url.length > MAX_URL_LENGTH) return true;
  // No segment can be longer than the whole URL: the usual request skips the split.
  if (url.length <= MAX_SEGMENT_LENGTH) return false;
  const path = url.split('?')[0] ?? '';
  return path.split('/').some((segment) => segment.length > MAX_SEGMENT_LENGTH);
}

/** The path parameters as the errors name them: the web app's catch-all parameter (`*`) is the path itself. */
function pathParams(params: unknown): Record<string, unknown> {
  const named = (params ?? {}) as Record<string, unknown>;
  return '*' in named
    ? Object.fromEntries(Object.entries(named).map(([k, v]) => [k === '*' ? '(path)' : k, v]))
    : named;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  for (const key in value as object) if (Object.hasOwn(value as object, key)) return false;
  return true;
}

/** Reads a request body to its end, dropping it. */
async function drain(body: AsyncIterable<unknown>): Promise<void> {
  for await (const _chunk of body) {
    // dropped
  }
}
