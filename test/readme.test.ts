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

describe('README examples that check:readme runs keep working in years to come', () => {
  it('every calendar day in an example block is at least five years away (Partoo refuses a past expiry)', () => {
    const blocks = [...readme.matchAll(/```\w*\n([\s\S]*?)```/g)].map((match) => match[1]).join('\n')
    const days = [...blocks.matchAll(/\b(\d{4})-\d{2}-\d{2}\b/g)].map((match) => Number(match[1]))
    expect(days.length).toBeGreaterThan(0)
    const soon = days.filter((year) => year < new Date().getUTCFullYear() + 5)
    expect(soon).toEqual([])
  })
})
