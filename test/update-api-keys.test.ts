import { describe, expect, it } from 'vitest'
import { partooKey } from '../providers/partoo/partoo-fixtures'
import { plumaaKey } from '../providers/plumaa/plumaa-fixtures'
import {
  createPartoo,
  createPlumaa,
  createPulseCrm,
  NotFoundError,
  updateApiKeys,
  ValidationError,
} from '../src'
import { json, observedFetch } from './helpers/observed-fetch'
import { warningsDuring } from './helpers/warnings'

function slowPartoo(delayMs: number, failIds: Set<number> = new Set()) {
  let inFlight = 0
  let maxInFlight = 0
  const observed = observedFetch(async (request) => {
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    await new Promise((resolve) => setTimeout(resolve, delayMs))
    inFlight--
    const id = Number(request.url.split('/').pop())
    return failIds.has(id)
      ? json({ errors: { json: 'Resource not found' } }, { status: 404 })
      : json({ ...partooKey, id })
  })
  return {
    provider: createPartoo({ apiKey: 'test-key', fetch: observed.fetch }),
    requests: observed.requests,
    maxInFlight: () => maxInFlight,
  }
}

describe('updateApiKeys', () => {
  it('keeps at most `concurrency` calls in flight and returns results in input order', async () => {
    const { provider, maxInFlight } = slowPartoo(10)
    const items = Array.from({ length: 20 }, (_, index) => ({
      provider,
      keyId: index + 1,
      name: `n${index}`,
    }))
    const results = await updateApiKeys(items, { concurrency: 3, requestsPerMinute: { partoo: 0 } })
    expect(maxInFlight()).toBe(3)
    expect(results.map((result) => result.ok && result.key.id)).toEqual(
      items.map((item) => String(item.keyId)),
    )
  })

  it('reports each failure typed, per item, without stopping the others', async () => {
    const { provider } = slowPartoo(1, new Set([2, 4]))
    const plumaaObserved = observedFetch(() => json(plumaaKey))
    const plumaa = createPlumaa({ apiKey: 'test-key', fetch: plumaaObserved.fetch })
    const progress: number[] = []
    const results = await updateApiKeys(
      [
        { provider, keyId: 1, name: 'a' },
        { provider, keyId: 2, name: 'b' },
        { provider: plumaa, keyId: plumaaKey.id, enabled: false },
        { provider, keyId: 4, name: 'd' },
      ],
      { onProgress: ({ done }) => progress.push(done), requestsPerMinute: { partoo: 0 } },
    )
    expect(results.map((result) => result.ok)).toEqual([true, false, true, false])
    expect(results[1]).toMatchObject({ ok: false, provider: 'partoo', started: true })
    expect(!results[1]!.ok && results[1]!.error).toBeInstanceOf(NotFoundError)
    expect(progress).toEqual([1, 2, 3, 4])
  })

  it('validates every item first: invalid items → one ValidationError listing all of them, nothing sent', async () => {
    const { provider, requests } = slowPartoo(1)
    const items: unknown[] = Array.from({ length: 20 }, (_, index) => ({
      provider,
      keyId: index + 1,
      name: 'x',
    }))
    items[5] = null
    items[7] = { provider, keyId: 8, enabled: true }
    items[9] = { provider, keyId: 10, expiresAt: '2027-02-30' }
    const error = await updateApiKeys(items as never, {
      concurrency: 4,
      requestsPerMinute: { partoo: 0 },
    }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).issues.map((issue) => issue.path.slice(0, 2))).toEqual([
      [5, 'provider'],
      [7, 'enabled'],
      [9, 'expiresAt'],
    ])
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(requests).toHaveLength(0)
  })

  it('an unexpected failure of one item never stops the others', async () => {
    let calls = 0
    const observed = observedFetch(async (request) => {
      calls++
      if (request.url.endsWith('/3')) throw new Error('socket exploded')
      return json(partooKey)
    })
    const provider = createPartoo({ apiKey: 'test-key', fetch: observed.fetch, maxRetries: 0 })
    const results = await updateApiKeys(
      Array.from({ length: 6 }, (_, index) => ({ provider, keyId: index + 1, name: 'x' })),
      { concurrency: 4, requestsPerMinute: { partoo: 0 } },
    )
    expect(calls).toBe(6)
    expect(results.map((result) => result.ok)).toEqual([true, true, false, true, true, true])
  })

  it('stop: in-flight calls finish, nothing new starts, the rest are marked not started', async () => {
    const { provider, requests } = slowPartoo(40)
    const stop = new AbortController()
    setTimeout(() => stop.abort(), 60)
    const results = await updateApiKeys(
      Array.from({ length: 10 }, (_, index) => ({ provider, keyId: index + 1, name: 'x' })),
      { concurrency: 2, stop: stop.signal, requestsPerMinute: { partoo: 0 } },
    )
    const applied = results.filter((result) => result.ok).length
    const notStarted = results.filter((result) => !result.ok && !result.started)
    expect(applied).toBe(requests.length)
    expect(applied).toBeGreaterThanOrEqual(2)
    expect(applied + notStarted.length).toBe(10)
    expect(notStarted.every((result) => !result.ok && result.error.message.includes('not started'))).toBe(
      true,
    )
  })

  it('concurrency 20 on one signal prints no MaxListenersExceededWarning', async () => {
    const warnings = await warningsDuring(async () => {
      const { provider } = slowPartoo(20)
      const controller = new AbortController()
      const results = await updateApiKeys(
        Array.from({ length: 40 }, (_, index) => ({ provider, keyId: index + 1, name: 'x' })),
        { concurrency: 20, signal: controller.signal, requestsPerMinute: { partoo: 0 } },
      )
      expect(results.every((result) => result.ok)).toBe(true)
    })
    expect(warnings).not.toContain('MaxListenersExceededWarning')
  })

  it('paces Partoo at 300 calls per minute by default (one call every 200 ms)', async () => {
    const { provider, requests } = slowPartoo(0)
    const started = performance.now()
    await updateApiKeys(
      Array.from({ length: 3 }, (_, index) => ({ provider, keyId: index + 1, name: 'x' })),
      { concurrency: 3 },
    )
    expect(requests).toHaveLength(3)
    expect(performance.now() - started).toBeGreaterThanOrEqual(390)
  })

  it('an abort stops the rest: every unfinished item is an AbortError', async () => {
    const { provider } = slowPartoo(30)
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 45)
    const results = await updateApiKeys(
      Array.from({ length: 10 }, (_, index) => ({ provider, keyId: index + 1, name: 'x' })),
      { concurrency: 1, signal: controller.signal, requestsPerMinute: { partoo: 0 } },
    )
    expect(results.filter((result) => result.ok).length).toBeLessThan(3)
    expect(
      results.filter((result) => !result.ok && result.error.name === 'AbortError').length,
    ).toBeGreaterThan(7)
  })
})

