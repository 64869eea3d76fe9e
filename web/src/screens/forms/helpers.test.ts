import { describe, expect, it } from 'vitest'
import { normalizeSubmission, normalizeSummary, type FormSummary, type Submission } from './api'
import { afterPostLabel, cellPreview, columnsFor, countLabel, formTitle, messageError, pagesLabel, redirectError } from './helpers'

function sub(overrides: Partial<Submission> = {}): Submission {
  return {
    id: 's1',
    formId: 'contact',
    environmentId: 'e1',
    environment: 'production',
    deploymentId: 'd1',
    pagePath: '/',
    fields: ['email'],
    data: { email: 'ada@example.org' },
    userAgent: '',
    createdAt: '2026-03-01T09:00:00Z',
    ...overrides,
  }
}

describe('columnsFor', () => {
  it('lists the form fields with their labels, then fields only older submissions have', () => {
    const cols = columnsFor(
      [
        { name: 'email', label: 'Email address', kind: 'email' },
        { name: 'message', label: '  ', kind: 'textarea' },
      ],
      [sub({ fields: ['email', 'phone'], data: { email: 'a@b.c', phone: '1' } }), sub({ fields: [], data: { fax: '2', email: 'x' } })],
    )
    expect(cols).toEqual([
      { name: 'email', label: 'Email address' },
      { name: 'message', label: 'message' },
      { name: 'phone', label: 'phone' },
      { name: 'fax', label: 'fax' },
    ])
  })
})

describe('redirectError', () => {
  it('accepts what the server accepts', () => {
    for (const ok of ['', '  ', '/thanks/', '/thanks/?a=1#b', 'https://www.riverside.example/thanks', 'http://riverside.example']) {
      expect(redirectError(ok), ok).toBeNull()
    }
  })
  it('refuses other sites by path trickery, scripts, relative paths and credentials', () => {
    for (const bad of ['//evil.example/', '/\\evil.example', 'javascript:alert(1)', 'thanks', 'ftp://x.example/', 'https://u:p@x.example/', '/a b', '/' + 'a'.repeat(2000)]) {
      expect(redirectError(bad), bad).not.toBeNull()
    }
  })
})

describe('messageError', () => {
  it('allows up to 1000 characters', () => {
    expect(messageError('é'.repeat(1000))).toBeNull()
    expect(messageError('x'.repeat(1001))).toMatch(/1000/)
  })
})

describe('labels', () => {
  it('names forms, pages, counts and what happens after a post', () => {
    expect(formTitle({ formId: 'contact', label: '' })).toBe('contact')
    expect(formTitle({ formId: 'contact', label: 'Contact us' })).toBe('Contact us')
    expect(pagesLabel(['/', '/contact/'])).toBe('Home page, /contact/')
    expect(pagesLabel([])).toBe('No pages')
    expect(countLabel(1)).toBe('1 submission')
    expect(countLabel(1200)).toBe('1,200 submissions')
    expect(afterPostLabel({ successMessage: '', redirectUrl: '/thanks/' })).toBe('Redirects to /thanks/')
    expect(afterPostLabel({ successMessage: 'Thanks!', redirectUrl: '' })).toBe('Custom thank-you message')
    expect(afterPostLabel({ successMessage: '', redirectUrl: '' })).toBe('Default thank-you message')
  })
})

describe('cellPreview', () => {
  it('puts a value on one line and shortens it', () => {
    expect(cellPreview('line one\r\n  line two')).toBe('line one line two')
    expect(cellPreview(undefined)).toBe('')
    const long = cellPreview('word '.repeat(40), 20)
    expect(Array.from(long).length).toBeLessThanOrEqual(20)
    expect(long.endsWith('…')).toBe(true)
  })
})

describe('normalize', () => {
  it('turns the null lists Go may send into arrays', () => {
    const f = normalizeSummary({ formId: 'contact', label: null, pages: null, fields: null, submissions: 0, settings: null } as unknown as FormSummary)
    expect(f.pages).toEqual([])
    expect(f.fields).toEqual([])
    expect(f.label).toBe('')
    expect(f.settings).toEqual({ formId: 'contact', successMessage: '', redirectUrl: '' })
    const s = normalizeSubmission({ ...sub(), fields: null, data: null } as unknown as Submission)
    expect(s.fields).toEqual([])
    expect(s.data).toEqual({})
  })
})
