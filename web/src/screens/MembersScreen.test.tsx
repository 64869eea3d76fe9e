import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Invitation, Member } from '../api/types'
import { makeSession, makeUser, renderApp } from '../test/renderApp'

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
  lastLoginAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
  grants: [],
}
const sam: Member = {
  id: 'u2',
  email: 'sam@riverside.example',
  name: 'Sam Lee',
  role: 'viewer',
  status: 'active',
  createdAt: '2025-01-02T00:00:00Z',
  lastLoginAt: null,
  grants: [{ resourceType: 'site', resourceId: 's1', resourceName: 'Riverside Clinics', role: 'editor' }],
}
const priya: Member = { ...sam, id: 'u3', email: 'priya@riverside.example', name: 'Priya Shah', grants: null as unknown as [], status: 'deactivated' }

const failed: Invitation = {
  id: 'inv1',
  email: 'alex@riverside.example',
  role: 'editor',
  grants: [],
  status: 'pending',
  invitedBy: { id: 'u1', name: 'Maya Patel' },
  createdAt: '2025-03-01T10:00:00Z',
  expiresAt: '2099-03-08T10:00:00Z',
  emailStatus: 'failed',
  emailError: 'dial tcp: connection refused',
}

const routes = {
  'GET /setup': { body: { setupRequired: false } },
  'GET /auth/me': { body: makeSession() },
  'GET /members': { body: { items: [maya, sam, priya] } },
  'GET /invitations': { body: { items: [failed] } },
  'GET /sites': { body: { items: [], nextCursor: '' } },
}