describe('updateApiKeys: faults in the runner are reported, not thrown', () => {
  it('onProgress throwing changes no outcome: the run stops, and the items not started say why', async () => {
    const { provider, requests } = slowPartoo(5)
    const results = await updateApiKeys(
      Array.from({ length: 6 }, (_, index) => ({ provider, keyId: index + 1, name: 'x' })),
      {
        concurrency: 1,
        requestsPerMinute: { partoo: 0 },
        onProgress: ({ done }) => {
          if (done === 2) throw new TypeError('the progress bar broke')
        },
      },
    )
    expect(results.map((result) => result.outcome)).toEqual([
      'applied',
      'applied',
      'not-started',
      'not-started',
      'not-started',
      'not-started',
    ])
    expect(requests).toHaveLength(2)
    const notStarted = results[2]
    if (!notStarted || notStarted.ok) throw new Error('item 2 should not have started')
    expect(notStarted.error.message).toBe(
      'partoo: not started: the run was stopped (onProgress threw TypeError)',
    )
    expect((notStarted.error.cause as Error).message).toBe('the progress bar broke')
  })

  it('onStart (write-ahead) throwing: that item is not sent, and nothing after it starts', async () => {
    const { provider, requests } = slowPartoo(5)
    const results = await updateApiKeys(
      Array.from({ length: 4 }, (_, index) => ({ provider, keyId: index + 1, name: 'x' })),
      {
        concurrency: 1,
        requestsPerMinute: { partoo: 0 },
        onStart: ({ index }) => {
          if (index === 1) throw new Error('disk full')
        },
      },
    )
    expect(results.map((result) => result.outcome)).toEqual([
      'applied',
      'not-started',
      'not-started',
      'not-started',
    ])
    expect(requests.map((request) => request.url.split('/').pop())).toEqual(['1'])
  })

  it('stop ends pacing waits at once: nothing is sent after it', async () => {
    const { provider, requests } = slowPartoo(0)
    const stop = new AbortController()
    const started = performance.now()
    setTimeout(() => stop.abort(), 50)
    const results = await updateApiKeys(
      Array.from({ length: 3 }, (_, index) => ({ provider, keyId: index + 1, name: 'x' })),
      { concurrency: 3, requestsPerMinute: { partoo: 30 }, stop: stop.signal },
    )
    expect(requests).toHaveLength(1)
    expect(results.map((result) => result.outcome)).toEqual(['applied', 'not-started', 'not-started'])
    // The next slot was 2 s away; the run ended right after the stop.
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('an abort of updates in flight reports them unknown (sent, answer lost), not failed', async () => {
    const { provider } = slowPartoo(200)
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const results = await updateApiKeys(
      Array.from({ length: 3 }, (_, index) => ({ provider, keyId: index + 1, name: 'x' })),
      { concurrency: 2, requestsPerMinute: { partoo: 0 }, signal: controller.signal },
    )
    expect(results.map((result) => result.outcome)).toEqual(['unknown', 'unknown', 'not-started'])
    expect(results.map((result) => !result.ok && result.error.mayHaveBeenApplied)).toEqual([
      true,
      true,
      false,
    ])
  })
})

describe('updateApiKeys: pacing counts requests and adapts', () => {
  it('every request takes a slot: a login, a read and a write are three', async () => {
    const started = performance.now()
    const sentAt: number[] = []
    const observed = observedFetch((request) => {
      sentAt.push(performance.now() - started)
      if (request.url.endsWith('/auth/login')) return json({ token: 'session' })
      if (request.method === 'GET')
        return json({ apiKeys: [{ id: 'k1', description: 'd', flatPermissionsList: [] }] })
      return json({ success: true })
    })
    const provider = createPulseCrm({
      baseUrl: 'https://crm.example.com/api',
      email: 'admin@example.com',
      password: 'test-password',
      fetch: observed.fetch,
    })
    await updateApiKeys([{ provider, keyId: 'k1', expiresAt: null }], {
      requestsPerMinute: { pulsecrm: 600 },
    })
    // login, GET /apikeys, PATCH: 100 ms apart at 600 a minute.
    expect(observed.requests.map((request) => request.method)).toEqual(['POST', 'GET', 'PATCH'])
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(90)
    expect(sentAt[2]! - sentAt[1]!).toBeGreaterThanOrEqual(90)
  })

  it('a 429 pauses every worker for its Retry-After, and the retry waits for a slot too', async () => {
    const sentAt: number[] = []
    const started = performance.now()
    let limited = false
    const observed = observedFetch(() => {
      sentAt.push(performance.now() - started)
      if (!limited) {
        limited = true
        return json({ errors: { json: 'slow down' } }, { status: 429, headers: { 'retry-after': '1' } })
      }
      return json(partooKey)
    })
    const provider = createPartoo({ apiKey: 'test-key', fetch: observed.fetch, retryBaseDelayMs: 0 })
    const results = await updateApiKeys(
      Array.from({ length: 4 }, (_, index) => ({ provider, keyId: index + 1, name: 'x' })),
      { concurrency: 4, requestsPerMinute: { partoo: 0 } },
    )
    expect(results.every((result) => result.ok)).toBe(true)
    // The first request drew the 429; the three others had gone out with it (unpaced); the retry and anything
    // after waited out the second the server asked for.
    expect(sentAt.filter((at) => at < 900)).toHaveLength(4)
    expect(sentAt.filter((at) => at >= 950)).toHaveLength(1)
  })
})

describe('updateApiKeys: exactly-once building blocks', () => {
  it('items on one key run in list order, one at a time, whatever the concurrency', async () => {
    const order: string[] = []
    const observed = observedFetch(async (request) => {
      const name = JSON.parse(request.body ?? '{}').label
      order.push(`start ${name}`)
      await new Promise((resolve) => setTimeout(resolve, name === 'A' ? 30 : 1))
      order.push(`end ${name}`)
      return json(partooKey)
    })
    const provider = createPartoo({ apiKey: 'test-key', fetch: observed.fetch })
    await updateApiKeys(
      [
        { provider, keyId: 7, name: 'A' },
        { provider, keyId: 7, name: 'B' },
        { provider, keyId: 8, name: 'other' },
        { provider, keyId: 7, name: 'C' },
      ],
      { concurrency: 4, requestsPerMinute: { partoo: 0 } },
    )
    const onSeven = order.filter((line) => !line.includes('other'))
    expect(onSeven).toEqual(['start A', 'end A', 'start B', 'end B', 'start C', 'end C'])
    expect(order.indexOf('start other')).toBeLessThan(order.indexOf('end A'))
  })

  it('verify: an item found already applied by a read is not sent; one that is not there is sent', async () => {
    const stored = new Map<string, { id: number; label: string }>([
      ['1', { id: 1, label: 'done already' }],
      ['2', { id: 2, label: 'old' }],
    ])
    const observed = observedFetch((request) => {
      const id = /\/api_keys\/(\d+)/.exec(request.url)?.[1] ?? ''
      if (request.method === 'GET') return json({ ...partooKey, ...stored.get(id) })
      stored.set(id, { id: Number(id), label: JSON.parse(request.body ?? '{}').label })
      return json({ ...partooKey, ...stored.get(id) })
    })
    const provider = createPartoo({ apiKey: 'test-key', fetch: observed.fetch })
    const results = await updateApiKeys(
      [
        { provider, keyId: 1, name: 'done already' },
        { provider, keyId: 2, name: 'new' },
        { provider, keyId: 3, name: 'not in doubt' },
      ],
      { requestsPerMinute: { partoo: 0 }, verify: (index) => index < 2 },
    )
    expect(results.map((result) => result.ok && result.verified)).toEqual([true, false, false])
    expect(
      observed.requests.map((request) => `${request.method} ${request.url.split('/v2')[1]}`).sort(),
    ).toEqual([
      'GET /api_keys/1?include_all_permissions=true',
      'GET /api_keys/2?include_all_permissions=true',
      'PUT /api_keys/2',
      'PUT /api_keys/3',
    ])
  })
})

describe('updateApiKeys: pacing options are checked', () => {
  it.each([Number.NaN, -1, 1e-9, '300'])(
    'requestsPerMinute %s is a ValidationError, nothing sent',
    async (rate) => {
      const { provider, requests } = slowPartoo(0)
      const error = await updateApiKeys([{ provider, keyId: 1, name: 'x' }], {
        requestsPerMinute: { partoo: rate as number },
      }).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).field).toBe('requestsPerMinute.partoo')
      expect(requests).toHaveLength(0)
    },
  )

  it('the deprecated callsPerMinute still paces (as requests per minute)', async () => {
    const { provider, requests } = slowPartoo(0)
    const started = performance.now()
    await updateApiKeys(
      Array.from({ length: 2 }, (_, index) => ({ provider, keyId: index + 1, name: 'x' })),
      { concurrency: 2, callsPerMinute: { partoo: 600 } },
    )
    expect(requests).toHaveLength(2)
    expect(performance.now() - started).toBeGreaterThanOrEqual(90)
  })
})

