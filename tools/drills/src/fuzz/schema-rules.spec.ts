import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { badValue, validValue, type Hints } from './arbitraries';
import { operationsOf, type OpenApiDocument, type Schema } from './openapi';
import { carriesNul, conforms, isBad } from './schema-rules';

const document = JSON.parse(
  readFileSync(join(__dirname, '../../../../apps/web/src/api/openapi.json'), 'utf8'),
) as OpenApiDocument;
const hints: Hints = { uuids: ['0198f5b2-3c4d-7e8f-9a0b-1c2d3e4f5a6b'], byName: {} };

describe('the document rules the bad-input drill judges by', () => {
  const expenditure: Schema = {
    type: 'object',
    properties: {
      date: { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
      amountWan: { type: 'string' },
      source: { type: 'string', enum: ['city', 'county'] },
      note: { type: 'string', maxLength: 5 },
      areaM2: { type: 'integer', minimum: 0, nullable: true },
    },
    required: ['date', 'amountWan', 'source'],
    additionalProperties: false,
  };
  const good = { date: '2023-05-01', amountWan: '1.00', source: 'city' };

  it('accepts what the schema allows', () => {
    expect(conforms(expenditure, good)).toBe(true);
    expect(conforms(expenditure, { ...good, note: 'abc', areaM2: null })).toBe(true);
    expect(conforms(expenditure, { ...good, areaM2: 3 })).toBe(true);
  });

  it.each([
    ['a missing required field', { date: '2023-05-01', amountWan: '1.00' }],
    ['an unknown field', { ...good, extra: 1 }],
    ['a wrong type', { ...good, amountWan: 1 }],
    ['a value outside the enum', { ...good, source: 'province' }],
    ['a string too long', { ...good, note: 'abcdef' }],
    ['a pattern broken', { ...good, date: '1.5.2023' }],
    ['a fraction for an integer', { ...good, areaM2: 1.5 }],
    ['a number below the minimum', { ...good, areaM2: -1 }],
    ['null where not nullable', { ...good, note: null }],
    ['an array for an object', [good]],
  ])('refuses %s', (_, value) => {
    expect(conforms(expenditure, value)).toBe(false);
  });

  it('counts a NUL anywhere as bad input, even where the schema would take the string', () => {
    expect(carriesNul({ a: ['x', 'y\u0000'] })).toBe(true);
    expect(isBad(expenditure, { ...good, note: 'a\u0000' })).toBe(true);
    expect(isBad(expenditure, good)).toBe(false);
  });

  it('takes exactly one branch of a oneOf', () => {
    const either: Schema = {
      oneOf: [
        { type: 'object', properties: { kind: { type: 'string', enum: ['user'] } }, required: ['kind'] },
        { type: 'object', properties: { kind: { type: 'string', enum: ['role'] } }, required: ['kind'] },
      ],
    };
    expect(conforms(either, { kind: 'user' })).toBe(true);
    expect(conforms(either, { kind: 'team' })).toBe(false);
  });

  describe('on every request body of the committed OpenAPI document', () => {
    const bodies = operationsOf(document).flatMap((operation) =>
      operation.body?.kind === 'json'
        ? [[`${operation.method} ${operation.path}`, operation.body.schema] as const]
        : [],
    );

    it.each(bodies)('%s: the base values conform, and every bad value breaks the schema', (_, schema) => {
      fc.assert(
        fc.property(validValue(schema, hints), (value) => conforms(schema, value)),
        { numRuns: 30 },
      );
      fc.assert(
        fc.property(badValue(schema, hints), (value) => isBad(schema, value)),
        { numRuns: 30 },
      );
    });
  });
});
