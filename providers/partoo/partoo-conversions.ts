/** Partoo's wire formats: integer key ids, calendar days, its own timestamp format, and its error bodies. */
import { dateProblem, isIsoDate } from '../../src/kit'

/** A positive integer id from a number or a string of digits, or undefined. */
export function toKeyId(value: unknown): number | undefined {
  const id =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value)
        ? Number(value)
        : 0
  return Number.isSafeInteger(id) && id > 0 ? id : undefined
}

/** `YYYY-MM-DD` from a date string or a Date at exactly midnight UTC (naming a day and nothing more). */
export function toDay(value: unknown): string | undefined {
  if (typeof value === 'string') return isIsoDate(value) ? value : undefined
  if (!(value instanceof Date) || dateProblem(value) !== undefined) return undefined
  const iso = value.toISOString()
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : undefined
}

/** Why a value is not a day Partoo can take, or undefined when it is one. */
export function dayProblem(value: unknown): string | undefined {
  if (toDay(value) !== undefined) return undefined
  if (value instanceof Date) {
    return (
      dateProblem(value) ??
      'is a Date with a time of day: Partoo takes a calendar day, so pass a Date at 00:00 UTC or YYYY-MM-DD'
    )
  }
  if (typeof value !== 'string') return 'must be a day as YYYY-MM-DD or a Date at 00:00 UTC'
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value} is not a real day`
  if (/^\d{4}-\d{2}-\d{2}[T ]/.test(value)) {
    return 'has a time part: Partoo takes a calendar day (YYYY-MM-DD), and a time of day would be lost'
  }
  return 'must be a day as YYYY-MM-DD (e.g. 2027-06-30)'
}

/**
 * Partoo timestamps look like `2019-08-22 11:46:38.914467+00`: a space instead of `T`, microseconds and a
 * bare-hour offset. V8 happens to parse them, but ECMAScript only promises ISO 8601, so they are rebuilt
 * explicitly. Returns undefined when the text has another shape (the raw value stays in `raw`).
 */
const partooTimestamp = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}(?::?\d{2})?)$/

export function parsePartooTimestamp(value: string | null | undefined): string | undefined {
  if (!value) return undefined
  const match = partooTimestamp.exec(value)
  if (!match) return undefined
  const [, date = '', time, fraction = '', zone = 'Z'] = match
  const milliseconds = fraction.slice(0, 3).padEnd(3, '0')
  // Date would roll 2019-02-30 over to March 2 and 24:00 to the next day: refuse what is not a real instant.
  if (!isIsoDate(date) || !/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/.test(time ?? '')) return undefined
  // Partoo answers in UTC (`+00`): then the ISO string is the same text rearranged, no Date needed (this runs on
  // every call). Any other offset goes through Date.
  if (/^(Z|\+00(:?00)?)$/.test(zone)) return `${date}T${time}.${milliseconds}Z`
  const offset =
    zone === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')
  const parsed = new Date(`${date}T${time}.${milliseconds}${offset}`)
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString()
}

// The spec documents `{errors: {...}}`, the errors guide `{error: {...}}`; both arrive in the wild.
// https://developers.partoo.co/guides/api/getting-started/api-fundamentals/errors
type Detail = { json?: unknown; authentication?: unknown; authorization?: unknown }

/** A readable message from a Partoo error body, e.g. `expiration_date: Must be at least the day after today`. */
export function describePartooError(body: unknown): string | undefined {
  const { errors, error } = body as { errors?: Detail; error?: Detail }
  const found = errors ?? error
  if (typeof found !== 'object' || found === null) return undefined
  for (const text of [found.authentication, found.authorization, found.json])
    if (typeof text === 'string') return text
  if (typeof found.json === 'object' && found.json !== null) {
    // marshmallow style: {field: [messages]}
    return Object.entries(found.json)
      .map(
        ([field, messages]) =>
          `${field}: ${Array.isArray(messages) ? messages.join(', ') : String(messages)}`,
      )
      .join('; ')
  }
  return undefined
}
