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
  | 'component:view'
  | 'component:create'
  | 'component:edit'
  | 'component:delete'
  | 'template:view'
  | 'template:create'
  | 'template:edit'
  | 'template:delete'

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

// ---- Members, invitations, password reset, profile, email settings ----
// Hand-written from docs/api-members.md until `npm run gen:api` covers them.

export type GrantResourceType = 'site' | 'page'

/** A role on one site or page; it only ever widens what the organisation role allows. */
export interface Grant {
  resourceType: GrantResourceType
  resourceId: string
  resourceName: string
  role: Role
}

export interface GrantRequest {
  resourceType: GrantResourceType
  resourceId: string
  role: Role
}

export type MemberStatus = 'active' | 'deactivated'

export interface Member {
  id: string
  email: string
  name: string
  role: Role
  status: MemberStatus
  createdAt: string
  lastLoginAt: string | null
  grants: Grant[]
}

export interface MemberQuery {
  q?: string
  role?: Role
  status?: MemberStatus
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired'
export type EmailDeliveryStatus = 'sent' | 'failed' | 'not_configured'

export interface Invitation {
  id: string
  email: string
  role: Role
  grants: Grant[]
  status: InvitationStatus
  invitedBy: { id: string; name: string }
  createdAt: string
  expiresAt: string
  emailStatus: EmailDeliveryStatus
  emailError: string
}

export interface InviteRequest {
  email: string
  role: Role
  grants?: GrantRequest[]
}

/** An invitation and its accept URL (shown to copy when the email was not sent). */
export interface InvitationWithLink {
  invitation: Invitation
  link: string
}

/** What the public accept screen may know about an invitation. */
export interface InvitationPreview {
  email: string
  organizationName: string
  role: Role
  invitedBy: { id?: string; name: string } | string
}

export interface AcceptInvitationRequest {
  token: string
  name: string
  password: string
}

export interface PasswordResetLink {
  link: string
  expiresAt: string
}

export interface PasswordResetConfirmRequest {
  token: string
  password: string
}

export interface ChangePasswordRequest {
  currentPassword: string
  newPassword: string
}

export interface ChangeEmailRequest {
  email: string
  password: string
}

/** `link` is returned when email is not set up, so the user can confirm by hand. */
export interface ChangeEmailResponse {
  link?: string
}

export type SmtpTlsMode = 'none' | 'starttls' | 'tls'

export interface EmailSettings {
  configured: boolean
  host: string
  port: number
  tls: SmtpTlsMode
  username: string
  passwordSet: boolean
  from: string
}

/** Omit `password` to keep the stored one. */
export interface UpdateEmailSettingsRequest {
  host: string
  port: number
  tls: SmtpTlsMode
  username: string
  password?: string
  from: string
}
