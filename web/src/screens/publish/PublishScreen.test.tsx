import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ALL_PERMISSIONS, makeSession, renderApp } from '../../test/renderApp'
import { FakeEventSource, devEnvironment, makeDeployment, makeEnvironment, stages } from './testing'

const site = {
  id: 's1',
  name: 'Riverside Clinics',
  slug: 'riverside',
  description: '',
  pageCount: 2,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
}

const liveDeployment = makeDeployment({
  id: 'd-live',
  status: 'success',
  live: true,
  progress: 100,
  stages: stages('done', 'done', 'done', 'done'),
  message: 'New opening hours',
  finishedAt: '2025-03-01T10:00:02Z',
})
const prod = makeEnvironment({ liveDeploymentId: 'd-live', requiresApproval: true })

type Routes = Record<string, { status?: number; body?: unknown }>

function base(permissions = ALL_PERMISSIONS): Routes {
  return {
    'GET /setup': { body: { setupRequired: false } },
    'GET /auth/me': { body: makeSession({ permissions }) },
    'GET /sites/s1': { body: site },
    'GET /sites/s1/environments': { body: { items: [devEnvironment, prod] } },
    'GET /deployments/d-live': { body: liveDeployment },
    'GET /sites/s1/environments/development/deployments': { body: { items: [], nextCursor: '' } },
    'GET /sites/s1/environments/production/deployments': { body: { items: [liveDeployment], nextCursor: '' } },
    'GET /sites/s1/environments/compare': {
      body: {
        a: 'development',
        b: 'production',
        pages: [
          {
            pageId: 'p1',
            title: 'Hillside clinic',
            path: '/',
            a: null,
            b: { pageId: 'p1', title: 'Hillside clinic', path: '/', versionId: 'v', versionNumber: 4, docHash: 'h', deploymentId: 'd-live', publishedAt: '2025-03-01T10:00:02Z' },
            same: false,
          },
        ],
        same: 0,
        different: 1,
      },
    },
  }
}

function card(slug: string) {
  const el = document.querySelector(`[data-env="${slug}"]`)
  if (!el) throw new Error(`no card for ${slug}`)
  return el as HTMLElement
}

// The screens load on demand: give them time when the whole suite runs at once.
configure({ asyncUtilTimeout: 5000 })

beforeEach(() => FakeEventSource.install())
afterEach(() => vi.unstubAllGlobals())

