import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Invitation, Member } from '../../api/types'
import { makeSession, renderApp } from '../../test/renderApp'

afterEach(() => {
  vi.unstubAllGlobals()
})

const maya: Member = {
  id: 'u1',
  email: 'maya@riverside.example',
  name: 'Maya Patel',
  role: 'admin',
  status: 'active',
  createdAt: '2025-01-01T00:00:00Z',
  lastLoginAt: '2025-01-02T00:00:00Z',
  grants: [],
}

function invitation(overrides: Partial<Invitation> = {}): Invitation {
  return {
    id: 'inv1',
    email: 'sam@riverside.example',
    role: 'editor',
    grants: [],
    status: 'pending',
    invitedBy: { id: 'u1', name: 'Maya Patel' },
    createdAt: '2025-03-01T10:00:00Z',
    expiresAt: '2025-03-08T10:00:00Z',
    emailStatus: 'not_configured',
    emailError: '',
    ...overrides,
  }
}

const baseRoutes = {
  'GET /setup': { body: { setupRequired: false } },
  'GET /auth/me': { body: makeSession() },
  'GET /members': { body: { items: [maya] } },
  'GET /invitations': { body: { items: null } },
  'GET /sites': { body: { items: [], nextCursor: '' } },
}

function dialogInput(name: string): HTMLInputElement {
  const input = screen.getByRole('dialog').querySelector<HTMLInputElement>(`input[name="${name}"]`)
  if (!input) throw new Error(`no input ${name}`)
  return input
}

async function openInviteDialog() {
  fireEvent.click(await screen.findByRole('button', { name: /Invite member/ }))
  await screen.findByRole('dialog')
}

describe('Invite member dialog', () => {
  it('shows the invite link to copy when email is not set up', async () => {
    const { fetchMock } = renderApp('/members', {
      ...baseRoutes,
      'POST /invitations': {
        status: 201,
        body: { invitation: invitation(), link: 'http://localhost:8080/invite/tok-123' },
      },
    })
    await openInviteDialog()
    fireEvent.change(dialogInput('email'), { target: { value: '  sam@riverside.example ' } })
    fireEvent.click(screen.getByRole('button', { name: 'Send invitation' }))

    const link = await screen.findByTestId('invite-link')
    expect(link.textContent).toBe('http://localhost:8080/invite/tok-123')
    const dialog = screen.getByRole('dialog')
    expect(dialog.textContent).toContain(
      'Email is not set up, so send this link to them yourself. It works once and expires in 7 days.',
    )
    expect(within(dialog).getByRole('button', { name: /Copy/ })).toBeTruthy()

    const post = fetchMock.mock.calls.find(([url, init]) => String(url).endsWith('/invitations') && init?.method === 'POST')
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({ email: 'sam@riverside.example', role: 'editor' })
    expect((post?.[1]?.headers as Record<string, string>)['X-CSRF-Token']).toBe('csrf-test')

    fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
  })

  it('makes a relative link absolute and explains a failed email', async () => {
    renderApp('/members', {
      ...baseRoutes,
      'POST /invitations': {
        status: 201,
        body: {
          invitation: invitation({ emailStatus: 'failed', emailError: '535 authentication failed' }),
          link: '/invite/tok-456',
        },
      },
    })
    await openInviteDialog()
    fireEvent.change(dialogInput('email'), { target: { value: 'sam@riverside.example' } })
    fireEvent.click(screen.getByRole('button', { name: 'Send invitation' }))
    expect((await screen.findByTestId('invite-link')).textContent).toBe(`${window.location.origin}/invite/tok-456`)
    expect(screen.getByRole('dialog').textContent).toContain('could not be sent (535 authentication failed)')
  })

  it('closes with a toast when the invitation was emailed', async () => {
    renderApp('/members', {
      ...baseRoutes,
      'POST /invitations': {
        status: 201,
        body: { invitation: invitation({ emailStatus: 'sent' }), link: 'http://localhost:8080/invite/tok-789' },
      },
    })
    await openInviteDialog()
    fireEvent.change(dialogInput('email'), { target: { value: 'sam@riverside.example' } })
    fireEvent.click(screen.getByRole('button', { name: 'Send invitation' }))
    expect(await screen.findByText('Invitation sent')).toBeTruthy()
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(screen.queryByTestId('invite-link')).toBeNull()
  })

  it('sends the role chosen in the form', async () => {
    const { fetchMock } = renderApp('/members', {
      ...baseRoutes,
      'POST /invitations': {
        status: 201,
        body: { invitation: invitation({ role: 'viewer', emailStatus: 'sent' }), link: '/invite/t' },
      },
    })
    await openInviteDialog()
    fireEvent.change(dialogInput('email'), { target: { value: 'priya@riverside.example' } })
    // The native select behind the Radix one (what browser autofill and scripts use).
    const roleSelect = screen.getByRole('dialog').querySelector<HTMLSelectElement>('select[name="role"]')
    expect(roleSelect).not.toBeNull()
    fireEvent.change(roleSelect!, { target: { value: 'viewer' } })
    await waitFor(() => expect(screen.getByRole('dialog').textContent).toContain('Read only.'))
    fireEvent.click(screen.getByRole('button', { name: 'Send invitation' }))
    await screen.findByText('Invitation sent')
    const post = fetchMock.mock.calls.find(([url, init]) => String(url).endsWith('/invitations') && init?.method === 'POST')
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({ email: 'priya@riverside.example', role: 'viewer' })
  })

  it('shows a conflict next to the email and checks the address first', async () => {
    const { fetchMock } = renderApp('/members', {
      ...baseRoutes,
      'POST /invitations': {
        status: 409,
        body: { status: 409, code: 'invitation.pending', detail: 'sam@riverside.example already has a pending invitation.' },
      },
    })
    await openInviteDialog()
    fireEvent.click(screen.getByRole('button', { name: 'Send invitation' }))
    expect((await screen.findByRole('alert')).textContent).toBe('Enter their email address.')
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false)

    fireEvent.change(dialogInput('email'), { target: { value: 'sam@riverside.example' } })
    fireEvent.click(screen.getByRole('button', { name: 'Send invitation' }))
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('sam@riverside.example already has a pending invitation.'),
    )
    expect(dialogInput('email').getAttribute('aria-invalid')).toBe('true')
  })
})
