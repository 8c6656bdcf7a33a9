/** Datadog's zod schemas: the update input and the key fields keyshift reads. Built on the provider's first call. */
import * as z from 'zod/mini'
import { nonEmptyString, oneOf } from '../../src/kit/schemas'

export function buildDatadogSchemas() {
  const key = z.looseObject({
    data: z.optional(
      z.looseObject({
        id: z.optional(z.string()),
        type: z.optional(z.string()),
        attributes: z.optional(
          z.looseObject({
            name: z.optional(z.string()),
            key: z.optional(z.string()),
            last4: z.optional(z.string()),
            category: z.optional(z.string()),
            remote_config_read_enabled: z.optional(z.boolean()),
            scopes: z.optional(z.nullable(z.array(z.string()))),
            created_at: z.optional(z.string()),
            modified_at: z.optional(z.string()),
          }),
        ),
      }),
    ),
  })
  return {
    input: z.strictObject({
      keyId: z
        .string('must be a string')
        .check(
          z.refine(
            (value) => /^[A-Za-z0-9_-]{1,64}$/.test(value),
            'must be a key id (letters, digits, - and _)',
          ),
        ),
      keyType: z.optional(oneOf(['api_key', 'application_key'], 'must be api_key or application_key')),
      name: z.optional(nonEmptyString()),
      permissions: z.optional(
        z.nullable(
          z.array(nonEmptyString('each scope must be a non-empty string'), 'must be an array of scope names'),
        ),
      ),
      category: z.optional(nonEmptyString()),
      remoteConfigReadEnabled: z.optional(z.boolean('must be a boolean')),
    }),
    key,
    // The read before a PATCH that must re-send the name.
    current: z.looseObject({
      data: z.looseObject({
        attributes: z.looseObject({ name: z.string(), scopes: z.optional(z.nullable(z.array(z.string()))) }),
      }),
    }),
  }
}
