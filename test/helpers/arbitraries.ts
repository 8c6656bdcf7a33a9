/** fast-check arbitraries the providers' testkits share: normalized field values, and spec-ish wire values. */
import fc from 'fast-check'

export const nonBlank = fc.string({ minLength: 1, maxLength: 40 }).filter((value) => value.trim().length > 0)
/** A calendar day at least two days ahead (Partoo takes "at least tomorrow", in UTC). */
export const futureDay = fc
  .date({
    min: new Date(Date.now() + 2 * 86_400_000),
    max: new Date('2099-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString().slice(0, 10))
export const instant = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2099-12-31T00:00:00Z'),
  noInvalidDate: true,
})
const cidr4 = fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([ip, bits]) => `${ip}/${bits}`)
export const ipEntry = fc.oneof(
  fc.ipV4(),
  cidr4,
  fc.constantFrom('2001:db8::1', '::1', 'fe80::/10', '2001:db8::/32'),
)
export const permissions = fc.array(nonBlank, { maxLength: 5 })
export const headerSafe = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/)
export const objectId = fc.stringMatching(/^[0-9a-f]{24}$/)
/** A key value a provider may take as an identifier (at least 4 characters: keyshift refuses shorter secrets). */
export const keyValue = fc
  .string({ minLength: 4, maxLength: 60 })
  .filter((value) => value.trim() === value && !['.', '..'].includes(value) && !/^%2e/i.test(value))
export const jsonObject = fc.dictionary(
  fc.string({ maxLength: 10 }).filter((key) => !['__proto__', 'constructor', 'prototype'].includes(key)),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 4 },
) as fc.Arbitrary<Record<string, unknown>>

/** Records with at least one changed field (an empty update is refused by design). */
export function someOf<T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) {
  return fc.record(fields, { requiredKeys: [] }).filter((value) => Object.keys(value).length > 0)
}

export const anyJson = fc.jsonValue({ maxDepth: 2 })
/** A wire value that is sometimes right (`good`) and sometimes anything at all. */
export const field = (good: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 12, arbitrary: good }, { weight: 1, arbitrary: anyJson })
export const wireFutureDay = fc
  .integer({ min: 2, max: 4000 })
  .map((days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10))
export const wireInstant = instant.map((date) => date.toISOString())
export const strings = fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 })
/** Sometimes an extra field the spec does not declare. */
export const maybeExtra = fc.oneof(
  { weight: 5, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.record({ unexpected: anyJson }) },
)
/** A body that is mostly right (`good`) and sometimes any JSON value at all. */
export const mostlyObject = (good: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 9, arbitrary: good }, { weight: 1, arbitrary: anyJson })
/** A record of wire fields plus, sometimes, an undeclared one. */
export const withExtra = (record: fc.Arbitrary<Record<string, unknown>>) =>
  fc.tuple(record, maybeExtra).map(([body, extra]) => ({ ...body, ...extra }))
