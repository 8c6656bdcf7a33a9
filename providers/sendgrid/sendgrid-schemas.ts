/** SendGrid's zod schemas: the update input and the answer fields keyshift reads. Built on the provider's first call. */
import * as z from 'zod/mini'
import { arrayOf, headerValue, nonEmptyString } from '../../src/kit/schemas'

export function buildSendGridSchemas() {
  const scope = nonEmptyString('each scope must be a non-empty string')
  const key = z.looseObject({
    api_key_id: z.optional(z.string()),
    name: z.optional(z.string()),
    scopes: z.optional(z.array(z.string())),
  })
  return {
    input: z.strictObject({
      keyId: z
        .string('must be a string')
        .check(
          z.refine(
            (value) => /^[A-Za-z0-9_.-]+$/.test(value),
            'must be an API key id (letters, digits, _ . -)',
          ),
        ),
      name: z.optional(nonEmptyString()),
      // "a `scopes` array containing at least one scope": SendGrid replaces the list with this one.
      permissions: z.optional(arrayOf(scope, 'must be an array of scope names', { min: 1 })),
      // `on-behalf-of`: a subuser's username, or `account-id <id>` for a customer account.
      accountId: z.optional(headerValue()),
    }),
    key,
    // The read: one key, or the documented `{result: [key]}` (one object reads both).
    current: z.looseObject({
      result: z.optional(z.array(key)),
      api_key_id: z.optional(z.string()),
      name: z.optional(z.string()),
      scopes: z.optional(z.array(z.string())),
    }),
  }
}