describe('Publish screen', () => {
  it('shows a card per environment: URL, access, approval, what is live or an empty state', async () => {
    renderApp('/sites/s1/publish', base())
    expect(await screen.findByRole('heading', { level: 1, name: 'Publish' })).toBeTruthy()
    await waitFor(() => expect(card('production').textContent).toContain('New opening hours'))

    const dev = card('development')
    expect(within(dev).getByRole('heading', { level: 2, name: 'Development' })).toBeTruthy()
    expect(within(dev).getByTestId('env-empty').textContent).toContain('Nothing deployed yet')
    expect(within(dev).getByTestId('env-access').textContent).toBe('Team only')
    const devLink = within(dev).getByTestId('env-url') as HTMLAnchorElement
    expect(devLink.href).toBe(`${window.location.origin}/s/riverside/development/`)
    expect(devLink.target).toBe('_blank')
    // Nothing live in development: nothing to promote from there.
    expect(within(dev).queryByRole('button', { name: /Promote/ })).toBeNull()

    const p = card('production')
    expect(p.textContent).toContain('Approval required')
    expect(within(p).getByTestId('env-access').textContent).toBe('Public')
    expect(within(p).getByTestId('env-live').textContent).toContain('by Sam Editor')
    expect(within(p).getByRole('button', { name: /Promote/ })).toBeTruthy()

    const cmp = await screen.findByTestId('compare-summary')
    expect(cmp.textContent).toContain('0 the same')
    expect(cmp.textContent).toContain('1 different')
    const row = screen.getByTestId('compare-row')
    expect(row.textContent).toContain('Not deployed')
    expect(row.textContent).toContain('Version 4')
    expect(row.textContent).toContain('Only in Production')
  })

  it('deploys with a message and opens the deployment', async () => {
    const r = base()
    r['POST /sites/s1/environments/development/deployments'] = { status: 202, body: makeDeployment({ id: 'd-new', environment: 'development', environmentId: 'e-dev' }) }
    r['GET /deployments/d-new'] = { body: makeDeployment({ id: 'd-new', environment: 'development', environmentId: 'e-dev', status: 'building', stages: stages('running') }) }
    const { fetchMock, router } = renderApp('/sites/s1/publish', r)
    await screen.findByRole('heading', { level: 1, name: 'Publish' })
    await waitFor(() => card('development'))
    fireEvent.click(within(card('development')).getByRole('button', { name: /Deploy…/ }))
    const dialog = await screen.findByRole('dialog')
    expect(within(dialog).getByRole('heading', { name: 'Deploy to Development' })).toBeTruthy()
    fireEvent.change(within(dialog).getByLabelText('Message (optional)'), { target: { value: 'Try the new form' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Deploy' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/sites/s1/deployments/d-new'))
    const post = fetchMock.mock.calls.find(([, init]) => (init as RequestInit | undefined)?.method === 'POST')!
    expect(JSON.parse((post[1] as RequestInit).body as string)).toEqual({ message: 'Try the new form' })
    expect(await screen.findByRole('heading', { level: 1, name: 'Deployment to Development' })).toBeTruthy()
  })

  it('warns in the Deploy dialog when the environment needs approval', async () => {
    renderApp('/sites/s1/publish', base())
    await waitFor(() => card('production'))
    fireEvent.click(within(card('production')).getByRole('button', { name: /Deploy…/ }))
    const dialog = await screen.findByRole('dialog')
    expect(dialog.textContent).toContain('Production requires approval')
    expect(within(dialog).getByRole('button', { name: 'Request deployment' })).toBeTruthy()
  })

  it('promotes the live deployment to another environment, without a rebuild', async () => {
    const r = base()
    r['POST /deployments/d-live/promote'] = {
      status: 202,
      body: makeDeployment({ id: 'd-promo', kind: 'promote', environment: 'development', environmentId: 'e-dev', sourceDeploymentId: 'd-live', stages: stages('skipped', 'skipped') }),
    }
    r['GET /deployments/d-promo'] = {
      body: makeDeployment({ id: 'd-promo', kind: 'promote', environment: 'development', environmentId: 'e-dev', status: 'deploying', stages: stages('skipped', 'skipped', 'running') }),
    }
    const { fetchMock, router } = renderApp('/sites/s1/publish', r)
    await waitFor(() => expect(card('production').textContent).toContain('New opening hours'))
    fireEvent.click(within(card('production')).getByRole('button', { name: /Promote…/ }))
    const dialog = await screen.findByRole('dialog')
    expect(dialog.textContent).toContain('Nothing is rebuilt')
    expect(within(dialog).getByLabelText('To environment').textContent).toContain('Development')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Promote to Development' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/sites/s1/deployments/d-promo'))
    const post = fetchMock.mock.calls.find(([url, init]) => String(url).endsWith('/deployments/d-live/promote') && (init as RequestInit).method === 'POST')!
    expect(JSON.parse((post[1] as RequestInit).body as string)).toEqual({ to: 'development' })
    expect(await screen.findByRole('heading', { level: 1, name: 'Promotion to Development' })).toBeTruthy()
    expect(within(screen.getByTestId('stage-build')).getByTestId('stage-status').textContent).toBe('Skipped')
  })

  it('hides deploy actions from those who cannot deploy', async () => {
    renderApp('/sites/s1/publish', base(['site:view', 'page:view', 'page:edit']))
    await waitFor(() => expect(card('production').textContent).toContain('New opening hours'))
    expect(screen.queryByRole('button', { name: /Deploy…/ })).toBeNull()
    expect(screen.queryByRole('button', { name: /New environment/ })).toBeNull()
    expect(screen.getByText(/Only Admins deploy, promote and roll back/)).toBeTruthy()
  })
})

