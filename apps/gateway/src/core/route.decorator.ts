import {
  applyDecorators,
  createParamDecorator,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Patch,
  Post,
  Put,
  UseInterceptors,
  type ExecutionContext,
} from '@nestjs/common';
import {
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  type ApiParamOptions,
  type ApiQueryOptions,
} from '@nestjs/swagger';
import { parseOrThrow, type Actor, type Role, type RpcDefinition } from '@duban/contracts';
import { RpcClient } from '@duban/platform';
import { z } from 'zod';
import type { AuthenticatedRequest } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { requestKeyOf } from '../idempotency/idempotency.service';
import { openApiSchema, type SchemaObject } from './openapi-schema';

/** Path parameters (or a query string): the schema that validates them, and how the document names each. */
export interface RouteParams<T, Docs = ApiParamOptions> {
  readonly schema: z.ZodType<T>;
  /** As the document lists them. */
  readonly docs: readonly Docs[];
}

/**
 * What the OpenAPI document says of a route, for the API's users (in Chinese): what it is for, what its
 * success answer is, and what each of its problem answers means (beside those its controller documents).
 */
export interface RouteDocs {
  readonly summary: string;
  readonly description?: string;
  /** The success answer, in words. */
  readonly ok?: string;
  readonly 400?: string;
  readonly 403?: string;
  readonly 404?: string;
  readonly 409?: string;
}

/**
 * A route: its documentation, what it takes from the request (each part validated: 400 naming every bad
 * field before any service is asked), who may use it and what it answers.
 */
export interface RouteOptions<P, Q, B> extends RouteDocs {
  readonly params?: RouteParams<P>;
  readonly query?: RouteParams<Q, ApiQueryOptions>;
  /** A schema that accepts no body at all (`.nullish()`) makes the body optional. */
  readonly body?: z.ZodType<B>;
  /** Only these roles may use the route (403, audited, for the others); scope is the service's to check. */
  readonly roles?: readonly [Role, ...Role[]];
  /** A POST answers 201, or 200 when it creates nothing. */
  readonly status?: 200 | 201;
  /** The success answer as the document shows it, when it is not the RPC's response schema. */
  readonly answer?: SchemaObject;
}

/** An RPC route's `:id`: also the name the RPC gives it (`projectId`…), see `RpcRoute`. */
export interface IdRoute<Field extends string> extends RouteParams<{ id: string }> {
  readonly field: Field;
}

export interface RpcRouteOptions<Req, F extends string, Q, B> extends Omit<RouteOptions<never, Q, B>, 'params'> {
  readonly params?: IdRoute<F>;
  /**
   * The RPC's request from the caller and the parts the route takes, in the order an HttpRoute method gets
   * them. Without it the request is the caller, the path's id under its field name, the query and the body.
   */
  readonly request?: (...args: RpcArgs<F, Q, B>) => Req;
  /** How long to wait for the service (default: DUBAN_RPC_TIMEOUT_MS). */
  readonly timeoutMs?: number;
}

const VERBS = { GET: Get, POST: Post, PUT: Put, PATCH: Patch, DELETE: Delete } as const;
/** The verbs that take an Idempotency-Key (IDEMPOTENT_METHODS): their routes pass IdempotencyInterceptor. */
const IDEMPOTENT_VERBS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

/** `VERB path`, the path relative to the controller's, e.g. `'GET :id'` or `'POST reports/:id/accept'`. */
export type RouteLine = keyof typeof VERBS | `${keyof typeof VERBS} ${string}`;

/** A part the route does not take (a type no schema produces). */
type Absent = { readonly 'duban:absent': true };
type Part<T> = [T] extends [Absent] ? [] : [T];
/** The caller, then the parts the route takes, in this order. */
type RouteArgs<P, Q, B> = [actor: Actor, ...Part<P>, ...Part<Q>, ...Part<B>];
type RpcArgs<F extends string, Q, B> = RouteArgs<[F] extends [never] ? Absent : { id: string }, Q, B>;
/** The request an RpcRoute sends without a `request` of its own. */
type DefaultRequest<F extends string, Q, B> = { actor: Actor } & { [K in F]: string } & Spread<Q> & Spread<B>;
type Spread<T> = [T] extends [Absent] ? unknown : T;
/** A route whose default request does not fit the RPC's contract must say how to build it. */
type RequestRule<Req, F extends string, Q, B> = [DefaultRequest<F, Q, B>] extends [Req]
  ? unknown
  : { readonly request: (...args: RpcArgs<F, Q, B>) => Req };

