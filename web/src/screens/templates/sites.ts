// The sites a template can be installed into: those where the user may
// create pages.
import type { Site } from '../../api/types'
import { useCan } from '../../lib/session'
import { useAllSites } from '../members/useAllSites'

/**
 * A site as listed. The site list does not (yet) say what the user may do
 * on each site; when it does (`canCreatePages` or `permissions`), that wins
 * over the organisation-level permission, which is what grants widen.
 */
export type SiteWithAccess = Site & { canCreatePages?: boolean; permissions?: string[] | null }

export function canCreatePagesOn(site: SiteWithAccess, orgCanCreate: boolean): boolean {
  if (typeof site.canCreatePages === 'boolean') return site.canCreatePages
  if (Array.isArray(site.permissions)) return site.permissions.includes('page:create')
  return orgCanCreate
}

/** Every site the user can see, and those they can create pages on. */
export function useSitesForTemplates() {
  const can = useCan()
  const { sites, isPending, error } = useAllSites()
  const orgCanCreate = can('page:create')
  const installable = (sites as SiteWithAccess[]).filter((s) => canCreatePagesOn(s, orgCanCreate))
  return { sites, installable, isPending, error }
}
