// Test helpers for the image library: providers with a session in the cache,
// a fetch stub keyed by "METHOD /path", and a controllable XMLHttpRequest.
import { Theme } from '@radix-ui/themes'
import { QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import type { ReactNode } from 'react'
import { vi } from 'vitest'
import { createQueryClient } from '../../App'
import type { Asset } from '../../api/assets'
import { setCsrfToken } from '../../api/client'
import { keys } from '../../api/queries'
import type { Permission } from '../../api/types'
import { Toaster } from '../../components/Toaster'
import { ALL_PERMISSIONS, makeSession } from '../../test/renderApp'

export function makeAsset(overrides: Partial<Asset> = {}): Asset {
  return {
    id: 'a1',
    siteId: 's1',
    name: 'flu-clinic.png',
    contentType: 'image/png',
    size: 48_213,
    width: 1200,
    height: 800,
    alt: '',
    sha256: 'abc',
    status: 'ready',
    variants: [
      { width: 320, height: 213, contentType: 'image/webp', size: 9_000 },
      { width: 640, height: 427, contentType: 'image/webp', size: 21_000 },
    ],
    url: '/api/v1/assets/a1/file',
    createdAt: '2025-03-01T10:00:00Z',
    createdBy: 'u1',
    updatedAt: '2025-03-01T10:00:00Z',
    ...overrides,
  }
}

export type Handler = (req: { method: string; path: string; query: URLSearchParams; body: unknown; headers: Headers }) =>
  | { status?: number; body?: unknown }
  | undefined

/** Stubs fetch: handler answers by method and path (without /api/v1). */
export function stubFetch(handler: Handler) {
  const fn = vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://localhost')
    const method = init?.method ?? 'GET'
    const path = url.pathname.replace(/^\/api\/v1/, '')
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined
    const r = handler({ method, path, query: url.searchParams, body, headers: new Headers(init?.headers) })
    if (!r) return new Response(JSON.stringify({ status: 404, detail: `no stub for ${method} ${path}` }), { status: 404 })
    const status = r.status ?? 200
    return new Response(r.body === undefined ? null : JSON.stringify(r.body), {
      status,
      headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
    })
  })
  vi.stubGlobal('fetch', fn)
  return fn
}

/** Renders ui with the app's providers, signed in with permissions. */
export function renderWithProviders(ui: ReactNode, permissions: Permission[] = ALL_PERMISSIONS) {
  const queryClient = createQueryClient()
  const session = makeSession({ permissions })
  queryClient.setQueryData(keys.session, session)
  setCsrfToken(session.csrfToken)
  const utils = render(
    <Theme>
      <QueryClientProvider client={queryClient}>
        <Toaster>{ui}</Toaster>
      </QueryClientProvider>
    </Theme>,
  )
  return { ...utils, queryClient }
}

/** A stand-in XMLHttpRequest whose responses the test drives. */
export class FakeXHR {
  static instances: FakeXHR[] = []
  method = ''
  url = ''
  headers: Record<string, string> = {}
  body: unknown = null
  status = 0
  statusText = ''
  responseText = ''
  aborted = false
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = {
    onprogress: null,
  }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null

  constructor() {
    FakeXHR.instances.push(this)
  }
  open(method: string, url: string) {
    this.method = method
    this.url = url
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v
  }
  send(body: unknown) {
    this.body = body
  }
  abort() {
    this.aborted = true
    this.onabort?.()
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true })
  }
  respond(status: number, body: unknown, statusText = '') {
    this.status = status
    this.statusText = statusText
    this.responseText = typeof body === 'string' ? body : JSON.stringify(body)
    this.onload?.()
  }
  fail() {
    this.onerror?.()
  }

  static install() {
    FakeXHR.instances = []
    vi.stubGlobal('XMLHttpRequest', FakeXHR)
  }
  static last(): FakeXHR {
    const x = FakeXHR.instances[FakeXHR.instances.length - 1]
    if (!x) throw new Error('no XMLHttpRequest was made')
    return x
  }
}

export function pngFile(name = 'clinic.png', size = 2048): File {
  return new File([new Uint8Array(size)], name, { type: 'image/png' })
}
