/** A spec-valid Plumaa ID response body, for tests that stub `fetch`. */

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
