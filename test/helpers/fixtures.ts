/** Spec-valid response bodies, one per provider; each lives in its provider's folder (`<id>-fixtures.ts`). */
export * from '../../providers/partoo/partoo-fixtures'
export * from '../../providers/plumaa/plumaa-fixtures'
export * from '../../providers/pulsecrm/pulsecrm-fixtures'
export * from '../../providers/theauthapi/theauthapi-fixtures'
