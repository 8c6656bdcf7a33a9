/** Spec-valid Algolia answers, for tests that stub `fetch`. */
export const algoliaKeyValue = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6'

/** `GET /1/keys/{key}`: the key and every setting. */
export const algoliaKey = {
  value: algoliaKeyValue,
  createdAt: 1_656_345_570_000,
  acl: ['search', 'browse'],
  description: 'storefront',
  indexes: ['prod_*'],
  maxHitsPerQuery: 100,
  maxQueriesPerIPPerHour: 1000,
  queryParameters: 'typoTolerance=strict',
  referers: ['https://shop.example.com/*'],
  validity: 0,
}

/** `PUT /1/keys/{key}`: accepted, applied in the background. */
export const algoliaUpdated = { key: algoliaKeyValue, updatedAt: '2026-07-04T12:49:15Z' }