describe('updateApiKeys: the run options are checked before anything is sent', () => {
  it.each([0, -1, 1.5, Number.NaN])('concurrency %s is a ValidationError', async (concurrency) => {
    const { provider, requests } = slowPartoo(0)
    await expect(updateApiKeys([{ provider, keyId: 1, name: 'x' }], { concurrency })).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'concurrency: must be a positive integer',
    })
    expect(requests).toHaveLength(0)
  })

  it.each([0, Number.POSITIVE_INFINITY, 1 / 1440])('requestsPerMinute %s is accepted', async (rate) => {
    const { provider } = slowPartoo(0)
    const [result] = await updateApiKeys([{ provider, keyId: 1, name: 'x' }], {
      requestsPerMinute: { partoo: rate },
    })
    expect(result?.ok).toBe(true)
  })

  it('a rate just under one a day is refused, naming the option', async () => {
    const { provider } = slowPartoo(0)
    await expect(
      updateApiKeys([{ provider, keyId: 1, name: 'x' }], { requestsPerMinute: { partoo: 1 / 1441 } }),
    ).rejects.toThrow(
      'requestsPerMinute.partoo: must be a number of requests per minute (at least 1/1440), 0 or Infinity',
    )
  })

  it.each(['signal', 'stop'] as const)('%s that is not an AbortSignal is a ValidationError', async (name) => {
    const { provider, requests } = slowPartoo(0)
    const error = await updateApiKeys([{ provider, keyId: 1, name: 'x' }], {
      [name]: {} as AbortSignal,
    }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).field).toBe(name)
    expect(requests).toHaveLength(0)
  })

  it('items that are not a list, or items without a provider client, are refused with their index', async () => {
    await expect(updateApiKeys({} as never)).rejects.toThrow('items must be an array of updates')
    const { provider } = slowPartoo(0)
    const error = (await updateApiKeys([
      { provider, keyId: 1, name: 'x' },
      null,
      { provider: 'partoo', keyId: 2 },
    ] as never).catch((caught: unknown) => caught)) as ValidationError
    expect(error.issues.map((issue) => issue.path)).toEqual([
      [1, 'provider'],
      [2, 'provider'],
    ])
    expect(error.issues[0]?.message).toBe('must be a provider client, e.g. createPartoo({ apiKey })')
  })

  it("an item's problems carry its index and the provider that refused it", async () => {
    const { provider } = slowPartoo(0)
    const error = (await updateApiKeys([
      { provider, keyId: 1, name: 'x' },
      { provider, keyId: 2, name: '' },
    ]).catch((caught: unknown) => caught)) as ValidationError
    expect(error.issues).toHaveLength(1)
    expect(error.issues[0]?.path.slice(0, 2)).toEqual([1, 'name'])
    expect(error.issues[0]?.message).toMatch(/ \(partoo\)$/)
  })

  it('an empty list sends nothing and returns nothing', async () => {
    expect(await updateApiKeys([])).toEqual([])
  })
})

