// Environments and deployments: types, API calls, TanStack Query options
// and mutations, and the pure helpers the publishing screens share.
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { api, withQuery } from '../../api/client'
import type { Role } from '../../api/types'

// ---------- types (as the server sends them) ----------

export type EnvironmentKind = 'development' | 'staging' | 'production' | 'preview'
export type AccessMode = 'public' | 'login' | 'roles'

export interface EnvironmentConfig {
  baseUrl: string
  apiBaseUrls: Record<string, string>
  features: Record<string, boolean>
}

export interface EnvironmentAccess {
  mode: AccessMode
  roles: Role[]
}

export interface SecretInfo {
  name: string
  updatedAt: string
  updatedBy?: string
}

export interface Environment {
  id: string
  siteId: string
  slug: string
  name: string
  kind: EnvironmentKind
  config: EnvironmentConfig
  access: EnvironmentAccess
  requiresApproval: boolean
  domain?: string
  position: number
  liveDeploymentId?: string
  secrets: SecretInfo[]
  /** Where the environment is served; may be a path ("/s/site/env/"). */
  url: string
  createdAt: string
  updatedAt: string
}

export interface CreateEnvironmentRequest {
  name: string
  slug?: string
  kind: 'staging' | 'preview'
  from?: string
}

export interface UpdateEnvironmentRequest {
  name?: string
  config?: EnvironmentConfig
  access?: EnvironmentAccess
  requiresApproval?: boolean
  domain?: string
}

export type DeploymentKind = 'build' | 'promote' | 'rollback'
export type DeploymentStatus =
  | 'pending_approval'
  | 'queued'
  | 'building'
  | 'optimizing'
  | 'deploying'
  | 'verifying'
  | 'success'
  | 'failed'
  | 'rejected'
export type StageName = 'build' | 'optimize' | 'deploy' | 'verify'
export type StageStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped'

export interface Stage {
  name: StageName
  status: StageStatus
  startedAt?: string
  finishedAt?: string
  durationMs: number
}

export interface DeploymentStats {
  pages: number
  rendered: number
  reused: number
  files: number
  newObjects: number
  bytes: number
  buildMs: number
}

export interface Person {
  id: string
  name: string
}

export interface Approval {
  decision: 'approved' | 'rejected'
  by: Person
  comment: string
  at: string
}

export interface Deployment {
  id: string
  siteId: string
  environmentId: string
  /** The environment's slug. */
  environment: string
  kind: DeploymentKind
  sourceDeploymentId?: string
  status: DeploymentStatus
  stages: Stage[]
  progress: number
  artifactHash?: string
  manifestHash?: string
  stats: DeploymentStats
  message: string
  error?: string
  triggeredBy: Person | null
  approval?: Approval
  live: boolean
  url: string
  createdAt: string
  startedAt?: string
  finishedAt?: string
}

export type LogLevel = 'info' | 'warn' | 'error'

export interface LogLine {
  seq: number
  at: string
  level: LogLevel
  stage: string
  message: string
}

export interface PageState {
  pageId: string
  title: string
  path: string
  versionId: string
  versionNumber: number
  docHash: string
  deploymentId: string
  publishedAt: string
  publishedBy?: string
}

export interface PageComparison {
  pageId: string
  title: string
  path: string
  a: PageState | null
  b: PageState | null
  same: boolean
}

export interface Comparison {
  a: string
  b: string
  pages: PageComparison[]
  same: number
  different: number
}

export interface DeploymentPage {
  items: Deployment[]
  nextCursor: string
}

// ---------- paths, keys, queries ----------

const enc = encodeURIComponent
const envsPath = (siteId: string) => `/sites/${enc(siteId)}/environments`
const envPath = (siteId: string, env: string) => `${envsPath(siteId)}/${enc(env)}`

export const publishKeys = {
  all: ['publish'] as const,
  environments: (siteId: string) => ['publish', 'environments', siteId] as const,
  deployments: (siteId: string, env: string) => ['publish', 'deployments', siteId, env] as const,
  latest: (siteId: string, env: string) => ['publish', 'latest', siteId, env] as const,
  deployment: (id: string) => ['publish', 'deployment', id] as const,
  compare: (siteId: string, a: string, b: string) => ['publish', 'compare', siteId, a, b] as const,
}

/** Go may encode an empty list as null: hand the UI arrays. */
export function normalizeEnvironment(e: Environment): Environment {
  return {
    ...e,
    config: {
      baseUrl: e.config?.baseUrl ?? '',
      apiBaseUrls: e.config?.apiBaseUrls ?? {},
      features: e.config?.features ?? {},
    },
    access: { mode: e.access?.mode ?? 'public', roles: e.access?.roles ?? [] },
    secrets: e.secrets ?? [],
  }
}

