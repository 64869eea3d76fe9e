import { useQuery } from '@tanstack/react-query'
import { sessionQuery } from '../api/queries'
import type { Permission, Session } from '../api/types'

/**
 * The signed-in user's session. Only for components under the authenticated
 * layout, whose beforeLoad guarantees the session is in the cache.
 */
export function useSession(): Session {
  const { data } = useQuery(sessionQuery)
  if (!data) throw new Error('useSession used outside the authenticated layout')
  return data
}

/** Whether the signed-in user holds a permission. */
export function useCan(): (p: Permission) => boolean {
  const session = useSession()
  return (p) => session.permissions.includes(p)
}
