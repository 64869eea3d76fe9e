import { describe, expect, it } from 'vitest'
import {
  absoluteEnvUrl,
  accessLabel,
  comparisonState,
  deploymentDurationMs,
  displayUrl,
  envSlugFrom,
  formatBytes,
  formatDuration,
  isHttpUrl,
  isInProgress,
  isTerminal,
  mergeLog,
  normalizeDeployment,
  normalizeEnvironment,
  orderedStages,
  shortId,
  splitFieldErrors,
  statusMeta,
  type Deployment,
  type Environment,
} from './api'
import { logLine, makeDeployment, makeEnvironment } from './testing'

describe('absoluteEnvUrl', () => {
  it('makes a path absolute with the page origin and keeps absolute URLs', () => {
    expect(absoluteEnvUrl('/s/riverside/production/', 'https://pw.example')).toBe('https://pw.example/s/riverside/production/')
    expect(absoluteEnvUrl('s/x/', 'https://pw.example/')).toBe('https://pw.example/s/x/')
    expect(absoluteEnvUrl('https://www.riverside.example/', 'https://pw.example')).toBe('https://www.riverside.example/')
    expect(absoluteEnvUrl('')).toBe('')
  })
  it('shows URLs without scheme and trailing slash', () => {
    expect(displayUrl('https://www.riverside.example/')).toBe('www.riverside.example')
    expect(displayUrl('http://127.0.0.1:8080/s/a/b/')).toBe('127.0.0.1:8080/s/a/b')
  })
})

describe('accessLabel', () => {
  it('names each mode, with the roles', () => {
    expect(accessLabel({ mode: 'public', roles: [] })).toBe('Public')
    expect(accessLabel({ mode: 'login', roles: [] })).toBe('Team only')
    expect(accessLabel({ mode: 'roles', roles: ['editor', 'admin'] })).toBe('Roles: Editors, Admins')
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [340, '340 ms'],
    [4200, '4.2 s'],
    [42_000, '42 s'],
    [125_000, '2 min 5 s'],
    [120_000, '2 min'],
    [3_780_000, '1 h 3 min'],
    [-1, '—'],
    [undefined, '—'],
  ])('%s ms is %s', (ms, want) => {
    expect(formatDuration(ms)).toBe(want)
  })
})

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [39_920, '39 KB'],
    [2048, '2.0 KB'],
    [5 * 1024 * 1024, '5.0 MB'],
    [null, '—'],
  ])('%s bytes is %s', (n, want) => {
    expect(formatBytes(n)).toBe(want)
  })
})

describe('deploymentDurationMs', () => {
  it('is finished − started, or up to now while running, or null before starting', () => {
    const d = makeDeployment({ startedAt: '2025-03-01T10:00:00Z', finishedAt: '2025-03-01T10:00:02.5Z' })
    expect(deploymentDurationMs(d)).toBe(2500)
    const running = makeDeployment({ startedAt: '2025-03-01T10:00:00Z' })
    expect(deploymentDurationMs(running)).toBeNull()
    expect(deploymentDurationMs(running, new Date('2025-03-01T10:00:05Z'))).toBe(5000)
    expect(deploymentDurationMs(makeDeployment())).toBeNull()
  })
})

describe('mergeLog', () => {
  it('appends lines in order', () => {
    const log = [logLine(1, 'a'), logLine(2, 'b')]
    expect(mergeLog(log, [logLine(3, 'c')]).map((l) => l.seq)).toEqual([1, 2, 3])
    expect(mergeLog(log, [])).toBe(log)
  })
  it('drops duplicates (a reconnected stream sends the log again) and sorts', () => {
    const log = [logLine(1, 'a'), logLine(3, 'c')]
    const merged = mergeLog(log, [logLine(1, 'a'), logLine(2, 'b'), logLine(3, 'c'), logLine(4, 'd')])
    expect(merged.map((l) => l.seq)).toEqual([1, 2, 3, 4])
  })
})

