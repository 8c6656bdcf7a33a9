/** Algolia's zod schemas: the update input and the answer fields keyshift reads. Built on the provider's first call. */
import * as z from 'zod/mini'
import {
  dateField,
  isDotSegment,
  nonEmptyString,
  positiveInteger,
  toIsoDateOrDateTime,
} from '../../src/kit/schemas'
import { algoliaAcls } from './algolia-acls'

const aclMessage = `each permission must be one of Algolia's ACLs: ${algoliaAcls.join(', ')}`

export function buildAlgoliaSchemas() {
  const nonNegativeInteger = (message: string) =>
    z.number(message).check(z.refine((value) => Number.isSafeInteger(value) && value >= 0, message))
  const stringList = (what: string) =>
    z.array(nonEmptyString(`each ${what} must be a non-empty string`), `must be an array of ${what}s`)
  return {
    input: z.strictObject({
      // The key's value is its identifier (a secret, in the path).
      keyId: z
        .string('must be a string')
        .check(
          z.refine(
            (value) => value.length >= 4 && /^\S+$/.test(value) && !isDotSegment(value),
            'must be an API key value of at least 4 characters, without spaces',
          ),
        ),
      description: z.optional(z.string('must be a string')),
      permissions: z.optional(
        z.array(
          z
            .string(aclMessage)
            .check(z.refine((value) => (algoliaAcls as readonly string[]).includes(value), aclMessage)),
          'must be an array of ACLs',
        ),
      ),
      expiresAt: z.optional(
        z.nullable(
          dateField(
            (value) => toIsoDateOrDateTime(value) !== undefined,
            'must be a valid Date, an ISO 8601 date-time with a time zone, or a YYYY-MM-DD date',
          ),
        ),
      ),
      rateLimit: z.optional(
        z.nullable(
          z.strictObject({
            limit: positiveInteger(),
            windowSeconds: z
              .number('must be 3600')
              .check(
                z.refine((value) => value === 3600, 'must be 3600: Algolia limits requests per IP per hour'),
              ),
          }),
        ),
      ),
      allowedReferrers: z.optional(stringList('referrer')),
      indexes: z.optional(stringList('index name or pattern')),
      maxHitsPerQuery: z.optional(nonNegativeInteger('must be a non-negative integer (0 = no limit)')),
      queryParameters: z.optional(z.string('must be a string of URL query parameters')),
    }),
    // The key as GET answers it: every setting a full replace must re-send.
    current: z.looseObject({
      acl: z.array(z.string()),
      description: z.optional(z.string()),
      indexes: z.optional(z.array(z.string())),
      maxHitsPerQuery: z.optional(z.number()),
      maxQueriesPerIPPerHour: z.optional(z.number()),
      queryParameters: z.optional(z.string()),
      referers: z.optional(z.array(z.string())),
      validity: z.optional(z.number()),
    }),
    // The update's answer: the key (its secret value) and when it was accepted.
    updated: z.looseObject({ key: z.optional(z.string()), updatedAt: z.optional(z.string()) }),
  }
}
