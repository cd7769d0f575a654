import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { badValue, NUL, validValue, withNul, type Hints } from './arbitraries';
import type { Operation, Parameter, Schema } from './openapi';
import { carriesNul, conforms, isBad } from './schema-rules';

/** One generated request that breaks the document (or a rule) in exactly the way `what` says. */
export interface BadRequest {
  readonly operation: string;
  readonly method: Operation['method'];
  /** Path and query, encoded. */
  readonly url: string;
  /** The demo user whose token it carries; null: the `authorization` header (if any) is in `headers`. */
  readonly user: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array | undefined;
  readonly what: string;
}

const USERS = ['province', 'lvliang', 'linxian', 'inspector'] as const;

/** Where the drill finds a real id for a path's `{id}`, by the path's first segment after /api/. */
export type IdsByResource = Readonly<Record<string, readonly string[]>>;

interface Parts {
  path: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  user: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));

/** Every request kind that can be made bad for this operation, each an arbitrary of requests. */
export function badRequests(operation: Operation, ids: IdsByResource, hints: Hints): fc.Arbitrary<BadRequest> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  const body = operation.body;
  const isLogin = operation.path === '/api/auth/login';
  const ownHints: Hints = isLogin
    ? { ...hints, byName: { ...hints.byName, username: ['fuzz-nobody', 'Nobody'] } }
    : hints;

  const parts: fc.Arbitrary<Parts> = fc.record({
    path: fc.record(
      Object.fromEntries(
        pathParams.map((p) => [p.name, fc.constantFrom(...idsFor(operation.path, p.name, ids, hints))]),
      ),
    ),
    query: fc.record(
      Object.fromEntries(queryParams.map((p) => [p.name, validValue(p.schema ?? {}, ownHints, p.name)])),
      { requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name) },
    ),
    body: body?.kind === 'json' ? validValue(body.schema, ownHints) : fc.constant(undefined),
    user: fc.constantFrom(...USERS),
  });

  const kinds: fc.Arbitrary<BadRequest>[] = [];
  const build = (p: Parts, what: string, extra: Partial<Omit<BadRequest, 'operation'>> = {}): BadRequest => {
    const headers: Record<string, string> = {};
    let payload: string | Uint8Array | undefined;
    if (body?.kind === 'json' && p.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(p.body);
    }
    if (operation.method !== 'GET') headers['idempotency-key'] = randomUUID();
    return {
      operation: `${operation.method} ${operation.path}`,
      method: operation.method,
      url: urlOf(operation.path, p.path, p.query),
      user: operation.public ? null : p.user,
      headers: { ...headers, ...extra.headers },
      body: extra.body !== undefined ? extra.body : payload,
      what,
      ...(extra.user !== undefined ? { user: extra.user } : {}),
      ...(extra.url !== undefined ? { url: extra.url } : {}),
    };
  };

  for (const param of pathParams) {
    kinds.push(
      fc
        .tuple(parts, badPathValue(param, ownHints))
        .map(([p, bad]) =>
          build({ ...p, path: { ...p.path, [param.name]: bad } }, `path ${param.name} = ${excerpt(bad)}`),
        ),
    );
  }
  for (const param of queryParams) {
    const schema = param.schema ?? {};
    const options: fc.Arbitrary<[Parts, string]>[] = [
      fc
        .tuple(parts, badQueryValue(schema, ownHints, param.name))
        .map(([p, bad]) => [
          { ...p, query: { ...p.query, [param.name]: bad } },
          `query ${param.name} = ${excerpt(text(bad))}`,
        ]),
    ];
    if (param.required) {
      options.push(
        parts.map((p) => {
          const query = { ...p.query };
          delete query[param.name];
          return [{ ...p, query }, `query ${param.name} missing`];
        }),
      );
    }
    kinds.push(fc.oneof(...options).map(([p, what]) => build(p, what)));
  }
  if (body?.kind === 'json') {
    // An optional body may be JSON null (no body): that is not bad input.
    const bodySchema: Schema = body.required ? body.schema : { ...body.schema, nullable: true };
    kinds.push(
      fc
        .tuple(parts, badValue(bodySchema, ownHints))
        .map(([p, bad]) => build({ ...p, body: bad }, `body ${excerpt(text(bad))}`)),
    );
    kinds.push(
      fc
        .tuple(parts, rawBody(body.required))
        .map(([p, raw]) => build(p, raw.what, { headers: { 'content-type': raw.contentType }, body: raw.body })),
    );
  }
  if (body?.kind === 'multipart') {
    kinds.push(fc.tuple(parts, badMultipart()).map(([p, m]) => build(p, m.what, { headers: m.headers, body: m.body })));
  }
  if (!operation.public) {
    kinds.push(
      fc.tuple(parts, badAuthorization()).map(([p, auth]) =>
        build(p, `authorization ${excerpt(auth ?? '(none)')}`, {
          user: null,
          headers: auth === undefined ? {} : { authorization: auth },
        }),
      ),
    );
  }
  // A path that is not the route's: an extra segment with a NUL, or far too long.
  kinds.push(
    fc
      .tuple(
        parts,
        fc.oneof(
          withNul('x'),
          fc.integer({ min: 101, max: 4000 }).map((n) => 'y'.repeat(n)),
        ),
      )
      .map(([p, junk]) =>
        build(p, `path + /${excerpt(junk)}`, {
          url: `${urlOf(operation.path, p.path, {})}/${encodeURIComponent(junk)}`,
        }),
      ),
  );
  return fc.oneof(...kinds);
}

