/** The mock kit, for `providers/<id>/<id>-mock.ts` (see src/kit/index.ts). Depends on msw. */
export {
  bearerToken,
  type FailOptions,
  type MockCall,
  MockContext,
  type MockReply,
  MockState,
  nowIso,
  type ProviderMock,
  type RateLimitOptions,
  readJsonBody,
} from './mock-kit'
export { isDotSegment, isIsoDate, isIsoDateTime, todayUtc } from './predicates'