type RouteDecorator<M> = <T extends M>(
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<T>,
) => void;

type RequestPart = 'params' | 'query' | 'body';

/**
 * The verified caller, a part of the request validated by its schema, or (an RpcRoute's last argument) the
 * request key a write's Idempotency-Key gave it (read after IdempotencyInterceptor has set it).
 */
const FromRequest = createParamDecorator(
  (
    part: { name: 'actor' } | { name: 'requestKey' } | { name: RequestPart; schema: z.ZodType },
    context: ExecutionContext,
  ) => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (part.name === 'requestKey') return requestKeyOf(request);
    if (part.name !== 'actor') return parseOrThrow(part.schema, request[part.name]);
    if (!request.actor) throw new Error('A route read its caller where the authentication guard did not run');
    return request.actor;
  },
);

/** The document's form of a body: an optional one (its schema accepts none) is shown unwrapped. */
function documentedBody(schema: z.ZodType): { required?: false; schema: SchemaObject } {
  let inner = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) inner = inner.unwrap() as z.ZodType;
  return inner === schema
    ? { schema: openApiSchema(schema, 'input') }
    : { required: false, schema: openApiSchema(inner, 'input') };
}

/** What the document says of the header every write takes (IdempotencyInterceptor). */
const IDEMPOTENCY_KEY_DOC = {
  name: 'Idempotency-Key',
  required: false,
  description:
    '写请求的幂等键（1–255 个可见 ASCII 字符，如 UUID；每次提交一个新键，重试同一提交时沿用）。同一用户以同一键、同一请求' +
    '（方法、地址、请求体）重试：返回首次的应答（状态与内容，带 `Idempotency-Replayed: true`），不再执行；' +
    '同一键用于不同请求：422；首次请求仍在处理：409（见 Retry-After）。键与应答保留 24 小时。',
  schema: { type: 'string', maxLength: 255, example: '0d9f6e1a-5b7c-4c2e-9a43-2f1b7c0e8d11' },
} as const;
const IDEMPOTENCY_RUNNING = '使用同一 Idempotency-Key 的请求仍在处理中（见 Retry-After）';
const IDEMPOTENCY_MISMATCH = 'Idempotency-Key 已用于内容不同的另一请求';

/**
 * The route as Nest's own decorators (their order shows where it matters: validation, parameters).
 * `requestKey`: the method takes, after its parts, the RPC request key of the write (RpcRoute).
 */
function route<P, Q, B>(line: RouteLine, options: RouteOptions<P, Q, B>, requestKey = false): MethodDecorator {
  const [verb, path = ''] = line.split(' ') as [keyof typeof VERBS, string?];
  const status = options.status ?? (verb === 'POST' ? 201 : 200);
  const parts = (['params', 'query', 'body'] as const).flatMap((name) => {
    const schema = name === 'body' ? options.body : options[name]?.schema;
    return schema ? [{ name, schema }] : [];
  });
  const answer = {
    ...(options.answer && { schema: options.answer }),
    ...(options.ok && { description: options.ok }),
  };
  const success = status === 200 ? ApiOkResponse(answer) : ApiResponse({ status, ...answer });
  // Every write takes an Idempotency-Key: its 409 (still running) and 422 (another request) are documented with it.
  // A DELETE is idempotent by itself: it takes none.
  const write = verb !== 'GET' && verb !== 'DELETE';
  const problems = ([400, 403, 404, 409] as const).filter((code) => options[code] && !(code === 409 && write));
  return applyDecorators(
    VERBS[verb](path),
    // Only on writes (a read passes no interceptor at all: Nest then runs the route without rxjs, issue 17 G7).
    ...(IDEMPOTENT_VERBS.has(verb) ? [UseInterceptors(IdempotencyInterceptor)] : []),
    ...(verb === 'POST' && status === 200 ? [HttpCode(HttpStatus.OK)] : []),
    ...(options.roles ? [Roles(...options.roles)] : []),
    ApiOperation({ summary: options.summary, ...(options.description && { description: options.description }) }),
    // Last argument first, as TypeScript applies parameter decorators (so Nest checks the body first, as before).
    ...[{ name: 'actor' as const }, ...parts, ...(requestKey ? [{ name: 'requestKey' as const }] : [])]
      .map((part, index) => (target: object, key?: string | symbol) => FromRequest(part)(target, key as string, index))
      .reverse(),
    // Swagger lists parameters in the order their decorators run: the reverse of the written one.
    ...[...(options.params?.docs ?? [])].reverse().map((doc) => ApiParam(doc)),
    ...[...(options.query?.docs ?? [])].reverse().map((doc) => ApiQuery(doc)),
    ...(options.body ? [ApiBody(documentedBody(options.body))] : []),
    ...(Object.keys(answer).length > 0 ? [success] : []),
    ...problems.map((code) => ApiResponse({ status: code, description: options[code] })),
    ...(write
      ? [
          ApiHeader(IDEMPOTENCY_KEY_DOC),
          ApiResponse({
            status: 409,
            description: options[409] ? `${options[409]}；或：${IDEMPOTENCY_RUNNING}` : IDEMPOTENCY_RUNNING,
          }),
          ApiResponse({ status: 422, description: IDEMPOTENCY_MISMATCH }),
        ]
      : []),
  );
}

