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
  Session,
  SetupRequest,
  SetupStatus,
  Site,
  UpdatePageRequest,
  UpdateSiteRequest,
} from './types'

export const PAGE_SIZE = 50

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
  const session = await api.get<Session>('/auth/me', { signal })
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
    api.get<ListResponse<Site>>(withQuery('/sites', { cursor: pageParam, limit: PAGE_SIZE }), { signal }),
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
      api.get<ListResponse<Page>>(
        withQuery(`/sites/${encodeURIComponent(siteId)}/pages`, { cursor: pageParam, limit: PAGE_SIZE }),
        { signal },
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
  })

export const tokensQuery = queryOptions({
  queryKey: keys.tokens,
  queryFn: ({ signal }) => api.get<ListResponse<ApiToken>>('/tokens', { signal }),
})

export const auditQuery = (q: AuditQuery) =>
  infiniteQueryOptions({
    queryKey: keys.audit(q),
    queryFn: ({ pageParam, signal }) =>
      api.get<ListResponse<AuditEntry>>(withQuery('/audit', { ...q, cursor: pageParam, limit: PAGE_SIZE }), {
        signal,
      }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
  })

// ---- mutations ----

function useSessionSetter() {
  const qc = useQueryClient()
  return (session: Session) => {
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
      return qc.invalidateQueries({ queryKey: keys.sites })
    },
  })
}

export function useUpdateSite(siteId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: UpdateSiteRequest) => api.patch<Site>(`/sites/${encodeURIComponent(siteId)}`, body),
    onSuccess: (site) => {
      qc.setQueryData(keys.site(site.id), site)
      return qc.invalidateQueries({ queryKey: keys.sites, exact: true })
    },
  })
}

export function useDeleteSite(siteId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: () => api.del(`/sites/${encodeURIComponent(siteId)}`),
    onSuccess: () => {
      qc.removeQueries({ queryKey: keys.site(siteId) })
      qc.removeQueries({ queryKey: keys.pages(siteId) })
      return qc.invalidateQueries({ queryKey: keys.sites, exact: true })
    },
  })
}

function invalidateSiteAndPages(qc: ReturnType<typeof useQueryClient>, siteId: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: keys.pages(siteId) }),
    qc.invalidateQueries({ queryKey: keys.site(siteId) }),
    qc.invalidateQueries({ queryKey: keys.sites, exact: true }),
  ])
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
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.tokens }),
  })
}

export function useRevokeToken() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.del(`/tokens/${encodeURIComponent(id)}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.tokens }),
  })
}