function row(email: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-testid="member-row"][data-email="${email}"]`)
  if (!el) throw new Error(`no row for ${email}`)
  return el
}

async function openActions(name: string) {
  const trigger = await screen.findByRole('button', { name: `Actions for ${name}` })
  fireEvent.keyDown(trigger, { key: 'Enter' })
  return screen.findByRole('menu')
}

describe('Members screen', () => {
  it('lists members with role, status and effective access, and pending invitations', async () => {
    renderApp('/members', routes)
    await screen.findByRole('heading', { level: 1, name: 'Members' })
    await waitFor(() => expect(screen.getAllByTestId('member-row')).toHaveLength(3))
    expect(screen.getByRole('link', { name: /Members/ }).getAttribute('aria-current')).toBe('page')

    expect(row('maya@riverside.example').textContent).toContain('You')
    expect(row('maya@riverside.example').textContent).toContain('3 hours ago')
    const samRow = row('sam@riverside.example')
    expect(samRow.textContent).toContain('Viewer')
    expect(samRow.textContent).toContain('Active')
    expect(samRow.textContent).toContain('Never')
    expect(within(samRow).getByTestId('member-access').textContent).toBe('Editor on Riverside ClinicsViewer on all other sites')
    expect(row('priya@riverside.example').textContent).toContain('Deactivated')

    const inv = screen.getByTestId('invitation-row')
    expect(inv.textContent).toContain('alex@riverside.example')
    expect(inv.textContent).toContain('Invited')
    expect(inv.textContent).toContain('Email failed')
    expect(inv.textContent).toContain('dial tcp: connection refused')
    expect(within(inv).getByRole('button', { name: /Resend/ })).toBeTruthy()
    expect(within(inv).getByRole('button', { name: /Revoke/ })).toBeTruthy()
  })

  it('passes the search and filters to the API', async () => {
    const { fetchMock } = renderApp('/members', routes)
    const search = await screen.findByRole('searchbox', { name: 'Search members' })
    expect(search.getAttribute('name')).toBe('q')
    fireEvent.change(search, { target: { value: 'sam' } })
    await waitFor(() =>
      expect(fetchMock.mock.calls.map(([u]) => String(u))).toContain('/api/v1/members?q=sam'),
    )
    const status = document.querySelector<HTMLSelectElement>('select[name="status"]')!
    fireEvent.change(status, { target: { value: 'deactivated' } })
    await waitFor(() =>
      expect(fetchMock.mock.calls.map(([u]) => String(u))).toContain('/api/v1/members?q=sam&status=deactivated'),
    )
  })

  it('offers no deactivate or remove on your own row', async () => {
    renderApp('/members', routes)
    const own = await openActions('Maya Patel')
    expect(within(own).getByRole('menuitem', { name: /Change role/ })).toBeTruthy()
    expect(within(own).queryByRole('menuitem', { name: /Deactivate/ })).toBeNull()
    expect(within(own).queryByRole('menuitem', { name: /Remove/ })).toBeNull()
    fireEvent.keyDown(own, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull())

    const other = await openActions('Priya Shah')
    expect(within(other).getByRole('menuitem', { name: /Reactivate/ })).toBeTruthy()
    expect(within(other).getByRole('menuitem', { name: /Remove/ })).toBeTruthy()
  })

  it('shows the last-admin refusal in place', async () => {
    renderApp('/members', {
      ...routes,
      'PATCH /members/u1': {
        status: 409,
        body: { status: 409, code: 'member.last_admin', detail: 'Riverside Clinics needs at least one active Admin.' },
      },
    })
    const menu = await openActions('Maya Patel')
    fireEvent.click(within(menu).getByRole('menuitem', { name: /Change role/ }))
    const dialog = await screen.findByRole('dialog')
    fireEvent.change(dialog.querySelector('select[name="role"]')!, { target: { value: 'editor' } })
    await waitFor(() => expect(dialog.textContent).toContain('You will no longer be able to manage members'))
    fireEvent.click(within(dialog).getByRole('button', { name: 'Change role' }))
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'Riverside Clinics needs at least one active Admin.',
    )
  })

  it('asks for the member’s email before removing them', async () => {
    const { fetchMock } = renderApp('/members', { ...routes, 'DELETE /members/u2': { status: 204 } })
    const menu = await openActions('Sam Lee')
    fireEvent.click(within(menu).getByRole('menuitem', { name: /Remove/ }))
    const dialog = await screen.findByRole('alertdialog')
    const remove = within(dialog).getByRole('button', { name: 'Remove' })
    expect(remove.hasAttribute('disabled')).toBe(true)
    fireEvent.change(dialog.querySelector('input[name="email"]')!, { target: { value: 'SAM@riverside.example ' } })
    expect(remove.hasAttribute('disabled')).toBe(false)
    fireEvent.click(remove)
    expect(await screen.findByText('Member removed')).toBeTruthy()
    expect(fetchMock.mock.calls.some(([u, init]) => String(u) === '/api/v1/members/u2' && init?.method === 'DELETE')).toBe(true)
  })

  it('explains that deactivating ends sessions and tokens at once', async () => {
    renderApp('/members', { ...routes, 'POST /members/u2/deactivate': { body: { ...sam, status: 'deactivated' } } })
    const menu = await openActions('Sam Lee')
    fireEvent.click(within(menu).getByRole('menuitem', { name: /Deactivate/ }))
    const dialog = await screen.findByRole('alertdialog')
    expect(dialog.textContent).toContain('their sessions and API tokens end immediately')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Deactivate' }))
    expect(await screen.findByText('Member deactivated')).toBeTruthy()
  })

  it('hands out an admin-generated reset link', async () => {
    renderApp('/members', {
      ...routes,
      'POST /members/u2/password-reset': {
        body: { link: 'http://localhost:8080/reset-password/r-1', expiresAt: new Date(Date.now() + 3600_000).toISOString() },
      },
    })
    const menu = await openActions('Sam Lee')
    fireEvent.click(within(menu).getByRole('menuitem', { name: /Reset password/ }))
    fireEvent.click(await screen.findByRole('button', { name: 'Create reset link' }))
    expect((await screen.findByTestId('reset-link')).textContent).toBe('http://localhost:8080/reset-password/r-1')
  })

  it('shows a new invite link after resending when email is not set up', async () => {
    renderApp('/members', {
      ...routes,
      'POST /invitations/inv1/resend': {
        body: { invitation: { ...failed, emailStatus: 'not_configured', emailError: '' }, link: '/invite/new-tok' },
      },
    })
    const inv = await screen.findByTestId('invitation-row')
    fireEvent.click(within(inv).getByRole('button', { name: /Resend/ }))
    expect((await screen.findByTestId('invite-link')).textContent).toBe(`${window.location.origin}/invite/new-tok`)
  })

  it('is only in the navigation for Admins', async () => {
    renderApp('/members', {
      ...routes,
      'GET /auth/me': {
        body: makeSession({
          user: makeUser({ id: 'u2', name: 'Sam Lee', role: 'editor' }),
          permissions: ['site:view', 'page:view', 'page:edit', 'token:manage'],
        }),
      },
    })
    expect(await screen.findByText('Only Admins can manage members')).toBeTruthy()
    expect(screen.queryByRole('link', { name: /Members/ })).toBeNull()
    expect(screen.queryByTestId('member-row')).toBeNull()
  })
})