describe('Deployment history', () => {
  it('lists deployments with the live one marked, and rolls back after confirming', async () => {
    const older = makeDeployment({ id: 'd-old', status: 'success', message: 'Winter hours', finishedAt: '2025-02-01T10:00:02Z', startedAt: '2025-02-01T10:00:00Z' })
    const failed = makeDeployment({ id: 'd-bad', status: 'failed', message: 'Broken build', error: 'boom' })
    const r = base()
    r['GET /sites/s1/environments/production/deployments'] = { body: { items: [failed, liveDeployment, older], nextCursor: 'd-old' } }
    r['POST /deployments/d-old/rollback'] = { body: makeDeployment({ id: 'd-rb', kind: 'rollback', status: 'success', live: true, sourceDeploymentId: 'd-old' }) }
    const { fetchMock } = renderApp('/sites/s1/publish/production', r)
    await waitFor(() => expect(screen.getAllByTestId('deployment-row')).toHaveLength(3))
    const rows = screen.getAllByTestId('deployment-row')
    expect(rows.map((row) => row.dataset.live)).toEqual(['false', 'true', 'false'])
    expect(rows[0]!.textContent).toContain('Failed')
    expect(rows[1]!.textContent).toContain('Live')
    expect(screen.getByRole('button', { name: 'Load more' })).toBeTruthy()
    // Only successful deployments that are not live can be rolled back to.
    expect(within(rows[0]!).queryByRole('button', { name: /Roll back/ })).toBeNull()
    expect(within(rows[1]!).queryByRole('button', { name: /Roll back/ })).toBeNull()
    fireEvent.click(within(rows[2]!).getByRole('button', { name: /Roll back to this/ }))
    const confirm = await screen.findByRole('alertdialog')
    expect(confirm.textContent).toContain('Make this deployment live again?')
    expect(confirm.textContent).toContain('It takes effect at once')
    fireEvent.click(within(confirm).getByRole('button', { name: 'Roll back' }))
    await waitFor(() =>
      expect(fetchMock.mock.calls.some(([url, init]) => String(url).endsWith('/deployments/d-old/rollback') && (init as RequestInit).method === 'POST')).toBe(true),
    )
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull())
  })
})

describe('Environment settings', () => {
  it('saves the form and shows the server’s field errors on the fields', async () => {
    const r = base()
    r['PATCH /sites/s1/environments/production'] = {
      status: 422,
      body: {
        status: 422,
        code: 'environment.invalid',
        detail: 'Check the highlighted fields.',
        errors: [{ location: 'body.domain', message: 'Enter a host name such as www.example.org (no scheme, port or path).' }],
      },
    }
    const { fetchMock } = renderApp('/sites/s1/publish/production/settings', r)
    const domain = (await screen.findByLabelText('Domain')) as HTMLInputElement
    fireEvent.change(domain, { target: { value: 'https://bad' } })
    expect(screen.getByTestId('unsaved')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }))
    expect(await screen.findByText('Enter a host name such as www.example.org (no scheme, port or path).')).toBeTruthy()
    expect(domain.getAttribute('aria-invalid')).toBe('true')
    const patch = fetchMock.mock.calls.find(([, init]) => (init as RequestInit | undefined)?.method === 'PATCH')!
    expect(JSON.parse((patch[1] as RequestInit).body as string)).toEqual({
      name: 'Production',
      domain: 'https://bad',
      config: { baseUrl: '', apiBaseUrls: {}, features: {} },
      access: { mode: 'public', roles: [] },
      requiresApproval: true,
    })
  })

  it('sets a secret with a password field; values are never shown', async () => {
    const r = base()
    r['PUT /sites/s1/environments/production/secrets/BOOKING_KEY'] = {
      body: { ...prod, secrets: [{ name: 'BOOKING_KEY', updatedAt: '2025-03-01T10:00:00Z' }] },
    }
    const { fetchMock } = renderApp('/sites/s1/publish/production/settings', r)
    fireEvent.click(await screen.findByRole('button', { name: /Set secret/ }))
    const dialog = await screen.findByRole('dialog')
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'booking-key' } })
    expect((within(dialog).getByLabelText('Name') as HTMLInputElement).value).toBe('BOOKING_KEY')
    const value = within(dialog).getByLabelText('Value') as HTMLInputElement
    expect(value.type).toBe('password')
    fireEvent.change(value, { target: { value: 's3cret' } })
    r['GET /sites/s1/environments'] = {
      body: { items: [devEnvironment, { ...prod, secrets: [{ name: 'BOOKING_KEY', updatedAt: '2025-03-01T10:00:00Z' }] }] },
    }
    fireEvent.click(within(dialog).getByRole('button', { name: 'Set secret' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    const put = fetchMock.mock.calls.find(([, init]) => (init as RequestInit | undefined)?.method === 'PUT')!
    expect(JSON.parse((put[1] as RequestInit).body as string)).toEqual({ value: 's3cret' })
    expect(await screen.findByText('BOOKING_KEY')).toBeTruthy()
    expect(document.body.textContent).not.toContain('s3cret')
  })
})
