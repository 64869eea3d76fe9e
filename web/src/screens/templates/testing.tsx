// Test helpers for the template screens: sample data, and an app renderer
// whose fetch stub can answer by query string (the marketplace's filters).
import { Theme } from '@radix-ui/themes'
import { QueryClientProvider } from '@tanstack/react-query'
import { RouterProvider, createMemoryHistory, createRootRoute, createRoute, createRouter } from '@tanstack/react-router'
import { render } from '@testing-library/react'
import type { ReactNode } from 'react'
import { vi } from 'vitest'
import { createQueryClient } from '../../App'
import type { Site } from '../../api/types'
import { Toaster } from '../../components/Toaster'
import { AppearanceProvider } from '../../lib/appearance'
import { routeTree } from '../../router'
import { ALL_PERMISSIONS, makeSession } from '../../test/renderApp'
import type { CategoryFacet, Review, Template, TemplateDetail } from './api'

export function makeTemplate(overrides: Partial<Template> = {}): Template {
  const id = overrides.id ?? 't1'
  return {
    id,
    slug: 'vaccination-campaign',
    name: 'Vaccination campaign',
    description: 'A hero, the clinics and a booking form.',
    category: 'campaigns',
    tags: ['vaccination', 'flu'],
    kind: 'page',
    visibility: 'organization',
    builtin: true,
    author: null,
    siteId: null,
    version: '1.2.0',
    installCount: 1234,
    ratingAvg: 4.5,
    ratingCount: 12,
    thumbnailUrl: '',
    previewUrl: `/api/v1/templates/${id}/preview`,
    canEdit: false,
    myRating: 0,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-06-01T00:00:00Z',
    ...overrides,
  }
}

export function makeDetail(overrides: Partial<TemplateDetail> = {}): TemplateDetail {
  return {
    ...makeTemplate(overrides),
    versions: [
      { version: '1.0.0', notes: 'First release', createdAt: '2025-01-01T00:00:00Z', author: null },
      { version: '1.2.0', notes: 'Adds opening hours', createdAt: '2025-06-01T00:00:00Z', author: null },
    ],
    ...overrides,
  }
}

export const categories: CategoryFacet[] = [
  { slug: 'campaigns', label: 'Campaigns', count: 2 },
  { slug: 'clinics', label: 'Clinics', count: 1 },
]

export function makeSite(overrides: Partial<Site> = {}): Site {
  return {
    id: 's1',
    name: 'Riverside Clinics',
    slug: 'riverside',
    description: '',
    pageCount: 2,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    ...overrides,
  }
}

export function makeReview(overrides: Partial<Review> = {}): Review {
  return {
    id: 'r1',
    user: { id: 'u2', name: 'Sam Editor' },
    rating: 5,
    body: 'Saved us a day.',
    createdAt: '2025-05-01T00:00:00Z',
    updatedAt: '2025-05-01T00:00:00Z',
    ...overrides,
  }
}

export type Reply = { status?: number; body?: unknown }
export type Handler = Reply | ((url: URL, init: RequestInit | undefined) => Reply)
export type Routes = Record<string, Handler>

/** The routes every authenticated screen needs. */
export function baseRoutes(permissions = ALL_PERMISSIONS): Routes {
  return {
    'GET /setup': { body: { setupRequired: false } },
    'GET /auth/me': { body: makeSession({ permissions }) },
    'GET /sites': { body: { items: [makeSite()], nextCursor: '' } },
  }
}

function stubFetch(routes: Routes) {
  const fetchMock = vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://localhost')
    const key = `${init?.method ?? 'GET'} ${url.pathname.replace(/^\/api\/v1/, '')}`
    const h = routes[key]
    if (!h) return new Response(JSON.stringify({ status: 404, detail: `no stub for ${key}` }), { status: 404 })
    const r = typeof h === 'function' ? h(url, init) : h
    const status = r.status ?? 200
    return new Response(r.body === undefined || status === 204 ? null : JSON.stringify(r.body), {
      status,
      headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
    })
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

function Providers({ children, queryClient }: { children: ReactNode; queryClient: ReturnType<typeof createQueryClient> }) {
  return (
    <AppearanceProvider>
      <Theme>
        <QueryClientProvider client={queryClient}>
          <Toaster>{children}</Toaster>
        </QueryClientProvider>
      </Theme>
    </AppearanceProvider>
  )
}

/** Renders the whole app at `path` with fetch answered from `routes`. */
export function renderTemplatesApp(path: string, routes: Routes) {
  const fetchMock = stubFetch(routes)
  const queryClient = createQueryClient()
  const router = createRouter({ routeTree, context: { queryClient }, history: createMemoryHistory({ initialEntries: [path] }) })
  const utils = render(
    <Providers queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>,
  )
  return { ...utils, router, fetchMock, queryClient }
}

/**
 * Renders one component (e.g. a dialog) on its own page, with a router so
 * links work and fetch answered from `routes`. The session is cached.
 */
export function renderWithRouter(ui: () => ReactNode, routes: Routes, permissions = ALL_PERMISSIONS) {
  const fetchMock = stubFetch(routes)
  const queryClient = createQueryClient()
  queryClient.setQueryData(['session'], makeSession({ permissions }))
  const rootRoute = createRootRoute()
  const home = createRoute({ getParentRoute: () => rootRoute, path: '/', component: () => <>{ui()}</> })
  const any = createRoute({ getParentRoute: () => rootRoute, path: '$', component: () => <p>Elsewhere</p> })
  const router = createRouter({
    routeTree: rootRoute.addChildren([home, any]),
    history: createMemoryHistory({ initialEntries: ['/'] }),
  })
  const utils = render(
    <Providers queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>,
  )
  return { ...utils, router, fetchMock, queryClient }
}

/** The JSON bodies sent with `method` to a path ending in `suffix`. */
export function sentBodies(fetchMock: ReturnType<typeof vi.fn>, method: string, suffix: string): unknown[] {
  return fetchMock.mock.calls
    .filter(([url, init]) => (init as RequestInit | undefined)?.method === method && new URL(String(url), 'http://localhost').pathname.endsWith(suffix))
    .map(([, init]) => JSON.parse(String((init as RequestInit).body)))
}

/** The query strings of GET requests to exactly `path` (without /api/v1). */
export function getQueries(fetchMock: ReturnType<typeof vi.fn>, path: string): URLSearchParams[] {
  return fetchMock.mock.calls
    .map(([url, init]) => ({ url: new URL(String(url), 'http://localhost'), method: (init as RequestInit | undefined)?.method ?? 'GET' }))
    .filter(({ url, method }) => method === 'GET' && url.pathname === `/api/v1${path}`)
    .map(({ url }) => url.searchParams)
}
