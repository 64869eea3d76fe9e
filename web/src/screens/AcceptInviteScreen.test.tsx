import { fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeSession, makeUser, renderApp } from '../test/renderApp'

afterEach(() => {
  vi.unstubAllGlobals()
})

function input(name: string): HTMLInputElement {
  const el = document.querySelector<HTMLInputElement>(`input[name="${name}"]`)
  if (!el) throw new Error(`no input ${name}`)
  return el
}

const preview = {
  email: 'sam@riverside.example',
  organizationName: 'Riverside Clinics',
  role: 'editor',
  invitedBy: { id: 'u1', name: 'Maya Patel' },
}

describe('Accept invitation screen', () => {
  it('explains an invalid or expired link and offers sign-in, without needing a session', async () => {
    const { fetchMock } = renderApp('/invite/expired-token', {
      'GET /invitations/accept': {
        status: 410,
        body: { status: 410, code: 'invitation.invalid', detail: 'This invitation has expired or was already used.' },
      },
    })
    expect(await screen.findByRole('heading', { level: 1, name: 'This invitation link can’t be used' })).toBeTruthy()
    expect(screen.getByText(/expired, been used already or been revoked/)).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Go to sign in' }).getAttribute('href')).toBe('/login')
    expect(screen.queryByRole('button', { name: 'Join' })).toBeNull()
    // Public: no session probe, no app header.
    const urls = fetchMock.mock.calls.map(([url]) => String(url))
    expect(urls.some((u) => u.includes('/auth/me'))).toBe(false)
    expect(urls.find((u) => u.includes('/invitations/accept'))).toBe('/api/v1/invitations/accept?token=expired-token')
    expect(screen.queryByTestId('user-menu')).toBeNull()
  })

  it('shows who invited whom, then joins and signs in', async () => {
    const session = makeSession({
      user: makeUser({ id: 'u2', email: 'sam@riverside.example', name: 'Sam Lee', role: 'editor' }),
      permissions: ['site:view', 'page:view', 'page:create', 'page:edit', 'token:manage'],
    })
    const { fetchMock, router } = renderApp('/invite/tok-1', {
      'GET /invitations/accept': { body: preview },
      'POST /invitations/accept': { status: 201, body: session },
      'GET /setup': { body: { setupRequired: false } },
      'GET /auth/me': { body: session },
      'GET /sites': { body: { items: [], nextCursor: '' } },
    })
    expect(await screen.findByRole('heading', { level: 1, name: 'Join Riverside Clinics as Editor' })).toBeTruthy()
    expect(screen.getByText(/Maya Patel invited you/)).toBeTruthy()
    expect(input('email').value).toBe('sam@riverside.example')
    expect(input('email').readOnly).toBe(true)
    expect(screen.getByText('At least 12 characters; not a common password.')).toBeTruthy()

    fireEvent.change(input('name'), { target: { value: 'Sam Lee' } })
    fireEvent.change(input('password'), { target: { value: 'short' } })
    fireEvent.click(screen.getByRole('button', { name: 'Join' }))
    expect((await screen.findByRole('alert')).textContent).toContain('Use at least 12 characters')
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false)

    fireEvent.change(input('password'), { target: { value: 'flu shots for everyone' } })
    fireEvent.click(screen.getByRole('button', { name: 'Join' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/sites'))
    expect((await screen.findByTestId('user-menu')).textContent).toContain('Sam Lee')
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST')
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({ token: 'tok-1', name: 'Sam Lee', password: 'flu shots for everyone' })
  })

  it('shows the server’s password rule in place', async () => {
    renderApp('/invite/tok-1', {
      'GET /invitations/accept': { body: preview },
      'POST /invitations/accept': {
        status: 422,
        body: {
          status: 422,
          code: 'request.invalid',
          detail: 'Check the highlighted fields.',
          errors: [{ location: 'body.password', message: 'This password is too common. Choose another.' }],
        },
      },
    })
    await screen.findByRole('button', { name: 'Join' })
    fireEvent.change(input('name'), { target: { value: 'Sam Lee' } })
    fireEvent.change(input('password'), { target: { value: 'riverside clinics' } })
    fireEvent.click(screen.getByRole('button', { name: 'Join' }))
    expect((await screen.findByRole('alert')).textContent).toBe('This password is too common. Choose another.')
    expect(input('password').getAttribute('aria-invalid')).toBe('true')
  })

  it('switches to the invalid-link message when the link is used up before submitting', async () => {
    renderApp('/invite/tok-1', {
      'GET /invitations/accept': { body: preview },
      'POST /invitations/accept': { status: 410, body: { status: 410, code: 'invitation.invalid', detail: 'Gone.' } },
    })
    await screen.findByRole('button', { name: 'Join' })
    fireEvent.change(input('name'), { target: { value: 'Sam Lee' } })
    fireEvent.change(input('password'), { target: { value: 'flu shots for everyone' } })
    fireEvent.click(screen.getByRole('button', { name: 'Join' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'This invitation link can’t be used' })).toBeTruthy()
  })
})
