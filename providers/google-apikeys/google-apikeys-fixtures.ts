/** Spec-valid API Keys API answers, for tests that stub `fetch`. */
export const googleKeyName =
  'projects/123456867718/locations/global/keys/b7ff1f9f-8275-410a-94dd-3855ee9b5dd2'

export const googleKey = {
  name: googleKeyName,
  uid: 'b7ff1f9f-8275-410a-94dd-3855ee9b5dd2',
  displayName: 'maps frontend',
  createTime: '2023-08-06T10:00:00.000Z',
  updateTime: '2023-08-06T10:00:00.000Z',
  etag: 'W/"etag-1"',
  annotations: { team: 'web' },
  restrictions: {
    browserKeyRestrictions: { allowedReferrers: ['https://www.example.com/*'] },
    apiTargets: [{ service: 'maps-backend.googleapis.com' }],
  },
}

export const googleOperation = (done: boolean) => ({
  name: 'operations/akmf.p7-1234',
  done,
  ...(done && { response: { '@type': 'type.googleapis.com/google.api.apikeys.v2.Key', ...googleKey } }),
})
