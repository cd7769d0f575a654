import fc from 'fast-check';
import type { Schema } from './openapi';
import { conforms, isBad } from './schema-rules';

/**
 * Values the drill knows to be real or plausible, by field name, so that a request whose other parts are
 * valid reaches the service (and its database) with the one bad part the drill put in.
 */
export interface Hints {
  readonly uuids: readonly string[];
  readonly byName: Readonly<Record<string, readonly unknown[]>>;
}

const MONEY = ['0.01', '1.00', '2.50', '10.00'];
const DURATIONS = ['-PT10S', 'PT0S', 'PT5S', '-P1D'];

/** A value `schema` accepts (best effort: a pattern fast-check cannot follow falls back to the examples). */
export function validValue(schema: Schema, hints: Hints, name = ''): fc.Arbitrary<unknown> {
  const known = hints.byName[name];
  if (known && known.length > 0) {
    const fitting = known.filter((value) => conforms(schema, value));
    if (fitting.length > 0) return fc.constantFrom(...fitting);
  }
  // A value of one branch: exactly one for a oneOf (its branches exclude each other here), at least one for an anyOf.
  const branches = schema.oneOf ?? schema.anyOf;
  if (branches && branches.length > 0) return fc.oneof(...branches.map((s) => validValue(s, hints, name)));
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum.filter((v) => v !== null));
  switch (schema.type ?? guessType(schema)) {
    case 'string':
      return validString(schema, hints, name);
    case 'integer': {
      const min = Math.ceil(schema.minimum ?? 0) + (schema.exclusiveMinimum === true ? 1 : 0);
      const max = Math.floor(Math.min(schema.maximum ?? min + 1000, min + 1000));
      return fc.integer({ min, max: Math.max(min, max) });
    }
    case 'number': {
      const min = schema.minimum ?? 0;
      const max = Math.min(schema.maximum ?? min + 1000, min + 1000);
      return fc.double({
        min,
        max,
        noNaN: true,
        noDefaultInfinity: true,
        minExcluded: schema.exclusiveMinimum === true,
      });
    }
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 3, 3));
      return fc.array(validValue(schema.items ?? {}, hints, name), { minLength, maxLength });
    }
    case 'object': {
      const properties = schema.properties ?? {};
      const entries = Object.fromEntries(
        Object.entries(properties).map(([key, property]) => [key, validValue(property, hints, key)]),
      );
      return fc.record(entries, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) });
    }
    case undefined:
      return fc.string({ maxLength: 20 });
  }
}

function guessType(schema: Schema): Schema['type'] {
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  if (schema.format || schema.pattern || schema.maxLength !== undefined) return 'string';
  return undefined;
}

function validString(schema: Schema, hints: Hints, name: string): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return fc.constantFrom(...hints.uuids);
  if (schema.format === 'date-time' && !schema.pattern) {
    return fc.integer({ min: 1, max: 365 }).map((days) => new Date(Date.UTC(2031, 0, days, 1)).toISOString());
  }
  if (schema.format === 'date' && !schema.pattern) {
    return fc.integer({ min: 1, max: 300 }).map((days) => new Date(Date.UTC(2023, 2, days)).toISOString().slice(0, 10));
  }
  if (/wan$/i.test(name)) return fc.constantFrom(...MONEY);
  if (name === 'reminderPlan') return fc.constantFrom(...DURATIONS);
  if (schema.pattern) {
    const examples = [
      '141124',
      '2023-05-01',
      '2023-05',
      '2031-03-01T01:00:00.000Z',
      'linxian@example.com',
      ...MONEY,
    ].filter((value) => conforms(schema, value));
    if (schema.format === 'date-time' && examples.length > 0) return fc.constantFrom(...examples);
    try {
      const regex = new RegExp(schema.pattern);
      // Short matches (a long one may break maxLength); a miss falls back to an example rather than retry.
      const fallback = examples[0] ?? 'x';
      return fc.stringMatching(regex, { size: 'xsmall' }).map((value) => (conforms(schema, value) ? value : fallback));
    } catch {
      return examples.length > 0 ? fc.constantFrom(...examples) : fc.constant('x');
    }
  }
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 20, 20));
  return fc.string({ minLength, maxLength });
}

/** A NUL character somewhere in a string. */
export function withNul(text: string): fc.Arbitrary<string> {
  return fc.nat({ max: text.length }).map((at) => `${text.slice(0, at)}\u0000${text.slice(at)}`);
}

