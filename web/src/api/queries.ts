// TanStack Query definitions for every API resource the UI uses.
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import { api, setCsrfToken, withQuery } from './client'
import type {
  ApiToken,
  AuditEntry,
  AuditQuery,
  CreatedToken,
  CreatePageRequest,
  CreateSiteRequest,
  CreateTokenRequest,
  ListResponse,
  LoginRequest,
  Page,
  Permission,
  Session,
  SetupRequest,
  SetupStatus,
  Site,
  UpdatePageRequest,
  UpdateSiteRequest,
} from './types'

export const PAGE_SIZE = 50

/**
 * The server is written in Go, where an empty list can be encoded as null:
 * always hand the UI an array.
 */
function normalizeList<T>(res: { items?: T[] | null; nextCursor?: string }): ListResponse<T> {
  return { items: res.items ?? [], nextCursor: res.nextCursor ?? '' }
}

async function getList<T>(path: string, signal?: AbortSignal): Promise<ListResponse<T>> {
  return normalizeList(await api.get<{ items?: T[] | null; nextCursor?: string }>(path, { signal }))
}

/** Accepts a Session as sent by the server (permissions may be null). */
export function normalizeSession(raw: Omit<Session, 'permissions'> & { permissions?: string[] | null }): Session {
  return { ...raw, permissions: (raw.permissions ?? []) as Permission[] }
}

export const keys = {
  setup: ['setup'] as const,
  session: ['session'] as const,
  sites: ['sites'] as const,
  site: (id: string) => ['sites', 'detail', id] as const,
  pages: (siteId: string) => ['pages', siteId] as const,
  tokens: ['tokens'] as const,
  audit: (q: AuditQuery) => ['audit', q] as const,
}

export const setupQuery = queryOptions({
  queryKey: keys.setup,
  queryFn: ({ signal }) => api.get<SetupStatus>('/setup', { signal }),
  staleTime: 60_000,
})

export async function fetchSession(signal?: AbortSignal): Promise<Session> {
  const session = normalizeSession(await api.get<Session>('/auth/me', { signal }))
  setCsrfToken(session.csrfToken)
  return session
}

export const sessionQuery = queryOptions({
  queryKey: keys.session,
  queryFn: ({ signal }) => fetchSession(signal),
  staleTime: 5 * 60_000,
  retry: false,
})

export const sitesQuery = infiniteQueryOptions({
  queryKey: keys.sites,
  queryFn: ({ pageParam, signal }) =>
    getList<Site>(withQuery('/sites', { cursor: pageParam, limit: PAGE_SIZE }), signal),
  initialPageParam: '',
  getNextPageParam: (last) => last.nextCursor || undefined,
})

export const siteQuery = (siteId: string) =>
  queryOptions({
    queryKey: keys.site(siteId),
    queryFn: ({ signal }) => api.get<Site>(`/sites/${encodeURIComponent(siteId)}`, { signal }),
  })

export const pagesQuery = (siteId: string) =>
  infiniteQueryOptions({
    queryKey: keys.pages(siteId),
    queryFn: ({ pageParam, signal }) =>
      getList<Page>(withQuery(`/sites/${encodeURIComponent(siteId)}/pages`, { cursor: pageParam, limit: PAGE_SIZE }), signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
  })

export const tokensQuery = queryOptions({
  queryKey: keys.tokens,
  queryFn: ({ signal }) => getList<ApiToken>('/tokens', signal),
})

export const auditQuery = (q: AuditQuery) =>
  infiniteQueryOptions({
    queryKey: keys.audit(q),
    queryFn: ({ pageParam, signal }) =>
      getList<AuditEntry>(withQuery('/audit', { ...q, cursor: pageParam, limit: PAGE_SIZE }), signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
  })

// ---- mutations ----

/** Stores a Session the server just sent (sign-in, profile changes). */
export function useSessionSetter() {
  const qc = useQueryClient()
  return (raw: Session) => {
    const session = normalizeSession(raw)
    setCsrfToken(session.csrfToken)
    qc.setQueryData(keys.session, session)
    qc.setQueryData(keys.setup, { setupRequired: false })
  }
}

export function useSetup() {
  const setSession = useSessionSetter()
  return useMutation({
    mutationFn: (body: SetupRequest) => api.post<Session>('/setup', body),
    onSuccess: setSession,
  })
}

export function useLogin() {
  const setSession = useSessionSetter()
  return useMutation({
    mutationFn: (body: LoginRequest) => api.post<Session>('/auth/login', body),
    onSuccess: setSession,
  })
}

export function useLogout() {
  return useMutation({ mutationFn: () => api.post<void>('/auth/logout') })
}

export function useCreateSite() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateSiteRequest) => api.post<Site>('/sites', body),
    onSuccess: (site) => {
      qc.setQueryData(keys.site(site.id), site)
      void qc.invalidateQueries({ queryKey: keys.sites, exact: true })
    },
  })
}

export function useUpdateSite(siteId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: UpdateSiteRequest) => api.patch<Site>(`/sites/${encodeURIComponent(siteId)}`, body),
    onSuccess: (site) => {
      qc.setQueryData(keys.site(site.id), site)
      void qc.invalidateQueries({ queryKey: keys.sites, exact: true })
    },
  })
}

export function useDeleteSite(siteId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: () => api.del(`/sites/${encodeURIComponent(siteId)}`),
    // The caller navigates away and then drops the site's cached queries
    // (removing them while the site screen is still mounted would refetch).
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.sites, exact: true }),
  })
}

// Invalidations are not awaited: the dialog that made the change closes at
// once and the lists refresh in the background (a slow or failing refetch
// shows up in the list, not as a stuck "Save" button).
function invalidateSiteAndPages(qc: ReturnType<typeof useQueryClient>, siteId: string) {
  void qc.invalidateQueries({ queryKey: keys.pages(siteId) })
  void qc.invalidateQueries({ queryKey: keys.site(siteId) })
  void qc.invalidateQueries({ queryKey: keys.sites, exact: true })
}

export function useCreatePage(siteId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: CreatePageRequest) =>
      api.post<Page>(`/sites/${encodeURIComponent(siteId)}/pages`, body),
    onSuccess: () => invalidateSiteAndPages(qc, siteId),
  })
}

export function useUpdatePage(siteId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ id, ...body }: UpdatePageRequest & { id: string }) =>
      api.patch<Page>(`/pages/${encodeURIComponent(id)}`, body),
    onSuccess: () => invalidateSiteAndPages(qc, siteId),
  })
}

export function useDeletePage(siteId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.del(`/pages/${encodeURIComponent(id)}`),
    onSuccess: () => invalidateSiteAndPages(qc, siteId),
  })
}

export function useCreateToken() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateTokenRequest) => api.post<CreatedToken>('/tokens', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.tokens }),
  })
}

export function useRevokeToken() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.del(`/tokens/${encodeURIComponent(id)}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.tokens }),
  })
}
