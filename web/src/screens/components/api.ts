// The reusable component library ("symbols"): types as the server sends
// them, API calls, TanStack Query options and mutations, and the small
// semver helpers the editor and the library screen share.
import { infiniteQueryOptions, keepPreviousData, queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { api, withQuery } from '../../api/client'
import type { PageDocument } from '../../editor/types'

// ---------- types ----------

export type Visibility = 'private' | 'team' | 'organization'

export interface PersonRef {
  id: string
  name: string
}

export interface Deprecation {
  message: string
  replacementId?: string
  replacementName?: string
  at: string
  by: PersonRef | null
}

export interface Component {
  id: string
  name: string
  description: string
  category: string
  tags: string[]
  visibility: Visibility
  /** The site it was made in (team visibility follows that site). */
  siteId: string
  owner: PersonRef | null
  /** Semver, e.g. "1.2.0". */
  latestVersion: string
  /** Absent (null here) unless the component is deprecated. */
  deprecated: Deprecation | null
  /** Among the pages the reader can see. */
  usage: { pages: number; instances: number }
  createdAt: string
  updatedAt: string
}

/** JSON types an exposed prop may have. */
export type PropType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object'

/** A prop of a node inside the component that instances may override, under key. */
export interface ExposedProp {
  key: string
  node: string
  prop: string
  label: string
  type: PropType
}

/** An exposed prop as the client sends it (the server works out the type). */
export interface ExposedInput {
  key: string
  node: string
  prop: string
  label?: string
}

export interface ComponentVersion {
  componentId: string
  version: string
  notes: string
  exposed: ExposedProp[]
  createdAt: string
  createdBy: PersonRef | null
  /** Only when one version is fetched. */
  document?: PageDocument
}

export interface ComponentDetail {
  component: Component
  /** Newest first, without documents. */
  versions: ComponentVersion[]
}

export interface PageUsage {
  pageId: string
  siteId: string
  title: string
  /** The page document's revision (its ETag) to pass to a bulk update. */
  revision: number
  /** The versions its instances use, oldest first. */
  versions: string[]
  instances: number
}

export interface DroppedOverride {
  /** The Instance node. */
  node: string
  key: string
  reason: string
}

export interface BulkPreview {
  pageId: string
  title: string
  revision: number
  version: string
  instances: number
  document: PageDocument
  dropped: DroppedOverride[]
}

export interface CreateComponentRequest {
  siteId: string
  name: string
  category?: string
  description?: string
  tags?: string[]
  visibility?: Visibility
  document: PageDocument
  exposed?: ExposedInput[]
  notes?: string
}

export interface PublishVersionRequest {
  version?: string
  document: PageDocument
  /** The full set, every time. */
  exposed: ExposedInput[]
  notes?: string
}

export interface UpdateComponentRequest {
  name?: string
  description?: string
  category?: string
  tags?: string[]
  visibility?: Visibility
}

export interface ComponentListQuery {
  q?: string
  category?: string
  site?: string
  /** Include deprecated components. */
  deprecated?: boolean
}

export const CATEGORIES = ['Sections', 'Navigation', 'Content', 'Forms', 'Cards', 'Calls to action', 'Media', 'Other'] as const

export const VISIBILITIES: { value: Visibility; label: string; hint: string }[] = [
  { value: 'private', label: 'Private', hint: 'Only you (and Admins) can find and place it.' },
  { value: 'team', label: 'Team', hint: 'Everyone who can see this site can place it.' },
  { value: 'organization', label: 'Organization', hint: 'Everyone in the organisation can place it, on any site.' },
]

export function visibilityLabel(v: Visibility): string {
  return VISIBILITIES.find((x) => x.value === v)?.label ?? v
}

/** Limits the server enforces (internal/symbol). */
export const LIMITS = { name: 100, description: 500, tags: 10, tag: 40, notes: 1000, message: 500, exposed: 50, label: 100, bulkPages: 200 }

// ---------- normalising (Go may send null for empty lists) ----------

type Raw<T> = { [K in keyof T]?: T[K] | null }

export function normalizeComponent(c: Raw<Component>): Component {
  return {
    id: c.id ?? '',
    name: c.name ?? '',
    description: c.description ?? '',
    category: c.category ?? 'Other',
    tags: c.tags ?? [],
    visibility: c.visibility ?? 'private',
    siteId: c.siteId ?? '',
    owner: c.owner ?? null,
    latestVersion: c.latestVersion ?? '1.0.0',
    deprecated: c.deprecated ? { ...c.deprecated, message: c.deprecated.message ?? '', by: c.deprecated.by ?? null } : null,
    usage: { pages: c.usage?.pages ?? 0, instances: c.usage?.instances ?? 0 },
    createdAt: c.createdAt ?? '',
    updatedAt: c.updatedAt ?? '',
  }
}

export function normalizeVersion(v: Raw<ComponentVersion>): ComponentVersion {
  return {
    componentId: v.componentId ?? '',
    version: v.version ?? '',
    notes: v.notes ?? '',
    exposed: (v.exposed ?? []).map((e) => ({ ...e, label: e.label || e.key })),
    createdAt: v.createdAt ?? '',
    createdBy: v.createdBy ?? null,
    ...(v.document ? { document: v.document } : {}),
  }
}

// ---------- references and semver ----------

/** "<componentId>@<version>". */
export function formatRef(id: string, version: string): string {
  return `${id}@${version}`
}

/** Splits "<componentId>@<version>"; null when it is not one. */
export function parseRef(ref: unknown): { id: string; version: string } | null {
  if (typeof ref !== 'string') return null
  const at = ref.lastIndexOf('@')
  if (at <= 0) return null
  const id = ref.slice(0, at)
  const version = ref.slice(at + 1)
  return parseSemver(version) ? { id, version } : null
}

export type Semver = [number, number, number]

export function parseSemver(v: string): Semver | null {
  const m = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(v.trim())
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null
}

/** Negative when a < b, 0 when equal, positive when a > b (unparsable sorts first). */
export function compareSemver(a: string, b: string): number {
  const x = parseSemver(a) ?? [-1, -1, -1]
  const y = parseSemver(b) ?? [-1, -1, -1]
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]
}

