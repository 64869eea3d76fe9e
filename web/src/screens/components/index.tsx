// The component library, loaded on demand by the router; and the dialog
// the editor mounts after publishing a new version.
import { useNavigate, useParams, useSearch } from '@tanstack/react-router'
import { useCallback } from 'react'
import { ComponentDetailScreen } from './ComponentDetailScreen'
import { ComponentsScreen, type SetComponentsSearch } from './ComponentsScreen'
import { validateComponentsSearch } from './search'

export { BulkUpdateDialog, type BulkUpdateDialogProps } from './BulkUpdateDialog'

export function ComponentsRoute() {
  const raw = useSearch({ strict: false }) as Record<string, unknown>
  const navigate = useNavigate()
  const search = validateComponentsSearch(raw)
  const setSearch = useCallback<SetComponentsSearch>(
    (next, opts) => void navigate({ to: '/components', search: next, replace: opts?.replace }),
    [navigate],
  )
  return <ComponentsScreen search={search} setSearch={setSearch} />
}

export function ComponentDetailRoute() {
  const { componentId = '' } = useParams({ strict: false })
  return <ComponentDetailScreen key={componentId} componentId={componentId} />
}
