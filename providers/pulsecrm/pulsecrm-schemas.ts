/** PulseCRM's zod schemas: the update input, and the responses keyshift reads (loaded on first call). */
import * as z from 'zod/mini'
import { dateTime, headerValue, isDotSegment, nonEmptyString, permissionList } from '../../src/kit/schemas'

export function buildPulseCrmSchemas() {
  const record = z.looseObject({
    id: z.string(),
    description: z.string(),
    flatPermissionsList: z.array(z.string()),
    expiresAt: z.optional(z.nullable(z.string())),
    createdAt: z.optional(z.string()),
    updatedAt: z.optional(z.string()),
  })
  return {
    input: z.strictObject({
      keyId: z
        .string('must be a string')
        .check(
          z.refine(
            (value) => value.length > 0 && !isDotSegment(value),
            'must be a non-empty key id other than . or ..',
          ),
        ),
      description: z.optional(z.string('must be a string')),
      expiresAt: z.optional(z.nullable(dateTime())),
      permissions: z.optional(permissionList()),
      accountId: z.optional(headerValue()),
    }),
    // Optional: a 2xx without it still applied the update (a drift, reported on the result).
    success: z.looseObject({ success: z.optional(z.boolean()) }),
    list: z.looseObject({ apiKeys: z.array(record) }),
    login: z.looseObject({ token: nonEmptyString() }),
  }
}
