import { useSession } from '../../lib/session'

/**
 * Whether the signed-in user may upload, edit and delete images. The asset
 * routes follow page editing (Editors and Admins); a dedicated asset:*
 * permission, should the server list one, counts too. The server checks
 * every request anyway: this only hides what would be refused.
 */
export function useCanManageAssets(): boolean {
  const { permissions } = useSession()
  return (permissions as string[]).some(
    (p) => p === 'page:edit' || p === 'asset:create' || p === 'asset:edit' || p === 'asset:manage',
  )
}
