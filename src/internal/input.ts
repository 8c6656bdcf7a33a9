import * as z from 'zod/mini'
import { type Issue, type ProviderId, UnsupportedFieldError, ValidationError } from '../core/errors'
import { type FieldName, fieldNames } from '../core/fields'

/**
 * Checks a caller's input before anything is sent: a normalized field the provider cannot take becomes an
 * `UnsupportedFieldError` (a field is never dropped), anything else wrong a `ValidationError` with its path.
 *
 * The field checks below are plain predicates wrapped in the few zod/mini schema kinds keyshift needs
 * (string, boolean, number, array, object, custom): each extra zod kind costs bundle size in every app.
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

// ---- schema builders shared by the providers (functions, so an unused one costs nothing) ----

export const nonEmptyString = (message = 'must be a non-empty string') =>
  z.string(message).check(z.refine((value) => value.trim().length > 0, message))

export const permissionList = () =>
  z.array(
    nonEmptyString('each permission must be a non-empty string'),
    'must be an array of permission names',
  )

export const ipAllowlist = () => {
  const message = 'must be an IPv4/IPv6 address or CIDR range (e.g. 203.0.113.7 or 10.0.0.0/8)'
  return z.array(
    z.string(message).check(z.refine(isIpOrCidr, message)),
    'must be an array of IP addresses or CIDR ranges',
  )
}

/** A value sent in a header: printable ASCII only, so CR/LF cannot inject another header. */
export const headerValue = () =>
  z
    .string('must be a string')
    .check(z.refine(isHeaderSafe, 'must be non-empty printable ASCII (no CR, LF or control characters)'))

/** `Date` or ISO 8601 date-time with a time zone; convert with `toIsoDateTime`. */
export const dateTime = () =>
  z.custom<Date | string>(
    (value) => toIsoDateTime(value) !== undefined,
    'must be a valid Date or an ISO 8601 date-time with a time zone (e.g. 2027-06-30T00:00:00Z)',
  )

/** A JSON object: plain objects, arrays, strings, finite numbers, booleans and null only. */
export const jsonObject = () =>
  z.custom<Record<string, unknown>>(
    (value) => isPlainObject(value) && isJson(value),
    'must be a plain JSON object (no functions, Dates, undefined, NaN or cycles)',
  )

export const positiveInteger = () =>
  z
    .number('must be a positive integer')
    .check(z.refine((value) => Number.isSafeInteger(value) && value > 0, 'must be a positive integer'))

// ---- predicates and conversions ----

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i

/** True for a real calendar date `YYYY-MM-DD` (no 2027-02-30). */
export function isIsoDate(value: string): boolean {
  const match = isoDate.exec(value)
  if (!match) return false
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  return date.toISOString().startsWith(value)
}

/** True for an RFC 3339 date-time, `YYYY-MM-DDTHH:MM:SS[.fff]` with `Z` or an offset, naming a real instant. */
export function isIsoDateTime(value: string): boolean {
  return isoDateTime.test(value) && isIsoDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value))
}

/** A Date or ISO date-time string as an ISO string in UTC, or undefined when it is neither. */
export function toIsoDateTime(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString()
  return typeof value === 'string' && isIsoDateTime(value) ? new Date(value).toISOString() : undefined
}

/** Today's date in UTC, `YYYY-MM-DD`. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10)
}

const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/

/** IPv4 or IPv6 address, optionally with a CIDR prefix (`/0`–`/32`, `/0`–`/128`). */
export function isIpOrCidr(value: string): boolean {
  const [address = '', prefix, extra] = value.split('/')
  if (extra !== undefined || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) return false
  const bits = prefix === undefined ? 0 : Number(prefix)
  if (ipv4.test(address)) return bits <= 32
  // The URL parser is a complete, standard IPv6 parser; zone ids (%eth0) are not addresses an API can allow.
  if (!address.includes(':') || /[^0-9a-fA-F:.]/.test(address)) return false
  try {
    new URL(`http://[${address}]/`)
  } catch {
    return false
  }
  return bits <= 128
}

const headerSafe = /^[\x21-\x7e]([\t\x20-\x7e]*[\x21-\x7e])?$/

export function isHeaderSafe(value: string): boolean {
  return headerSafe.test(value)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

function isJson(value: unknown, seen: Set<unknown> = new Set()): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  // `seen` holds the current path only: a cycle fails, an object referenced twice does not.
  if (seen.has(value)) return false
  seen.add(value)
  const valid = Array.isArray(value)
    ? value.every((item) => isJson(item, seen))
    : isPlainObject(value) && Object.values(value).every((item) => isJson(item, seen))
  seen.delete(value)
  return valid
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
