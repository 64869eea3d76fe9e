// The template marketplace: types (as the server sends them), API calls,
// TanStack Query options and mutations.
import { infiniteQueryOptions, keepPreviousData, queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { ApiError, api, withQuery } from '../../api/client'
import { keys } from '../../api/queries'
import type { Page } from '../../api/types'
import type { TemplateKind, TemplateSort } from './search'

// ---------- types ----------

export type Visibility = 'private' | 'team' | 'organization'

export interface PersonRef {
  id: string
  name: string
}

export interface Template {
  id: string
  slug: string
  name: string
  description: string
  /** A category slug. */
  category: string
  tags: string[]
  kind: TemplateKind
  visibility: Visibility
  builtin: boolean
  /** Null for built-ins (made by Pagewright). */
  author: PersonRef | null
  siteId: string | null
  /** The current version, semver. */
  version: string
  installCount: number
  ratingAvg: number
  ratingCount: number
  /** '' until a thumbnail was rendered. */
  thumbnailUrl: string
  /** The template as a full HTML page; add ?site= for a site's design system. */
  previewUrl: string
  canEdit: boolean
  /** The signed-in user's rating, 0 when they have not rated it. */
  myRating: number
  createdAt: string
  updatedAt: string
}

export interface TemplateVersion {
  version: string
  notes: string
  createdAt: string
  author: PersonRef | null
}

export type TemplateDetail = Template & { versions: TemplateVersion[] }

export interface CategoryFacet {
  slug: string
  label: string
  count: number
}

export interface TemplateListPage {
  items: Template[]
  nextCursor: string
  categories: CategoryFacet[]
}

export interface TemplateListQuery {
  q?: string
  category?: string
  sort: TemplateSort
  kind?: TemplateKind
}

export interface Review {
  id: string
  user: PersonRef
  rating: number
  body: string
  createdAt: string
  updatedAt: string
}

export interface ReviewSummary {
  avg: number
  count: number
  /** Index 0 is 1 star … index 4 is 5 stars. */
  histogram: number[]
}

export interface ReviewPage {
  items: Review[]
  nextCursor: string
  summary: ReviewSummary
  /** The signed-in user's own review, wherever it is in the list. */
  mine: Review | null
}

export interface UpdateTemplateRequest {
  name?: string
  description?: string
  category?: string
  tags?: string[]
  visibility?: Visibility
}

export interface PublishTemplateRequest {
  pageId: string
  node?: string
  name: string
  description: string
  category: string
  tags: string[]
  visibility: Visibility
}

export interface InstallTemplateRequest {
  siteId: string
  title: string
  slug?: string
}

export interface InstallResult {
  page: Page
  template: Template
  /** What was changed to fit the site, e.g. a form renamed. */
  notes?: string[] | null
}

export interface SaveReviewRequest {
  rating: number
  body: string
}

// ---------- normalising (Go may send null for empty lists) ----------

type Raw<T> = { [K in keyof T]?: T[K] | null }

export function normalizeTemplate(t: Raw<Template>): Template {
  return {
    id: t.id ?? '',
    slug: t.slug ?? '',
    name: t.name ?? '',
    description: t.description ?? '',
    category: t.category ?? '',
    tags: t.tags ?? [],
    kind: t.kind === 'section' ? 'section' : 'page',
    visibility: t.visibility ?? 'organization',
    builtin: Boolean(t.builtin),
    author: t.author ?? null,
    siteId: t.siteId ?? null,
    version: t.version ?? '',
    installCount: t.installCount ?? 0,
    ratingAvg: t.ratingAvg ?? 0,
    ratingCount: t.ratingCount ?? 0,
    thumbnailUrl: t.thumbnailUrl ?? '',
    previewUrl: t.previewUrl || `/api/v1/templates/${encodeURIComponent(t.id ?? '')}/preview`,
    canEdit: Boolean(t.canEdit),
    myRating: t.myRating ?? 0,
    createdAt: t.createdAt ?? '',
    updatedAt: t.updatedAt ?? '',
  }
}

export function normalizeDetail(t: Raw<TemplateDetail>): TemplateDetail {
  return { ...normalizeTemplate(t), versions: (t.versions ?? []).map((v) => ({ ...v, notes: v.notes ?? '', author: v.author ?? null })) }
}

export function normalizeSummary(s: Partial<ReviewSummary> | null | undefined): ReviewSummary {
  const h = Array.isArray(s?.histogram) ? s.histogram : []
  return {
    avg: s?.avg ?? 0,
    count: s?.count ?? 0,
    histogram: [0, 1, 2, 3, 4].map((i) => h[i] ?? 0),
  }
}

// ---------- paths, keys, queries ----------

const enc = encodeURIComponent
const templatePath = (id: string) => `/templates/${enc(id)}`

export const TEMPLATES_PAGE = 24

export const templateKeys = {
  all: ['templates'] as const,
  lists: ['templates', 'list'] as const,
  list: (q: TemplateListQuery) => ['templates', 'list', q] as const,
  categories: ['templates', 'categories'] as const,
  detail: (id: string) => ['templates', 'detail', id] as const,
  reviews: (id: string) => ['templates', 'reviews', id] as const,
}

export async function fetchTemplatePage(q: TemplateListQuery & { cursor?: string; limit?: number }, signal?: AbortSignal): Promise<TemplateListPage> {
  const res = await api.get<{ items?: Raw<Template>[] | null; nextCursor?: string; categories?: CategoryFacet[] | null }>(
    withQuery('/templates', { ...q }),
    { signal },
  )
  return {
    items: (res.items ?? []).map(normalizeTemplate),
    nextCursor: res.nextCursor ?? '',
    categories: (res.categories ?? []).map((c) => ({ slug: c.slug, label: c.label || categoryLabel(c.slug), count: c.count ?? 0 })),
  }
}

export const templatesQuery = (q: TemplateListQuery) =>
  infiniteQueryOptions({
    queryKey: templateKeys.list(q),
    queryFn: ({ pageParam, signal }) => fetchTemplatePage({ ...q, cursor: pageParam, limit: TEMPLATES_PAGE }, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
    // While a new search loads, the previous results stay (dimmed).
    placeholderData: keepPreviousData,
  })

/**
 * Every category (the facet of the unfiltered list), for labels and the
 * category pickers.
 */
export const templateCategoriesQuery = queryOptions({
  queryKey: templateKeys.categories,
  queryFn: async ({ signal }) => (await fetchTemplatePage({ sort: 'name', limit: 1 }, signal)).categories,
  staleTime: 5 * 60_000,
})

export const templateQuery = (id: string) =>
  queryOptions({
    queryKey: templateKeys.detail(id),
    queryFn: async ({ signal }) => normalizeDetail(await api.get<Raw<TemplateDetail>>(templatePath(id), { signal })),
  })

export const reviewsQuery = (id: string) =>
  infiniteQueryOptions({
    queryKey: templateKeys.reviews(id),
    queryFn: async ({ pageParam, signal }): Promise<ReviewPage> => {
      const res = await api.get<{ items?: Review[] | null; nextCursor?: string; summary?: ReviewSummary | null; mine?: Review | null }>(
        withQuery(`${templatePath(id)}/reviews`, { cursor: pageParam }),
        { signal },
      )
      return {
        items: (res.items ?? []).map((r) => ({ ...r, body: r.body ?? '' })),
        nextCursor: res.nextCursor ?? '',
        summary: normalizeSummary(res.summary),
        mine: res.mine ? { ...res.mine, body: res.mine.body ?? '' } : null,
      }
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
  })

// ---------- helpers ----------

/** "patient-education" → "Patient education" (when the server sent no label). */
export function categoryLabel(slug: string, facets?: CategoryFacet[]): string {
  const known = facets?.find((c) => c.slug === slug)
  if (known?.label) return known.label
  const words = slug.replace(/[-_]+/g, ' ').trim()
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Uncategorised'
}

/** The preview of a template, optionally in a site's design system. */
export function previewSrc(t: Pick<Template, 'previewUrl'>, siteId?: string): string {
  return siteId ? withQuery(t.previewUrl, { site: siteId }) : t.previewUrl
}

/** The tokens a `template.unknown_tokens` problem names. */
export function unknownTokens(err: unknown): string[] | null {
  if (!(err instanceof ApiError) || err.code !== 'template.unknown_tokens') return null
  const out: string[] = []
  const add = (v: unknown) => {
    if (typeof v !== 'string') return
    const t = v.trim().replace(/^\{|\}$/g, '')
    if (t && !out.includes(t)) out.push(t)
  }
  // Preferred: one entry per token, its path in `value` (or a list of them).
  for (const e of err.errors) {
    if (Array.isArray(e.value)) e.value.forEach(add)
    else add(e.value)
  }
  // Also accept an extension member `tokens: string[]`.
  const ext = (err.problem as { tokens?: unknown }).tokens
  if (Array.isArray(ext)) ext.forEach(add)
  // Last resort: {token.paths} named in the messages.
  if (out.length === 0) {
    const texts = [err.detail, ...err.errors.map((e) => e.message ?? '')]
    for (const s of texts) for (const m of s.matchAll(/\{([a-zA-Z0-9_.-]+)\}/g)) add(m[1])
  }
  return out
}

// ---------- mutations ----------

function invalidateLists(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: templateKeys.lists })
  void qc.invalidateQueries({ queryKey: templateKeys.categories })
}

export function useUpdateTemplate(id: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: async (body: UpdateTemplateRequest) => normalizeTemplate(await api.patch<Raw<Template>>(templatePath(id), body)),
    onSuccess: (t) => {
      qc.setQueryData<TemplateDetail>(templateKeys.detail(id), (old) => (old ? { ...old, ...t } : old))
      void qc.invalidateQueries({ queryKey: templateKeys.detail(id) })
      invalidateLists(qc)
    },
  })
}

