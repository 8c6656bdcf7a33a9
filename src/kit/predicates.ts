/** Checks and conversions of input values, shared by the schemas, the adapters and the mocks. No zod here. */

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i

/** True for a real calendar date `YYYY-MM-DD` (no 2027-02-30). */
export function isIsoDate(value: string): boolean {
  const match = isoDate.exec(value)
  if (!match) return false
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  // Arithmetic, not a Date round-trip: this runs on every Partoo response (its timestamps and expiry).
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const daysInMonth =
    month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth
}

/** True for an RFC 3339 date-time, `YYYY-MM-DDTHH:MM:SS[.fff]` with `Z` or an offset, naming a real instant. */
export function isIsoDateTime(value: string): boolean {
  return isoDateTime.test(value) && isIsoDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value))
}

/** A Date or ISO date-time string as an ISO string in UTC, or undefined when it is neither (see `dateProblem`). */
export function toIsoDateTime(value: unknown): string | undefined {
  if (value instanceof Date) return dateProblem(value) === undefined ? value.toISOString() : undefined
  return typeof value === 'string' && isIsoDateTime(value) ? new Date(value).toISOString() : undefined
}

/**
 * Why a Date cannot be sent, or undefined: an invalid Date, or one outside the years 0000 to 9999, which RFC 3339
 * cannot write (`toISOString()` would send `+010000-01-01…`).
 */
export function dateProblem(value: Date): string | undefined {
  if (Number.isNaN(value.getTime())) return 'is an invalid Date'
  const year = value.getUTCFullYear()
  if (year < 0 || year > 9999)
    return `is a Date in the year ${year}: dates are sent as RFC 3339, years 0000 to 9999`
  return undefined
}

/** A `YYYY-MM-DD` date as given, or a Date / ISO date-time as an ISO string in UTC; undefined otherwise. */
export function toIsoDateOrDateTime(value: unknown): string | undefined {
  return typeof value === 'string' && isIsoDate(value) ? value : toIsoDateTime(value)
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

/** A plain JSON object: plain objects, arrays, strings, finite numbers, booleans and null only. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && isJson(value)
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

/** Whether two lists hold the same entries, whatever their order (an allowlist or a permission set). */
export function sameMembers(
  a: readonly unknown[] | null | undefined,
  b: readonly unknown[] | null | undefined,
) {
  if (!a || !b) return a === b
  const left = new Set(a)
  const right = new Set(b)
  return left.size === right.size && [...left].every((entry) => right.has(entry))
}

/** Whether two date-times (ISO strings or Dates) name the same instant; `null` equals only `null`. */
export function sameInstant(a: unknown, b: unknown): boolean {
  if (a === null || b === null || a === undefined || b === undefined) return a === b
  const left = toIsoDateTime(a)
  return left !== undefined && left === toIsoDateTime(b)
}

/** Whether two JSON values are equal, whatever the order of their object keys. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, index) => sameJson(item, b[index]))
  const left = Object.entries(a)
  const right = b as Record<string, unknown>
  return (
    left.length === Object.keys(right).length &&
    left.every(([key, value]) => Object.hasOwn(right, key) && sameJson(value, right[key]))
  )
}
