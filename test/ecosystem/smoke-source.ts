/**
 * The smoke test every runtime runs, as source text: written into the scratch project that installed the packed
 * package, and imported there the way that runtime imports (ESM or CommonJS). It asks `keyshift mock-server`'s admin
 * route which providers to test, so a provider added to the registry joins without an edit here.
 */

/** The smoke module, importing the root entry and every provider entry (`keyshift/<id>`). */
export function smokeSource(providerIds: readonly string[], format: 'esm' | 'cjs'): string {
  const imports = providerIds.map((id, index) =>
    format === 'esm'
      ? `import * as entry${index} from 'keyshift/${id}'`
      : `const entry${index} = require('keyshift/${id}')`,
  )
  const root =
    format === 'esm' ? `import * as keyshift from 'keyshift'` : `const keyshift = require('keyshift')`
  const exported =
    format === 'esm' ? 'export async function smoke' : 'module.exports.smoke = async function smoke'
  return `${root}
${imports.join('\n')}

const entries = { ${providerIds.map((id, index) => `${JSON.stringify(id)}: entry${index}`).join(', ')} }

async function post(url, body) {
  const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (!answer.ok) throw new Error('admin ' + url + ' answered ' + answer.status)
}

/** One update per provider, one retry, one typed error, and no credential in anything printed. */
${exported}(admin) {
  const info = await (await fetch(admin)).json()
  const inBrowser = typeof document !== 'undefined'
  const report = { updated: [], refused: [], errors: [], retried: false, typedError: false, leaks: [] }
  const outputs = []
  const secrets = []
  const clients = {}
  for (const [id, entry] of Object.entries(entries)) {
    const provider = info.providers[id]
    if (!provider) { report.errors.push(id + ': not served by the mock server'); continue }
    const create = Object.entries(entry).find(([name, value]) => name.startsWith('create') && typeof value === 'function')?.[1]
    if (!create) { report.errors.push(id + ': keyshift/' + id + ' exports no create<Name> factory'); continue }
    for (const [name, value] of Object.entries(provider.options))
      if (/key|token|secret|password/i.test(name) && typeof value === 'string') secrets.push(value)
    clients[id] = (extra = {}) => create({ ...provider.options, retryBaseDelayMs: 0, ...extra })
    try {
      const key = await keyshift.updateApiKey({ provider: clients[id](), ...provider.example })
      outputs.push(JSON.stringify(key), String(key))
      if (key.provider === id) report.updated.push(id)
      else report.errors.push(id + ': the result names ' + key.provider)
    } catch (error) {
      outputs.push(String(error), JSON.stringify(error))
      // A vendor that refuses browser origins fails in a page as in production: without a response.
      if (inBrowser && provider.refusesBrowsers && error instanceof keyshift.ConnectionError) report.refused.push(id)
      else report.errors.push(id + ': ' + error)
    }
  }
  const [id] = report.updated
  if (id) {
    const base = admin.replace(/\\/$/, '')
    const { example } = info.providers[id]
    await post(base + '/fail', { provider: id, status: 503 })
    let retries = 0
    const key = await keyshift.updateApiKey({ provider: clients[id]({ onRetry: () => { retries++ } }), ...example })
    report.retried = retries === 1 && key.provider === id
    await post(base + '/fail', { provider: id, status: 404 })
    try {
      await keyshift.updateApiKey({ provider: clients[id]({ maxRetries: 0 }), ...example })
    } catch (error) {
      report.typedError = error instanceof keyshift.NotFoundError && error instanceof keyshift.KeyshiftError && error.status === 404
      outputs.push(String(error), JSON.stringify(error), String(error.stack))
    }
  }
  report.leaks = secrets.filter((secret) => outputs.some((output) => output.includes(secret))).length
  return report
}
`
}
