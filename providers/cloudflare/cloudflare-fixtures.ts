/** A spec-valid Cloudflare token and its envelope, for tests that stub `fetch`. */
export const cloudflareToken = {
  id: 'ed17574386854bf78a67040be0a770b0',
  name: 'readonly token',
  status: 'active',
  issued_on: '2018-07-01T05:20:00Z',
  modified_on: '2018-07-02T05:20:00Z',
  expires_on: '2030-01-01T00:00:00Z',
  policies: [
    {
      id: 'f267e341f3dd4697bd3b9f71dd96247f',
      effect: 'allow' as const,
      permission_groups: [{ id: 'c8fed203ed3043cba015a93ad1616f1f', name: 'Zone Read' }],
      resources: { 'com.cloudflare.api.account.zone.eb78d65290b24279ba6f44721b3ea3c4': '*' },
    },
  ],
  condition: { request_ip: { in: ['199.27.128.0/21'], not_in: ['199.27.128.7/32'] } },
}

export const cloudflareEnvelope = (result: unknown = cloudflareToken) => ({
  success: true,
  errors: [],
  messages: [],
  result,
})
