/** A spec-valid Partoo response body, for tests that stub `fetch`. */

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
