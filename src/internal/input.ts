import * as z from 'zod/mini'
import { type Issue, type ProviderId, UnsupportedFieldError, ValidationError } from '../core/errors'
import { type FieldName, fieldNames } from '../core/fields'

/**
 * Checks a caller's input before anything is sent: a normalized field the provider cannot take becomes an
 * `UnsupportedFieldError` (a field is never dropped), anything else wrong a `ValidationError` with its path.
 */
export function parseInput<Schema extends z.ZodMiniType>(
  provider: ProviderId,
  schema: Schema,
  input: unknown,
  unsupportedHints: Partial<Record<FieldName, string | undefined>>,
): z.output<Schema> {
  if (typeof input !== 'object' || input === null) {
    throw new ValidationError(provider, [{ path: [], message: 'the update must be an object' }])
  }
  const shape = (schema as unknown as { def: { shape?: Record<string, unknown> } }).def.shape ?? {}
  for (const field of fieldNames) {
    const value = (input as Record<string, unknown>)[field]
    if (value !== undefined && !(field in shape)) {
      throw new UnsupportedFieldError(provider, field, unsupportedHints[field])
    }
  }
  const result = schema.safeParse(input)
  if (result.success) return result.data
  throw new ValidationError(provider, result.error.issues.map(toIssue))
}

function toIssue(issue: z.core.$ZodIssue): Issue {
  if (issue.code === 'unrecognized_keys') {
    return { path: issue.path as (string | number)[], message: `unknown field(s): ${issue.keys.join(', ')}` }
  }
  return { path: issue.path as (string | number)[], message: issue.message }
}

// ---- field schemas shared by the providers ----

export const nonEmptyString = (message: string) =>
  z.string(message).check(z.refine((value) => value.trim().length > 0, message))

export const name = nonEmptyString('must be a non-empty string')

/** A value sent in a header: printable ASCII only, so CR/LF cannot inject another header. */
export const headerValue = z
  .string('must be a string')
  .check(
    z.regex(
      /^[\x21-\x7e]([\t\x20-\x7e]*[\x21-\x7e])?$/,
      'must be non-empty printable ASCII (no CR, LF or control characters)',
    ),
  )

export const permissionList = z.array(
  nonEmptyString('each permission must be a non-empty string'),
  'must be an array of permission names',
)

const ipOrCidr = z.union(
  [z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()],
  'must be an IPv4/IPv6 address or CIDR range (e.g. 203.0.113.7 or 10.0.0.0/8)',
)
export const ipAllowlist = z.array(ipOrCidr, 'must be an array of IP addresses or CIDR ranges')

const isoDateTime = z.iso.datetime({ offset: true })
const isoDate = z.iso.date()

/** True for a string in ISO 8601 date-time form with `Z` or an offset. */
export const isIsoDateTime = (value: string) => isoDateTime.safeParse(value).success
export const isIsoDate = (value: string) => isoDate.safeParse(value).success

export const isValidDate = (value: Date) => !Number.isNaN(value.getTime())

/** Today's date in UTC, `YYYY-MM-DD`. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10)
}

/** A date-time input (Date or ISO string with offset) as an ISO string in UTC. */
export const dateTime = z.pipe(
  z.union([z.date(), z.string()], 'must be a Date or an ISO 8601 date-time string'),
  z.transform((value, context) => {
    if (value instanceof Date) {
      if (isValidDate(value)) return value.toISOString()
    } else if (isIsoDateTime(value)) {
      return new Date(value).toISOString()
    }
    context.issues.push({
      code: 'custom',
      input: value,
      message: 'must be a valid Date or an ISO 8601 date-time with a time zone (e.g. 2027-06-30T00:00:00Z)',
    })
    return z.NEVER
  }),
)

/** A JSON object: plain objects, arrays, strings, finite numbers, booleans and null only. */
export const jsonObject = z.custom<Record<string, unknown>>(
  (value) => isPlainObject(value) && isJson(value),
  'must be a plain JSON object (no functions, Dates, undefined, NaN or cycles)',
)

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

function isJson(value: unknown, seen: Set<unknown> = new Set()): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (seen.has(value)) return false
  if (Array.isArray(value)) {
    seen.add(value)
    return value.every((item) => isJson(item, seen))
  }
  if (isPlainObject(value)) {
    seen.add(value)
    return Object.values(value).every((item) => isJson(item, seen))
  }
  return false
}

/** Key identifiers that would change the request path once a URL parser normalizes them. */
export function isDotSegment(value: string): boolean {
  let decoded = value
  try {
    decoded = decodeURIComponent(value)
  } catch {
    // Not valid percent-encoding: openapi-fetch encodes `%` itself, so the raw value is what matters.
  }
  return decoded === '.' || decoded === '..' || value === '.' || value === '..'
}
