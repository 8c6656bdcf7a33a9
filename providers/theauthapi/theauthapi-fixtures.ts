/** A spec-valid The Auth API response body, for tests that stub `fetch`. */

export const theAuthApiSecret = 'live_k3y/with?odd#chars%2e-SECRET-VALUE'

export const theAuthApiKey = {
  key: theAuthApiSecret,
  name: 'Mobile app',
  customMetaData: { tier: 'gold' },
  customAccountId: 'acct_1',
  customUserId: null,
  env: 'live',
  createdAt: '2022-08-23T14:34:05.330Z',
  updatedAt: '2022-08-23T18:03:26.387Z',
  isActive: true,
  expiresAt: '2027-06-30T00:00:00.000Z',
  rateLimitConfigs: { rateLimit: 200, rateLimitTtl: 60 },
}
