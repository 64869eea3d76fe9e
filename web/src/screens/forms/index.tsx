// The Forms screen, loaded on demand by the router.
import { useParams } from '@tanstack/react-router'
import { FormsScreen } from './FormsScreen'

export function FormsRoute() {
  const { siteId = '' } = useParams({ strict: false })
  return <FormsScreen key={siteId} siteId={siteId} />
}
