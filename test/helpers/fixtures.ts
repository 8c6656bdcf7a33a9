/** Spec-valid response bodies, one per provider, for tests that stub `fetch`. */

export const partooKey = {
  id: 3245,
  label: 'CI deploy',
  description: 'Deploys from CI',
  user_id: '5309c3a237bbc544d8e26737',
  user_name: null,
  user_role: 'ORG_ADMIN',
  user_type: 'bot',
  disabled: false,
  expiration_date: '2027-06-30',
  last_used_at: null,
  created_by: '5309c3a237bbc544d8e26737',
  created_by_name: 'John Smith',
  created_at: '2019-08-22 11:46:38.914467+00',
  revoked_by: null,
  revoked_by_name: null,
  revoked_at: null,
  ip_whitelist: ['10.0.0.0/8'],
  has_restricted_permissions: true,
  permissions: ['business_edit'],
}

export const pulseCrmKey = {
  id: 'key_01',
  apiKey: 'apiKey-7f3a',
  description: 'Nightly export',
  flatPermissionsList: ['readApplications'],
  expiresAt: null,
  createdAt: '2026-01-02T03:04:05.000Z',
  updatedAt: '2026-01-02T03:04:05.000Z',
}

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

export const plumaaSecret = 'plm_sk_0123456789abcdef-SECRET'

export const plumaaKey = {
  id: '5e5677d71bdc2ae76344968c',
  enabled: true,
  name: 'Signer backend',
  secret: plumaaSecret,
  organization: {
    id: '5e5677d71bdc2ae76344968d',
    name: 'Acme',
    logo: 'https://example.com/logo.png',
    emailAddress: 'ops@example.com',
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
  },
  createdAt: '2024-01-01T00:00:00Z',
  updatedAt: '2024-02-01T00:00:00Z',
}
