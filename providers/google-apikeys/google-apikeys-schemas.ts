/** The API Keys API's zod schemas: the update input and the fields keyshift reads. Built on the provider's first call. */
import * as z from 'zod/mini'
import { arrayOf, ipAllowlist, nonEmptyString } from '../../src/kit/schemas'

const isStringMap = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((entry) => typeof entry === 'string')

export function buildGoogleApiKeysSchemas() {
  const strings = (what: string) =>
    arrayOf(nonEmptyString(`each ${what} must be a non-empty string`), `must be an array of ${what}s`, {})
  const restrictions = z.looseObject({
    browserKeyRestrictions: z.optional(z.looseObject({ allowedReferrers: z.optional(z.array(z.string())) })),
    serverKeyRestrictions: z.optional(z.looseObject({ allowedIps: z.optional(z.array(z.string())) })),
    androidKeyRestrictions: z.optional(
      z.looseObject({ allowedApplications: z.optional(z.array(z.unknown())) }),
    ),
    iosKeyRestrictions: z.optional(z.looseObject({ allowedBundleIds: z.optional(z.array(z.string())) })),
    apiTargets: z.optional(z.array(z.unknown())),
  })
  const key = z.looseObject({
    name: z.optional(z.string()),
    uid: z.optional(z.string()),
    displayName: z.optional(z.string()),
    annotations: z.optional(z.record(z.string(), z.string())),
    restrictions: z.optional(restrictions),
    etag: z.optional(z.string()),
    createTime: z.optional(z.string()),
    updateTime: z.optional(z.string()),
  })
  return {
    input: z.strictObject({
      // A key id, or the key's resource name `projects/<project>/locations/global/keys/<key id>`.
      keyId: z
        .string('must be a string')
        .check(
          z.refine(
            (value) => /^(projects\/[^/]+\/locations\/[^/]+\/keys\/)?[A-Za-z0-9_-]+$/.test(value),
            'must be a key id, or projects/<project>/locations/global/keys/<key id>',
          ),
        ),
      accountId: z.optional(
        z
          .string('must be a string')
          .check(z.refine((value) => /^[a-z0-9-]{1,63}$/.test(value), 'must be a project id or number')),
      ),
      name: z.optional(
        nonEmptyString().check(z.refine((value) => value.length <= 63, 'must be at most 63 characters')),
      ),
      metadata: z.optional(
        z.custom<Record<string, string>>(isStringMap, 'must be an object of strings (annotations)'),
      ),
      allowedReferrers: z.optional(strings('referrer')),
      ipAllowlist: z.optional(ipAllowlist()),
      androidApplications: z.optional(
        z.array(
          z.strictObject({
            sha1Fingerprint: z
              .string('must be a SHA-1 fingerprint')
              .check(
                z.refine(
                  (value) => /^([0-9A-Fa-f]{2}:){19}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{40}$/.test(value),
                  'must be a SHA-1 fingerprint (40 hexadecimal digits, colons allowed)',
                ),
              ),
            packageName: nonEmptyString(),
          }),
          'must be an array of { sha1Fingerprint, packageName }',
        ),
      ),
      iosBundleIds: z.optional(strings('bundle id')),
      apiTargets: z.optional(
        z.array(
          z.strictObject({ service: nonEmptyString(), methods: z.optional(strings('method')) }),
          'must be an array of { service, methods? }',
        ),
      ),
    }),
    key,
    // A long-running operation: done, with the key or an error, or still running.
    operation: z.looseObject({
      name: z.optional(z.string()),
      done: z.optional(z.boolean()),
      error: z.optional(z.looseObject({ code: z.optional(z.number()), message: z.optional(z.string()) })),
      response: z.optional(key),
    }),
  }
}
