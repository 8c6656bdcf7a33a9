import type * as z from 'zod/mini'
import { type Issue, UnsupportedFieldError, ValidationError } from './errors'
import { type FieldName, fieldNames } from './fields'
import { maxJsonDepth } from './json'

/** The longest list a field takes (IP allowlists, permissions): far above any real key, far below a stack. */
export const maxListLength = 1000

/**
 * Checks a caller's input before anything is sent: a normalized field the provider cannot take becomes an
 * `UnsupportedFieldError` (a field is never dropped), anything else wrong a `ValidationError` with its path.
 */
export function parseInput<Schema extends z.ZodMiniObject>(
  provider: string,
  schema: Schema,
  input: unknown,
  unsupportedHints: Partial<Record<FieldName, string | undefined>>,
): z.output<Schema> {
  if (typeof input !== 'object' || input === null) {
    throw new ValidationError(provider, [{ path: [], message: 'the update must be an object' }])
  }
  for (const field of fieldNames) {
    if ((input as Record<string, unknown>)[field] !== undefined && !(field in schema.shape)) {
      throw new UnsupportedFieldError(provider, field, unsupportedHints[field])
    }
  }
  const problem = findShapeProblem(input, [], 0)
  if (problem) throw new ValidationError(provider, [problem])
  const result = schema.safeParse(withoutUndefined(input))
  if (result.success) return result.data
  throw new ValidationError(provider, result.error.issues.map(toIssue))
}

/**
 * A field set to `undefined` is a field not passed (`expiresAt: flag ? date : undefined`), as JSON would have it:
 * it is neither unknown to a provider's strict schema nor unsupported.
 */
function withoutUndefined(input: object): object {
  if (!Object.values(input).includes(undefined)) return input
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined))
}

// In unicode mode a surrogate pair is one code point, so this matches only a lone (unpaired) surrogate.
const loneSurrogate = /\p{Cs}/u

/**
 * Problems no schema should have to meet, found before zod walks the input: values nested deeper than any JSON
 * keyshift sends (walking them would overflow the stack), lists longer than `maxListLength`, and strings that
 * are not well-formed Unicode (they cannot be URL-encoded, and JSON would carry a broken character).
 */
function findShapeProblem(value: unknown, path: (string | number)[], depth: number): Issue | undefined {
  if (typeof value === 'string') {
    return loneSurrogate.test(value)
      ? { path, message: 'is not well-formed Unicode (it holds a lone surrogate)' }
      : undefined
  }
  if (typeof value !== 'object' || value === null || value instanceof Date) return undefined
  if (depth >= maxJsonDepth) {
    // The field, not a path hundreds of segments long.
    return { path: path.slice(0, 1), message: `is nested too deeply (more than ${maxJsonDepth} levels)` }
  }
  if (Array.isArray(value)) {
    if (value.length > maxListLength) {
      return { path, message: `has ${value.length} entries; at most ${maxListLength} are accepted` }
    }
    for (const [index, item] of value.entries()) {
      const problem = findShapeProblem(item, [...path, index], depth + 1)
      if (problem) return problem
    }
    return undefined
  }
  for (const [key, item] of Object.entries(value)) {
    const problem =
      findShapeProblem(key, [...path, key], depth + 1) ?? findShapeProblem(item, [...path, key], depth + 1)
    if (problem) return problem
  }
  return undefined
}

function toIssue(issue: z.core.$ZodIssue): Issue {
  const path = issue.path as (string | number)[]
  if (issue.code === 'unrecognized_keys')
    return { path, message: `unknown field(s): ${issue.keys.join(', ')}` }
  return { path, message: issue.message }
}
