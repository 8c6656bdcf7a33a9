// A consumer of keyshift for the type-check cost row of `npm run bench`: one update on each provider, reading a
// normalized field and a raw one. bench/typecheck/openapi-fetch.ts makes the same calls through openapi-fetch.
import { createPartoo, createPlumaa, createPulseCrm, createTheAuthApi, updateApiKey } from 'keyshift'

const partoo = await updateApiKey({
  provider: createPartoo({ apiKey: process.env.PARTOO_API_KEY }),
  keyId: 3245,
  name: 'CI deploy',
  expiresAt: '2027-06-30',
})
const pulse = await updateApiKey({
  provider: createPulseCrm({ baseUrl: 'https://crm.example.com/api', token: process.env.PULSECRM_TOKEN }),
  keyId: 'k1',
  description: 'CI deploy',
  permissions: ['readApplications'],
})
const auth = await updateApiKey({
  provider: createTheAuthApi({ accessKey: process.env.THEAUTHAPI_ACCESS_KEY }),
  keyId: 'live_abc',
  name: 'CI deploy',
  metadata: { team: 'ci' },
})
const plumaa = await updateApiKey({
  provider: createPlumaa({ apiKey: process.env.PLUMAA_API_KEY }),
  keyId: '64b7f0c2a1d3e4f5a6b7c8d9',
  enabled: false,
})
export const read = [partoo.name, partoo.raw.label, pulse.raw, auth.name, plumaa.enabled, plumaa.raw.enabled]
