// The right-hand pane: the selected component's properties (generated from
// its schema) and styles (per breakpoint and state, with token pickers). With
// nothing selected it shows the page and what to do next.
import { Button, DropdownMenu, Flex, IconButton, Tabs, Text } from '@radix-ui/themes'
import { Link } from '@tanstack/react-router'
import { Component as ComponentIcon, Ellipsis, LayoutTemplate, MousePointerClick, Palette as PaletteIcon, Settings2 } from 'lucide-react'
import { memo, useCallback, useState } from 'react'
import type { Component, ComponentVersion } from '../screens/components/api'
import { ImagePropControl } from './assets/ImagePropControl'
import type { DialogKind, EditorAbilities } from './EditorDialogs'
import { typeTitle } from './palette/Palette'
import { PropsPanel, type RenderImageControl } from './panels/PropsPanel'
import { StylePanel } from './panels/StylePanel'
import { useMeta, useNode, useSelection, type EditorStore } from './store/store'
import { InstanceInspector } from './symbols/InstanceInspector'
import { INSTANCE } from './symbols/symbols'
import type { DesignTokens } from './types'
import { componentIcon } from './ui/icons'

export interface InspectorProps {
  store: EditorStore
  siteId: string
  tokens: DesignTokens
  target: string
  onTargetChange(t: string): void
  readOnly: boolean
  openDialog(d: DialogKind): void
  abilities?: EditorAbilities
  /** Swap an instance for an editable copy of its component. */
  onEditComponent?: (instanceId: string, component: Component, version: ComponentVersion) => void
}

const NO_ABILITIES: EditorAbilities = { createComponent: false, editComponent: false, publishTemplate: false }

/** The selection's actions: save it as a component or publish it as a template. */
function NodeActions({ label, abilities, readOnly, openDialog }: { label: string; abilities: EditorAbilities; readOnly: boolean; openDialog(d: DialogKind): void }) {
  if (readOnly || !(abilities.createComponent || abilities.publishTemplate)) return null
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger>
        <IconButton size="1" variant="ghost" color="gray" aria-label={`Actions for ${label}`} style={{ marginLeft: 'auto' }}>
          <Ellipsis size={16} />
        </IconButton>
      </DropdownMenu.Trigger>
      <DropdownMenu.Content size="1" align="end">
        {abilities.createComponent && (
          <DropdownMenu.Item shortcut="Ctrl Alt K" onSelect={() => openDialog('create-component')}>
            <ComponentIcon size={14} aria-hidden="true" /> Create component…
          </DropdownMenu.Item>
        )}
        {abilities.publishTemplate && (
          <DropdownMenu.Item onSelect={() => openDialog('publish-section-template')}>
            <LayoutTemplate size={14} aria-hidden="true" /> Publish section as template…
          </DropdownMenu.Item>
        )}
      </DropdownMenu.Content>
    </DropdownMenu.Root>
  )
}

const renderImage: RenderImageControl = (value, set, ctx) => (
  <ImagePropControl siteId={ctx.siteId} value={value || undefined} onChange={set} label={ctx.label} />
)

