// Version history API calls and the pure helpers the history UI uses
// (kind labels, grouping a structural diff, tag validation).
import { api, withQuery } from '../../api/client'
import type { RenderResult } from '../../api/designSystem'
import type { PageDocument } from '../types'

export type VersionKind = 'autosave' | 'manual' | 'publish' | 'restore' | 'merge'

export interface Version {
  id: string
  pageId: string
  number: number
  branch: string
  kind: VersionKind
  message: string
  parentId?: string
  author: { id: string; name: string } | null
  tags: string[] | null
  size: number
  createdAt: string
}

export interface FieldChange {
  field: string
  before: unknown
  after: unknown
}

export interface Change {
  kind: 'added' | 'removed' | 'moved' | 'changed' | 'meta'
  node?: string
  type?: string
  label: string
  path: string
  fields?: FieldChange[]
  move?: { fromPath: string; fromParentLabel: string; toParentLabel: string; fromIndex: number; toIndex: number }
}

export interface DiffResult {
  changes: { changes: Change[] | null; summary: Record<string, number> }
  patch: unknown
}

export const KINDS: { kind: VersionKind; label: string; color: 'gray' | 'blue' | 'green' | 'amber' | 'violet' }[] = [
  { kind: 'manual', label: 'Manual', color: 'blue' },
  { kind: 'autosave', label: 'Autosave', color: 'gray' },
  { kind: 'restore', label: 'Restore', color: 'amber' },
  { kind: 'merge', label: 'Merge', color: 'violet' },
  { kind: 'publish', label: 'Publish', color: 'green' },
]

/** The label and badge colour of a version kind; unknown kinds show as themselves in gray. */
export function kindInfo(kind: string): { label: string; color: 'gray' | 'blue' | 'green' | 'amber' | 'violet' } {
  return KINDS.find((k) => k.kind === kind) ?? { label: kind, color: 'gray' }
}

const TAG = /^[A-Za-z0-9._-]{1,40}$/

/** Why a tag is not acceptable, or '' when it is (the server's rule: 1–40 letters, digits, . - _). */
export function tagError(tag: string): string {
  if (tag === '') return 'Enter a tag.'
  if (tag.length > 40) return 'A tag has at most 40 characters.'
  if (!TAG.test(tag)) return 'Use only letters, digits, dots, hyphens and underscores.'
  return ''
}

export const CHANGE_GROUPS: { kind: Change['kind']; title: string }[] = [
  { kind: 'meta', title: 'Page settings' },
  { kind: 'added', title: 'Added' },
  { kind: 'removed', title: 'Removed' },
  { kind: 'moved', title: 'Moved' },
  { kind: 'changed', title: 'Changed' },
]

/** Groups a diff's changes by kind, in a fixed order, keeping document order inside a group and dropping empty groups. */
export function groupChanges(changes: Change[] | null | undefined): { kind: Change['kind']; title: string; items: Change[] }[] {
  const list = changes ?? []
  return CHANGE_GROUPS.map((g) => ({ ...g, items: list.filter((c) => c.kind === g.kind) })).filter((g) => g.items.length > 0)
}

/** A field value for people: strings as they are, absent as "—", anything else as compact JSON. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined) return '—'
  if (typeof v === 'string') return v === '' ? '""' : v
  return JSON.stringify(v)
}

/** A full HTML document for an iframe's srcdoc from a render result. */
export function srcdoc(r: RenderResult): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>${r.css.replace(/<\/style/gi, '<\\/style')}</style></head><body>${r.html}</body></html>`
}

export const historyApi = {
  list: (page: string, p: { kind?: string; cursor?: string; limit?: number }) =>
    api.get<{ items: Version[] | null; nextCursor: string }>(withQuery(`/pages/${page}/versions`, { kind: p.kind, cursor: p.cursor, limit: p.limit ?? 30 })),
  create: (page: string, message: string) => api.post<Version>(`/pages/${page}/versions`, { message }),
  get: (id: string) => api.get<{ version: Version; document: PageDocument }>(`/versions/${id}`),
  restore: (id: string, page: string, etag: string) => api.post<{ version: Version; revision: number }>(`/versions/${id}/restore`, { page }, { headers: { 'If-Match': etag } }),
  diff: (page: string, from: string, to = 'current') => api.get<DiffResult>(withQuery(`/pages/${page}/diff`, { from, to })),
  tag: (id: string, tag: string, move = false) => api.post<Version>(withQuery(`/versions/${id}/tags/${encodeURIComponent(tag)}`, { move: move ? 'true' : undefined })),
  untag: (id: string, tag: string) => api.del<Version>(`/versions/${id}/tags/${encodeURIComponent(tag)}`),
  render: (document: PageDocument, site: string) => api.post<RenderResult>('/render', { document, mode: 'published', site }),
}

/** A person as the version API names one. */
export interface Person {
  id: string
  name: string
}

/** A page's branch (main included: no fork, never merged). */
export interface Branch {
  name: string
  forkVersionId?: string
  forkNumber?: number
  headVersionId: string
  headNumber: number
  merged: boolean
  mergedAt?: string
  mergedBy?: Person | null
  mergeVersionId?: string
  createdAt: string
  createdBy?: Person | null
}

/** A field both the page and a branch changed since the fork. */
export interface MergeConflict {
  id: string
  node: string
  type?: string
  label: string
  path: string
  field: string
  base: unknown
  ours: unknown
  theirs: unknown
  taken: string
  reason?: string
}

export interface MergePreview {
  branch: Branch
  mainHeadId: string
  revision: number
  conflicts: MergeConflict[] | null
  changes: { changes: Change[] | null; summary: Record<string, number> }
}

export type MergeSide = 'ours' | 'theirs'

const BRANCH = /^[a-z0-9-]{1,50}$/

/** Why a branch name is not acceptable, or '' when it is (the server's rule: 1–50 lowercase letters, digits and hyphens). */
export function branchNameError(name: string): string {
  if (name === '') return 'Enter a name.'
  if (name.length > 50) return 'A branch name has at most 50 characters.'
  if (!BRANCH.test(name)) return 'Use only lowercase letters, digits and hyphens.'
  if (name === 'main') return '“main” is the page itself; choose another name.'
  return ''
}

/** A value cut to at most n characters for a one-line label. */
export function shortValue(v: unknown, n = 60): string {
  const s = showValue(v)
  return s.length > n ? `${s.slice(0, n - 1)}…` : s
}

export const branchApi = {
  list: (page: string) => api.get<{ items: Branch[] | null }>(`/pages/${page}/branches`),
  create: (page: string, name: string, fromVersion?: string) =>
    api.post<Branch>(`/pages/${page}/branches`, fromVersion ? { name, fromVersion } : { name }),
  preview: (page: string, branch: string) => api.get<MergePreview>(`/pages/${page}/branches/${encodeURIComponent(branch)}/merge`),
  merge: (page: string, branch: string, p: { ifMatch: string; choices: Record<string, MergeSide>; message?: string }, etag: string) =>
    api.post<{ version: Version; revision: number; branch: Branch }>(`/pages/${page}/branches/${encodeURIComponent(branch)}/merge`, p, {
      headers: etag ? { 'If-Match': etag } : {},
    }),
}
