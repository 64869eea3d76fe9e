import { fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeSession, renderApp } from '../test/renderApp'
import { safeRedirect, servedByServer } from './LoginScreen'

afterEach(() => {
  vi.unstubAllGlobals()
})

function fill(name: string, value: string) {
  const input = document.querySelector<HTMLInputElement>(`input[name="${name}"]`)
  if (!input) throw new Error(`no input ${name}`)
  fireEvent.change(input, { target: { value } })
}

describe('Login screen', () => {
  it('shows a wrong password in place and keeps the email', async () => {
    renderApp('/login', {
      'GET /setup': { body: { setupRequired: false } },
      'POST /auth/login': {
        status: 401,
        body: { status: 401, code: 'auth.invalid_credentials', detail: 'The email or password is not right.', requestId: 'r1' },
      },
    })
    await screen.findByRole('heading', { level: 1, name: 'Sign in to Pagewright' })
    fill('email', 'maya@riverside.example')
    fill('password', 'nope nope nope')
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('The email or password is not right.')
    expect(document.querySelector<HTMLInputElement>('input[name="email"]')?.value).toBe('maya@riverside.example')
    expect(document.querySelector<HTMLInputElement>('input[name="password"]')?.value).toBe('')
  })

  it('signs in and returns to the redirect target', async () => {
    const { router, fetchMock } = renderApp('/login?redirect=%2Fsites%2Fs1', {
      'GET /setup': { body: { setupRequired: false } },
      'POST /auth/login': { body: makeSession() },
      'GET /sites/s1': {
        body: { id: 's1', name: 'Riverside Clinics', slug: 'riverside', description: '', pageCount: 0, createdAt: '', updatedAt: '' },
      },
      'GET /sites/s1/pages': { body: { items: [], nextCursor: '' } },
    })
    await screen.findByRole('button', { name: 'Sign in' })
    fill('email', 'maya@riverside.example')
    fill('password', 'correct horse battery staple')
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Riverside Clinics' })).toBeTruthy()
    await waitFor(() => expect(router.state.location.pathname).toBe('/sites/s1'))
    const login = fetchMock.mock.calls.find(([url]) => String(url).endsWith('/auth/login'))
    expect(JSON.parse(String(login?.[1]?.body))).toEqual({ email: 'maya@riverside.example', password: 'correct horse battery staple' })
  })
})

describe('safeRedirect', () => {
  it.each([
    [undefined, '/sites'],
    ['/sites/s1?x=1', '/sites/s1?x=1'],
    ['//evil.example', '/sites'],
    ['/\\evil.example', '/sites'],
    ['https://evil.example', '/sites'],
    ['/login', '/sites'],
  ])('%j → %j', (target, want) => {
    expect(safeRedirect(target)).toBe(want)
  })
})

describe('servedByServer', () => {
  it.each([
    ['/s/riverside/development/', true],
    ['/_pw/sign-in?next=https%3A%2F%2Fstaging.clinic.org%2F', true],
    ['/sites', false],
    ['/sites/s1/publish', false],
  ])('%j → %j', (path, want) => {
    expect(servedByServer(path)).toBe(want)
  })
})
