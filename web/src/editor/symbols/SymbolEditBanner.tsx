// The bar over the canvas while a component is being edited ("Editing
// Opening hours 1.2.0 — Publish new version · Cancel"), and after it was
// published ("Update other pages…").
import { Button, Flex, Text } from '@radix-ui/themes'
import { CircleCheck, PencilRuler, X } from 'lucide-react'
import { useStructure, type EditorStore } from '../store/store'
import { copyPresent, type SymbolEdit } from './editing'
import './symbols.css'

export interface SymbolEditBannerProps {
  store: EditorStore
  edit: SymbolEdit
  onPublish: () => void
  onCancel: () => void
  onUpdateOthers: () => void
  onDismiss: () => void
}

export function SymbolEditBanner({ store, edit, onPublish, onCancel, onUpdateOthers, onDismiss }: SymbolEditBannerProps) {
  useStructure(store) // re-render when the copy comes or goes
  const name = edit.component.name
  if (edit.published) {
    return (
      <div className="pw-sym-banner" data-state="published" role="status" data-testid="symbol-banner">
        <CircleCheck size={16} aria-hidden="true" />
        <Text size="2">
          Published <strong>{name}</strong> {edit.published.version}; this page uses it now.
          {edit.published.dropped.length > 0 && ` Its values for ${edit.published.dropped.join(', ')} no longer apply and were removed.`}
        </Text>
        <Flex gap="2" ml="auto">
          <Button size="1" onClick={onUpdateOthers}>
            Update other pages…
          </Button>
          <Button size="1" variant="ghost" color="gray" onClick={onDismiss} aria-label="Dismiss">
            <X size={14} aria-hidden="true" />
          </Button>
        </Flex>
      </div>
    )
  }
  const present = copyPresent(store, edit)
  return (
    <div className="pw-sym-banner" data-state="editing" role="region" aria-label={`Editing component ${name}`} data-testid="symbol-banner">
      <PencilRuler size={16} aria-hidden="true" />
      <Text size="2">
        Editing <strong>{name}</strong> {edit.version.version}
        {present ? ' — changes stay on this page until you publish a new version.' : ' — the editable copy is no longer on the page.'}
      </Text>
      <Flex gap="2" ml="auto">
        <Button size="1" onClick={onPublish} disabled={!present}>
          Publish new version…
        </Button>
        <Button size="1" variant="soft" color="gray" onClick={onCancel}>
          Cancel
        </Button>
      </Flex>
    </div>
  )
}
