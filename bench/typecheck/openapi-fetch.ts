// The same four updates as bench/typecheck/keyshift.ts, through openapi-fetch with the generated types.
import createClient from 'openapi-fetch'
import type { paths as PartooPaths } from '../../generated/partoo.js'
import type { paths as PlumaaPaths } from '../../generated/plumaa.js'
import type { paths as PulseCrmPaths } from '../../generated/pulsecrm.js'
import type { paths as TheAuthApiPaths } from '../../generated/theauthapi.js'

const partoo = await createClient<PartooPaths>({ baseUrl: 'https://api.partoo.co/v2' }).PUT(
  '/api_keys/{key_id}',
  {
    params: { path: { key_id: 3245 } },
    headers: { 'x-APIKey': process.env.PARTOO_API_KEY ?? '' },
    body: { label: 'CI deploy', expiration_date: '2027-06-30' },
  },
)
const pulse = await createClient<PulseCrmPaths>({ baseUrl: 'https://crm.example.com/api' }).PATCH(
  '/apikeys/{id}',
  {
    params: { path: { id: 'k1' } },
    headers: { authorization: `Bearer ${process.env.PULSECRM_TOKEN}` },
    body: { description: 'CI deploy', flatPermissionsList: ['readApplications'] },
  },
)
const auth = await createClient<TheAuthApiPaths>({ baseUrl: 'https://api.theauthapi.com' }).PATCH(
  '/api-keys/{key}',
  {
    params: { path: { key: 'live_abc' } },
    headers: { 'x-api-key': process.env.THEAUTHAPI_ACCESS_KEY ?? '' },
    body: { name: 'CI deploy', customMetaData: { team: 'ci' } },
  },
)
const plumaa = await createClient<PlumaaPaths>({ baseUrl: 'https://api.plumaa.id/rest/v1' }).PUT('/api-key', {
  params: { query: { input: JSON.stringify({ id: '64b7f0c2a1d3e4f5a6b7c8d9', enabled: false }) } },
  headers: { authorization: `Bearer ${process.env.PLUMAA_API_KEY}` },
  body: { input: { id: '64b7f0c2a1d3e4f5a6b7c8d9', enabled: false } },
})
export const read = [partoo.data?.label, pulse.data, auth.data?.name, plumaa.data?.enabled]
