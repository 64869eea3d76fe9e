// Test helpers for the component library: sample data, and the whole app
// rendered at a path with fetch answered by "METHOD /path" handlers.
import { Theme } from '@radix-ui/themes'
import { QueryClientProvider } from '@tanstack/react-query'
import { RouterProvider, createMemoryHistory, createRouter } from '@tanstack/react-router'
import { render } from '@testing-library/react'
import { vi } from 'vitest'
import { createQueryClient } from '../../App'
import type { Permission } from '../../api/types'
import { Toaster } from '../../components/Toaster'
import { AppearanceProvider } from '../../lib/appearance'
import { routeTree } from '../../router'
import { ALL_PERMISSIONS, makeSession } from '../../test/renderApp'
import type { Component, PageUsage } from './api'

export const COMPONENT_PERMISSIONS: Permission[] = [...ALL_PERMISSIONS, 'component:view', 'component:create', 'component:edit', 'component:delete']

export function makeComponent(over: Partial<Component> = {}): Component {
  return {
    id: 'c1',
    name: 'Opening hours',
    description: 'When each clinic is open.',
    category: 'Sections',
    tags: ['hours'],
    visibility: 'team',
    siteId: 's1',
    owner: { id: 'u1', name: 'Maya Patel' },
    latestVersion: '2.0.0',
    deprecated: null,
    usage: { pages: 2, instances: 3 },
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-02-01T00:00:00Z',
    ...over,
  }
}

export function makeUsage(over: Partial<PageUsage> = {}): PageUsage {
  return { pageId: 'p1', siteId: 's1', title: 'Flu clinic', revision: 7, versions: ['1.0.0'], instances: 1, ...over }
}

export type Reply = { status?: number; body?: unknown }
export type Handler = Reply | ((url: URL, body: unknown) => Reply)
export type Routes = Record<string, Handler>

export function baseRoutes(permissions = COMPONENT_PERMISSIONS): Routes {
  return {
    'GET /setup': { body: { setupRequired: false } },
    'GET /auth/me': { body: makeSession({ permissions }) },
  }
}

export function stubRoutes(routes: Routes) {
  const fetchMock = vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://localhost')
    const key = `${init?.method ?? 'GET'} ${url.pathname.replace(/^\/api\/v1/, '')}`
    const h = routes[key]
    if (!h) return new Response(JSON.stringify({ status: 404, detail: `no stub for ${key}` }), { status: 404 })
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined
    const r = typeof h === 'function' ? h(url, body) : h
    const status = r.status ?? 200
    return new Response(r.body === undefined || status === 204 ? null : JSON.stringify(r.body), {
      status,
      headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
    })
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

/** Renders the whole app at path. */
export function renderComponentsApp(path: string, routes: Routes) {
  const fetchMock = stubRoutes(routes)
  const queryClient = createQueryClient()
  const router = createRouter({ routeTree, context: { queryClient }, history: createMemoryHistory({ initialEntries: [path] }) })
  const utils = render(
    <AppearanceProvider>
      <Theme>
        <QueryClientProvider client={queryClient}>
          <Toaster>
            <RouterProvider router={router} />
          </Toaster>
        </QueryClientProvider>
      </Theme>
    </AppearanceProvider>,
  )
  return { ...utils, router, fetchMock, queryClient }
}

/** The JSON bodies sent with method to path (without /api/v1). */
export function sent(fetchMock: ReturnType<typeof vi.fn>, method: string, path: string): unknown[] {
  return fetchMock.mock.calls
    .filter(([url, init]) => ((init as RequestInit | undefined)?.method ?? 'GET') === method && new URL(String(url), 'http://localhost').pathname === `/api/v1${path}`)
    .map(([, init]) => JSON.parse(String((init as RequestInit).body)))
}

/** The query strings of GET requests to path (without /api/v1). */
export function queries(fetchMock: ReturnType<typeof vi.fn>, path: string): URLSearchParams[] {
  return fetchMock.mock.calls
    .map(([url, init]) => ({ url: new URL(String(url), 'http://localhost'), method: (init as RequestInit | undefined)?.method ?? 'GET' }))
    .filter(({ url, method }) => method === 'GET' && url.pathname === `/api/v1${path}`)
    .map(({ url }) => url.searchParams)
}
