// Published forms and their submissions: types, API calls, TanStack Query
// options and mutations. Reading submissions is audited on the server (each
// page fetched is an audit entry), so these queries do not refetch on their
// own: only when the user asks (filter, load more, refresh).
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import { api, withQuery } from '../../api/client'

// ---------- types (as the server sends them) ----------

export type FieldKind = 'text' | 'email' | 'tel' | 'url' | 'number' | 'date' | 'textarea' | 'select' | 'checkbox' | 'radio'

export interface FieldInfo {
  name: string
  label: string
  kind: FieldKind
}

export interface FormSettings {
  formId: string
  successMessage: string
  redirectUrl: string
  updatedAt?: string
  updatedBy?: string
}

export interface FormSummary {
  formId: string
  label: string
  pages: string[]
  fields: FieldInfo[]
  submissions: number
  lastSubmissionAt?: string
  settings: FormSettings
}

export interface Submission {
  id: string
  formId: string
  environmentId: string
  /** The environment's slug ('' when it was deleted). */
  environment: string
  deploymentId: string
  pagePath: string
  fields: string[]
  data: Record<string, string>
  userAgent: string
  createdAt: string
}

export interface SubmissionPage {
  items: Submission[]
  nextCursor: string
}

export interface EnvironmentOption {
  id: string
  slug: string
  name: string
}

// ---------- paths, keys, queries ----------

const enc = encodeURIComponent
const formsPath = (siteId: string) => `/sites/${enc(siteId)}/forms`
const formPath = (siteId: string, formId: string) => `${formsPath(siteId)}/${enc(formId)}`

export const formKeys = {
  forms: (siteId: string) => ['forms', siteId] as const,
  submissions: (siteId: string, formId: string, env: string) => ['forms', siteId, 'submissions', formId, env] as const,
  environments: (siteId: string) => ['forms', siteId, 'environments'] as const,
}

/** Go may encode empty lists as null: hand the UI arrays. */
export function normalizeSummary(f: FormSummary): FormSummary {
  return {
    ...f,
    label: f.label ?? '',
    pages: f.pages ?? [],
    fields: f.fields ?? [],
    settings: {
      ...f.settings,
      formId: f.formId,
      successMessage: f.settings?.successMessage ?? '',
      redirectUrl: f.settings?.redirectUrl ?? '',
    },
  }
}

export function normalizeSubmission(s: Submission): Submission {
  return { ...s, fields: s.fields ?? [], data: s.data ?? {}, environment: s.environment ?? '', pagePath: s.pagePath ?? '' }
}

export const formsQuery = (siteId: string) =>
  queryOptions({
    queryKey: formKeys.forms(siteId),
    queryFn: async ({ signal }) => {
      const res = await api.get<{ items: FormSummary[] | null }>(formsPath(siteId), { signal })
      return (res.items ?? []).map(normalizeSummary)
    },
  })

/** The site's environments, for the filter. */
export const formEnvironmentsQuery = (siteId: string) =>
  queryOptions({
    queryKey: formKeys.environments(siteId),
    queryFn: async ({ signal }) => {
      const res = await api.get<{ items: EnvironmentOption[] | null }>(`/sites/${enc(siteId)}/environments`, { signal })
      return (res.items ?? []).map(({ id, slug, name }) => ({ id, slug, name }))
    },
    staleTime: 60_000,
  })

export const SUBMISSIONS_PAGE = 50

export const submissionsQuery = (siteId: string, formId: string, env: string) =>
  infiniteQueryOptions({
    queryKey: formKeys.submissions(siteId, formId, env),
    queryFn: async ({ pageParam, signal }): Promise<SubmissionPage> => {
      const res = await api.get<{ items: Submission[] | null; nextCursor?: string }>(
        withQuery(`${formPath(siteId, formId)}/submissions`, { environment: env, cursor: pageParam, limit: SUBMISSIONS_PAGE }),
        { signal },
      )
      return { items: (res.items ?? []).map(normalizeSubmission), nextCursor: res.nextCursor ?? '' }
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor || undefined,
    // Every read is audited: no background refetching.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: false,
  })

/** Where the CSV export downloads from (a plain GET with the session cookie). */
export function exportUrl(siteId: string, formId: string, env: string): string {
  return '/api/v1' + withQuery(`${formPath(siteId, formId)}/submissions.csv`, { environment: env })
}

// ---------- mutations ----------

export function useSaveFormSettings(siteId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ formId, successMessage, redirectUrl }: { formId: string; successMessage: string; redirectUrl: string }) =>
      api.put<FormSettings>(formPath(siteId, formId), { successMessage, redirectUrl }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: formKeys.forms(siteId), exact: true }),
  })
}

export function useDeleteSubmission(siteId: string, formId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.del(`${formPath(siteId, formId)}/submissions/${enc(id)}`),
    onSuccess: (_data, id) => {
      // Drop it from every cached page rather than reading (and auditing) again.
      qc.setQueriesData<{ pages: SubmissionPage[]; pageParams: unknown[] }>(
        { queryKey: ['forms', siteId, 'submissions', formId] },
        (old) => (old ? { ...old, pages: old.pages.map((p) => ({ ...p, items: p.items.filter((s) => s.id !== id) })) } : old),
      )
      void qc.invalidateQueries({ queryKey: formKeys.forms(siteId), exact: true })
    },
  })
}
