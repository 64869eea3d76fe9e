// Types and TanStack Query definitions for a site's images (assets).
//
// Contract: POST /sites/{site}/assets (multipart "file" + optional "alt"),
// GET /sites/{site}/assets?q=&cursor=&limit=, GET/PATCH/DELETE /assets/{id},
// GET /assets/{id}/file?w=320. Uploads go through XMLHttpRequest (see
// uploadAsset) because fetch cannot report upload progress.
import {
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
  useMutation,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from '@tanstack/react-query'
import { API_BASE, ApiError, api, getCsrfToken, setCsrfToken, withQuery } from './client'
import type { ListResponse, Problem } from './types'

export type AssetStatus = 'processing' | 'ready' | 'failed'

/** A resized copy the server made of an image. */
export interface AssetVariant {
  width: number
  height: number
  contentType: string
  size: number
}

export interface Asset {
  id: string
  siteId: string
  name: string
  contentType: string
  /** Bytes of the original. */
  size: number
  width: number
  height: number
  /** Empty for decorative images. */
  alt: string
  sha256: string
  status: AssetStatus
  /** Why the smaller copies could not be made (status "failed"). */
  error?: string
  /** Smaller copies, ascending by width; a width may have a WebP copy (image/webp) beside its JPEG or PNG. */
  variants: AssetVariant[]
  /** "/api/v1/assets/{id}/file"; add ?w= for a variant. */
  url: string
  createdAt: string
  /** The uploader's user id. */
  createdBy: string
  updatedAt: string
}

export interface UpdateAssetRequest {
  alt?: string
  name?: string
}

export const ASSETS_PAGE_SIZE = 48

/** The width of grid thumbnails (a variant the server always makes). */
export const THUMB_WIDTH = 320

/** Documents and props refer to an image as "asset:<id>". */
export const ASSET_REF_PREFIX = 'asset:'

export function assetRef(id: string): string {
  return ASSET_REF_PREFIX + id
}

/** The id in "asset:<id>", or null for anything else (a URL, empty). */
export function parseAssetRef(value: string | null | undefined): string | null {
  if (!value || !value.startsWith(ASSET_REF_PREFIX)) return null
  const id = value.slice(ASSET_REF_PREFIX.length).trim()
  return id || null
}

/** The URL of an asset's bytes; with a width, the server's nearest variant. */
export function assetFileUrl(id: string, width?: number): string {
  const base = `${API_BASE}/assets/${encodeURIComponent(id)}/file`
  return width ? `${base}?w=${width}` : base
}

/**
 * The server may encode empty lists as null and leave optional fields out:
 * the UI always gets arrays and strings.
 */
export function normalizeAsset(a: Asset): Asset {
  return { ...a, alt: a.alt ?? '', name: a.name ?? '', variants: a.variants ?? [] }
}

export const assetKeys = {
  all: ['assets'] as const,
  lists: (siteId: string) => ['assets', 'list', siteId] as const,
  list: (siteId: string, q: string) => ['assets', 'list', siteId, q] as const,
  detail: (id: string) => ['assets', 'detail', id] as const,
}

const enc = encodeURIComponent

export const assetsQuery = (siteId: string, q = '') =>
  infiniteQueryOptions({
    queryKey: assetKeys.list(siteId, q),
    queryFn: async ({ pageParam, signal }): Promise<ListResponse<Asset>> => {
      const res = await api.get<{ items?: Asset[] | null; nextCursor?: string }>(
        withQuery(`/sites/${enc(siteId)}/assets`, { q, cursor: pageParam, limit: ASSETS_PAGE_SIZE }),
        { signal },
      )
      return { items: (res.items ?? []).map(normalizeAsset), nextCursor: res.nextCursor ?? '' }
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
    // Typing in the search box keeps the grid on screen until new tiles arrive.
    placeholderData: keepPreviousData,
  })

export const assetQuery = (id: string) =>
  queryOptions({
    queryKey: assetKeys.detail(id),
    queryFn: async ({ signal }) => normalizeAsset(await api.get<Asset>(`/assets/${enc(id)}`, { signal })),
  })

/** Puts a changed asset into every cached list and its detail entry. */
export function storeAsset(qc: QueryClient, asset: Asset) {
  qc.setQueryData(assetKeys.detail(asset.id), asset)
  qc.setQueriesData<InfiniteData<ListResponse<Asset>>>({ queryKey: assetKeys.lists(asset.siteId) }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((p) => ({ ...p, items: p.items.map((a) => (a.id === asset.id ? asset : a)) })),
        }
      : data,
  )
}

export function useUpdateAsset() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateAssetRequest & { id: string }) =>
      api.patch<Asset>(`/assets/${enc(id)}`, body).then(normalizeAsset),
    onSuccess: (asset) => storeAsset(qc, asset),
  })
}

