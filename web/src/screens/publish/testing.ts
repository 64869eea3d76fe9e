// Test helpers for the publishing screens: sample data and a controllable
// EventSource.
import { vi } from 'vitest'
import type { Deployment, Environment, LogLine, Stage } from './api'

export function makeEnvironment(overrides: Partial<Environment> = {}): Environment {
  return {
    id: 'e-prod',
    siteId: 's1',
    slug: 'production',
    name: 'Production',
    kind: 'production',
    config: { baseUrl: '', apiBaseUrls: {}, features: {} },
    access: { mode: 'public', roles: [] },
    requiresApproval: false,
    position: 100,
    secrets: [],
    url: '/s/riverside/production/',
    createdAt: '2025-03-01T10:00:00Z',
    updatedAt: '2025-03-01T10:00:00Z',
    ...overrides,
  }
}

export const devEnvironment = makeEnvironment({
  id: 'e-dev',
  slug: 'development',
  name: 'Development',
  kind: 'development',
  access: { mode: 'login', roles: [] },
  position: 0,
  url: '/s/riverside/development/',
})

export function stages(...statuses: Stage['status'][]): Stage[] {
  const names = ['build', 'optimize', 'deploy', 'verify'] as const
  return names.map((name, i) => ({
    name,
    status: statuses[i] ?? 'pending',
    durationMs: statuses[i] === 'done' ? (i + 1) * 150 : 0,
  }))
}

export function makeDeployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    id: 'd1',
    siteId: 's1',
    environmentId: 'e-prod',
    environment: 'production',
    kind: 'build',
    status: 'queued',
    stages: stages(),
    progress: 0,
    stats: { pages: 0, rendered: 0, reused: 0, files: 0, newObjects: 0, bytes: 0, buildMs: 0 },
    message: 'First release',
    triggeredBy: { id: 'u2', name: 'Sam Editor' },
    live: false,
    url: '/s/riverside/production/',
    createdAt: '2025-03-01T10:00:00Z',
    ...overrides,
  }
}

export function logLine(seq: number, message: string, overrides: Partial<LogLine> = {}): LogLine {
  return { seq, at: '2025-03-01T10:00:01Z', level: 'info', stage: 'build', message, ...overrides }
}

type Listener = (e: MessageEvent<string> | Event) => void

/** A stand-in EventSource the test drives: emit('state', deployment). */
export class FakeEventSource {
  static instances: FakeEventSource[] = []
  url: string
  withCredentials: boolean
  closed = false
  readyState = 0
  private listeners = new Map<string, Listener[]>()

  constructor(url: string, init?: { withCredentials?: boolean }) {
    this.url = url
    this.withCredentials = Boolean(init?.withCredentials)
    FakeEventSource.instances.push(this)
  }
  addEventListener(type: string, fn: Listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn])
  }
  removeEventListener(type: string, fn: Listener) {
    this.listeners.set(
      type,
      (this.listeners.get(type) ?? []).filter((f) => f !== fn),
    )
  }
  close() {
    this.closed = true
    this.readyState = 2
  }
  open() {
    this.readyState = 1
    for (const fn of this.listeners.get('open') ?? []) fn(new Event('open'))
  }
  emit(type: 'state' | 'log', data: unknown) {
    const ev = new MessageEvent(type, { data: JSON.stringify(data) })
    for (const fn of this.listeners.get(type) ?? []) fn(ev)
  }
  fail() {
    this.readyState = 2
    for (const fn of this.listeners.get('error') ?? []) fn(new Event('error'))
  }

  static install() {
    FakeEventSource.instances = []
    vi.stubGlobal('EventSource', FakeEventSource)
  }
  static last(): FakeEventSource {
    const x = FakeEventSource.instances[FakeEventSource.instances.length - 1]
    if (!x) throw new Error('no EventSource was opened')
    return x
  }
}
