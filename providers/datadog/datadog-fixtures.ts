/** Spec-valid Datadog answers, for tests that stub `fetch`. */
export const datadogSecret = 'ddk_0123456789abcdef0123456789abcd'

export const datadogApiKey = {
  data: {
    id: '00112233-4455-6677-8899-aabbccddeeff',
    type: 'api_keys',
    attributes: {
      name: 'API Key for submitting metrics',
      key: datadogSecret,
      last4: 'abcd',
      category: 'default',
      remote_config_read_enabled: false,
      created_at: '2020-11-23T10:00:00.000Z',
      modified_at: '2020-11-23T10:00:00.000Z',
    },
  },
}

export const datadogApplicationKey = {
  data: {
    id: '11112233-4455-6677-8899-aabbccddeeff',
    type: 'application_keys',
    attributes: {
      name: 'Application Key for managing dashboards',
      key: datadogSecret,
      last4: 'abcd',
      scopes: ['dashboards_read'],
      created_at: '2020-11-23T10:00:00.000Z',
    },
  },
}
