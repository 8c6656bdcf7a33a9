import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { ServerError, UnsupportedFieldError, updateApiKey, ValidationError } from '../../src'
import { requestViolations } from '../../test/helpers/contract'
import { fieldsOtherThan } from '../../test/helpers/fields'
import { json, observedFetch } from '../../test/helpers/observed-fetch'
import { createPlumaa } from '.'
import { plumaaKey, plumaaSecret } from './plumaa-fixtures'

const baseUrl = 'https://api.staging.plumaa.id/rest/v1'
const apiKey = 'plumaa-bearer-api-key-0001'
const keyId = plumaaKey.id

function setup(respond: Parameters<typeof observedFetch>[0] = () => json(plumaaKey)) {
  const observed = observedFetch(respond)
  const provider = createPlumaa({ apiKey, environment: 'staging', fetch: observed.fetch })
  return { ...observed, provider }
}

describe('plumaa', () => {
  it('sends input as one JSON query value and as the body, never input[id]=', async () => {
    const { provider, requests } = setup()
    const key = await updateApiKey({ provider, keyId, name: 'Renamed', enabled: false })
    const [request] = requests
    const url = new URL(request!.url)
    expect(request?.method).toBe('PUT')
    expect(`${url.origin}${url.pathname}`).toBe(`${baseUrl}/api-key`)
    expect([...url.searchParams.keys()]).toEqual(['input'])
    expect(url.search).not.toContain('%5B') // no deepObject brackets
    const expected = { id: keyId, name: 'Renamed', enabled: false }
    expect(JSON.parse(url.searchParams.get('input')!)).toEqual(expected)
    expect(JSON.parse(request!.body!)).toEqual({ input: expected })
    expect(request?.headers.get('authorization')).toBe(`Bearer ${apiKey}`)
    expect(requestViolations('plumaa', request!, baseUrl)).toEqual([])
    expect(key).toMatchObject({ provider: 'plumaa', id: keyId, name: 'Signer backend', enabled: true })
    expect(key.revealSecret()).toBe(plumaaSecret)
    expect('secret' in key.raw).toBe(false)
    expect(JSON.stringify(key) + inspect(key, { showHidden: true, depth: 9 })).not.toContain(plumaaSecret)
  })

  it('reads SOFA error bodies', async () => {
    const { provider } = setup(() =>
      json(
        { errors: [{ message: 'Boolean cannot represent a non boolean value: "false"' }] },
        { status: 500 },
      ),
    )
    const error = await provider
      .updateApiKey({ keyId, enabled: true }, { maxRetries: 0 })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ServerError)
    expect(String(error)).toContain('Boolean cannot represent a non boolean value')
  })

  it.each(fieldsOtherThan(['name', 'enabled']))('rejects the unsupported field %s', async (field) => {
    const { provider, requests } = setup()
    const error = await provider
      .updateApiKey({ keyId, name: 'n', [field]: 'x' } as never)
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(UnsupportedFieldError)
    expect((error as UnsupportedFieldError).unsupportedField).toBe(field)
    expect(requests).toHaveLength(0)
  })

  it.each([
    [{ keyId: 'not-an-object-id', name: 'n' }, 'keyId'],
    [{ keyId: `${keyId}/../x`, name: 'n' }, 'keyId'],
    [{ keyId, enabled: 'false' }, 'enabled'],
    [{ keyId, name: '' }, 'name'],
    [{ keyId }, ''],
    [{ keyId, name: 'n', extra: 1 }, ''],
  ])('rejects %j', async (input, field) => {
    const { provider, requests } = setup()
    const error = await provider.updateApiKey(input as never).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).field).toBe(field)
    expect(requests).toHaveLength(0)
  })
})
