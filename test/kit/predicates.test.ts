import { describe, expect, it } from 'vitest'
import {
  isDotSegment,
  isHeaderSafe,
  isIpOrCidr,
  isIsoDate,
  isIsoDateTime,
  isJsonObject,
  todayUtc,
  toIsoDateOrDateTime,
  toIsoDateTime,
} from '../../src/kit/predicates'

describe('dates', () => {
  it.each([
    ['2027-06-30', true],
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2027-6-30', false],
    ['2027-06-30T00:00:00Z', false],
  ])('isIsoDate(%s) → %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected)
  })

  it.each([
    ['2027-06-30T10:00:00Z', true],
    ['2027-06-30T10:00:00.123+02:00', true],
    ['2027-06-30T10:00:00', false],
    ['2027-02-30T10:00:00Z', false],
    ['2027-06-30', false],
  ])('isIsoDateTime(%s) → %s', (value, expected) => {
    expect(isIsoDateTime(value)).toBe(expected)
  })

  it('converts to UTC ISO strings, and undefined for anything else', () => {
    expect(toIsoDateTime('2027-06-30T12:00:00+02:00')).toBe('2027-06-30T10:00:00.000Z')
    expect(toIsoDateTime(new Date('nope'))).toBeUndefined()
    expect(toIsoDateOrDateTime('2027-06-30')).toBe('2027-06-30')
    expect(todayUtc(new Date('2027-06-30T23:59:59-05:00'))).toBe('2027-07-01')
  })
})

describe('isIpOrCidr', () => {
  it.each(['203.0.113.7', '10.0.0.0/8', '0.0.0.0/0', '::1', '2001:db8::/32', '::ffff:192.0.2.1'])(
    '%s',
    (value) => {
      expect(isIpOrCidr(value)).toBe(true)
    },
  )
  it.each([
    '256.0.0.1',
    '10.0.0.0/33',
    '10.0.0.0/8/8',
    'fe80::1%eth0',
    '2001:db8::/129',
    'example.com',
    '01.2.3.4',
  ])('not %s', (value) => {
    expect(isIpOrCidr(value)).toBe(false)
  })
})

describe('other checks', () => {
  it('header values: printable ASCII, no CR/LF, no surrounding space', () => {
    expect(isHeaderSafe('Bearer abc')).toBe(true)
    expect(isHeaderSafe('a\r\nb')).toBe(false)
    expect(isHeaderSafe(' a')).toBe(false)
    expect(isHeaderSafe('é')).toBe(false)
  })

  it('JSON objects: plain data only, a cycle fails, a shared reference does not', () => {
    const shared = { a: 1 }
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(isJsonObject({ x: shared, y: shared, z: [null, 'a', true] })).toBe(true)
    expect(isJsonObject(cyclic)).toBe(false)
    expect(isJsonObject({ when: new Date() })).toBe(false)
    expect(isJsonObject({ n: Number.NaN })).toBe(false)
    expect(isJsonObject([])).toBe(false)
  })

  it('dot segments, also percent-encoded', () => {
    expect(['.', '..', '%2e', '%2E%2e'].every(isDotSegment)).toBe(true)
    expect(isDotSegment('...')).toBe(false)
  })
})

describe('isIsoDate against Date, for every day of four years around leap rules', () => {
  it('agrees with a Date round-trip', () => {
    for (const year of [1900, 2000, 2024, 2027]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
          const real =
            month >= 1 &&
            month <= 12 &&
            day >= 1 &&
            new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day
          expect(isIsoDate(text), text).toBe(real)
        }
      }
    }
  })
})