/** A JSON value of another type than `schema` allows. */
function otherType(schema: Schema): fc.Arbitrary<unknown> {
  const candidates: fc.Arbitrary<unknown>[] = [
    fc.string({ maxLength: 10 }),
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
  ];
  return fc.oneof(...candidates).map((value) => (conforms(schema, value) ? NUL : value));
}

/**
 * A value `schema` refuses (or that carries a NUL): the drill's one bad part of a request. Nested schemas are
 * broken in one place, the rest of the value left valid so the request goes as deep as it can.
 */
export function badValue(schema: Schema, hints: Hints, name = '', depth = 0): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [otherType(schema)];
  const valid = validValue(schema, hints, name);
  const type = schema.type ?? guessType(schema);
  if (type === 'string' || (type === undefined && !schema.enum)) {
    options.push(valid.chain((v) => withNul(typeof v === 'string' ? v : '')));
    if (schema.maxLength !== undefined) {
      options.push(fc.integer({ min: schema.maxLength + 1, max: schema.maxLength + 50 }).map((n) => 'x'.repeat(n)));
    }
    if ((schema.minLength ?? 0) > 0) options.push(fc.constant(''));
    if (schema.pattern || schema.format === 'uuid' || schema.format === 'date' || schema.format === 'date-time') {
      // A random string can match the pattern (the empty string often does): then it is not bad input.
      const pattern = schema.pattern ? new RegExp(schema.pattern) : undefined;
      options.push(
        fc.oneof(
          fc.string({ maxLength: 40 }).filter((value) => !pattern?.test(value)),
          fc.constantFrom(
            '2023-02-30',
            '2023-13-01',
            '../../etc/passwd',
            '00000000-0000-0000-0000',
            "' OR 1=1 --",
            '１４１１２４',
          ),
        ),
      );
    }
  }
  if (schema.enum && schema.enum.length > 0) options.push(fc.string({ maxLength: 12 }));
  if (type === 'integer' || type === 'number') {
    if (schema.minimum !== undefined) options.push(fc.constant(schema.minimum - 1));
    if (schema.maximum !== undefined) options.push(fc.constant(schema.maximum + 1));
    if (type === 'integer') options.push(fc.constant(1.5));
    options.push(fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2));
  }
  if (type === 'array' && depth < 4) {
    if (schema.maxItems !== undefined) {
      const items = validValue(schema.items ?? {}, hints, name);
      options.push(fc.array(items, { minLength: schema.maxItems + 1, maxLength: schema.maxItems + 3 }));
    }
    if ((schema.minItems ?? 0) > 0) options.push(fc.constant([]));
    if (schema.items) {
      const items = schema.items;
      options.push(
        fc
          .tuple(
            fc.array(validValue(items, hints, name), { minLength: 0, maxLength: 2 }),
            badValue(items, hints, name, depth + 1),
          )
          .map(([good, bad]) => [...good, bad]),
      );
    }
  }
  if (type === 'object' && depth < 4) {
    const properties = schema.properties ?? {};
    const required = (schema.required ?? []).filter((key) => key in properties);
    const base = valid as fc.Arbitrary<Record<string, unknown>>;
    if (required.length > 0) {
      options.push(
        fc.tuple(base, fc.constantFrom(...required)).map(([value, key]) => {
          const copy = { ...value };
          delete copy[key];
          return copy;
        }),
      );
    }
    if (schema.additionalProperties === false) {
      options.push(
        fc
          .tuple(
            base,
            fc.string({ minLength: 1, maxLength: 12 }).map((key) => (key in properties ? `${key}_drill` : key)),
            fc.jsonValue(),
          )
          .map(([value, key, extra]) => ({ ...value, [key]: extra })),
      );
    }
    const keys = Object.keys(properties);
    if (keys.length > 0) {
      options.push(
        fc
          .constantFrom(...keys)
          .chain((key) =>
            fc
              .tuple(base, badValue(properties[key] as Schema, hints, key, depth + 1))
              .map(([value, bad]) => ({ ...value, [key]: bad })),
          ),
      );
    }
  }
  const branches = schema.oneOf ?? schema.anyOf;
  if (branches && depth < 4) {
    options.push(fc.constantFrom(...branches).chain((branch) => badValue(branch, hints, name, depth + 1)));
  }
  // Generation never retries (a filter could loop for ever): a value that came out acceptable is replaced by
  // a NUL, which no field accepts.
  return fc.oneof(...options).map((value) => (isBad(schema, value) ? value : NUL));
}

/** Bad input whatever the schema says: no text field accepts a NUL character. */
export const NUL = '\u0000';