export type Bump = 'patch' | 'minor' | 'major'

export function nextVersion(v: string, bump: Bump): string {
  const [a, b, c] = parseSemver(v) ?? [1, 0, 0]
  if (bump === 'major') return `${a + 1}.0.0`
  if (bump === 'minor') return `${a}.${b + 1}.0`
  return `${a}.${b}.${c + 1}`
}

/**
 * The bump semver needs between the latest version's exposed props and a
 * new set, as the server computes it: a removed key or a changed type is
 * major, an added key minor, anything else a patch.
 */
export function requiredBump(before: { key: string; type: string }[], after: { key: string; type: string }[]): { bump: Bump; removed: string[]; retyped: string[]; added: string[] } {
  const b = new Map(before.map((e) => [e.key, e.type]))
  const a = new Map(after.map((e) => [e.key, e.type]))
  const removed = [...b.keys()].filter((k) => !a.has(k)).sort()
  const retyped = [...b.keys()].filter((k) => a.has(k) && a.get(k) !== b.get(k)).sort()
  const added = [...a.keys()].filter((k) => !b.has(k)).sort()
  const bump: Bump = removed.length || retyped.length ? 'major' : added.length ? 'minor' : 'patch'
  return { bump, removed, retyped, added }
}

// ---------- paths, keys, queries ----------

const enc = encodeURIComponent
const componentPath = (id: string) => `/components/${enc(id)}`

export const COMPONENTS_PAGE = 50

export const componentKeys = {
  all: ['components'] as const,
  lists: ['components', 'list'] as const,
  list: (q: ComponentListQuery & { limit?: number }) => ['components', 'list', q] as const,
  detail: (id: string) => ['components', 'detail', id] as const,
  version: (id: string, version: string) => ['components', 'version', id, version] as const,
  usage: (id: string) => ['components', 'usage', id] as const,
}

export async function fetchComponentPage(
  q: ComponentListQuery & { cursor?: string; limit?: number },
  signal?: AbortSignal,
): Promise<{ items: Component[]; nextCursor: string }> {
  const res = await api.get<{ items?: Raw<Component>[] | null; nextCursor?: string }>(
    withQuery('/components', { q: q.q, category: q.category, site: q.site, deprecated: q.deprecated ? 'true' : undefined, cursor: q.cursor, limit: q.limit }),
    { signal },
  )
  return { items: (res.items ?? []).map(normalizeComponent), nextCursor: res.nextCursor ?? '' }
}