export function normalizeDeployment(d: Deployment): Deployment {
  return {
    ...d,
    stages: d.stages ?? [],
    stats: d.stats ?? { pages: 0, rendered: 0, reused: 0, files: 0, newObjects: 0, bytes: 0, buildMs: 0 },
    message: d.message ?? '',
    triggeredBy: d.triggeredBy ?? null,
  }
}

export const environmentsQuery = (siteId: string) =>
  queryOptions({
    queryKey: publishKeys.environments(siteId),
    queryFn: async ({ signal }) => {
      const res = await api.get<{ items: Environment[] | null }>(envsPath(siteId), { signal })
      return (res.items ?? []).map(normalizeEnvironment)
    },
  })

export const DEPLOYMENTS_PAGE = 20

export const deploymentsQuery = (siteId: string, env: string) =>
  infiniteQueryOptions({
    queryKey: publishKeys.deployments(siteId, env),
    queryFn: async ({ pageParam, signal }): Promise<DeploymentPage> => {
      const res = await api.get<{ items: Deployment[] | null; nextCursor?: string }>(
        withQuery(`${envPath(siteId, env)}/deployments`, { cursor: pageParam, limit: DEPLOYMENTS_PAGE }),
        { signal },
      )
      return { items: (res.items ?? []).map(normalizeDeployment), nextCursor: res.nextCursor ?? '' }
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
  })

/** The newest deployment of an environment (or null when there is none). */
export const latestDeploymentQuery = (siteId: string, env: string) =>
  queryOptions({
    queryKey: publishKeys.latest(siteId, env),
    queryFn: async ({ signal }) => {
      const res = await api.get<{ items: Deployment[] | null }>(
        withQuery(`${envPath(siteId, env)}/deployments`, { limit: 1 }),
        { signal },
      )
      const d = res.items?.[0]
      return d ? normalizeDeployment(d) : null
    },
  })

export const deploymentQuery = (id: string) =>
  queryOptions({
    queryKey: publishKeys.deployment(id),
    queryFn: async ({ signal }) => normalizeDeployment(await api.get<Deployment>(`/deployments/${enc(id)}`, { signal })),
  })

export const compareQuery = (siteId: string, a: string, b: string) =>
  queryOptions({
    queryKey: publishKeys.compare(siteId, a, b),
    queryFn: async ({ signal }) => {
      const c = await api.get<Comparison>(withQuery(`${envsPath(siteId)}/compare`, { a, b }), { signal })
      return { ...c, pages: c.pages ?? [] }
    },
  })

export async function fetchLogs(id: string, after = 0, signal?: AbortSignal): Promise<LogLine[]> {
  const res = await api.get<{ items: LogLine[] | null }>(withQuery(`/deployments/${enc(id)}/logs`, { after: after || undefined }), {
    signal,
  })
  return res.items ?? []
}

/** The events stream's URL (same origin: the session cookie goes with it). */
export function eventsUrl(id: string): string {
  return `/api/v1/deployments/${enc(id)}/events`
}

// ---------- mutations ----------

/** After anything that changes what an environment serves. */
export function refreshPublishing(qc: QueryClient, siteId: string) {
  void qc.invalidateQueries({ queryKey: publishKeys.environments(siteId) })
  void qc.invalidateQueries({ queryKey: ['publish', 'deployments', siteId] })
  void qc.invalidateQueries({ queryKey: ['publish', 'latest', siteId] })
  void qc.invalidateQueries({ queryKey: ['publish', 'compare', siteId] })
}

function storeDeployment(qc: QueryClient, d: Deployment) {
  qc.setQueryData(publishKeys.deployment(d.id), normalizeDeployment(d))
  refreshPublishing(qc, d.siteId)
}

export function useDeploy(siteId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ env, message }: { env: string; message?: string }) =>
      api.post<Deployment>(`${envPath(siteId, env)}/deployments`, message ? { message } : {}),
    onSuccess: (d) => storeDeployment(qc, d),
  })
}

export function usePromote() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ id, to, message }: { id: string; to: string; message?: string }) =>
      api.post<Deployment>(`/deployments/${enc(id)}/promote`, message ? { to, message } : { to }),
    onSuccess: (d) => storeDeployment(qc, d),
  })
}

export function useRollback() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.post<Deployment>(`/deployments/${enc(id)}/rollback`),
    onSuccess: (d) => {
      storeDeployment(qc, d)
      // The deployment that was live is not any more.
      void qc.invalidateQueries({ queryKey: ['publish', 'deployment'] })
    },
  })
}

