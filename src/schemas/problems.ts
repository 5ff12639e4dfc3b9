import type { z } from 'zod';
import { isProblemCode, problem, type Problem } from '@/domain/problems';

/**
 * Zod issues as field problems, by the issue's code and data — never by its English text — so a
 * form or an API error reads in the user's language. A schema that needs a more specific problem
 * than its issue code gives one in the issue's params: `.refine(fn, { params: { problem:
 * 'BLOCK_MIN_QUANTITY', min: 100_000 } })` (any code of src/domain/problems, with its parameters).
 */
type Issue = z.core.$ZodIssue;

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

const missing = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

export function issueProblem(issue: Issue, input: unknown): Problem {
  switch (issue.code) {
    case 'custom': {
      const code = issue.params?.problem;
      if (typeof code === 'string' && isProblemCode(code)) {
        const { problem: _omit, ...params } = issue.params ?? {};
        return { code, params } as Problem;
      }
      return problem('FIELD_INVALID');
    }
    case 'invalid_type':
      if (missing(valueAt(input, issue.path))) return problem('FIELD_REQUIRED');
      if (issue.expected === 'number' || issue.expected === 'int' || issue.expected === 'bigint') return problem('FIELD_WHOLE_NUMBER');
      if (issue.expected === 'date') return problem('FIELD_NOT_A_DATE');
      return problem('FIELD_INVALID');
    case 'too_small': {
      const min = typeof issue.minimum === 'bigint' ? Number(issue.minimum) : issue.minimum;
      if (issue.origin === 'string') return min <= 1 ? problem('FIELD_REQUIRED') : problem('FIELD_MIN_LENGTH', { min });
      if (issue.origin === 'array' || issue.origin === 'set') return min <= 1 ? problem('FIELD_REQUIRED') : problem('FIELD_AT_LEAST', { min });
      return issue.inclusive === false ? problem('FIELD_ABOVE', { min }) : problem('FIELD_AT_LEAST', { min });
    }
    case 'too_big': {
      const max = typeof issue.maximum === 'bigint' ? Number(issue.maximum) : issue.maximum;
      if (issue.origin === 'string') return problem('FIELD_MAX_LENGTH', { max });
      return issue.inclusive === false ? problem('FIELD_BELOW', { max }) : problem('FIELD_AT_MOST', { max });
    }
    case 'invalid_format':
      if (issue.format === 'date') return problem('FIELD_NOT_A_DATE');
      if (issue.format === 'datetime') return problem('FIELD_NOT_A_DATE_TIME');
      if (issue.format === 'email') return problem('FIELD_EMAIL');
      return problem('FIELD_INVALID');
    case 'invalid_value':
      return problem('FIELD_ONE_OF', { options: issue.values.map(String) });
    case 'not_multiple_of':
      return problem('FIELD_WHOLE_NUMBER');
    case 'unrecognized_keys':
      return problem('FIELD_UNKNOWN');
    default:
      return problem('FIELD_INVALID');
  }
}

/**
 * The first problem per field of a zod error. `depth` 'top' keys by the top-level field (forms),
 * 'path' by the whole dotted path (the API's `fields`); `_` is the input as a whole.
 */
export function issueFields(error: z.ZodError, input: unknown, depth: 'top' | 'path' = 'path'): Record<string, Problem> {
  const out: Record<string, Problem> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? (depth === 'top' ? String(issue.path[0]) : issue.path.map(String).join('.')) : '_';
    out[key] ??= issueProblem(issue, input);
  }
  return out;
}

/** The issue params that make a refinement's refusal the field problem `p` (see issueProblem). */
export const refusedAs = (p: Problem) => ({ params: { problem: p.code, ...p.params } });

/**
 * A string matching `pattern` (and `test`), refused with the field problem `p` rather than a bare
 * "not valid"; the pattern stays in the OpenAPI document.
 */
export const matching = (schema: z.ZodString, pattern: RegExp, p: Problem, test: (s: string) => boolean = () => true) =>
  schema.refine((s) => pattern.test(s) && test(s), { ...refusedAs(p), abort: true }).regex(pattern);