describe('updateApiKeys: stopped before it starts', () => {
  it('a stop already aborted: every item is not started, nothing sent', async () => {
    const { provider, requests } = slowPartoo(0)
    const results = await updateApiKeys(
      [
        { provider, keyId: 1, name: 'x' },
        { provider, keyId: 2, name: 'y' },
      ],
      { stop: AbortSignal.abort() },
    )
    expect(results).toEqual([
      expect.objectContaining({ index: 0, ok: false, outcome: 'not-started', started: false }),
      expect.objectContaining({ index: 1, ok: false, outcome: 'not-started', started: false }),
    ])
    expect(!results[0]?.ok && results[0]?.error.message).toBe('partoo: not started: the run was stopped')
    expect(requests).toHaveLength(0)
  })

  it('a signal already aborted: every item is not started, nothing sent', async () => {
    const { provider, requests } = slowPartoo(0)
    const results = await updateApiKeys([{ provider, keyId: 1, name: 'x' }], { signal: AbortSignal.abort() })
    expect(results[0]).toMatchObject({ ok: false, outcome: 'not-started', started: false })
    expect(requests).toHaveLength(0)
  })

  it('a hook that throws something not an Error is named by its type', async () => {
    const { provider, requests } = slowPartoo(0)
    const results = await updateApiKeys(
      [
        { provider, keyId: 1, name: 'x' },
        { provider, keyId: 2, name: 'y' },
      ],
      {
        concurrency: 1,
        onStart: () => {
          throw 'no'
        },
      },
    )
    expect(!results[0]?.ok && results[0]?.error.message).toBe(
      'partoo: not started: the run was stopped (onStart threw string)',
    )
    expect(!results[1]?.ok && results[1]?.error.message).toBe(
      'partoo: not started: the run was stopped (onStart threw string)',
    )
    expect(requests).toHaveLength(0)
  })

  it('progress counts what is done and what failed, of the total', async () => {
    const { provider } = slowPartoo(0, new Set([2]))
    const seen: [number, number, number][] = []
    await updateApiKeys(
      [1, 2, 3].map((keyId) => ({ provider, keyId, name: 'x' })),
      {
        concurrency: 1,
        requestsPerMinute: { partoo: 0 },
        onProgress: ({ done, total, failed }) => seen.push([done, total, failed]),
      },
    )
    expect(seen).toEqual([
      [1, 3, 0],
      [2, 3, 1],
      [3, 3, 1],
    ])
  })

  it('verify on a provider that cannot read keys sends the update as usual', async () => {
    const observed = observedFetch(() => json(plumaaKey))
    const plumaa = createPlumaa({ apiKey: 'test-key', fetch: observed.fetch })
    const [result] = await updateApiKeys([{ provider: plumaa, keyId: plumaaKey.id, enabled: false }], {
      verify: () => true,
    })
    expect(result).toMatchObject({ ok: true, verified: false })
    expect(observed.requests.map((request) => request.method)).toEqual(['PUT'])
  })

  it("an unexpected failure (a client hook's bug) is typed by its name, without its text", async () => {
    const observed = observedFetch(() => json(partooKey))
    const provider = createPartoo({
      apiKey: 'test-key',
      fetch: observed.fetch,
      onRequest: () => {
        throw new RangeError('hook text with secret-ish detail')
      },
    })
    const [result] = await updateApiKeys([{ provider, keyId: 1, name: 'x' }])
    expect(result).toMatchObject({ ok: false, outcome: 'failed', started: true })
    expect(!result?.ok && result?.error.message).toBe('partoo: unexpected failure (RangeError)')
  })
})