describe('statuses and stages', () => {
  it('tells running, waiting and finished statuses apart', () => {
    expect(isInProgress('building')).toBe(true)
    expect(isInProgress('queued')).toBe(true)
    expect(isInProgress('pending_approval')).toBe(false)
    expect(isTerminal('success')).toBe(true)
    expect(isTerminal('rejected')).toBe(true)
    expect(isTerminal('verifying')).toBe(false)
    expect(statusMeta('failed')).toMatchObject({ label: 'Failed', color: 'red' })
    expect(statusMeta('pending_approval').label).toBe('Waiting for approval')
    expect(statusMeta('something-new').label).toBe('something-new')
  })
  it('orders the four stages and fills in missing ones', () => {
    const got = orderedStages([
      { name: 'deploy', status: 'running', durationMs: 0 },
      { name: 'build', status: 'done', durationMs: 10 },
    ])
    expect(got.map((s) => `${s.name}:${s.status}`)).toEqual(['build:done', 'optimize:pending', 'deploy:running', 'verify:pending'])
  })
})

describe('comparisonState', () => {
  const state = { pageId: 'p', title: 'T', path: '/', versionId: 'v', versionNumber: 1, docHash: 'h', deploymentId: 'd', publishedAt: '' }
  it('says same, different or on one side only', () => {
    expect(comparisonState({ pageId: 'p', title: 'T', path: '/', a: state, b: state, same: true })).toBe('same')
    expect(comparisonState({ pageId: 'p', title: 'T', path: '/', a: state, b: { ...state, docHash: 'x' }, same: false })).toBe('different')
    expect(comparisonState({ pageId: 'p', title: 'T', path: '/', a: state, b: null, same: false })).toBe('only-a')
    expect(comparisonState({ pageId: 'p', title: 'T', path: '/', a: null, b: state, same: false })).toBe('only-b')
  })
})

describe('small helpers', () => {
  it('makes slugs as the server does', () => {
    expect(envSlugFrom('Winter campaign — review!')).toBe('winter-campaign-review')
    expect(envSlugFrom('  Staging ')).toBe('staging')
    expect(envSlugFrom('***')).toBe('')
  })
  it('checks http(s) URLs', () => {
    expect(isHttpUrl('https://api.example.org/v1')).toBe(true)
    expect(isHttpUrl('ftp://x')).toBe(false)
    expect(isHttpUrl('example.org')).toBe(false)
    expect(isHttpUrl('https://user@example.org')).toBe(false)
  })
  it('shortens ids', () => {
    expect(shortId('01a2100f-f726-7d81-a5f7-ad8d2f44be91')).toBe('f44be91')
  })
  it('splits field errors of an update onto the form rows', () => {
    expect(
      splitFieldErrors({
        name: 'Enter a name.',
        'config.baseUrl': 'Enter an http(s) URL.',
        'config.apiBaseUrls.bad name': 'Name an API…',
        'config.features.x y': 'Name a flag…',
      }),
    ).toEqual({
      fields: { name: 'Enter a name.', 'config.baseUrl': 'Enter an http(s) URL.' },
      apis: { 'bad name': 'Name an API…' },
      flags: { 'x y': 'Name a flag…' },
    })
  })
  it('normalises Go nulls', () => {
    const env = normalizeEnvironment({
      ...makeEnvironment(),
      secrets: null,
      config: { baseUrl: '', apiBaseUrls: null, features: null },
      access: { mode: 'roles', roles: null },
    } as unknown as Environment)
    expect(env.secrets).toEqual([])
    expect(env.config.apiBaseUrls).toEqual({})
    expect(env.access.roles).toEqual([])
    const d = normalizeDeployment({ ...makeDeployment(), stages: null, triggeredBy: undefined } as unknown as Deployment)
    expect(d.stages).toEqual([])
    expect(d.triggeredBy).toBeNull()
  })
})
