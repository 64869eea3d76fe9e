// TanStack Query definitions for a site's design system (DTCG tokens):
// read with its ETag, save with If-Match, the resolved token list for
// pickers, exports, history, and the sample render the theme preview shows.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import type { DesignTokens, PageDocument } from '../editor/types'
import { API_BASE, ApiError, api, getCsrfToken, setCsrfToken } from './client'
import type { components } from './schema'
import type { Problem } from './types'

type Schemas = components['schemas']

/** A DTCG token file: groups and tokens, as JSON. */
export type TokenTree = { [key: string]: unknown }

/** A contrast pair below its WCAG level. */
export type ContrastWarning = Schemas['ContrastWarning']
export type DesignSystemHistoryEntry = Omit<Schemas['HistoryEntry'], 'changes'> & {
  changes: Schemas['Change'][]
}

export interface DesignSystem {
  /** The base set, which is also the light theme. */
  tokens: TokenTree
  /** Theme name → tokens applied over the base set. */
  themes: Record<string, TokenTree>
  /** 0 while the site still uses the defaults. */
  revision: number
  updatedAt?: string
  updatedBy?: string
  /** Contrast pairs below their WCAG level, as stored (GET) or as just saved (PUT). */
  warnings: ContrastWarning[]
}

/** The design system with the ETag to send back in If-Match. */
export interface VersionedDesignSystem {
  ds: DesignSystem
  etag: string
}

export type ExportFormat = 'css' | 'scss' | 'json' | 'tailwind'

export const EXPORT_FORMATS: { format: ExportFormat; label: string; file: string }[] = [
  { format: 'css', label: 'CSS custom properties', file: 'tokens.css' },
  { format: 'scss', label: 'SCSS variables', file: '_tokens.scss' },
  { format: 'json', label: 'JSON (resolved)', file: 'tokens.resolved.json' },
  { format: 'tailwind', label: 'Tailwind theme', file: 'tailwind.tokens.js' },
]

export const designSystemKeys = {
  all: (siteId: string) => ['design-system', siteId] as const,
  current: (siteId: string) => ['design-system', siteId, 'current'] as const,
  tokens: (siteId: string) => ['design-system', siteId, 'tokens'] as const,
  history: (siteId: string) => ['design-system', siteId, 'history'] as const,
  export: (siteId: string, format: ExportFormat) => ['design-system', siteId, 'export', format] as const,
  preview: (siteId: string) => ['design-system', siteId, 'preview-render'] as const,
}

const base = (siteId: string) => `/sites/${encodeURIComponent(siteId)}/design-system`

/** The URL an export downloads from (same origin: the session cookie goes along). */
export function exportUrl(siteId: string, format: ExportFormat): string {
  return `${API_BASE}${base(siteId)}/export?format=${format}`
}

function normalize(raw: Partial<DesignSystem> & { warnings?: ContrastWarning[] | null }): DesignSystem {
  return {
    tokens: (raw.tokens ?? {}) as TokenTree,
    themes: (raw.themes ?? {}) as Record<string, TokenTree>,
    revision: raw.revision ?? 0,
    updatedAt: raw.updatedAt,
    updatedBy: raw.updatedBy,
    warnings: raw.warnings ?? [],
  }
}

async function problemOf(res: Response): Promise<Problem> {
  const fallback: Problem = { status: res.status, title: res.statusText || undefined }
  try {
    const body: unknown = JSON.parse(await res.text())
    if (body && typeof body === 'object') return { ...fallback, ...(body as Problem) }
  } catch {
    // Not JSON: keep the status.
  }
  return fallback
}

/**
 * A request that reads and sends headers (the shared client does not
 * expose them): the ETag of a read, If-Match on a write.
 */
async function send(
  method: 'GET' | 'PUT',
  path: string,
  opts: { body?: unknown; ifMatch?: string; signal?: AbortSignal } = {},
  retried = false,
): Promise<VersionedDesignSystem> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' }
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json'
  if (opts.ifMatch) headers['If-Match'] = opts.ifMatch
  if (method !== 'GET' && getCsrfToken()) headers['X-CSRF-Token'] = getCsrfToken()
  let res: Response
  try {
    res = await fetch(API_BASE + path, {
      method,
      credentials: 'same-origin',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, {
      title: 'Network error',
      detail: 'Could not reach the Pagewright server. Check your connection and try again.',
      code: 'network.unreachable',
    })
  }
  if (!res.ok) {
    const error = new ApiError(res.status, await problemOf(res))
    // As the shared client does: a stale CSRF token is refreshed once.
    if (res.status === 403 && error.code === 'auth.csrf_failed' && !retried) {
      const session = await api.get<{ csrfToken?: string }>('/auth/me').catch(() => null)
      if (session?.csrfToken) {
        setCsrfToken(session.csrfToken)
        return send(method, path, opts, true)
      }
    }
    throw error
  }
  const ds = normalize((await res.json()) as Partial<DesignSystem>)
  // The ETag is the revision in quotes; a proxy that drops the header
  // must not make saving impossible.
  return { ds, etag: res.headers.get('ETag') ?? `"${ds.revision}"` }
}

