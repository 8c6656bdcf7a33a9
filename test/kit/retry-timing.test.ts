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
  ])('%j → %s ms', (headers, expected) => {
    expect(delayFor(headers)).toBe(expected)
  })

  it.each([
    { 'retry-after': '-5' },
    { 'retry-after': 'soon' },
    { 'retry-after': '5abc' },
    { 'retry-after': '1e3' },
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
  })
})

describe('backoffMs', () => {
  it('doubles from 0.5 s, caps at 8 s, and jitters down by at most 25 %', () => {
    expect(backoffMs(0, () => 0)).toBe(500)
    expect(backoffMs(0, () => 1)).toBe(375)
    expect(backoffMs(3, () => 0)).toBe(4000)
    expect(backoffMs(10, () => 0)).toBe(8000)
  })
})
