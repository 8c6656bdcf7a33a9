/**
 * keyshift — one typed `updateApiKey` over many SaaS providers' API keys.
 * Each provider is also its own entry (`keyshift/partoo`, …) for the smallest bundles.
 */

// Every provider's own entry (its factory, options, input and result types), as generated from the folders.
export * from '../generated/providers'
export type { KnownProvider, ProviderId } from '../providers/providers'
export type { ApiKey, ApiKeyWithSecret } from './kit/api-key'
export {
  AbortError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  type Issue,
  KeyshiftError,
  type KeyshiftErrorJSON,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
  UnprocessableEntityError,
  UnsupportedFieldError,
  ValidationError,
} from './kit/errors'
export {
  type ApiKeyFields,
  type DateOnlyString,
  type FieldName,
  type JsonObject,
  type JsonValue,
  parseDay,
  type RateLimit,
  type Unsupported,
} from './kit/fields'
export type {
  ClientOptions,
  FetchLike,
  Logger,
  LogLevel,
  RequestEvent,
  ResponseEvent,
  RetryEvent,
  UpdateOptions,
} from './kit/options'
export { createPacer, type Pacer, type PacerOptions } from './kit/pacer'
export type {
  AnyProvider,
  InputOf,
  Provider,
  ResultOf,
  UpdateApiKeyInput,
  UpdateApiKeyInputOf,
} from './kit/provider'
export { updateApiKey } from './update-api-key'
export {
  type BulkOptions,
  type BulkOutcome,
  type BulkProgress,
  type BulkResult,
  updateApiKeys,
} from './update-api-keys'
export { type WaitForUpdateOptions, waitForUpdate } from './wait-for-update'
