/**
 * How long to wait before the next attempt.
 *
 * Providers say it in different headers: `retry-after-ms` (Stainless convention), `Retry-After` in seconds or
 * as an HTTP date (Partoo: seconds), and The Auth API's fractional `retry-after-seconds` (e.g. `30.074`). Some
 * send only `X-RateLimit-Reset` on a 429: as a Unix time in seconds, or as seconds until the reset.
 */

const decimal = /^\d+(\.\d+)?$/
// An HTTP date starts with its weekday: "Wed, 21 Oct 2015 07:28:00 GMT", and the obsolete forms recipients must
// still read, "Wednesday, 21-Oct-15 07:28:00 GMT" and "Wed Oct 21 07:28:00 2015" (RFC 9110 §5.6.7). Only real
// weekday names pass: `Date.parse` reads "later 5" as a day in 2001.
const httpDate = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? /

/**
 * The delay a response asks for, in milliseconds, or undefined when it names none. Negative numbers and garbage
 * are ignored (the normal backoff applies): `Date.parse('-5')` is a date in 2001, not a reason to retry at once.
 */
export function retryAfterMs(
  headers: Headers,
  now: number = Date.now(),
  status?: number,
): number | undefined {
  // Header values arrive without surrounding whitespace (the Fetch standard normalizes them).
  const milliseconds = headers.get('retry-after-ms')
  if (milliseconds && decimal.test(milliseconds)) return Number(milliseconds)

  const seconds = headers.get('retry-after-seconds')
  if (seconds && decimal.test(seconds)) return Number(seconds) * 1000

  const retryAfter = headers.get('retry-after')
  // On other statuses the window's reset says when the quota refills, not when to retry.
  if (!retryAfter) return status === 429 ? rateLimitResetMs(headers, now) : undefined
  if (decimal.test(retryAfter)) return Number(retryAfter) * 1000
  if (!httpDate.test(retryAfter)) return undefined
  const date = Date.parse(retryAfter)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/**
 * `X-RateLimit-Reset`: a Unix time in seconds, or seconds until the reset (vendors use both). Told apart by size:
 * no window lasts 30 years, and no Unix time since 2001 is below 10⁹.
 */
function rateLimitResetMs(headers: Headers, now: number): number | undefined {
  const reset = headers.get('x-ratelimit-reset')
  if (!reset || !decimal.test(reset)) return undefined
  const value = Number(reset)
  return value >= 1e9 ? Math.max(0, value * 1000 - now) : value * 1000
}

/**
 * Exponential backoff: `baseMs` (0.5 s by default) × 2^retry, capped at 16 × base (8 s by default), minus up to 25 %
 * jitter (as the Stainless SDKs do).
 */
export function backoffMs(retry: number, random: () => number = Math.random, baseMs = 500): number {
  const base = Math.min(baseMs * 2 ** retry, baseMs * 16)
  return base * (1 - random() * 0.25)
}