function idsFor(path: string, name: string, ids: IdsByResource, hints: Hints): string[] {
  const segments = path.split('/').filter(Boolean); // ['api', resource, '{id}', ...]
  const resource = name === 'id' ? segments[1] : name;
  const known = ids[resource ?? ''] ?? [];
  return known.length > 0 ? [...known] : [...hints.uuids];
}

function badPathValue(param: Parameter, hints: Hints): fc.Arbitrary<string> {
  const schema: Schema = param.schema ?? {};
  return fc
    .oneof(
      badValue(schema, hints, param.name).map(text),
      fc.integer({ min: 101, max: 3000 }).map((n) => 'z'.repeat(n)),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
    )
    .map((value) =>
      value.length > 0 && (carriesNul(value) || !conforms(schema, value) || !schema.format) ? value : NUL,
    );
}

function badQueryValue(schema: Schema, hints: Hints, name: string): fc.Arbitrary<unknown> {
  const constrained = schema.type || schema.enum || schema.pattern || schema.format || schema.minimum !== undefined;
  const nul = validValue(schema, hints, name).chain((value) => withNul(text(value)));
  if (!constrained) return nul;
  return fc.oneof(
    nul,
    badValue(schema, hints, name)
      .map((value) => (typeof value === 'string' || Array.isArray(value) ? value : text(value)))
      // A query string is text: "5" reaches the server as the number 5 would.
      .map((value) =>
        isBad(schema, typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value) ? value : NUL,
      ),
    fc.array(validValue(schema, hints, name).map(text), { minLength: 2, maxLength: 3 }),
  );
}

function rawBody(required: boolean): fc.Arbitrary<{ what: string; contentType: string; body: string | Uint8Array }> {
  return fc.oneof(
    fc
      .constantFrom('{', '{"a":', '[1,2', 'nul', '{"title": "x",}', "{'a': 1}", '\u0000', '{"a":"\\u0000"', 'undefined')
      .map((body) => ({ what: `invalid JSON ${excerpt(body)}`, contentType: 'application/json', body })),
    // An empty body stands for none: bad only where a body is required.
    fc.constant(
      required
        ? { what: 'empty JSON body', contentType: 'application/json', body: '' }
        : { what: 'invalid JSON', contentType: 'application/json', body: '{' },
    ),
    fc
      .constantFrom(
        'text/plain',
        'application/xml',
        'application/x-www-form-urlencoded',
        'application/json; charset=latin-7',
      )
      .map((contentType) => ({ what: `content-type ${contentType}`, contentType, body: 'a=1&b=2' })),
    fc.integer({ min: 2000, max: 20_000 }).map((depth) => ({
      what: `JSON nested ${depth} deep`,
      contentType: 'application/json',
      body: `${'['.repeat(depth)}${']'.repeat(depth)}`,
    })),
    fc.constant({
      what: 'JSON body over 1 MiB',
      contentType: 'application/json',
      body: JSON.stringify({ title: 'x'.repeat(1_100_000) }),
    }),
  );
}

function badMultipart(): fc.Arbitrary<{ what: string; headers: Record<string, string>; body: string | Uint8Array }> {
  const boundary = 'drillboundary';
  const part = (field: string, filename: string, type: string, content: string) =>
    `--${boundary}\r\ncontent-disposition: form-data; name="${field}"; filename="${filename}"\r\ncontent-type: ${type}\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return fc.oneof(
    fc.constant({
      what: 'multipart without boundary',
      headers: { 'content-type': 'multipart/form-data' },
      body: part('file', 'a.png', 'image/png', 'x'),
    }),
    fc.constant({
      what: 'multipart, truncated',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: `--${boundary}\r\ncontent-disposition: form-data; name="file"`,
    }),
    fc.constant({
      what: 'multipart, other field',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: part('other', 'a.png', 'image/png', 'x'),
    }),
    fc.constant({
      what: 'multipart, empty file',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: part('file', 'a.png', 'image/png', ''),
    }),
    fc.string({ maxLength: 40 }).map((content) => ({
      what: `multipart, not an image or PDF (${excerpt(content)})`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: part('file', 'photo.png', 'image/png', content),
    })),
    fc.constant({
      what: 'multipart route sent JSON',
      headers: { 'content-type': 'application/json' },
      body: '{"file":"x"}',
    }),
    withNul('evidence.png').map((name) => ({
      what: 'multipart, NUL in the file name',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: part('file', name, 'image/png', 'x'),
    })),
  );
}

function badAuthorization(): fc.Arbitrary<string | undefined> {
  const segment = fc.base64String({ minLength: 4, maxLength: 40 }).map((s) => s.replace(/=/g, ''));
  return fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(
      'Bearer',
      'Bearer ',
      'Basic dXNlcjpwYXNz',
      'bearer x.y.z',
      'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJwcm92aW5jZSJ9.',
    ),
    fc.tuple(segment, segment, segment).map(([a, b, c]) => `Bearer ${a}.${b}.${c}`),
    fc
      .string({ maxLength: 40 })
      .map((s) => s.replace(/[^\x20-\x7e]/g, '?'))
      .map((s) => `Bearer ${s}`),
  );
}

function urlOf(path: string, params: Record<string, string>, query: Record<string, unknown>): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) search.append(key, text(item));
    else search.append(key, text(value));
  }
  const qs = search.toString();
  return qs ? `${filled}?${qs}` : filled;
}

/** A short, printable excerpt of a generated value for the report. */
export function excerpt(value: string, max = 60): string {
  const shown = JSON.stringify(value.length > max ? `${value.slice(0, max)}…(${value.length})` : value);
  return shown.slice(1, -1);
}
