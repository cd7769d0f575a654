import type { Schema } from './openapi';

const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
};

const patterns = new Map<string, RegExp>();
function pattern(source: string): RegExp {
  let regex = patterns.get(source);
  if (!regex) {
    regex = new RegExp(source, 'u');
    patterns.set(source, regex);
  }
  return regex;
}

/**
 * Whether `value` satisfies `schema` as the document states it. The drill only sends requests this says are
 * NOT valid (or that carry a NUL character, which no text field accepts), so any 2xx to a write is a finding.
 */
export function conforms(schema: Schema, value: unknown): boolean {
  if (value === null) return schema.nullable === true || (schema.enum?.includes(null) ?? false);
  if (value === undefined) return false;
  if (schema.oneOf) return schema.oneOf.filter((branch) => conforms(branch, value)).length === 1;
  if (schema.anyOf) return schema.anyOf.some((branch) => conforms(branch, value));
  if (schema.enum && !schema.enum.includes(value)) return false;
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' && stringConforms(schema, value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && numberConforms(schema, value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && numberConforms(schema, value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value) && arrayConforms(schema, value);
    case 'object':
      return (
        typeof value === 'object' && !Array.isArray(value) && objectConforms(schema, value as Record<string, unknown>)
      );
    case undefined:
      // No type: the keywords that apply to the value's own type still hold.
      if (typeof value === 'string') return stringConforms(schema, value);
      if (typeof value === 'number') return numberConforms(schema, value);
      if (Array.isArray(value)) return arrayConforms(schema, value);
      if (typeof value === 'object') return objectConforms(schema, value as Record<string, unknown>);
      return true;
  }
}

function stringConforms(schema: Schema, value: string): boolean {
  if (schema.minLength !== undefined && value.length < schema.minLength) return false;
  if (schema.maxLength !== undefined && value.length > schema.maxLength) return false;
  if (schema.pattern && !pattern(schema.pattern).test(value)) return false;
  const format = schema.format && FORMATS[schema.format];
  if (format && !format.test(value)) return false;
  return true;
}

function numberConforms(schema: Schema, value: number): boolean {
  if (schema.minimum !== undefined) {
    if (schema.exclusiveMinimum === true ? value <= schema.minimum : value < schema.minimum) return false;
  }
  if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) return false;
  if (schema.maximum !== undefined) {
    if (schema.exclusiveMaximum === true ? value >= schema.maximum : value > schema.maximum) return false;
  }
  if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) return false;
  return true;
}

function arrayConforms(schema: Schema, value: unknown[]): boolean {
  if (schema.minItems !== undefined && value.length < schema.minItems) return false;
  if (schema.maxItems !== undefined && value.length > schema.maxItems) return false;
  return schema.items ? value.every((item) => conforms(schema.items as Schema, item)) : true;
}

function objectConforms(schema: Schema, value: Record<string, unknown>): boolean {
  for (const key of schema.required ?? []) if (!(key in value)) return false;
  const properties = schema.properties ?? {};
  for (const [key, item] of Object.entries(value)) {
    const property = properties[key];
    if (property) {
      if (!conforms(property, item)) return false;
    } else if (schema.additionalProperties === false) {
      return false;
    } else if (typeof schema.additionalProperties === 'object' && !conforms(schema.additionalProperties, item)) {
      return false;
    }
  }
  return true;
}

/** Whether any string in `value` (keys included) carries a NUL character: bad input by rule, whatever the schema. */
export function carriesNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(carriesNul);
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([key, item]) => key.includes('\u0000') || carriesNul(item));
  }
  return false;
}

/** The value is bad input for this schema: it breaks the document, or carries a NUL. */
export function isBad(schema: Schema, value: unknown): boolean {
  return carriesNul(value) || !conforms(schema, value);
}
