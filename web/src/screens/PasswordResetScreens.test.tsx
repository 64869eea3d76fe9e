import { fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeSession, renderApp } from '../test/renderApp'

afterEach(() => {
  vi.unstubAllGlobals()
})

function input(name: string): HTMLInputElement {
  const el = document.querySelector<HTMLInputElement>(`input[name="${name}"]`)
  if (!el) throw new Error(`no input ${name}`)
  return el
}

describe('Forgot password', () => {
  it('is linked from the sign-in screen', async () => {
    renderApp('/login', { 'GET /setup': { body: { setupRequired: false } } })
    const link = await screen.findByRole('link', { name: 'Forgot your password?' })
    expect(link.getAttribute('href')).toBe('/forgot-password')
  })

  it('always answers the same way', async () => {
    const { fetchMock } = renderApp('/forgot-password', { 'POST /auth/password-reset': { status: 202, body: {} } })
    fireEvent.change(await waitFor(() => input('email')), { target: { value: 'nobody@riverside.example' } })
    fireEvent.click(screen.getByRole('button', { name: 'Send reset link' }))
    expect(await screen.findByText(/If an account exists for that email, we’ve sent a link/)).toBeTruthy()
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST')
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({ email: 'nobody@riverside.example' })
    expect(fetchMock.mock.calls.some(([url]) => String(url).includes('/auth/me'))).toBe(false)
  })
})

describe('Reset password', () => {
  it('needs the new password twice, then sends the token and password', async () => {
    const { fetchMock } = renderApp('/reset-password/reset-tok', {
      'POST /auth/password-reset/confirm': { status: 204 },
    })
    await screen.findByRole('heading', { level: 1, name: 'Choose a new password' })
    fireEvent.change(input('password'), { target: { value: 'a new long password' } })
    fireEvent.change(input('confirmPassword'), { target: { value: 'a new long passwerd' } })
    fireEvent.click(screen.getByRole('button', { name: 'Set new password' }))
    expect((await screen.findByRole('alert')).textContent).toContain('don’t match')
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false)

    fireEvent.change(input('confirmPassword'), { target: { value: 'a new long password' } })
    fireEvent.click(screen.getByRole('button', { name: 'Set new password' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Your password is changed' })).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Go to sign in' }).getAttribute('href')).toBe('/login')
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST')
    expect(String(post?.[0])).toBe('/api/v1/auth/password-reset/confirm')
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({ token: 'reset-tok', password: 'a new long password' })
  })

  it('explains an invalid link', async () => {
    renderApp('/reset-password/old-tok', {
      'POST /auth/password-reset/confirm': {
        status: 410,
        body: { status: 410, code: 'reset.invalid', detail: 'This link has expired.' },
      },
    })
    await screen.findByRole('heading', { level: 1, name: 'Choose a new password' })
    fireEvent.change(input('password'), { target: { value: 'a new long password' } })
    fireEvent.change(input('confirmPassword'), { target: { value: 'a new long password' } })
    fireEvent.click(screen.getByRole('button', { name: 'Set new password' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'This reset link can’t be used' })).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Send a new link' }).getAttribute('href')).toBe('/forgot-password')
  })
})

describe('Confirm email', () => {
  it('needs a session', async () => {
    const { router, fetchMock } = renderApp('/confirm-email/email-tok', {
      'GET /setup': { body: { setupRequired: false } },
      'GET /auth/me': { status: 401, body: { status: 401, code: 'auth.unauthenticated', detail: 'Sign in.' } },
    })
    await screen.findByRole('button', { name: 'Sign in' })
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'))
    expect(router.state.location.search).toEqual({ redirect: '/confirm-email/email-tok' })
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false)
  })

  it('confirms once and shows the new address', async () => {
    const after = makeSession()
    after.user = { ...after.user, email: 'maya@clinics.example' }
    const { fetchMock } = renderApp('/confirm-email/email-tok', {
      'GET /setup': { body: { setupRequired: false } },
      'GET /auth/me': { body: makeSession() },
      'POST /auth/email-confirm': { body: after },
    })
    expect((await screen.findByTestId('confirmed-email')).textContent).toBe('maya@clinics.example')
    const posts = fetchMock.mock.calls.filter(([, init]) => init?.method === 'POST')
    expect(posts).toHaveLength(1)
    expect(JSON.parse(String(posts[0]?.[1]?.body))).toEqual({ token: 'email-tok' })
  })
})
