import type * as z from 'zod/mini'
import { type Issue, type ProviderId, UnsupportedFieldError, ValidationError } from '../core/errors'
import { type FieldName, fieldNames } from '../core/fields'

/**
 * Checks a caller's input before anything is sent: a normalized field the provider cannot take becomes an
 * `UnsupportedFieldError` (a field is never dropped), anything else wrong a `ValidationError` with its path.
 */
export function parseInput<Schema extends z.ZodMiniObject>(
  provider: ProviderId,
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
  const result = schema.safeParse(input)
  if (result.success) return result.data
  throw new ValidationError(provider, result.error.issues.map(toIssue))
}

function toIssue(issue: z.core.$ZodIssue): Issue {
  const path = issue.path as (string | number)[]
  if (issue.code === 'unrecognized_keys')
    return { path, message: `unknown field(s): ${issue.keys.join(', ')}` }
  return { path, message: issue.message }
}
