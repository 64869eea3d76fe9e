import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, api, loginRedirectUrl, setCsrfToken, setUnauthorizedHandler, withQuery } from './client'

type FetchArgs = [string, RequestInit]

function jsonResponse(status: number, body: unknown, contentType = 'application/json'): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': contentType },
  })
}

function stubFetch(...responses: Response[]) {
  const fetchMock = vi.fn<(...args: FetchArgs) => Promise<Response>>()
  for (const r of responses) fetchMock.mockResolvedValueOnce(r)
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

function headersOf(call: FetchArgs | undefined): Record<string, string> {
  return (call?.[1].headers ?? {}) as Record<string, string>
}

describe('api client', () => {
  beforeEach(() => {
    setCsrfToken('csrf-123')
  })
  afterEach(() => {
    setCsrfToken('')
    setUnauthorizedHandler(null)
    vi.unstubAllGlobals()
  })

  it('GET sends credentials and no CSRF header, and parses JSON', async () => {
    const fetchMock = stubFetch(jsonResponse(200, { items: [], nextCursor: '' }))
    const out = await api.get<{ items: unknown[] }>('/sites')
    expect(out).toEqual({ items: [], nextCursor: '' })
    const call = fetchMock.mock.calls[0]
    expect(call?.[0]).toBe('/api/v1/sites')
    expect(call?.[1].method).toBe('GET')
    expect(call?.[1].credentials).toBe('same-origin')
    expect(headersOf(call)['X-CSRF-Token']).toBeUndefined()
  })

  it('POST, PATCH and DELETE send the CSRF token and a JSON body', async () => {
    const fetchMock = stubFetch(
      jsonResponse(201, { id: 's1' }),
      jsonResponse(200, { id: 's1' }),
      new Response(null, { status: 204 }),
    )
    await api.post('/sites', { name: 'Riverside' })
    await api.patch('/sites/s1', { name: 'Riverside Clinics' })
    const deleted = await api.del('/sites/s1')
    expect(deleted).toBeUndefined()

    const [post, patch, del] = fetchMock.mock.calls
    expect(headersOf(post)['X-CSRF-Token']).toBe('csrf-123')
    expect(headersOf(post)['Content-Type']).toBe('application/json')
    expect(post?.[1].body).toBe(JSON.stringify({ name: 'Riverside' }))
    expect(post?.[1].credentials).toBe('same-origin')
    expect(headersOf(patch)['X-CSRF-Token']).toBe('csrf-123')
    expect(patch?.[1].method).toBe('PATCH')
    expect(headersOf(del)['X-CSRF-Token']).toBe('csrf-123')
    expect(del?.[1].method).toBe('DELETE')
  })

  it('refreshes a stale CSRF token once and retries the write', async () => {
    const fetchMock = stubFetch(
      jsonResponse(403, { status: 403, code: 'auth.csrf_failed', detail: 'Missing CSRF token.' }, 'application/problem+json'),
      jsonResponse(200, { csrfToken: 'fresh-456' }),
      jsonResponse(201, { id: 's1' }),
    )
    const out = await api.post<{ id: string }>('/sites', { name: 'Riverside' })
    expect(out).toEqual({ id: 's1' })
    const [first, me, retry] = fetchMock.mock.calls
    expect(headersOf(first)['X-CSRF-Token']).toBe('csrf-123')
    expect(me?.[0]).toBe('/api/v1/auth/me')
    expect(headersOf(retry)['X-CSRF-Token']).toBe('fresh-456')
  })

  it('turns problem+json into an ApiError with field errors', async () => {
    stubFetch(
      jsonResponse(
        422,
        {
          type: 'about:blank',
          title: 'Unprocessable Entity',
          status: 422,
          detail: 'The page could not be created.',
          code: 'validation.failed',
          requestId: 'req-42',
          errors: [
            { location: 'body.slug', message: 'must match the slug pattern', value: 'Bad Slug' },
            { location: 'body.title', message: 'is required' },
          ],
        },
        'application/problem+json',
      ),
    )
    const err = await api.post('/sites/s1/pages', { title: '', slug: 'Bad Slug' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    const e = err as ApiError
    expect(e.status).toBe(422)
    expect(e.code).toBe('validation.failed')
    expect(e.detail).toBe('The page could not be created.')
    expect(e.message).toBe('The page could not be created.')
    expect(e.requestId).toBe('req-42')
    expect(e.errors).toHaveLength(2)
    expect(e.fieldErrors()).toEqual({ slug: 'Must match the slug pattern.', title: 'Is required.' })
  })

  it('survives a non-JSON error body', async () => {
    stubFetch(new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }))
    const err = (await api.get('/sites').catch((e: unknown) => e)) as ApiError
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(502)
    expect(err.detail).toBe('Bad Gateway')
  })

  it('reports network failures as ApiError with status 0', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))
    const err = (await api.get('/sites').catch((e: unknown) => e)) as ApiError
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(0)
    expect(err.detail).toMatch(/Could not reach/)
  })

  it('redirects to /login on a 401 from an ordinary call', async () => {
    window.history.replaceState(null, '', '/sites/abc?tab=pages')
    const onUnauthorized = vi.fn()
    setUnauthorizedHandler(onUnauthorized)
    stubFetch(jsonResponse(401, { status: 401, code: 'auth.unauthenticated', detail: 'Sign in to continue.' }))
    const err = (await api.get('/sites/abc').catch((e: unknown) => e)) as ApiError
    expect(err.status).toBe(401)
    expect(onUnauthorized).toHaveBeenCalledWith('/login?redirect=%2Fsites%2Fabc%3Ftab%3Dpages')
  })

  it.each([
    ['GET', '/auth/me'],
    ['POST', '/auth/login'],
    ['POST', '/setup'],
  ])('does not redirect on a 401 from %s %s', async (method, path) => {
    const onUnauthorized = vi.fn()
    setUnauthorizedHandler(onUnauthorized)
    stubFetch(jsonResponse(401, { status: 401, code: 'auth.invalid_credentials', detail: 'Wrong email or password.' }))
    const call = method === 'GET' ? api.get(path) : api.post(path, {})
    const err = (await call.catch((e: unknown) => e)) as ApiError
    expect(err.code).toBe('auth.invalid_credentials')
    expect(onUnauthorized).not.toHaveBeenCalled()
  })
})

describe('helpers', () => {
  it('withQuery skips empty values', () => {
    expect(withQuery('/sites', { cursor: '', limit: 50 })).toBe('/sites?limit=50')
    expect(withQuery('/audit', { action: 'page.create', actor: undefined, to: null })).toBe('/audit?action=page.create')
    expect(withQuery('/sites')).toBe('/sites')
  })

  it('loginRedirectUrl never points back at /login or off-site', () => {
    expect(loginRedirectUrl('/sites')).toBe('/login?redirect=%2Fsites')
    expect(loginRedirectUrl('/login?redirect=%2Fsites')).toBe('/login')
    expect(loginRedirectUrl('https://evil.example')).toBe('/login')
  })
})
