// A small typed wrapper around fetch for the Pagewright API.
//
// - Every request is same-origin with the session cookie.
// - Every non-GET request carries the X-CSRF-Token header, whose value comes
//   from the Session (setCsrfToken is called whenever a Session arrives).
// - Error responses (RFC 9457 application/problem+json) become ApiError.
// - A 401 from anything but the session probe, login and setup sends the
//   user to /login?redirect=<where they were>.
import type { Problem, ProblemFieldError } from './types'

export const API_BASE = '/api/v1'

/** Paths whose 401 is an expected answer, not an expired session. */
const NO_LOGIN_REDIRECT = new Set(['/auth/me', '/auth/login', '/setup'])

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly title: string
  readonly detail: string
  readonly requestId: string
  readonly errors: ProblemFieldError[]
  readonly problem: Problem

  constructor(status: number, problem: Problem) {
    const detail = problem.detail || problem.title || `Request failed with status ${status}`
    super(detail)
    this.name = 'ApiError'
    this.status = status
    this.problem = problem
    this.code = problem.code ?? ''
    this.title = problem.title ?? ''
    this.detail = detail
    this.requestId = problem.requestId ?? ''
    this.errors = Array.isArray(problem.errors) ? problem.errors : []
  }

  /**
   * Field errors keyed by field name: `body.slug` becomes `slug`,
   * `body.settings.title` becomes `settings.title`. The first message per
   * field wins.
   */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const e of this.errors) {
      if (!e.location) continue
      const field = e.location.replace(/^(body|query|path|header)\./, '')
      if (!(field in out)) out[field] = sentence(e.message || 'invalid value')
    }
    return out
  }
}

/** "expected length >= 12" → "Expected length >= 12." */
function sentence(message: string): string {
  const s = message.trim()
  if (!s) return s
  const first = s.charAt(0).toUpperCase() + s.slice(1)
  return /[.!?]$/.test(first) ? first : `${first}.`
}

let csrfToken = ''

/** Stores the CSRF token from a Session; sent on every non-GET request. */
export function setCsrfToken(token: string): void {
  csrfToken = token
}

export function getCsrfToken(): string {
  return csrfToken
}

/** The login URL that returns the user to `current` after signing in. */
export function loginRedirectUrl(current: string): string {
  if (!current.startsWith('/') || current.startsWith('/login') || current.startsWith('/setup')) {
    return '/login'
  }
  return `/login?redirect=${encodeURIComponent(current)}`
}

type UnauthorizedHandler = (loginUrl: string) => void

const defaultUnauthorizedHandler: UnauthorizedHandler = (loginUrl) => {
  if (window.location.pathname !== '/login') window.location.assign(loginUrl)
}

let onUnauthorized: UnauthorizedHandler = defaultUnauthorizedHandler

/** Replaces what happens on an unexpected 401 (tests; the router). Pass null to restore. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  onUnauthorized = handler ?? defaultUnauthorizedHandler
}

export type QueryParams = Record<string, string | number | boolean | undefined | null>

/** Appends the non-empty params to path as a query string. */
export function withQuery(path: string, params: QueryParams = {}): string {
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue
    qs.set(k, String(v))
  }
  const s = qs.toString()
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path
}

export interface RequestOptions {
  signal?: AbortSignal
  /** Extra request headers, e.g. If-Match. */
  headers?: Record<string, string>
  /** Sees the successful response (e.g. to read its ETag). */
  onResponse?: (res: Response) => void
}

async function parseProblem(res: Response): Promise<Problem> {
  const fallback: Problem = { status: res.status, title: res.statusText || undefined }
  let text = ''
  try {
    text = await res.text()
  } catch {
    return fallback
  }
  if (!text) return fallback
  try {
    const body: unknown = JSON.parse(text)
    if (body && typeof body === 'object') return { ...fallback, ...(body as Problem) }
  } catch {
    // Not JSON (e.g. a proxy's HTML error page); fall through.
  }
  return fallback
}

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  opts: RequestOptions = {},
  retried = false,
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  if (opts.headers) Object.assign(headers, opts.headers)

  let res: Response
  try {
    res = await fetch(API_BASE + path, {
      method,
      credentials: 'same-origin',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: opts.signal,
    })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, {
      title: 'Network error',
      detail: 'Could not reach the Pagewright server. Check your connection and try again.',
      code: 'network.unreachable',
    })
  }

  if (!res.ok) {
    const problem = await parseProblem(res)
    const error = new ApiError(res.status, problem)
    // The session changed under us (e.g. signed in again in another tab), so
    // our CSRF token is stale: fetch the current one and retry once.
    if (res.status === 403 && error.code === 'auth.csrf_failed' && !retried) {
      const session = await request<{ csrfToken?: string }>('GET', '/auth/me', undefined, opts, true).catch(() => null)
      if (session?.csrfToken) {
        csrfToken = session.csrfToken
        return request<T>(method, path, body, opts, true)
      }
    }
    const bare = path.split('?')[0] ?? path
    if (res.status === 401 && !NO_LOGIN_REDIRECT.has(bare)) {
      onUnauthorized(loginRedirectUrl(window.location.pathname + window.location.search))
    }
    throw error
  }

  opts.onResponse?.(res)
  if (res.status === 204) return undefined as T
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, undefined, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body, opts),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, body, opts),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, body, opts),
  del: <T = void>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, undefined, opts),
}

/** A message for any thrown value, preferring the server's problem detail. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.detail
  if (err instanceof Error) return err.message
  return 'Something went wrong.'
}
