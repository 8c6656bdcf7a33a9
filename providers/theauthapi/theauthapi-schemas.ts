/** The Auth API's zod schemas: the update input and the key DTO fields keyshift reads. Built on the provider's first call. */
import * as z from 'zod/mini'
import {
  dateField,
  isDotSegment,
  jsonObject,
  nonEmptyString,
  positiveInteger,
  toIsoDateOrDateTime,
} from '../../src/kit/schemas'

export function buildTheAuthApiSchemas() {
  const secretValue = () =>
    z.string('must be a string').check(
      z.refine(
        // At least 4 characters: a shorter secret could not be redacted from what keyshift prints.
        (value) => value.length >= 4 && value.trim() === value && !isDotSegment(value),
        'must be a key value of at least 4 characters, without surrounding spaces, other than . or ..',
      ),
    )
  return {
    input: z.strictObject({
      keyId: secretValue(),
      name: z.optional(nonEmptyString()),
      expiresAt: z.optional(
        z.nullable(
          dateField(
            (value) => toIsoDateOrDateTime(value) !== undefined,
            'must be a valid Date, an ISO 8601 date-time with a time zone, or a YYYY-MM-DD date',
          ),
        ),
      ),
      rateLimit: z.optional(
        z.nullable(z.strictObject({ limit: positiveInteger(), windowSeconds: positiveInteger() })),
      ),
      metadata: z.optional(jsonObject()),
      ownerAccountId: z.optional(nonEmptyString()),
      ownerUserId: z.optional(nonEmptyString()),
      newKeyValue: z.optional(secretValue()),
    }),
    // GET before a partial update: only the name is re-sent, and nothing has been written yet.
    current: z.looseObject({ name: z.string() }),
    // The fields of the update's response keyshift reads, all optional: a body that drifts from the spec is read
    // as far as it can be (the update was applied).
    updated: z.looseObject({
      key: z.optional(z.string()),
      name: z.optional(z.string()),
      isActive: z.optional(z.boolean()),
      createdAt: z.optional(z.string()),
      updatedAt: z.optional(z.string()),
      expiresAt: z.optional(z.nullable(z.string())),
      customMetaData: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
      customAccountId: z.optional(z.nullable(z.string())),
      customUserId: z.optional(z.nullable(z.string())),
      rateLimitConfigs: z.optional(
        z.nullable(
          z.looseObject({ rateLimit: z.optional(z.number()), rateLimitTtl: z.optional(z.number()) }),
        ),
      ),
    }),
  }
}