export function useDeleteTemplate(id: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: () => api.del(templatePath(id)),
    // The caller navigates away first, then the detail is dropped.
    onSuccess: () => invalidateLists(qc),
  })
}

export function usePublishTemplate() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: async (body: PublishTemplateRequest) => normalizeTemplate(await api.post<Raw<Template>>('/templates', body)),
    onSuccess: () => invalidateLists(qc),
  })
}

export function useInstallTemplate(id: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: InstallTemplateRequest) => api.post<InstallResult>(`${templatePath(id)}/install`, body),
    onSuccess: (_res, body) => {
      void qc.invalidateQueries({ queryKey: keys.pages(body.siteId) })
      void qc.invalidateQueries({ queryKey: keys.site(body.siteId) })
      void qc.invalidateQueries({ queryKey: keys.sites, exact: true })
      void qc.invalidateQueries({ queryKey: templateKeys.detail(id) })
      void qc.invalidateQueries({ queryKey: templateKeys.lists })
    },
  })
}

function invalidateRatings(qc: QueryClient, id: string) {
  void qc.invalidateQueries({ queryKey: templateKeys.reviews(id) })
  void qc.invalidateQueries({ queryKey: templateKeys.detail(id) })
  void qc.invalidateQueries({ queryKey: templateKeys.lists })
}

export function useSaveReview(id: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: SaveReviewRequest) => api.put<Review>(`${templatePath(id)}/reviews/mine`, body),
    onSuccess: (_r, body) => {
      qc.setQueryData<TemplateDetail>(templateKeys.detail(id), (old) => (old ? { ...old, myRating: body.rating } : old))
      invalidateRatings(qc, id)
    },
  })
}

export function useDeleteReview(id: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: () => api.del(`${templatePath(id)}/reviews/mine`),
    onSuccess: () => {
      qc.setQueryData<TemplateDetail>(templateKeys.detail(id), (old) => (old ? { ...old, myRating: 0 } : old))
      invalidateRatings(qc, id)
    },
  })
}