export const componentsQuery = (q: ComponentListQuery, limit = COMPONENTS_PAGE) =>
  infiniteQueryOptions({
    queryKey: componentKeys.list({ ...q, limit }),
    queryFn: ({ pageParam, signal }) => fetchComponentPage({ ...q, cursor: pageParam, limit }, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
    placeholderData: keepPreviousData,
  })

export async function fetchComponent(id: string, signal?: AbortSignal): Promise<ComponentDetail> {
  const res = await api.get<{ component?: Raw<Component>; versions?: Raw<ComponentVersion>[] | null }>(componentPath(id), { signal })
  return { component: normalizeComponent(res.component ?? {}), versions: (res.versions ?? []).map(normalizeVersion) }
}

export const componentQuery = (id: string) =>
  queryOptions({
    queryKey: componentKeys.detail(id),
    queryFn: ({ signal }) => fetchComponent(id, signal),
    staleTime: 30_000,
  })

/** One version with its document. Versions never change, so it is cached for good. */
export const componentVersionQuery = (id: string, version: string) =>
  queryOptions({
    queryKey: componentKeys.version(id, version),
    queryFn: async ({ signal }) => normalizeVersion(await api.get<Raw<ComponentVersion>>(`${componentPath(id)}/versions/${enc(version)}`, { signal })),
    staleTime: Infinity,
  })

export const componentUsageQuery = (id: string) =>
  queryOptions({
    queryKey: componentKeys.usage(id),
    queryFn: async ({ signal }) => {
      const res = await api.get<{ items?: Raw<PageUsage>[] | null }>(`${componentPath(id)}/usage`, { signal })
      return (res.items ?? []).map(
        (u): PageUsage => ({
          pageId: u.pageId ?? '',
          siteId: u.siteId ?? '',
          title: u.title ?? '',
          revision: u.revision ?? 0,
          versions: u.versions ?? [],
          instances: u.instances ?? 0,
        }),
      )
    },
  })

export async function fetchBulkPreview(id: string, version: string, page: string, signal?: AbortSignal): Promise<BulkPreview> {
  const res = await api.post<Raw<BulkPreview>>(`${componentPath(id)}/bulk-update/preview`, { version, page }, { signal })
  return {
    pageId: res.pageId ?? page,
    title: res.title ?? '',
    revision: res.revision ?? 0,
    version: res.version ?? version,
    instances: res.instances ?? 0,
    document: res.document as PageDocument,
    dropped: res.dropped ?? [],
  }
}

// ---------- mutations ----------

function invalidateLists(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: componentKeys.lists })
}

function invalidateComponent(qc: QueryClient, id: string) {
  void qc.invalidateQueries({ queryKey: componentKeys.detail(id) })
  void qc.invalidateQueries({ queryKey: componentKeys.usage(id) })
  invalidateLists(qc)
}

export function useCreateComponent() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: async (body: CreateComponentRequest) => normalizeComponent(await api.post<Raw<Component>>('/components', body)),
    onSuccess: () => invalidateLists(qc),
  })
}

export function usePublishVersion(id: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: async (body: PublishVersionRequest) => normalizeVersion(await api.post<Raw<ComponentVersion>>(`${componentPath(id)}/versions`, body)),
    onSuccess: () => invalidateComponent(qc, id),
  })
}

function setComponent(qc: QueryClient, c: Component) {
  qc.setQueryData<ComponentDetail>(componentKeys.detail(c.id), (old) => (old ? { ...old, component: c } : old))
  invalidateComponent(qc, c.id)
}

export function useUpdateComponent(id: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: async (body: UpdateComponentRequest) => normalizeComponent(await api.patch<Raw<Component>>(componentPath(id), body)),
    onSuccess: (c) => setComponent(qc, c),
  })
}

export function useDeprecateComponent(id: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: async (body: { message: string; replacementId?: string }) =>
      normalizeComponent(await api.post<Raw<Component>>(`${componentPath(id)}/deprecate`, body)),
    onSuccess: (c) => setComponent(qc, c),
  })
}

export function useUndeprecateComponent(id: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: async () => normalizeComponent(await api.del<Raw<Component>>(`${componentPath(id)}/deprecate`)),
    onSuccess: (c) => setComponent(qc, c),
  })
}

export function useDeleteComponent(id: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: () => api.del(componentPath(id)),
    // The caller navigates away first, then the lists are refreshed.
    onSuccess: () => invalidateLists(qc),
  })
}

export function useBulkUpdate(id: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: { version: string; pages: { id: string; revision: number }[] }) =>
      api.post<{ pages: { id: string; revision: number }[] | null }>(`${componentPath(id)}/bulk-update`, body),
    onSuccess: () => invalidateComponent(qc, id),
  })
}

// ---------- small helpers ----------

/** "Used on 12 pages", "Not used yet". */
export function usageLabel(u: { pages: number; instances: number }): string {
  if (u.pages === 0) return 'Not used yet'
  return `Used on ${u.pages} ${u.pages === 1 ? 'page' : 'pages'}`
}

/**
 * "vaccination, Flu ,, flu" → ["vaccination", "Flu"]: trimmed, empties and
 * duplicates (ignoring case) dropped.
 */
export function parseTags(input: string): string[] {
  const out: string[] = []
  const seen = new Set<string>()
  for (const raw of input.split(',')) {
    const tag = raw.trim().replace(/\s+/g, ' ')
    if (!tag || seen.has(tag.toLowerCase())) continue
    seen.add(tag.toLowerCase())
    out.push(tag)
  }
  return out
}

export function tagsError(tags: string[]): string | null {
  if (tags.length > LIMITS.tags) return `Use at most ${LIMITS.tags} tags.`
  const long = tags.find((t) => t.length > LIMITS.tag)
  if (long) return `Keep each tag to ${LIMITS.tag} characters (“${long.slice(0, 20)}…” is longer).`
  return null
}