function NodeInspector({ store, id, siteId, tokens, target, onTargetChange, readOnly, openDialog, abilities = NO_ABILITIES, onEditComponent }: InspectorProps & { id: string }) {
  const n = useNode(store, id)
  const [tab, setTab] = useState('props')
  const setProp = useCallback(
    (name: string, value: unknown) =>
      store.apply([{ op: 'set', node: id, path: `props/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, value: value ?? null }], {
        label: `Change ${name}`,
        mergeKey: `${id}/props/${name}`,
      }),
    [store, id],
  )
  const setStyle = useCallback(
    (key: string, prop: string, value: string | null) =>
      store.apply([{ op: 'set', node: id, path: `styles/${key}/${prop}`, value }], {
        label: `Change ${prop}`,
        mergeKey: `${id}/styles/${key}/${prop}`,
      }),
    [store, id],
  )
  if (!n) return null
  const type = store.type(n.type)
  const Icon = componentIcon(type?.icon ?? '')
  return (
    <>
      <Flex align="center" gap="2" px="3" py="2" style={{ borderBottom: '1px solid var(--gray-a5)' }}>
        <Icon size={16} aria-hidden />
        <div style={{ minWidth: 0 }}>
          <Text as="div" size="2" weight="medium" truncate>
            {n.label || typeTitle(n.type)}
          </Text>
          {n.label && (
            <Text as="div" size="1" color="gray">
              {n.type === INSTANCE ? 'Component instance' : typeTitle(n.type)}
            </Text>
          )}
        </div>
        <NodeActions label={n.label || typeTitle(n.type)} abilities={abilities} readOnly={readOnly} openDialog={openDialog} />
      </Flex>
      <Tabs.Root value={tab} onValueChange={setTab} style={{ display: 'flex', flexDirection: 'column', minHeight: 0, flex: 1 }}>
        <Tabs.List size="1">
          <Tabs.Trigger value="props">Properties</Tabs.Trigger>
          <Tabs.Trigger value="style">Style</Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="props" className="pw-pane-scroll" style={{ padding: 0 }}>
          {n.type === INSTANCE ? (
            <InstanceInspector
              store={store}
              id={id}
              siteId={siteId}
              tokens={tokens.items}
              readOnly={readOnly}
              canEditComponent={abilities.editComponent}
              renderImageControl={renderImage}
              onEditComponent={onEditComponent}
            />
          ) : (
            <fieldset disabled={readOnly} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
              {type && (
                <PropsPanel type={type} props={n.props ?? {}} onChange={setProp} siteId={siteId} renderImageControl={renderImage} tokens={tokens.items} />
              )}
            </fieldset>
          )}
        </Tabs.Content>
        <Tabs.Content value="style" className="pw-pane-scroll" style={{ padding: 0 }}>
          <fieldset disabled={readOnly} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
            <StylePanel styles={n.styles} target={target} onTargetChange={onTargetChange} breakpoints={tokens.breakpoints} onChange={setStyle} tokens={tokens.items} />
          </fieldset>
        </Tabs.Content>
      </Tabs.Root>
    </>
  )
}

function PageSummary({
  store,
  siteId,
  openDialog,
  canPublishTemplate,
}: {
  store: EditorStore
  siteId: string
  openDialog(d: DialogKind): void
  canPublishTemplate: boolean
}) {
  const meta = useMeta(store)
  return (
    <div className="pw-pane-scroll">
      <div className="pw-empty-pane">
        <MousePointerClick size={28} style={{ color: 'var(--gray-9)' }} aria-hidden />
        <Text as="p" size="2" weight="medium" mt="2">
          Select a component to edit it
        </Text>
        <Text as="p" size="1" color="gray">
          Click it on the canvas or in Layers. Drag components from Add onto the page. Press <span className="pw-kbd">?</span> for shortcuts.
        </Text>
      </div>
      <Flex direction="column" gap="2" px="3" pb="3">
        <Text size="1" color="gray" weight="medium">
          PAGE
        </Text>
        <Text size="2" weight="medium">
          {meta.title || 'Untitled page'}
        </Text>
        <Text size="1" color={meta.description ? 'gray' : 'amber'}>
          {meta.description || 'No description yet: search engines and link previews show one.'}
        </Text>
        <Button variant="soft" size="1" onClick={() => openDialog('settings')}>
          <Settings2 size={14} /> Page settings
        </Button>
        <Button variant="soft" color="gray" size="1" asChild>
          <Link to={"/sites/$siteId/design" as "/sites/$siteId"} params={{ siteId }}>
            <PaletteIcon size={14} /> Design system
          </Link>
        </Button>
        {canPublishTemplate && (
          <Button variant="soft" color="gray" size="1" onClick={() => openDialog('publish-template')}>
            <LayoutTemplate size={14} /> Publish as template…
          </Button>
        )}
      </Flex>
    </div>
  )
}

export const Inspector = memo(function Inspector(props: InspectorProps) {
  const { selection } = useSelection(props.store)
  return (
    <aside className="pw-editor-right" aria-label="Inspector">
      {selection ? (
        <NodeInspector key={selection} {...props} id={selection} />
      ) : (
        <PageSummary
          store={props.store}
          siteId={props.siteId}
          openDialog={props.openDialog}
          canPublishTemplate={!props.readOnly && !!props.abilities?.publishTemplate}
        />
      )}
    </aside>
  )
})