export function useDecide() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ id, approve, comment }: { id: string; approve: boolean; comment: string }) =>
      api.post<Deployment>(`/deployments/${enc(id)}/${approve ? 'approve' : 'reject'}`, comment ? { comment } : {}),
    onSuccess: (d) => storeDeployment(qc, d),
  })
}

function storeEnvironment(qc: QueryClient, siteId: string, env: Environment) {
  const e = normalizeEnvironment(env)
  qc.setQueryData<Environment[]>(publishKeys.environments(siteId), (old) =>
    old ? (old.some((x) => x.id === e.id) ? old.map((x) => (x.id === e.id ? e : x)) : [...old, e]) : old,
  )
  void qc.invalidateQueries({ queryKey: publishKeys.environments(siteId) })
}

export function useCreateEnvironment(siteId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateEnvironmentRequest) => api.post<Environment>(envsPath(siteId), body),
    onSuccess: (env) => storeEnvironment(qc, siteId, env),
  })
}

export function useUpdateEnvironment(siteId: string, env: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: UpdateEnvironmentRequest) => api.patch<Environment>(envPath(siteId, env), body),
    onSuccess: (e) => storeEnvironment(qc, siteId, e),
  })
}

export function useDeleteEnvironment(siteId: string, env: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: () => api.del(envPath(siteId, env)),
    onSuccess: () => void qc.invalidateQueries({ queryKey: publishKeys.environments(siteId) }),
  })
}

export function usePutSecret(siteId: string, env: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ name, value }: { name: string; value: string }) =>
      api.put<Environment>(`${envPath(siteId, env)}/secrets/${enc(name)}`, { value }),
    onSuccess: (e) => storeEnvironment(qc, siteId, e),
  })
}

