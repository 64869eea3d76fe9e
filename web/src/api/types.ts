// Types for the Pagewright REST API (/api/v1), hand-written from the API
// contract. JSON is camelCase; timestamps are RFC 3339 strings.

export type Role = 'admin' | 'editor' | 'viewer'

export type Permission =
  | 'site:view'
  | 'site:create'
  | 'site:edit'
  | 'site:delete'
  | 'page:view'
  | 'page:create'
  | 'page:edit'
  | 'page:delete'
  | 'token:manage'
  | 'audit:view'
  | 'member:manage'

export interface User {
  id: string
  email: string
  name: string
  role: Role
  createdAt: string
}

export interface Organization {
  id: string
  name: string
}

export interface Session {
  user: User
  organization: Organization
  csrfToken: string
  permissions: Permission[]
}

export interface SetupStatus {
  setupRequired: boolean
}

export interface SetupRequest {
  organizationName: string
  name: string
  email: string
  password: string
}

export interface LoginRequest {
  email: string
  password: string
}

/** A cursor-paginated list. An empty nextCursor means there are no more items. */
export interface ListResponse<T> {
  items: T[]
  nextCursor: string
}

export interface ApiToken {
  id: string
  name: string
  prefix: string
  createdAt: string
  lastUsedAt: string | null
  expiresAt: string | null
}

export interface CreateTokenRequest {
  name: string
  expiresInDays?: number
}

export interface CreatedToken {
  token: ApiToken
  /** The full token, returned exactly once. */
  secret: string
}

export interface Site {
  id: string
  name: string
  slug: string
  description: string
  pageCount: number
  createdAt: string
  updatedAt: string
}

export interface CreateSiteRequest {
  name: string
  slug?: string
  description?: string
}

export type UpdateSiteRequest = Partial<Pick<Site, 'name' | 'slug' | 'description'>>

export type PageStatus = 'draft' | 'published'

export interface UserRef {
  id: string
  name: string
}

export interface Page {
  id: string
  siteId: string
  title: string
  slug: string
  status: PageStatus
  createdAt: string
  updatedAt: string
  updatedBy: UserRef | null
}

export interface CreatePageRequest {
  title: string
  slug: string
}

export type UpdatePageRequest = Partial<Pick<Page, 'title' | 'slug'>>

export interface AuditEntry {
  id: string
  time: string
  actor: UserRef | null
  action: string
  resource: { type: string; id: string; name: string }
  status: 'success' | 'failure'
  severity: string
  category: string
  ip: string
  userAgent: string
  requestId: string
  changes: Record<string, unknown> | null
}

export interface AuditQuery {
  actor?: string
  action?: string
  resourceType?: string
  from?: string
  to?: string
}

/** One entry of a problem's `errors` array. */
export interface ProblemFieldError {
  location?: string
  message?: string
  value?: unknown
}

/** RFC 9457 problem details, as returned with application/problem+json. */
export interface Problem {
  type?: string
  title?: string
  status?: number
  detail?: string
  code?: string
  requestId?: string
  errors?: ProblemFieldError[]
}
