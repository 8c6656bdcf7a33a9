import type { components } from '../../generated/algolia'

/**
 * Algolia's access control lists (the `acl` enum of its OpenAPI document): what a key's `permissions` may hold.
 * https://www.algolia.com/doc/guides/security/api-keys/#access-control-list-acl
 */
export const algoliaAcls = [
  'addObject',
  'analytics',
  'browse',
  'deleteObject',
  'deleteIndex',
  'editSettings',
  'inference',
  'listIndexes',
  'logs',
  'personalization',
  'recommendation',
  'search',
  'seeUnretrievableAttributes',
  'settings',
  'usage',
  'nluWriteProject',
  'nluReadProject',
  'nluWriteEntity',
  'nluReadEntity',
  'nluWriteIntent',
  'nluReadIntent',
  'nluPrediction',
  'nluReadAnswers',
] as const satisfies readonly components['schemas']['acl'][]

/** An Algolia ACL. */
export type AlgoliaAcl = (typeof algoliaAcls)[number]
