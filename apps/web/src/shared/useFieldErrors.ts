import type { FormInstance } from 'antd';
import { useEffect } from 'react';
import { ApiError, type FieldProblem } from '../api/problem';

const NONE: readonly FieldProblem[] = [];

/**
 * Shows a 400 answer's `errors: [{field, message}]` under the fields they name; what the user typed stays.
 * `field` is the request body's path (`area`, `scores.3.score`); `prefix` drops a leading part the form does
 * not have. Returns the complaints about fields the form does not show, for the page to list above it.
 */
export function useFieldErrors(form: FormInstance, error: unknown, prefix?: string): string[] {
  const problems = error instanceof ApiError ? error.fieldErrors : NONE;
  useEffect(() => {
    if (problems.length === 0) return;
    const shown = shownFields(form);
    form.setFields(
      problems
        .map(({ field, message }) => ({ name: formPath(field, prefix), errors: [message] }))
        .filter(({ name }) => shown.has(name.join('.'))),
    );
  }, [form, problems, prefix]);
  if (problems.length === 0) return [];
  const shown = shownFields(form);
  return problems
    .filter(({ field }) => !shown.has(formPath(field, prefix).join('.')))
    .map(({ field, message }) => `${field}：${message}`);
}

/** The dotted names of the fields the form has mounted. */
function shownFields(form: FormInstance): Set<string> {
  return new Set(form.getFieldsError().map(({ name }) => name.join('.')));
}

function formPath(field: string, prefix?: string): (string | number)[] {
  const trimmed = prefix && field.startsWith(`${prefix}.`) ? field.slice(prefix.length + 1) : field;
  return trimmed.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
