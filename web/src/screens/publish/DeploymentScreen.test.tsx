import { act, configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { makeSession, renderApp } from '../../test/renderApp'
import type { Deployment } from './api'
import { FakeEventSource, devEnvironment, logLine, makeDeployment, makeEnvironment, stages } from './testing'

const site = {
  id: 's1',
  name: 'Riverside Clinics',
  slug: 'riverside',
  description: '',
  pageCount: 2,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
}

function routes(d: Deployment) {
  return {
    'GET /setup': { body: { setupRequired: false } },
    'GET /auth/me': { body: makeSession() },
    'GET /sites/s1': { body: site },
    'GET /sites/s1/environments': { body: { items: [devEnvironment, makeEnvironment()] } },
    'GET /deployments/d1': { body: d } as { status?: number; body?: unknown },
    'GET /deployments/d1/logs': { body: { items: [] } } as { status?: number; body?: unknown },
    'GET /sites/s1/environments/production/deployments': { body: { items: [], nextCursor: '' } },
    'GET /sites/s1/environments/compare': { body: { a: 'development', b: 'production', pages: [], same: 0, different: 0 } },
  }
}

function stage(name: string) {
  return screen.getByTestId(`stage-${name}`)
}

// The screens load on demand: give them time when the whole suite runs at once.
configure({ asyncUtilTimeout: 5000 })

beforeEach(() => {
  FakeEventSource.install()
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('Deployment screen', () => {
  it('follows a deployment over the events stream: progress, stages, log, then "Live at"', async () => {
    const queued = makeDeployment()
    renderApp('/sites/s1/deployments/d1', routes(queued))

    expect(await screen.findByRole('heading', { level: 1, name: 'Deployment to Production' })).toBeTruthy()
    const es = FakeEventSource.last()
    expect(es.url).toBe('/api/v1/deployments/d1/events')

    act(() => {
      es.open()
      es.emit('log', logLine(1, 'Started build.'))
      es.emit('log', logLine(2, 'Rendering 2 pages on every core.'))
      es.emit('state', makeDeployment({ status: 'building', progress: 35, stages: stages('running'), startedAt: '2025-03-01T10:00:00Z' }))
    })

    await waitFor(() => expect(screen.getByTestId('progress-value').textContent).toBe('35%'))
    const bar = screen.getByRole('progressbar')
    expect(bar.getAttribute('aria-valuenow')).toBe('35')
    expect(bar.getAttribute('aria-label')).toContain('35%')
    expect(stage('build').dataset.status).toBe('running')
    expect(stage('build').getAttribute('aria-current')).toBe('step')
    expect(within(stage('build')).getByTestId('stage-status').textContent).toBe('Running…')
    expect(within(stage('optimize')).getByTestId('stage-status').textContent).toBe('Waiting')
    expect(screen.getByTestId('progress-headline').textContent).toBe('Building the pages…')
    expect(screen.getAllByTestId('deployment-status')[0]!.textContent).toContain('Building')
    await waitFor(() => expect(screen.getByTestId('deployment-log').textContent).toContain('Rendering 2 pages on every core.'))
    expect(screen.getByTestId('transport').textContent).toBe('Live')

    act(() => {
      es.emit('log', logLine(3, 'Slow image', { level: 'warn', stage: 'optimize' }))
      es.emit(
        'state',
        makeDeployment({
          status: 'success',
          progress: 100,
          live: true,
          stages: stages('done', 'done', 'done', 'done'),
          stats: { pages: 2, rendered: 2, reused: 0, files: 5, newObjects: 13, bytes: 41_472, buildMs: 187 },
          startedAt: '2025-03-01T10:00:00Z',
          finishedAt: '2025-03-01T10:00:01.2Z',
        }),
      )
    })

    expect(await screen.findByText('Live at')).toBeTruthy()
    const link = screen.getByTestId('live-url') as HTMLAnchorElement
    expect(link.href).toBe(`${window.location.origin}/s/riverside/production/`)
    expect(link.target).toBe('_blank')
    expect(screen.getByTestId('progress-value').textContent).toBe('100%')
    for (const [name, ms] of [
      ['build', '150 ms'],
      ['optimize', '300 ms'],
      ['deploy', '450 ms'],
      ['verify', '600 ms'],
    ] as const) {
      expect(stage(name).dataset.status).toBe('done')
      expect(within(stage(name)).getByTestId('stage-status').textContent).toBe(ms)
    }
    expect(screen.getByTestId('progress-headline').textContent).toBe('Deployed')
    expect(screen.getByText('Took 1.2 s')).toBeTruthy()
    const stats = screen.getByTestId('stats')
    expect(stats.textContent).toContain('2 pages')
    expect(stats.textContent).toContain('41 KB')
    expect(stats.textContent).toContain('13')
    const log = screen.getByTestId('deployment-log')
    expect(log.querySelectorAll('li')).toHaveLength(3)
    expect(log.querySelector('[data-level="warn"]')?.textContent).toContain('WARN')
    // The stream is closed once the deployment is finished (no reconnects).
    expect(es.closed).toBe(true)
    expect(FakeEventSource.instances).toHaveLength(1)
  })

  it('shows a failure: the error and that nothing was activated', async () => {
    const failed = makeDeployment({
      status: 'failed',
      progress: 60,
      error: 'design system: unknown token {color.brand}',
      stages: stages('done', 'failed', 'pending', 'pending'),
      startedAt: '2025-03-01T10:00:00Z',
      finishedAt: '2025-03-01T10:00:03Z',
    })
    renderApp('/sites/s1/deployments/d1', routes(failed))
    await screen.findByRole('heading', { level: 1, name: 'Deployment to Production' })
    act(() => {
      FakeEventSource.last().emit('state', failed)
    })
    const outcome = await screen.findByTestId('outcome')
    expect(outcome.dataset.outcome).toBe('failed')
    expect(outcome.getAttribute('role')).toBe('alert')
    expect(outcome.textContent).toContain('design system: unknown token {color.brand}')
    expect(outcome.textContent).toContain('Nothing was activated; the environment still serves its previous deployment.')
    expect(stage('optimize').dataset.status).toBe('failed')
    expect(within(stage('optimize')).getByTestId('stage-status').textContent).toBe('Failed')
    expect(screen.queryByText('Live at')).toBeNull()
  })

  it('falls back to polling every second when the stream breaks', async () => {
    const r = routes(makeDeployment({ status: 'building', progress: 10, stages: stages('running') }))
    renderApp('/sites/s1/deployments/d1', r)
    await screen.findByRole('heading', { level: 1, name: 'Deployment to Production' })
    const es = FakeEventSource.last()
    r['GET /deployments/d1'] = { body: makeDeployment({ status: 'deploying', progress: 80, stages: stages('done', 'done', 'running') }) }
    r['GET /deployments/d1/logs'] = { body: { items: [logLine(1, 'Polled line.')] } }
    act(() => es.fail())
    expect(es.closed).toBe(true)
    await waitFor(() => expect(screen.getByTestId('progress-value').textContent).toBe('80%'))
    expect(screen.getByTestId('transport').textContent).toBe('Updating every second')
    await waitFor(() => expect(screen.getByTestId('deployment-log').textContent).toContain('Polled line.'))

    r['GET /deployments/d1'] = { body: makeDeployment({ status: 'success', live: true, progress: 100, stages: stages('done', 'done', 'done', 'done') }) }
    r['GET /deployments/d1/logs'] = { body: { items: [] } }
    expect(await screen.findByText('Live at', undefined, { timeout: 3000 })).toBeTruthy()
    expect(stage('deploy').dataset.status).toBe('done')
  })

  it('asks for approval, tells the author they cannot approve their own, and needs a reason to reject', async () => {
    const pending = makeDeployment({ status: 'pending_approval', triggeredBy: { id: 'u1', name: 'Maya Patel' } })
    const r = routes(pending)
    const { fetchMock } = renderApp('/sites/s1/deployments/d1', r)
    const panel = await screen.findByTestId('approval')
    expect(within(panel).getByRole('heading', { name: 'Waiting for approval' })).toBeTruthy()
    expect(screen.getByTestId('self-approval-note').textContent).toContain('another Admin must approve it')
    expect((within(panel).getByRole('button', { name: 'Approve and deploy' }) as HTMLButtonElement).disabled).toBe(true)
    // The stages have not started.
    expect(within(stage('build')).getByTestId('stage-status').textContent).toBe('Not started')

    fireEvent.click(within(panel).getByRole('button', { name: 'Reject' }))
    expect(await within(panel).findByText('Say why you reject it, so the author knows what to change.')).toBeTruthy()
    expect(fetchMock.mock.calls.some(([, init]) => (init as RequestInit | undefined)?.method === 'POST')).toBe(false)
  })

  it('shows the server’s self-approval error when it refuses', async () => {
    const pending = makeDeployment({ status: 'pending_approval', triggeredBy: { id: 'u9', name: 'Sam Editor' } })
    const r = {
      ...routes(pending),
      'POST /deployments/d1/approve': {
        status: 403,
        body: { status: 403, code: 'deployment.self_approval', detail: 'You started this deployment, so someone else must approve it.' },
      },
    }
    renderApp('/sites/s1/deployments/d1', r)
    const panel = await screen.findByTestId('approval')
    fireEvent.click(within(panel).getByRole('button', { name: 'Approve and deploy' }))
    const alert = await within(panel).findByRole('alert')
    expect(alert.textContent).toContain('You cannot approve your own deployment.')
    expect(alert.textContent).toContain('someone else must approve it')
  })

  it('says when the deployment does not exist', async () => {
    const r = routes(makeDeployment())
    r['GET /deployments/d1'] = { status: 404, body: { status: 404, code: 'deployment.not_found', detail: 'No such deployment.' } }
    renderApp('/sites/s1/deployments/d1', r)
    expect(await screen.findByRole('heading', { level: 1, name: 'Deployment not found' })).toBeTruthy()
  })
})
