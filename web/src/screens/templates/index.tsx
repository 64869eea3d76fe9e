// The template marketplace, loaded on demand by the router; and the dialogs
// other screens use (the editor mounts PublishTemplateDialog).
import { useNavigate, useParams, useSearch } from '@tanstack/react-router'
import { useCallback } from 'react'
import { useCan } from '../../lib/session'
import { MarketplaceScreen, type SetTemplatesSearch } from './MarketplaceScreen'
import { validateTemplatesSearch } from './search'
import { TemplateDetailScreen } from './TemplateDetailScreen'

export { InstallTemplateDialog } from './InstallTemplateDialog'
export { PublishTemplateDialog, type PublishTemplateDialogProps } from './PublishTemplateDialog'

/** Whether the signed-in user may publish pages as templates (Admins). */
export function useCanPublishTemplates(): boolean {
  return useCan()('template:create')
}

export function TemplatesRoute() {
  const raw = useSearch({ strict: false }) as Record<string, unknown>
  const navigate = useNavigate()
  const search = validateTemplatesSearch(raw)
  const setSearch = useCallback<SetTemplatesSearch>(
    (next, opts) => void navigate({ to: '/templates', search: next, replace: opts?.replace }),
    [navigate],
  )
  return <MarketplaceScreen search={search} setSearch={setSearch} />
}

export function TemplateDetailRoute() {
  const { templateId = '' } = useParams({ strict: false })
  return <TemplateDetailScreen key={templateId} templateId={templateId} />
}
