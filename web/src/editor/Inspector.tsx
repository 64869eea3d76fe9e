// The right-hand pane: the selected component's properties (generated from
// its schema) and styles (per breakpoint and state, with token pickers). With
// nothing selected it shows the page and what to do next.
import { Button, Flex, Tabs, Text } from '@radix-ui/themes'
import { Link } from '@tanstack/react-router'
import { MousePointerClick, Palette as PaletteIcon, Settings2 } from 'lucide-react'
import { memo, useCallback, useState } from 'react'
import { ImagePropControl } from './assets/ImagePropControl'
import type { DialogKind } from './EditorDialogs'
import { typeTitle } from './palette/Palette'
import { PropsPanel, type RenderImageControl } from './panels/PropsPanel'
import { StylePanel } from './panels/StylePanel'
import { useMeta, useNode, useSelection, type EditorStore } from './store/store'
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
}

const renderImage: RenderImageControl = (value, set, ctx) => (
  <ImagePropControl siteId={ctx.siteId} value={value || undefined} onChange={set} label={ctx.label} />
)

function NodeInspector({ store, id, siteId, tokens, target, onTargetChange, readOnly }: InspectorProps & { id: string }) {
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
              {typeTitle(n.type)}
            </Text>
          )}
        </div>
      </Flex>
      <Tabs.Root value={tab} onValueChange={setTab} style={{ display: 'flex', flexDirection: 'column', minHeight: 0, flex: 1 }}>
        <Tabs.List size="1">
          <Tabs.Trigger value="props">Properties</Tabs.Trigger>
          <Tabs.Trigger value="style">Style</Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="props" className="pw-pane-scroll" style={{ padding: 0 }}>
          <fieldset disabled={readOnly} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
            {type && (
              <PropsPanel type={type} props={n.props ?? {}} onChange={setProp} siteId={siteId} renderImageControl={renderImage} tokens={tokens.items} />
            )}
          </fieldset>
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

function PageSummary({ store, siteId, openDialog }: { store: EditorStore; siteId: string; openDialog(d: DialogKind): void }) {
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
        <PageSummary store={props.store} siteId={props.siteId} openDialog={props.openDialog} />
      )}
    </aside>
  )
})
