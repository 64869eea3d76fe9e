import { describe, expect, it } from 'vitest'
import { charCount, langError, truncateForPreview } from './seo'

describe('truncateForPreview', () => {
  const cases: { name: string; in: string; limit: number; want: string }[] = [
    { name: 'fits', in: 'Book your flu shot', limit: 60, want: 'Book your flu shot' },
    { name: 'exactly the limit', in: 'a'.repeat(60), limit: 60, want: 'a'.repeat(60) },
    { name: 'cuts at a word', in: 'Book your flu shot at Riverside Clinics before the winter rush begins', limit: 40, want: 'Book your flu shot at Riverside Clinics…' },
    { name: 'cuts a long word', in: 'x'.repeat(80), limit: 10, want: `${'x'.repeat(9)}…` },
    { name: 'drops trailing punctuation', in: 'Flu clinic, opening hours, and more info here', limit: 27, want: 'Flu clinic, opening hours…' },
    { name: 'counts emoji as one', in: '💉💉💉', limit: 3, want: '💉💉💉' },
  ]
  for (const c of cases) it(c.name, () => expect(truncateForPreview(c.in, c.limit)).toBe(c.want))
})

describe('charCount', () => {
  it('counts code points', () => {
    expect(charCount('flu')).toBe(3)
    expect(charCount('💉 flu')).toBe(5)
  })
})

describe('langError', () => {
  const cases: [string, boolean][] = [
    ['', true],
    ['en', true],
    ['en-GB', true],
    ['zh-Hant-TW', true],
    ['e', false],
    ['english please', false],
    ['en_GB', false],
  ]
  for (const [tag, ok] of cases) it(JSON.stringify(tag), () => expect(langError(tag) === null).toBe(ok))
})
