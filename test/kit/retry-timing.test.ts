import { describe, expect, it } from 'vitest'
import { backoffMs, retryAfterMs } from '../../src/kit/retry-timing'

const now = Date.parse('2026-01-01T00:00:00Z')
const delayFor = (headers: Record<string, string>) => retryAfterMs(new Headers(headers), now)

describe('retryAfterMs', () => {
  it.each([
    [{ 'retry-after-ms': '250' }, 250],
    [{ 'retry-after-seconds': '30.074' }, 30_074],
    [{ 'retry-after': '2' }, 2000],
    [{ 'retry-after': '1.5' }, 1500],
    [{ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, 5000],
    [{ 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }, 0],
    [{ 'retry-after-ms': '100', 'retry-after': '9' }, 100],
    [{ 'retry-after-ms': '12.5' }, 12.5],
    [{ 'retry-after-ms': ' 250 ' }, 250],
    [{ 'retry-after-seconds': '3', 'retry-after': '9' }, 3000],
    [{ 'retry-after-seconds': ' 2 ' }, 2000],
    [{ 'retry-after': ' 2 ' }, 2000],
    [{ 'retry-after': '0' }, 0],
    [{ 'retry-after': '120' }, 120_000],
    // RFC 9110 §5.6.7's obsolete forms: RFC 850 and asctime (no comma after the weekday).
    [{ 'retry-after': 'Thursday, 01-Jan-26 00:00:05 GMT' }, 5000],
    [{ 'retry-after': 'Thu Jan  1 00:00:05 2026' }, 5000],
  ])('%j → %s ms', (headers, expected) => {
    expect(delayFor(headers)).toBe(expected)
  })

  it.each([
    { 'retry-after': '-5' },
    { 'retry-after': 'soon' },
    { 'retry-after': '5abc' },
    { 'retry-after': '1e3' },
    { 'retry-after': '2.' },
    { 'retry-after': '.5' },
    { 'retry-after': '1.2.3' },
    { 'retry-after': 'x2' },
    // Dates in other shapes than an HTTP date (which always starts with the weekday): Date.parse would guess.
    { 'retry-after': '1 Jan 2026 00:00:05 GMT' },
    { 'retry-after': 'in Thu, 01 Jan 2026 00:00:05 GMT' },
    { 'retry-after': 'Xyz, 99 Foo 2026' },
    { 'retry-after': 'later 5' },
    { 'retry-after': 'Wait 2' },
    { 'retry-after': 'Monkey, 01 Jan 2026 00:00:05 GMT' },
    { 'retry-after-ms': '5ms' },
    { 'retry-after-ms': 'x5' },
    { 'retry-after-seconds': '5s' },
    { 'retry-after-seconds': '-2' },
    { 'retry-after-ms': '-1' },
    { 'retry-after-seconds': 'NaN' },
    {},
  ])('%j → undefined (the normal backoff applies)', (headers) => {
    expect(delayFor(headers)).toBeUndefined()
  })
})

describe('X-RateLimit-Reset', () => {
  const on = (status: number, headers: Record<string, string>) =>
    retryAfterMs(new Headers(headers), now, status)

  it('on a 429: a Unix time in seconds, or seconds until the reset', () => {
    expect(on(429, { 'x-ratelimit-reset': String(now / 1000 + 7) })).toBe(7000)
    expect(on(429, { 'x-ratelimit-reset': '12' })).toBe(12_000)
    expect(on(429, { 'x-ratelimit-reset': String(now / 1000 - 60) })).toBe(0)
  })

  it('Retry-After wins; other statuses and garbage ignore it', () => {
    expect(on(429, { 'x-ratelimit-reset': '12', 'retry-after': '3' })).toBe(3000)
    expect(on(503, { 'x-ratelimit-reset': '12' })).toBeUndefined()
    expect(on(200, { 'x-ratelimit-reset': '12' })).toBeUndefined()
    expect(on(429, { 'x-ratelimit-reset': '-3' })).toBeUndefined()
    expect(on(429, { 'x-ratelimit-reset': 'later' })).toBeUndefined()
    expect(on(429, { 'x-ratelimit-reset': '12s' })).toBeUndefined()
    expect(on(429, { 'x-ratelimit-reset': 's12' })).toBeUndefined()
    expect(on(429, {})).toBeUndefined()
  })

  it('tells a Unix time from a duration at 10⁹ seconds', () => {
    expect(on(429, { 'x-ratelimit-reset': '999999999' })).toBe(999_999_999_000)
    expect(on(429, { 'x-ratelimit-reset': String(1e9) })).toBe(0)
    expect(retryAfterMs(new Headers({ 'x-ratelimit-reset': String(1e9 + 5) }), 1e12, 429)).toBe(5000)
    expect(on(429, { 'x-ratelimit-reset': ' 12 ' })).toBe(12_000)
  })
})

describe('backoffMs', () => {
  it('doubles from 0.5 s, caps at 8 s, and jitters down by at most 25 %', () => {
    expect(backoffMs(0, () => 0)).toBe(500)
    expect(backoffMs(0, () => 1)).toBe(375)
    expect(backoffMs(3, () => 0)).toBe(4000)
    expect(backoffMs(10, () => 0)).toBe(8000)
    expect(backoffMs(1, () => 0)).toBe(1000)
    expect(backoffMs(4, () => 0)).toBe(8000)
    expect(backoffMs(5, () => 0.5)).toBe(7000)
    expect(backoffMs(2, () => 0.5)).toBe(1750)
  })

  it('scales with the base delay (retryBaseDelayMs)', () => {
    expect(backoffMs(0, () => 0, 10)).toBe(10)
    expect(backoffMs(2, () => 0, 10)).toBe(40)
    expect(backoffMs(9, () => 0, 10)).toBe(160)
  })
})
