import { screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeSession, makeUser, renderApp } from '../test/renderApp'

afterEach(() => {
  vi.unstubAllGlobals()
})

const emptySites = { items: [], nextCursor: '' }

describe('Sites screen', () => {
  it('shows an empty state that says what to do next', async () => {
    renderApp('/sites', {
      'GET /setup': { body: { setupRequired: false } },
      'GET /auth/me': { body: makeSession() },
      'GET /sites': { body: emptySites },
    })
    expect(await screen.findByText('Create your first site to start building pages.')).toBeTruthy()
    expect(screen.getByRole('heading', { level: 1, name: 'Sites' })).toBeTruthy()
    expect(screen.getByRole('button', { name: /Create your first site/ })).toBeTruthy()
    expect(screen.getByRole('button', { name: /New site/ })).toBeTruthy()
    // The header shows who is signed in.
    expect(screen.getByTestId('user-menu').textContent).toContain('Maya Patel')
    expect(screen.getByRole('link', { name: /Audit log/ })).toBeTruthy()
  })

  it('treats a null items list (Go nil slice) as empty, and null permissions as none', async () => {
    renderApp('/sites', {
      'GET /setup': { body: { setupRequired: false } },
      'GET /auth/me': { body: { ...makeSession(), permissions: null } },
      'GET /sites': { body: { items: null, nextCursor: '' } },
    })
    expect(await screen.findByRole('heading', { name: 'No sites yet' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: /New site/ })).toBeNull()
  })

  it('lists sites as cards', async () => {
    renderApp('/sites', {
      'GET /setup': { body: { setupRequired: false } },
      'GET /auth/me': { body: makeSession() },
      'GET /sites': {
        body: {
          items: [
            {
              id: 's1',
              name: 'Riverside Clinics',
              slug: 'riverside-clinics',
              description: 'Five clinics',
              pageCount: 3,
              createdAt: '2025-01-01T00:00:00Z',
              updatedAt: '2025-01-02T00:00:00Z',
            },
          ],
          nextCursor: '',
        },
      },
    })
    const card = await screen.findByTestId('site-card')
    expect(card.textContent).toContain('Riverside Clinics')
    expect(card.textContent).toContain('3 pages')
    expect(card.getAttribute('href')).toBe('/sites/s1')
  })

  it('hides create actions and the audit link from viewers', async () => {
    renderApp('/sites', {
      'GET /setup': { body: { setupRequired: false } },
      'GET /auth/me': {
        body: makeSession({
          user: makeUser({ id: 'u3', email: 'priya@riverside.example', name: 'Priya', role: 'viewer' }),
          permissions: ['site:view', 'page:view', 'token:manage'],
        }),
      },
      'GET /sites': { body: emptySites },
    })
    expect(await screen.findByText(/There are no sites yet/)).toBeTruthy()
    expect(screen.queryByRole('button', { name: /New site/ })).toBeNull()
    expect(screen.queryByRole('button', { name: /Create your first site/ })).toBeNull()
    expect(screen.queryByRole('link', { name: /Audit log/ })).toBeNull()
  })
})

describe('auth routing', () => {
  it('sends first-run visitors to /setup', async () => {
    const { router } = renderApp('/sites', {
      'GET /setup': { body: { setupRequired: true } },
    })
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome to Pagewright' })).toBeTruthy()
    expect(router.state.location.pathname).toBe('/setup')
    for (const name of ['organizationName', 'name', 'email', 'password']) {
      expect(document.querySelector(`input[name="${name}"]`), name).not.toBeNull()
    }
  })

  it('sends signed-out visitors to /login with a redirect back', async () => {
    const { router } = renderApp('/sites/s1', {
      'GET /setup': { body: { setupRequired: false } },
      'GET /auth/me': { status: 401, body: { status: 401, code: 'auth.unauthenticated', detail: 'Sign in.' } },
    })
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy()
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'))
    expect(router.state.location.search).toEqual({ redirect: '/sites/s1' })
  })
})
