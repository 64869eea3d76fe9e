import { Theme } from '@radix-ui/themes'
import { QueryClientProvider } from '@tanstack/react-query'
import { RouterProvider, createMemoryHistory, createRouter } from '@tanstack/react-router'
import { render } from '@testing-library/react'
import { vi } from 'vitest'
import { createQueryClient } from '../App'
import type { Permission, Session, User } from '../api/types'
import { Toaster } from '../components/Toaster'
import { AppearanceProvider } from '../lib/appearance'
import { routeTree } from '../router'

export const ALL_PERMISSIONS: Permission[] = [
  'site:view',
  'site:create',
  'site:edit',
  'site:delete',
  'page:view',
  'page:create',
  'page:edit',
  'page:delete',
  'token:manage',
  'audit:view',
  'member:manage',
]

export function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: 'u1',
    email: 'maya@riverside.example',
    name: 'Maya Patel',
    role: 'admin',
    status: 'active',
    createdAt: '2025-01-01T00:00:00Z',
    lastLoginAt: null,
    ...overrides,
  }
}

export function makeSession(overrides: Partial<Session> = {}): Session {
  return {
    user: makeUser(),
    organization: { id: 'o1', name: 'Riverside Clinics', createdAt: '2025-01-01T00:00:00Z' },
    csrfToken: 'csrf-test',
    permissions: ALL_PERMISSIONS,
    ...overrides,
  }
}

type Routes = Record<string, { status?: number; body?: unknown }>

/**
 * Stubs fetch with canned responses keyed by "METHOD /path" (path without
 * /api/v1 and without the query string) and renders the whole app at `path`.
 */
export function renderApp(path: string, routes: Routes) {
  const fetchMock = vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://localhost')
    const key = `${init?.method ?? 'GET'} ${url.pathname.replace(/^\/api\/v1/, '')}`
    const r = routes[key]
    if (!r) return new Response(JSON.stringify({ status: 404, detail: `no stub for ${key}` }), { status: 404 })
    const status = r.status ?? 200
    return new Response(r.body === undefined ? null : JSON.stringify(r.body), {
      status,
      headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
    })
  })
  vi.stubGlobal('fetch', fetchMock)

  const queryClient = createQueryClient()
  const router = createRouter({
    routeTree,
    context: { queryClient },
    history: createMemoryHistory({ initialEntries: [path] }),
  })
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
