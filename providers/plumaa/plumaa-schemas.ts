/** Plumaa's zod schemas: the update input and the response fields keyshift reads. Built on the provider's first call. */
import * as z from 'zod/mini'
import { nonEmptyString } from '../../src/kit/schemas'

export function buildPlumaaSchemas() {
  return {
    input: z.strictObject({
      keyId: z
        .string('must be a string')
        .check(
          z.refine(
            (value) => /^[0-9a-fA-F]{24}$/.test(value),
            'must be a MongoDB ObjectId (24 hexadecimal characters)',
          ),
        ),
      name: z.optional(nonEmptyString()),
      enabled: z.optional(z.boolean('must be a boolean')),
    }),
    // The fields of the update's response keyshift reads, all optional: a body that drifts from the spec is read
    // as far as it can be (the update was applied).
    apiKey: z.looseObject({
      id: z.optional(z.string()),
      name: z.optional(z.string()),
      enabled: z.optional(z.boolean()),
      secret: z.optional(z.string()),
      createdAt: z.optional(z.string()),
      updatedAt: z.optional(z.string()),
    }),
  }
}
