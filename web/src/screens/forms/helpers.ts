// Pure helpers of the Forms screen (unit-tested in helpers.test.ts).
import type { FieldInfo, FormSummary, Submission } from './api'

/** The server's limits (internal/form). */
export const MAX_MESSAGE = 1000
export const MAX_REDIRECT = 2000
export const DEFAULT_SUCCESS_MESSAGE = 'Thank you — we have received your message.'

export interface Column {
  name: string
  label: string
}

/**
 * The table's field columns: the form's fields in order (labelled), then any
 * other field the loaded submissions carry (from an older version of the
 * form), labelled by name.
 */
export function columnsFor(fields: FieldInfo[], submissions: Submission[]): Column[] {
  const cols: Column[] = fields.map((f) => ({ name: f.name, label: f.label.trim() || f.name }))
  const seen = new Set(cols.map((c) => c.name))
  for (const s of submissions) {
    for (const name of s.fields.length ? s.fields : Object.keys(s.data)) {
      if (!seen.has(name)) {
        seen.add(name)
        cols.push({ name, label: name })
      }
    }
  }
  return cols
}

/** What a form is called in the UI: its accessible name, else its id. */
export function formTitle(f: Pick<FormSummary, 'formId' | 'label'>): string {
  return f.label.trim() || f.formId
}

/** A one-line preview of a value: white space collapsed, at most max characters. */
export function cellPreview(value: string | undefined, max = 60): string {
  const s = (value ?? '').replace(/\s+/g, ' ').trim()
  const chars = Array.from(s)
  return chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : s
}

/**
 * Why a redirect is refused, as the server would refuse it, or null: empty,
 * a path of the site ("/thanks/"), or an http(s) URL with a host.
 */
export function redirectError(raw: string): string | null {
  const u = raw.trim()
  if (!u) return null
  const message = 'Use a path of the site such as /thanks/, or a full http:// or https:// address.'
  if (u.length > MAX_REDIRECT || /[\s\\]/.test(u) || hasControl(u)) return message
  if (u.startsWith('/')) return u.startsWith('//') ? message : null
  try {
    const parsed = new URL(u)
    if ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname && !parsed.username && !parsed.password) return null
  } catch {
    // not a URL
  }
  return message
}

function hasControl(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0
    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) return true
  }
  return false
}

/** Why a success message is refused, or null. */
export function messageError(raw: string): string | null {
  return Array.from(raw.trim()).length > MAX_MESSAGE ? `Keep the message to ${MAX_MESSAGE} characters.` : null
}

/** "/", "/contact/" → "Home page, /contact/". */
export function pagesLabel(pages: string[]): string {
  if (pages.length === 0) return 'No pages'
  return pages.map((p) => (p === '/' ? 'Home page' : p)).join(', ')
}

/** "1 submission", "2 submissions". */
export function countLabel(n: number): string {
  return `${n.toLocaleString('en')} ${n === 1 ? 'submission' : 'submissions'}`
}

/** What happens after a post, in words, for the forms list. */
export function afterPostLabel(s: { successMessage: string; redirectUrl: string }): string {
  if (s.redirectUrl.trim()) return `Redirects to ${s.redirectUrl.trim()}`
  return s.successMessage.trim() ? 'Custom thank-you message' : 'Default thank-you message'
}
