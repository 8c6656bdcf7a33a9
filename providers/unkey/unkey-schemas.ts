/** Unkey's zod schemas: the update input and the key fields keyshift reads. Built on the provider's first call. */
import * as z from 'zod/mini'
import { arrayOf, dateTime, jsonObject, oneOf, positiveInteger, toIsoDateTime } from '../../src/kit/schemas'

/** The latest expiry Unkey takes (its `expires` maximum, 2100-01-01). */
const latestExpiry = 4_102_444_800_000

export function buildUnkeySchemas() {
  const text = (max: number, pattern?: RegExp, what = 'characters') =>
    z
      .string('must be a string')
      .check(
        z.refine(
          (value) =>
            value.length >= 1 && value.length <= max && (pattern === undefined || pattern.test(value)),
          `must be 1 to ${max} ${what}`,
        ),
      )
  const list = <Item extends z.ZodMiniType>(item: Item, max: number, what: string) =>
    arrayOf(item, `must be an array of ${what}`, { max })
  const ratelimit = z.strictObject({
    name: z
      .string('must be a string')
      .check(z.refine((value) => value.length >= 3 && value.length <= 128, 'must be 3 to 128 characters')),
    limit: positiveInteger(),
    duration: z
      .number('must be a number of milliseconds')
      .check(z.refine((value) => Number.isSafeInteger(value) && value >= 1000, 'must be at least 1000 (ms)')),
    autoApply: z.optional(z.boolean('must be a boolean')),
  })
  const refill = z.strictObject({
    interval: oneOf(['daily', 'monthly'], 'must be daily or monthly'),
    amount: positiveInteger(),
    refillDay: z.optional(
      z
        .number('must be a day of the month')
        .check(z.refine((value) => Number.isInteger(value) && value >= 1 && value <= 31, 'must be 1 to 31')),
    ),
  })
  return {
    input: z.strictObject({
      keyId: text(255, /^[a-zA-Z0-9_]{3,}$/, 'letters, digits or _ (at least 3)'),
      name: z.optional(z.nullable(text(255))),
      expiresAt: z.optional(
        z.nullable(
          dateTime().check(
            z.refine(
              (value) => Date.parse(toIsoDateTime(value) as string) <= latestExpiry,
              'must be before 2100-01-01',
            ),
          ),
        ),
      ),
      enabled: z.optional(z.boolean('must be a boolean')),
      metadata: z.optional(z.nullable(jsonObject())),
      ownerUserId: z.optional(z.nullable(text(255, /^[a-zA-Z0-9_.-]+$/, 'letters, digits, _ . or -'))),
      permissions: z.optional(
        list(text(128, /^[a-zA-Z0-9_:\-.*]+$/, 'permission characters'), 1000, 'permissions'),
      ),
      rateLimit: z.optional(
        z.nullable(
          z.strictObject({
            limit: positiveInteger(),
            windowSeconds: positiveInteger(),
          }),
        ),
      ),
      ratelimits: z.optional(z.nullable(list(ratelimit, 50, 'rate limits'))),
      roles: z.optional(list(text(128), 100, 'roles')),
      credits: z.optional(
        z.nullable(
          z.strictObject({
            remaining: z.nullable(
              z
                .number('must be a number')
                .check(
                  z.refine(
                    (value) => Number.isSafeInteger(value) && value >= 0,
                    'must be a non-negative integer',
                  ),
                ),
            ),
            refill: z.optional(z.nullable(refill)),
          }),
        ),
      ),
    }),
    // The update answers `{meta, data: {}}`: only the request id.
    updated: z.looseObject({ meta: z.optional(z.looseObject({ requestId: z.optional(z.string()) })) }),
    key: z.looseObject({
      data: z.looseObject({
        keyId: z.optional(z.string()),
        name: z.optional(z.string()),
        enabled: z.optional(z.boolean()),
        expires: z.optional(z.number()),
        meta: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
        permissions: z.optional(z.array(z.string())),
        roles: z.optional(z.array(z.string())),
        createdAt: z.optional(z.number()),
        updatedAt: z.optional(z.number()),
        identity: z.optional(z.nullable(z.looseObject({ externalId: z.optional(z.string()) }))),
        ratelimits: z.optional(
          z.array(
            z.looseObject({
              name: z.optional(z.string()),
              limit: z.optional(z.number()),
              duration: z.optional(z.number()),
            }),
          ),
        ),
        credits: z.optional(z.nullable(z.looseObject({ remaining: z.optional(z.nullable(z.number())) }))),
      }),
    }),
  }
}