export function useDeleteSecret(siteId: string, env: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (name: string) => api.del(`${envPath(siteId, env)}/secrets/${enc(name)}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: publishKeys.environments(siteId) }),
  })
}

// ---------- pure helpers ----------

/** The environment's URL, absolute (the server may send a path). */
export function absoluteEnvUrl(url: string, origin: string = window.location.origin): string {
  if (!url) return ''
  if (/^https?:\/\//i.test(url)) return url
  return origin.replace(/\/$/, '') + (url.startsWith('/') ? url : `/${url}`)
}

/** "riverside.example/s/clinic/production" — a URL without its scheme and trailing slash, for display. */
export function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//i, '').replace(/\/$/, '')
}

export const KIND_LABEL: Record<EnvironmentKind, string> = {
  development: 'Development',
  staging: 'Staging',
  production: 'Production',
  preview: 'Preview',
}

export const KIND_COLOR = {
  development: 'gray',
  staging: 'amber',
  production: 'teal',
  preview: 'violet',
} as const satisfies Record<EnvironmentKind, string>

const ROLE_NAMES: Record<string, string> = { viewer: 'Viewers', editor: 'Editors', admin: 'Admins' }

/** "Public", "Team only", "Roles: Editors, Admins". */
export function accessLabel(a: EnvironmentAccess): string {
  switch (a.mode) {
    case 'public':
      return 'Public'
    case 'login':
      return 'Team only'
    case 'roles':
      return `Roles: ${a.roles.length ? a.roles.map((r) => ROLE_NAMES[r] ?? r).join(', ') : 'none'}`
  }
  return a.mode
}

/** A sentence for the access mode, for hints. */
export function accessDescription(a: EnvironmentAccess): string {
  switch (a.mode) {
    case 'public':
      return 'Anyone with the link can see it.'
    case 'login':
      return 'Only signed-in members of your organisation can see it.'
    case 'roles':
      return 'Only signed-in members with one of these roles can see it.'
  }
  return ''
}

export interface StatusMeta {
  label: string
  color: 'gray' | 'amber' | 'blue' | 'green' | 'red' | 'orange'
  /** Still going: a spinner fits. */
  active: boolean
}

export const STATUS_META: Record<DeploymentStatus, StatusMeta> = {
  pending_approval: { label: 'Waiting for approval', color: 'amber', active: false },
  queued: { label: 'Queued', color: 'gray', active: true },
  building: { label: 'Building', color: 'blue', active: true },
  optimizing: { label: 'Optimizing', color: 'blue', active: true },
  deploying: { label: 'Deploying', color: 'blue', active: true },
  verifying: { label: 'Verifying', color: 'blue', active: true },
  success: { label: 'Succeeded', color: 'green', active: false },
  failed: { label: 'Failed', color: 'red', active: false },
  rejected: { label: 'Rejected', color: 'orange', active: false },
}

export function statusMeta(s: string): StatusMeta {
  return STATUS_META[s as DeploymentStatus] ?? { label: s, color: 'gray', active: false }
}

export function isTerminal(s: DeploymentStatus): boolean {
  return s === 'success' || s === 'failed' || s === 'rejected'
}

/** Running or about to run (not waiting for a person, not finished). */
export function isInProgress(s: DeploymentStatus): boolean {
  return statusMeta(s).active
}

export const KIND_DEPLOY_LABEL: Record<DeploymentKind, string> = {
  build: 'Build',
  promote: 'Promotion',
  rollback: 'Rollback',
}

export const STAGE_LABEL: Record<StageName, string> = {
  build: 'Build',
  optimize: 'Optimize',
  deploy: 'Deploy',
  verify: 'Verify',
}

export const STAGE_ORDER: StageName[] = ['build', 'optimize', 'deploy', 'verify']

/** The four stages in order, filling in any the server left out as pending. */
export function orderedStages(stages: Stage[]): Stage[] {
  return STAGE_ORDER.map((name) => stages.find((s) => s.name === name) ?? { name, status: 'pending', durationMs: 0 })
}

/** "340 ms", "4.2 s", "2 min 5 s", "1 h 3 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  const s = ms / 1000
  if (s < 10) return `${s.toFixed(1)} s`
  if (s < 60) return `${Math.round(s)} s`
  const totalS = Math.round(s)
  const m = Math.floor(totalS / 60)
  if (m < 60) {
    const rest = totalS % 60
    return rest ? `${m} min ${rest} s` : `${m} min`
  }
  const h = Math.floor(m / 60)
  const restM = m % 60
  return restM ? `${h} h ${restM} min` : `${h} h`
}

/** How long a deployment took (or has taken so far, with now). */
export function deploymentDurationMs(d: Pick<Deployment, 'createdAt' | 'startedAt' | 'finishedAt'>, now?: Date): number | null {
  const start = Date.parse(d.startedAt ?? '')
  if (Number.isNaN(start)) return null
  const end = d.finishedAt ? Date.parse(d.finishedAt) : now ? now.getTime() : NaN
  if (Number.isNaN(end)) return null
  return Math.max(0, end - start)
}

/** "0 B", "512 B", "39.0 KB", "1.2 MB". */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n) || n < 0) return '—'
  if (n < 1024) return `${n} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`
}

/** Adds log lines to a log, in sequence order, without duplicates. */
export function mergeLog(log: LogLine[], more: LogLine[]): LogLine[] {
  if (more.length === 0) return log
  const last = log.length ? log[log.length - 1]!.seq : 0
  // The common case: lines arrive in order after the ones we have.
  if (more.every((l, i) => l.seq > last && (i === 0 || l.seq > more[i - 1]!.seq))) return [...log, ...more]
  const bySeq = new Map<number, LogLine>()
  for (const l of log) bySeq.set(l.seq, l)
  for (const l of more) bySeq.set(l.seq, l)
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq)
}

/** "12:04:05" in the browser's locale, for log lines. */
export function logTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })
}

/** A short id for display: the last 7 characters (uuid v7 starts with the time). */
export function shortId(id: string): string {
  return id.replace(/-/g, '').slice(-7)
}

/** What a comparison row says: same, different, or only on one side. */
export function comparisonState(p: PageComparison): 'same' | 'different' | 'only-a' | 'only-b' {
  if (p.same) return 'same'
  if (p.a && !p.b) return 'only-a'
  if (!p.a && p.b) return 'only-b'
  return 'different'
}

/** Field errors of a rejected environment update, for the form. */
export function splitFieldErrors(errors: Record<string, string>): {
  fields: Record<string, string>
  apis: Record<string, string>
  flags: Record<string, string>
} {
  const fields: Record<string, string> = {}
  const apis: Record<string, string> = {}
  const flags: Record<string, string> = {}
  for (const [k, v] of Object.entries(errors)) {
    if (k.startsWith('config.apiBaseUrls.')) apis[k.slice('config.apiBaseUrls.'.length)] = v
    else if (k.startsWith('config.features.')) flags[k.slice('config.features.'.length)] = v
    else fields[k] = v
  }
  return { fields, apis, flags }
}

export const SECRET_NAME = /^[A-Z][A-Z0-9_]{0,63}$/
export const FLAG_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/
export const ENV_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/

/** The slug the server makes from a name (for the hint). */
export function envSlugFrom(name: string): string {
  let out = ''
  let dash = false
  for (const ch of name.toLowerCase()) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
      out += ch
      dash = false
    } else if (!dash && out.length > 0) {
      out += '-'
      dash = true
    }
    if (out.length >= 40) break
  }
  return out.replace(/^-+|-+$/g, '')
}

/** Whether http(s)://host… — as the server checks URLs. */
export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.host !== '' && !u.username
  } catch {
    return false
  }
}
