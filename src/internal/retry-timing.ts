/**
 * How long to wait before the next attempt.
 *
 * Providers say it in different headers: `retry-after-ms` (Stainless convention), `Retry-After` in seconds or
 * as an HTTP date (Partoo: seconds), and The Auth API's fractional `retry-after-seconds` (e.g. `30.074`).
 */

/** The delay a response asks for, in milliseconds, or undefined when it names none. */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const milliseconds = Number.parseFloat(headers.get('retry-after-ms') ?? '')
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds

  const seconds = Number.parseFloat(headers.get('retry-after-seconds') ?? '')
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000

  const retryAfter = headers.get('retry-after')?.trim()
  if (!retryAfter) return undefined
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number.parseFloat(retryAfter) * 1000
  const date = Date.parse(retryAfter)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** Exponential backoff: 0.5 s × 2^retry, capped at 8 s, minus up to 25 % jitter (as the Stainless SDKs do). */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  const base = Math.min(500 * 2 ** retry, 8000)
  return base * (1 - random() * 0.25)
}
