/**
 * The provider kit: what a provider folder imports to build its client. Three public modules, one per kind of
 * file in a provider folder, so that nothing loads what it does not need:
 * - `src/kit` (this one): `<id>-provider.ts` — no zod, no msw (importing keyshift stays cheap);
 * - `src/kit/schemas`: `<id>-schemas.ts` — zod/mini builders (the schemas are built on a provider's first call);
 * - `src/kit/mock`: `<id>-mock.ts` — the msw mock kit, loaded only by `keyshift/msw`.
 */
export { type ApiKey, type ApiKeyWithSecret, maskSecret, UpdatedApiKey } from './api-key'
export { definedOnly } from './call'
export { type Call, defineProvider, type ProviderKit, type ProviderTypes } from './define-provider'
export {
  AbortError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  type Issue,
  KeyshiftError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
  UnprocessableEntityError,
  UnsupportedFieldError,
  ValidationError,
} from './errors'
export {
  type DateOnlyString,
  type FieldName,
  type JsonObject,
  type RequiredKeys,
  type Resolved,
  requiredFieldsOf,
  type UpdateFields,
} from './fields'
export type { ClientOptions, UpdateOptions } from './options'
export {
  dateProblem,
  isIsoDate,
  isIsoDateTime,
  sameInstant,
  sameJson,
  sameMembers,
  todayUtc,
  toIsoDateOrDateTime,
  toIsoDateTime,
} from './predicates'
export type { Provider } from './provider'
export { type UpdateResponse, withoutSecret } from './response'
export {
  assertCountsAndDurations,
  assertHeaderSafe,
  assertRedactable,
  loadCredential,
  readEnvironment,
} from './settings'
