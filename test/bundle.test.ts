/** What an app's bundler ships: importing one provider must not pull in the others (searched in the output). */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'
import { beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script without types
import { bundleSize } from '../bench/bundle-sizes.mjs'
import { providerDefinitions } from '../providers/providers'

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

/**
 * A one-provider app's bundle, built from source with esbuild's metafile: which files put bytes into it. Optionally
 * with one more provider registered (test/fixture-provider added to the registry and the root entry's barrel, as
 * CONTRIBUTING's steps add one), to prove that adding a provider leaves every other provider's bundle as it was.
 */
async function sourceBundle(provider: string, withExtraProvider: boolean) {
  const root = fileURLToPath(new URL('..', import.meta.url))
  const addFixture: Plugin = {
    name: 'register-the-fixture-provider',
    setup(builder) {
      const extra: Record<string, string> = {
        'providers/registry.ts': "export { fixture } from '../test/fixture-provider/fixture-provider'",
        'generated/providers.ts': "export * from '../test/fixture-provider/fixture-provider'",
      }
      builder.onLoad({ filter: /(providers\/registry|generated\/providers)\.ts$/ }, (args) => {
        const line = Object.entries(extra).find(([file]) => args.path.endsWith(file))?.[1]
        return { contents: `${readFileSync(args.path, 'utf8')}\n${line}\n`, loader: 'ts' }
      })
    },
  }
  const result = await build({
    stdin: {
      contents: `export { updateApiKey } from './src/index.ts'; export * from './providers/${provider}/index.ts'`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    metafile: true,
    external: ['zod', 'openapi-fetch', 'msw'],
    plugins: withExtraProvider ? [addFixture] : [],
    logLevel: 'silent',
  })
  const output = Object.values(result.metafile.outputs)[0]!
  const contributing = Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([file]) => file)
  return { text: result.outputFiles[0]!.text, contributing }
}

describe.each(Object.keys(markers))('the source of a keyshift/%s bundle', (provider) => {
  it('holds no file of another provider (only its folder, its generated types, the kit and the facade)', async () => {
    const { contributing } = await sourceBundle(provider, false)
    expect(contributing.some((file) => file.startsWith(`providers/${provider}/`))).toBe(true)
    const foreign = contributing.filter(
      (file) =>
        (file.startsWith('providers/') && !file.startsWith(`providers/${provider}/`)) ||
        (file.startsWith('generated/') && file !== `generated/${provider}.ts`) ||
        file.startsWith('test/'),
    )
    expect(foreign).toEqual([])
  })

  it('is byte for byte the same when another provider is added to the registry', async () => {
    const before = await sourceBundle(provider, false)
    const after = await sourceBundle(provider, true)
    expect(after.contributing.some((file) => file.startsWith('test/fixture-provider/'))).toBe(false)
    expect(after.text).toBe(before.text)
  })
})

it('the registry addition above is real: a bundle of the root entry grows with the fixture provider', async () => {
  const everything = async (withExtraProvider: boolean) => {
    const root = fileURLToPath(new URL('..', import.meta.url))
    const result = await build({
      stdin: { contents: "export * from './src/index.ts'", resolveDir: root, loader: 'ts' },
      bundle: true,
      write: false,
      format: 'esm',
      metafile: true,
      external: ['zod', 'openapi-fetch', 'msw'],
      logLevel: 'silent',
      plugins: withExtraProvider
        ? [
            {
              name: 'register-the-fixture-provider',
              setup(builder) {
                builder.onLoad({ filter: /generated\/providers\.ts$/ }, (args) => ({
                  contents: `${readFileSync(args.path, 'utf8')}\nexport * from '../test/fixture-provider/fixture-provider'\n`,
                  loader: 'ts',
                }))
              },
            },
          ]
        : [],
    })
    return result.outputFiles[0]!.text
  }
  const [without, withFixture] = [await everything(false), await everything(true)]
  expect(withFixture.length).toBeGreaterThan(without.length)
  expect(withFixture).toContain('fixture.invalid')
})
