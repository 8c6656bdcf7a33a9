/** Spec-valid Unkey answers, for tests that stub `fetch`. */
export const unkeyUpdated = { meta: { requestId: 'req_01H9TQPP77V5E48E9SH0BG0ZQY' }, data: {} }

export const unkeyKey = {
  meta: { requestId: 'req_01H9TQPP77V5E48E9SH0BG0ZQZ' },
  data: {
    keyId: 'key_2cGKbMxRyIzhCxo1Idjz8q',
    start: 'sk_test_abc',
    enabled: true,
    name: 'Payment Service Production Key',
    createdAt: 1_701_425_400_000,
    permissions: ['documents.read'],
    roles: ['editor'],
  },
}
