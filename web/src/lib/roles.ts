import type { Role } from '../api/types'

export const ROLES: Role[] = ['admin', 'editor', 'viewer']

export const ROLE_LABEL: Record<Role, string> = { admin: 'Admin', editor: 'Editor', viewer: 'Viewer' }

export const ROLE_COLOR = { admin: 'teal', editor: 'blue', viewer: 'gray' } as const

/** One line per role, as shown wherever a role is picked. */
export const ROLE_DESCRIPTION: Record<Role, string> = {
  admin: 'Everything, including members and settings.',
  editor: 'Create and edit pages.',
  viewer: 'Read only.',
}

/** For a role on one site: what it adds there. */
export const SITE_ROLE_DESCRIPTION: Record<Role, string> = {
  admin: 'Everything on this site, including its settings.',
  editor: 'Create and edit this site’s pages.',
  viewer: 'Read this site’s pages.',
}

export function isRole(v: string): v is Role {
  return (ROLES as string[]).includes(v)
}

/** "an Editor", "an Admin", "a Viewer". */
export function withArticle(role: Role): string {
  const label = ROLE_LABEL[role]
  return /^[AEIOU]/.test(label) ? `an ${label}` : `a ${label}`
}