export function useDeleteAsset(siteId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.del(`/assets/${enc(id)}`),
    onSuccess: (_, id) => {
      qc.removeQueries({ queryKey: assetKeys.detail(id) })
      qc.setQueriesData<InfiniteData<ListResponse<Asset>>>({ queryKey: assetKeys.lists(siteId) }, (data) =>
        data ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.filter((a) => a.id !== id) })) } : data,
      )
      void qc.invalidateQueries({ queryKey: assetKeys.lists(siteId) })
    },
  })
}

// ---- upload (XMLHttpRequest, for progress) ----

export interface UploadProgress {
  loaded: number
  total: number
}

export interface UploadOptions {
  alt?: string
  onProgress?: (p: UploadProgress) => void
  signal?: AbortSignal
}

/**
 * Turns a failed XHR response into the same ApiError the fetch client
 * throws: the problem+json body when there is one, else the status line.
 */
export function xhrError(status: number, statusText: string, body: string): ApiError {
  const problem: Problem = { status, title: statusText || undefined }
  if (body) {
    try {
      const parsed: unknown = JSON.parse(body)
      if (parsed && typeof parsed === 'object') Object.assign(problem, parsed as Problem)
    } catch {
      // A proxy's HTML error page: keep the status line.
    }
  }
  if (!problem.detail && status === 413) {
    // Proxies in front of Pagewright answer 413 without a problem body.
    problem.code = problem.code || 'asset.too_large'
    problem.detail = 'That file is too large to upload.'
  }
  return new ApiError(status, problem)
}

const networkError = () =>
  new ApiError(0, {
    title: 'Network error',
    detail: 'Could not reach the Pagewright server. Check your connection and try again.',
    code: 'network.unreachable',
  })

function sendUpload(siteId: string, file: File, opts: UploadOptions): Promise<Asset> {
  return new Promise<Asset>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `${API_BASE}/sites/${enc(siteId)}/assets`)
    // Same-origin XHR sends the session cookie (credentials: same-origin).
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json')
    const csrf = getCsrfToken()
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf)
    xhr.upload.onprogress = (e) => {
      opts.onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size })
    }
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(normalizeAsset(JSON.parse(xhr.responseText) as Asset))
        } catch {
          reject(xhrError(xhr.status, 'Unexpected response', ''))
        }
        return
      }
      reject(xhrError(xhr.status, xhr.statusText, xhr.responseText))
    }
    xhr.onerror = () => reject(networkError())
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'))
    if (opts.signal) {
      if (opts.signal.aborted) {
        reject(new DOMException('Upload cancelled', 'AbortError'))
        return
      }
      opts.signal.addEventListener('abort', () => xhr.abort(), { once: true })
    }
    const form = new FormData()
    form.append('file', file, file.name)
    if (opts.alt) form.append('alt', opts.alt)
    xhr.send(form)
  })
}

/**
 * Uploads one file with progress. Like the fetch client, a stale CSRF token
 * (the session changed in another tab) is refreshed and the upload retried
 * once.
 */
export async function uploadAsset(siteId: string, file: File, opts: UploadOptions = {}): Promise<Asset> {
  try {
    return await sendUpload(siteId, file, opts)
  } catch (err) {
    if (err instanceof ApiError && err.status === 403 && err.code === 'auth.csrf_failed') {
      const session = await api.get<{ csrfToken?: string }>('/auth/me').catch(() => null)
      if (session?.csrfToken) {
        setCsrfToken(session.csrfToken)
        return sendUpload(siteId, file, opts)
      }
    }
    throw err
  }
}

/** After uploads: lists refetch so new tiles appear in the server's order. */
export function assetsChanged(qc: QueryClient, siteId: string) {
  void qc.invalidateQueries({ queryKey: assetKeys.lists(siteId) })
}
