import { describe, expect, it } from 'vitest'
import { ApiError } from '../../api/client'
import { categoryLabel, normalizeTemplate, previewSrc, unknownTokens } from './api'
import { compactCount, fitScale, installsLabel, parseTags, tagsError } from './helpers'
import { effectiveSort, validateTemplatesSearch } from './search'

describe('template helpers', () => {
  it('shortens counts', () => {
    expect([0, 1, 999, 1000, 1234, 12_345, 999_499, 999_500, 1_250_000].map(compactCount)).toEqual([
      '0',
      '1',
      '999',
      '1k',
      '1.2k',
      '12.3k',
      '999k',
      '1M',
      '1.3M',
    ])
    expect(installsLabel(1)).toBe('1 install')
    expect(installsLabel(1234)).toBe('1.2k installs')
  })

  it('parses comma-separated tags', () => {
    expect(parseTags('')).toEqual([])
    expect(parseTags(' , ,')).toEqual([])
    expect(parseTags('Flu, vaccination ,, flu ,  Clinic   hours ')).toEqual(['Flu', 'vaccination', 'Clinic hours'])
    expect(tagsError(parseTags('a, b'))).toBeNull()
    expect(tagsError(['x'.repeat(41)])).toMatch(/under 41 characters/)
    expect(tagsError(Array.from({ length: 21 }, (_, i) => `t${i}`))).toBe('Use at most 20 tags.')
  })

  it('scales a frame only when it does not fit', () => {
    expect(fitScale(375, 900)).toBe(1)
    expect(fitScale(1280, 0)).toBe(1)
    expect(fitScale(1280, 640)).toBe(0.5)
  })

  it('keeps only valid filters from the URL and picks the default sort', () => {
    expect(validateTemplatesSearch({ q: '  flu ', category: 'campaigns', sort: 'bogus', kind: 'section', extra: 1 })).toEqual({
      q: 'flu',
      category: 'campaigns',
      kind: 'section',
    })
    expect(validateTemplatesSearch({ q: '', sort: 'rating' })).toEqual({ sort: 'rating' })
    expect(effectiveSort({})).toBe('popular')
    expect(effectiveSort({ q: 'flu' })).toBe('relevance')
    expect(effectiveSort({ q: 'flu', sort: 'name' })).toBe('name')
    expect(effectiveSort({ sort: 'relevance' })).toBe('popular')
  })

  it('builds preview URLs and labels', () => {
    expect(previewSrc({ previewUrl: '/api/v1/templates/t1/preview' }, 's 1')).toBe('/api/v1/templates/t1/preview?site=s+1')
    expect(previewSrc({ previewUrl: '/api/v1/templates/t1/preview?version=1.0.0' }, 's1')).toBe('/api/v1/templates/t1/preview?version=1.0.0&site=s1')
    expect(previewSrc({ previewUrl: '/api/v1/templates/t1/preview' })).toBe('/api/v1/templates/t1/preview')
    expect(categoryLabel('patient-education')).toBe('Patient education')
    expect(categoryLabel('x', [{ slug: 'x', label: 'Ex', count: 1 }])).toBe('Ex')
  })

  it('normalises nulls from the server', () => {
    const t = normalizeTemplate({ id: 't1', tags: null, author: null, thumbnailUrl: null, previewUrl: '' })
    expect(t.tags).toEqual([])
    expect(t.thumbnailUrl).toBe('')
    expect(t.previewUrl).toBe('/api/v1/templates/t1/preview')
  })

  it('reads the unknown tokens from a problem', () => {
    const problem = (errors: unknown[], extra: object = {}) =>
      new ApiError(422, { status: 422, code: 'template.unknown_tokens', detail: 'Unknown tokens.', errors: errors as never, ...extra })
    expect(unknownTokens(problem([{ value: 'color.brand' }, { value: '{space.9}' }, { value: 'color.brand' }]))).toEqual(['color.brand', 'space.9'])
    expect(unknownTokens(problem([{ value: ['a.b', 'c.d'] }]))).toEqual(['a.b', 'c.d'])
    expect(unknownTokens(problem([], { tokens: ['x.y'] }))).toEqual(['x.y'])
    expect(unknownTokens(problem([{ message: 'refers to unknown token {font.size.9xl}' }]))).toEqual(['font.size.9xl'])
    expect(unknownTokens(new ApiError(409, { code: 'page.slug_taken' }))).toBeNull()
  })
})