/** Reads the design system and its ETag. */
export function fetchDesignSystem(siteId: string, signal?: AbortSignal): Promise<VersionedDesignSystem> {
  return send('GET', base(siteId), { signal })
}

export const designSystemQuery = (siteId: string) =>
  queryOptions({
    queryKey: designSystemKeys.current(siteId),
    queryFn: ({ signal }) => fetchDesignSystem(siteId, signal),
    // The screen keeps its own draft: a background refetch must not look
    // like someone else's save.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  })

/** The resolved, flattened tokens (for pickers and swatches), as saved. */
export const designTokensQuery = (siteId: string) =>
  queryOptions({
    queryKey: designSystemKeys.tokens(siteId),
    queryFn: async ({ signal }) => {
      const res = await api.get<Partial<DesignTokens> & { items?: DesignTokens['items'] | null }>(`${base(siteId)}/tokens`, { signal })
      return {
        items: res.items ?? [],
        breakpoints: res.breakpoints ?? [],
        themes: res.themes ?? ['light'],
      } satisfies DesignTokens
    },
  })

export const designSystemHistoryQuery = (siteId: string) =>
  queryOptions({
    queryKey: designSystemKeys.history(siteId),
    queryFn: async ({ signal }) => {
      const res = await api.get<{ items?: Schemas['HistoryEntry'][] | null }>(`${base(siteId)}/history`, { signal })
      return (res.items ?? []).map((h) => ({ ...h, changes: h.changes ?? [] }) as DesignSystemHistoryEntry)
    },
    // Others save too: whoever opens the history wants the latest.
    staleTime: 0,
  })

/** One export as text (the CSS one styles the theme preview). */
export const designSystemExportQuery = (siteId: string, format: ExportFormat) =>
  queryOptions({
    queryKey: designSystemKeys.export(siteId, format),
    queryFn: async ({ signal }) => {
      const res = await fetch(exportUrl(siteId, format), { credentials: 'same-origin', signal })
      if (!res.ok) throw new ApiError(res.status, await problemOf(res))
      return res.text()
    },
  })

export interface SaveDesignSystemInput {
  tokens: TokenTree
  themes: Record<string, TokenTree>
  /** The ETag the draft started from. */
  etag: string
}

/**
 * Saves the whole design system. A 412 (someone saved since) rejects with
 * an ApiError whose status is 412; nothing is overwritten.
 */
export function useSaveDesignSystem(siteId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ tokens, themes, etag }: SaveDesignSystemInput) =>
      send('PUT', base(siteId), { body: { tokens, themes }, ifMatch: etag }),
    onSuccess: (saved) => {
      qc.setQueryData(designSystemKeys.current(siteId), saved)
      void qc.invalidateQueries({ queryKey: designSystemKeys.tokens(siteId) })
      void qc.invalidateQueries({ queryKey: designSystemKeys.history(siteId) })
      void qc.invalidateQueries({ queryKey: ['design-system', siteId, 'export'] })
      // The sample page's token references are checked against the saved tokens.
      void qc.invalidateQueries({ queryKey: designSystemKeys.preview(siteId) })
    },
  })
}

// ---- the theme preview's sample page ----

export interface RenderResult {
  html: string
  css: string
  scripts: string[]
}

/**
 * Renders a document as it would publish, through the one Go renderer,
 * with the site's token references (its CSS custom properties are the CSS
 * export's job).
 */
export function renderPublished(document: PageDocument, siteId: string, signal?: AbortSignal): Promise<RenderResult> {
  return api.post<RenderResult>('/render', { document, mode: 'published', site: siteId }, { signal })
}

export const previewRenderQuery = (siteId: string, document: PageDocument) =>
  queryOptions({
    queryKey: designSystemKeys.preview(siteId),
    queryFn: ({ signal }) => renderPublished(document, siteId, signal),
    staleTime: Infinity,
  })
