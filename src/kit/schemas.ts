/**
 * zod/mini schema builders shared by the providers' `schemas.ts`. They use only the few schema kinds keyshift
 * needs (string, boolean, number, array, object, custom), with plain predicates: each extra zod kind costs
 * bundle size in every app.
 */
import * as z from 'zod/mini'
import { dateProblem, isHeaderSafe, isIpOrCidr, isJsonObject, toIsoDateTime } from './predicates'

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

/**
 * A date field: `accepts` says whether a value can be sent; the message names a Date's own problem (invalid, out of
 * RFC 3339's years) before `expected`.
 */
export const dateField = (accepts: (value: unknown) => boolean, expected: string) =>
  z.custom<Date | string>(accepts, {
    error: (issue) => (issue.input instanceof Date ? (dateProblem(issue.input) ?? expected) : expected),
  })

/** `Date` or ISO 8601 date-time with a time zone; convert with `toIsoDateTime`. */
export const dateTime = () =>
  dateField(
    (value) => toIsoDateTime(value) !== undefined,
    'must be a valid Date or an ISO 8601 date-time with a time zone (e.g. 2027-06-30T00:00:00Z)',
  )

/** A JSON object: plain objects, arrays, strings, finite numbers, booleans and null only. */
export const jsonObject = () =>
  z.custom<Record<string, unknown>>(
    isJsonObject,
    'must be a plain JSON object (no functions, Dates, undefined, NaN or cycles)',
  )

export const positiveInteger = () =>
  z
    .number('must be a positive integer')
    .check(z.refine((value) => Number.isSafeInteger(value) && value > 0, 'must be a positive integer'))

/** One of `values` (a string enum), typed as that union: a refined string rather than another zod kind. */
export const oneOf = <const Value extends string>(values: readonly Value[], message: string) =>
  z.custom<Value>(
    (value) => typeof value === 'string' && (values as readonly string[]).includes(value),
    message,
  )

/** An array of `min` to `max` items, its length checked by a predicate rather than another zod check kind. */
export const arrayOf = <Item extends z.ZodMiniType>(
  item: Item,
  message: string,
  limits: { min?: number; max?: number },
) =>
  z
    .array(item, message)
    .check(
      z.refine(
        (value) =>
          value.length >= (limits.min ?? 0) && value.length <= (limits.max ?? Number.POSITIVE_INFINITY),
        limits.max === undefined
          ? `must hold at least ${limits.min} item${limits.min === 1 ? '' : 's'}`
          : `must hold ${limits.min ?? 0} to ${limits.max} items`,
      ),
    )

// Predicates the providers' schema files use, so that they import this one module of the kit.
export { isDotSegment, todayUtc, toIsoDateOrDateTime, toIsoDateTime } from './predicates'
