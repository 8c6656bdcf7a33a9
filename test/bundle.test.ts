/** What an app's bundler ships: importing one provider must not pull in the others (searched in the output). */
import { existsSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { providerDefinitions } from '../providers/providers'
// @ts-expect-error: a plain .mjs script without types
import { bundleSize } from '../scripts/bundle-size.mjs'

const bundle = (code: string) => bundleSize(code) as Promise<{ text: string; gzipped: number }>

// Strings only that provider's code holds: the names of its credential variables (`PARTOO_API_KEY`).
const markers = Object.fromEntries(
  providerDefinitions.map((definition) => [definition.id, definition.credentialVariables]),
) as Record<string, readonly string[]>

beforeAll(() => {
  if (!existsSync(new URL('../dist/index.js', import.meta.url)))
    throw new Error('dist/ is missing: run `npm run build` (npm test does)')
})

describe.each(Object.keys(markers))('a bundle of keyshift/%s', (provider) => {
  it.each([
    ['the provider entry', `export * from 'keyshift/${provider}'`],
    [
      'the provider entry + updateApiKey from the root',
      `import { updateApiKey } from 'keyshift'; export { updateApiKey }; export * from 'keyshift/${provider}'`,
    ],
  ])('%s holds its own code and none of the other providers', async (_label, code) => {
    const { text } = await bundle(code)
    const found = (marker: string) => text.includes(marker)
    expect(markers[provider]?.filter(found)).toEqual(markers[provider])
    const foreign = Object.entries(markers).flatMap(([other, list]) =>
      other === provider ? [] : list.filter(found),
    )
    expect(foreign).toEqual([])
    expect(found('msw')).toBe(false)
  })
})
