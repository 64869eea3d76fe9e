import type { Grant, InvitationPreview, Member } from '../api/types'
import { ROLE_LABEL } from './roles'

/** "Editor on Riverside Clinics" for one grant. */
export function grantLabel(g: Grant): string {
  const what = g.resourceName || (g.resourceType === 'page' ? 'a page' : 'a site')
  return `${ROLE_LABEL[g.role]} on ${what}`
}

/**
 * What a member can reach, one line each: their grants first, then what the
 * organisation role gives everywhere else. Grants only widen access.
 */
export function accessSummary(m: Pick<Member, 'role' | 'grants'> & { status?: string }): string[] {
  if (m.status === 'deactivated') return ['No access while deactivated']
  if (m.role === 'admin') return ['Everything, including members and settings']
  const lines = m.grants.map(grantLabel)
  lines.push(`${ROLE_LABEL[m.role]} on ${lines.length ? 'all other sites' : 'all sites'}`)
  return lines
}

/** The inviter's name, whether the server sends a reference or a plain name. */
export function inviterName(invitedBy: InvitationPreview['invitedBy'] | undefined): string {
  if (!invitedBy) return ''
  return typeof invitedBy === 'string' ? invitedBy : invitedBy.name
}

/** Whole days between two instants (at least 1), for "expires in 7 days". */
export function daysBetween(fromIso: string, toIso: string, fallback = 7): number {
  const ms = new Date(toIso).getTime() - new Date(fromIso).getTime()
  if (!Number.isFinite(ms) || ms <= 0) return fallback
  return Math.max(1, Math.round(ms / 86_400_000))
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean)
  const first = parts[0]?.[0] ?? '?'
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : ''
  return (first + last).toUpperCase()
}
