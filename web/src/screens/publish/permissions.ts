import { useSession } from '../../lib/session'

/**
 * Whether the signed-in user may deploy, approve and manage environments.
 * The server gives these only to Admins (deploy:create, deploy:approve,
 * environment:manage); the session lists organisation permissions, where
 * site:edit is the Admins' mark. A dedicated permission, should the server
 * list one, counts too. The server checks every request anyway: this only
 * hides what would be refused.
 */
export function useCanPublish(): boolean {
  const { permissions } = useSession()
  return (permissions as string[]).some(
    (p) => p === 'site:edit' || p === 'deploy:create' || p === 'environment:manage' || p === '*:*',
  )
}

/** The signed-in user's id (to tell "you started this"). */
export function useUserId(): string {
  return useSession().user.id
}