/**
 * A route served by the gateway itself, composed of Nest's own decorators: the verb and path, the roles,
 * the OpenAPI description, and the method's arguments: the caller, then the validated path parameters,
 * query and body that the route declares, in this order.
 */
export function HttpRoute<P = Absent, Q = Absent, B = Absent>(
  line: RouteLine,
  options: RouteOptions<P, Q, B>,
): RouteDecorator<(...args: [...RouteArgs<P, Q, B>, ...never[]]) => unknown> {
  return route(line, options);
}

/** The property of a controller with RpcRoutes that holds the RPC client (injected by the decorator). */
const RPC_CLIENT = 'rpcClientOfRoutes';
/** Controllers (prototypes) whose RPC client is already injected: once each. */
const withRpcClient = new WeakSet<object>();

/** The caller, the path's id under the RPC's name for it, then the query's and the body's fields. */
function defaultRequest(options: { params?: IdRoute<string>; query?: unknown; body?: unknown }) {
  const taken = (['params', 'query', 'body'] as const).filter((part) => options[part]);
  return (actor: Actor, ...values: unknown[]) =>
    taken.reduce<Record<string, unknown>>(
      (request, part, index) => {
        const value = values[index] as Record<string, unknown>;
        return part === 'params' && options.params
          ? { ...request, [options.params.field]: value.id }
          : { ...request, ...value };
      },
      { actor },
    );
}

/**
 * A route answered by one RPC, declared whole: the route builds the RPC's request (by default the caller,
 * the path's id under the RPC's name for it, the query's and the body's fields; the compiler checks it
 * against the contract, and asks for a `request` where it does not fit), sends it and answers with the
 * reply (a domain error becomes its problem+json); the document shows the RPC's response schema. The
 * decorated method only names the route (its operationId): the decorator supplies its body. A write with an
 * Idempotency-Key carries it to the service as the RPC's request key, so that sent again after a lost answer
 * it is applied once (see IdempotencyInterceptor).
 */
export function RpcRoute<Req, Res, F extends string = never, Q = Absent, B = Absent>(
  rpc: RpcDefinition<Req, Res>,
  line: RouteLine,
  options: RpcRouteOptions<Req, F, Q, B> & RequestRule<Req, F, Q, B>,
): RouteDecorator<() => void> {
  const request = options.request ?? defaultRequest(options);
  const { timeoutMs } = options;
  // The arguments the request is built from: the caller and the parts; the last one is the request key.
  const taken = 1 + (['params', 'query', 'body'] as const).filter((part) => options[part]).length;
  // The method's name stays (Swagger's operationId is `Controller_method`). A plain method, not an
  // interceptor: a read then passes none (Nest's interceptors cost an rxjs pipeline per request, issue 17 G7).
  const implement = (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
    if (!withRpcClient.has(target)) {
      Inject(RpcClient)(target, RPC_CLIENT);
      withRpcClient.add(target);
    }
    async function handler(this: { [RPC_CLIENT]: RpcClient }, ...args: unknown[]): Promise<unknown> {
      const requestKey = args[taken] as string | undefined;
      const sent = request(...(args.slice(0, taken) as RpcArgs<F, Q, B>));
      return this[RPC_CLIENT].call(rpc, sent, timeoutMs, { requestKey });
    }
    descriptor.value = Object.defineProperty(handler, 'name', { value: String(key) });
  };
  return applyDecorators(
    implement,
    route(line, { ...options, answer: options.answer ?? openApiSchema(rpc.response, 'output') }, true),
  );
}
