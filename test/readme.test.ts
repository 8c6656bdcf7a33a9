import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const root = new URL('..', import.meta.url)
const readme = readFileSync(new URL('README.md', root), 'utf8')
const scripts = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).scripts as Record<
  string,
  string
>

describe('README', () => {
  it('shows the msw example that examples/msw-example.test.ts runs, verbatim', () => {
    const example = readFileSync(new URL('examples/msw-example.test.ts', root), 'utf8')
    expect(readme).toContain(example)
  })

  it('quick start commands exist, and CI runs the same test command', () => {
    expect(readme).toContain('npm run demo')
    expect(readme).toContain('npm test')
    expect(scripts.demo).toBeTruthy()
    expect(readFileSync(new URL('.ci/run', root), 'utf8')).toMatch(/^npm test/m)
  })
})
