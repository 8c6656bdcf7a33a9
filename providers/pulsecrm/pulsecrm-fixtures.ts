/** A spec-valid PulseCRM response body, for tests that stub `fetch`. */

export const pulseCrmKey = {
  id: 'key_01',
  apiKey: 'apiKey-7f3a',
  description: 'Nightly export',
  flatPermissionsList: ['readApplications'],
  expiresAt: null,
  createdAt: '2026-01-02T03:04:05.000Z',
  updatedAt: '2026-01-02T03:04:05.000Z',
}
