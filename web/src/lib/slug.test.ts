import { describe, expect, it } from 'vitest'
import { SLUG_MAX_LENGTH, isValidSlug, slugError, suggestSlug } from './slug'

describe('suggestSlug', () => {
  it.each([
    ['Flu Clinic', 'flu-clinic'],
    ['  Book your flu shot!  ', 'book-your-flu-shot'],
    ['Été 2025 — Clinique Saint-Éloi', 'ete-2025-clinique-saint-eloi'],
    ["Children's Health & Wellbeing", 'childrens-health-and-wellbeing'],
    ['A/B test: hero #2', 'a-b-test-hero-2'],
    ['---', ''],
    ['', ''],
    ['COVID-19 Boosters', 'covid-19-boosters'],
  ])('%j → %j', (title, slug) => {
    expect(suggestSlug(title)).toBe(slug)
  })

  it('always produces a valid slug for non-empty output', () => {
    for (const title of ['x', 'Über Straße', '日本語 page 1', '-a-', 'a'.repeat(300), `${'a'.repeat(99)} b`]) {
      const s = suggestSlug(title)
      if (s !== '') expect(slugError(s), `${title} → ${s}`).toBeNull()
    }
  })

  it('truncates to the maximum length without a trailing hyphen', () => {
    const s = suggestSlug(`${'a'.repeat(99)} bcd`)
    expect(s.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH)
    expect(s.endsWith('-')).toBe(false)
  })
})

describe('slugError', () => {
  it.each(['a', 'flu-clinic', 'page-2', '2025', 'a--b', 'a'.repeat(100)])('accepts %j', (slug) => {
    expect(slugError(slug)).toBeNull()
    expect(isValidSlug(slug)).toBe(true)
  })

  it.each([
    ['', 'Enter a slug.'],
    ['-flu', 'cannot start or end'],
    ['flu-', 'cannot start or end'],
    ['Flu', 'lowercase'],
    ['flu clinic', 'hyphens'],
    ['flu_clinic', 'hyphens'],
    ['flü', 'hyphens'],
    ['a'.repeat(101), 'at most 100'],
  ])('rejects %j', (slug, message) => {
    expect(slugError(slug)).toContain(message)
    expect(isValidSlug(slug)).toBe(false)
  })
})
