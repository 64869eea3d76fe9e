// Types for the Pagewright REST API (/api/v1).
//
// They are derived from schema.d.ts, which `npm run gen:api` generates from
// the server's OpenAPI document (`pagewright openapi`), so a changed field
// breaks the build here instead of at runtime. Where the spec says only
// "string" or allows null for what the server treats as an enum or a list,
// the types below narrow it, and queries.ts normalises the values.
import type { components } from './schema'

type Schemas = components['schemas']

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

export type User = Omit<Schemas['User'], 'role'> & { role: Role }

export type Organization = Schemas['Org']

/** The signed-in user; `permissions` is never null after normalisation. */
export type Session = Omit<Schemas['SessionBody'], 'user' | 'permissions'> & {
  user: User
  permissions: Permission[]
}

export type SetupStatus = Schemas['SetupStatusBody']
export type SetupRequest = Schemas['SetupInBody']
export type LoginRequest = Schemas['LoginInBody']

/** A cursor-paginated list. An empty nextCursor means there are no more items. */
export interface ListResponse<T> {
  items: T[]
  nextCursor: string
}

export type ApiToken = Schemas['Token']
export type CreateTokenRequest = Schemas['CreateTokenInBody']
export type CreatedToken = Schemas['CreateTokenOutBody']

export type Site = Schemas['Site']
export type CreateSiteRequest = Schemas['CreateSiteInBody']
export type UpdateSiteRequest = Schemas['SiteFields']

export type PageStatus = 'draft' | 'published'

export type UserRef = Schemas['Ref']

export type Page = Omit<Schemas['Page'], 'status' | 'updatedBy'> & {
  status: PageStatus
  /** Null when nobody has edited the page since it was created by the system. */
  updatedBy: UserRef | null
}

export type CreatePageRequest = Schemas['CreatePageInBody']
export type UpdatePageRequest = Schemas['UpdatePageInBody']

export type AuditChanges = Schemas['Changes']

export type AuditEntry = Omit<Schemas['AuditItem'], 'actor' | 'changes' | 'status'> & {
  /** Null for system actions and failed sign-ins by unknown users. */
  actor: Schemas['ActorRef'] | null
  changes: AuditChanges | null
  status: 'success' | 'failure'
}

export interface AuditQuery {
  actor?: string
  action?: string
  resourceType?: string
  resourceId?: string
  /** RFC 3339, inclusive. */
  from?: string
  /** RFC 3339, inclusive. */
  to?: string
}

/** One entry of a problem's `errors` array. */
export type ProblemFieldError = Schemas['ErrorDetail']

/** RFC 9457 problem details, as returned with application/problem+json. */
export type Problem = Partial<Omit<Schemas['Problem'], 'errors'>> & { errors?: ProblemFieldError[] | null }
