// The visual editor: palette and layers on the left, the canvas (the Go
// renderer's output) in the middle, properties and styles on the right.
// Every edit is an op on the EditorStore; the canvas re-renders only the
// subtree an op touched, and autosave sends only the ops.
import { DndContext, DragOverlay, PointerSensor, useSensor, useSensors, type DragEndEvent, type DragMoveEvent, type DragStartEvent } from '@dnd-kit/core'
import { Flex, Spinner, Tabs, Text } from '@radix-ui/themes'
import { useQuery } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import { api, errorMessage } from '../api/client'
import { sessionQuery, siteQuery } from '../api/queries'
import type { Page } from '../api/types'
import { ErrorCallout } from '../components/ErrorCallout'
import { useToast } from '../components/Toaster'
import { useCan } from '../lib/session'
import type { Component, ComponentVersion } from '../screens/components/api'
import { CanvasController } from './canvas/controller'
import { CanvasView } from './canvas/CanvasView'
import { canvasDrop, outlineDrop, type DragItem, type DropTarget } from './dnd'
import { EditorDialogs, type DialogKind, type EditorAbilities } from './EditorDialogs'
import { EditorHeader, DEVICES } from './EditorHeader'
import { Inspector } from './Inspector'
import { useShortcuts } from './keyboard'
import { Outline } from './outline/Outline'
import { Palette, typeTitle } from './palette/Palette'
import { branchApi } from './history/api'
import { insertNew, moveNode } from './store/actions'
import { Saver } from './store/saver'
import { EditorStore } from './store/store'
import { ComponentsPalette } from './symbols/ComponentsPalette'
import { cancelSymbolEdit, placePublished, startSymbolEdit, type SymbolEdit } from './symbols/editing'
import { SymbolEditBanner } from './symbols/SymbolEditBanner'
import type { ComponentType, DesignTokens, DocNode, PageDocument } from './types'
import { componentIcon } from './ui/icons'
import './editor.css'

interface Loaded {
  page: Page
  doc: PageDocument
  etag: string
  types: ComponentType[]
  /** Set when the editor shows an earlier version, read-only. */
  version?: { id: string; number: number }
  /** Set when the editor edits a branch instead of the page. */
  branch?: { name: string; merged: boolean; headVersionId: string }
}

/** What the editor opens: the page, a version (read-only) or a branch. */
interface Target {
  version: string | null
  branch: string | null
}

async function loadDocument(pageId: string, t: Target): Promise<Pick<Loaded, 'doc' | 'etag' | 'version' | 'branch'>> {
  if (t.version) {
    const v = await api.get<{ version: { id: string; number: number }; document: PageDocument }>(`/versions/${t.version}`)
    return { doc: v.document, etag: '', version: { id: v.version.id, number: v.version.number } }
  }
  let etag = ''
  let head = ''
  if (t.branch) {
    const [doc, branches] = await Promise.all([
      api.get<PageDocument>(`/pages/${pageId}/branches/${encodeURIComponent(t.branch)}/document`, {
        onResponse: (r) => {
          etag = r.headers.get('ETag') ?? ''
          head = r.headers.get('X-Version-Id') ?? ''
        },
      }),
      branchApi.list(pageId),
    ])
    const b = (branches.items ?? []).find((x) => x.name === t.branch)
    return { doc, etag, branch: { name: t.branch, merged: !!b?.merged, headVersionId: head } }
  }
  const doc = await api.get<PageDocument>(`/pages/${pageId}/document`, { onResponse: (r) => (etag = r.headers.get('ETag') ?? '') })
  return { doc, etag }
}

async function load(pageId: string, t: Target): Promise<Loaded> {
  const [page, d, types] = await Promise.all([api.get<Page>(`/pages/${pageId}`), loadDocument(pageId, t), api.get<{ items: ComponentType[] }>('/component-types')])
  return { page, types: types.items, ...d }
}

export function EditorScreen({ pageId }: { pageId: string }) {
  // ?version=<id> opens an earlier version read-only; ?branch=<name> edits a branch.
  const search = new URLSearchParams(window.location.search)
  const target: Target = { version: search.get('version'), branch: search.get('branch') }
  const q = useQuery({
    queryKey: ['editor', pageId, target.version, target.branch],
    queryFn: () => load(pageId, target),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  })
  if (q.isPending) {
    return (
      <Flex minHeight="100vh" align="center" justify="center" gap="3" role="status">
        <Spinner size="3" />
        <Text color="gray">Opening the editor…</Text>
      </Flex>
    )
  }
  if (q.isError) {
    return (
      <Flex minHeight="100vh" align="center" justify="center" p="4">
        <div style={{ maxWidth: 480 }}>
          <ErrorCallout error={q.error} />
        </div>
      </Flex>
    )
  }
  return <Editor key={`${pageId}/${target.version ?? ''}/${target.branch ?? ''}`} loaded={q.data} />
}

const EMPTY_TOKENS: DesignTokens = {
  items: [],
  breakpoints: [
    { name: 'sm', minWidth: 640 },
    { name: 'md', minWidth: 768 },
    { name: 'lg', minWidth: 1024 },
    { name: 'xl', minWidth: 1280 },
  ],
  themes: ['light', 'dark', 'high-contrast'],
}

function Editor({ loaded }: { loaded: Loaded }) {
  const { page } = loaded
  const can = useCan()
  const readOnly = !can('page:edit') || !!loaded.version || !!loaded.branch?.merged
  const toast = useToast()
  const permissions = useQuery(sessionQuery).data?.permissions
  const abilities = useMemo<EditorAbilities>(
    () => ({
      createComponent: !!permissions?.includes('component:create'),
      editComponent: !!permissions?.includes('component:edit'),
      publishTemplate: !!permissions?.includes('template:create'),
    }),
    [permissions],
  )
  const site = useQuery(siteQuery(page.siteId))
  const [error, setError] = useState<string | null>(null)
  const [inline, setInline] = useState<{ id: string | null; rich: boolean }>({ id: null, rich: false })
  const [store] = useState(() => new EditorStore(loaded.doc, loaded.types))
  const [saver] = useState(() => new Saver(store, page.id, loaded.etag, loaded.branch?.name, loaded.branch?.headVersionId))
  const timings = useRef<number[]>([])
  const [canvas] = useState(
    () =>
      new CanvasController(store, page.siteId, readOnly, {
        onLayout: () => {},
        onError: setError,
        onInlineEdit: (id, rich) => setInline({ id, rich }),
        onKey: (e) => keyHandler.current(e),
        onClipboard: (e) => clipboardHandler.current(e),
        onRendered: (ms) => {
          timings.current.push(ms)
          if (timings.current.length > 1000) timings.current.shift()
        },
      }),
  )
  const keyHandler = useRef<(e: KeyboardEvent) => void>(() => {})
  const clipboardHandler = useRef<(e: ClipboardEvent) => void>(() => {})
  useEffect(() => () => saver.dispose(), [saver])

  // For the benchmarks and tests: the store and the canvas' render timings.
  useEffect(() => {
    const w = window as unknown as { __pagewright?: unknown }
    w.__pagewright = { store, canvas, saver, timings: timings.current }
    return () => {
      delete w.__pagewright
    }
  }, [store, canvas, saver])

  // Design tokens: the pickers' list, and the CSS the canvas wears.
  const tokens = useQuery({
    queryKey: ['design-tokens', page.siteId],
    queryFn: () => api.get<DesignTokens>(`/sites/${page.siteId}/design-system/tokens`).catch(() => EMPTY_TOKENS),
  })
  const tokensCss = useQuery({
    queryKey: ['design-tokens-css', page.siteId],
    queryFn: async () => {
      const r = await fetch(`/api/v1/sites/${page.siteId}/design-system/export?format=css`, { credentials: 'same-origin' })
      return r.ok ? r.text() : ''
    },
  })
  useEffect(() => {
    if (tokensCss.data !== undefined) canvas.setTokensCss(tokensCss.data)
  }, [canvas, tokensCss.data])

  const [device, setDevice] = useState<string>('desktop')
  const [customWidth, setCustomWidth] = useState(1024)
  const [zoom, setZoom] = useState(0)
  const [theme, setTheme] = useState('light')
  const [target, setTarget] = useState('base')
  const [dialog, setDialog] = useState<DialogKind>(null)
  const [leftTab, setLeftTab] = useState('add')
  const width = device === 'custom' ? customWidth : (DEVICES.find((d) => d.id === device)?.width ?? 1280)
  const breakpoints = (tokens.data ?? EMPTY_TOKENS).breakpoints

  useEffect(() => {
    canvas.setTheme(theme)
  }, [canvas, theme])

  // The style panel edits the breakpoint the canvas is showing.
  const changeDevice = useCallback(
    (d: string, w?: number) => {
      setDevice(d)
      const px = d === 'custom' ? (w ?? customWidth) : (DEVICES.find((x) => x.id === d)?.width ?? 1280)
      if (w !== undefined) setCustomWidth(w)
      const bp = [...breakpoints].sort((a, b) => b.minWidth - a.minWidth).find((b) => px >= b.minWidth)
      setTarget((t) => (t === 'hover' || t === 'focus' ? t : (bp?.name ?? 'base')))
    },
    [breakpoints, customWidth],
  )
  const changeTarget = useCallback(
    (t: string) => {
      setTarget(t)
      if (t === 'hover' || t === 'focus') return
      const bp = breakpoints.find((b) => b.name === t)
      const px = bp ? bp.minWidth : 390
      const preset = DEVICES.find((d) => d.width === px)
      if (preset) setDevice(preset.id)
      else {
        setDevice('custom')
        setCustomWidth(px)
      }
    },
    [breakpoints],
  )

  useShortcuts({ store, canvas, saver, readOnly, openDialog: setDialog, keyHandler, clipboardHandler, pageId: page.id, canCreateComponent: abilities.createComponent })

  // ---- editing a reusable component in place (see symbols/editing.ts) ----
  const [symbolEdit, setSymbolEdit] = useState<SymbolEdit | null>(null)
  const onEditComponent = useCallback(
    (instanceId: string, component: Component, version: ComponentVersion) => {
      if (symbolEdit && !symbolEdit.published) {
        toast.error(`You are editing “${symbolEdit.component.name}”`, 'Publish it or cancel before editing another component.')
        return
      }
      try {
        setSymbolEdit(startSymbolEdit(store, instanceId, component, version))
      } catch (e) {
        toast.error('Could not edit the component', errorMessage(e))
      }
    },
    [store, symbolEdit, toast],
  )
  const onSymbolPublished = useCallback(
    (v: ComponentVersion) => {
      setDialog(null)
      const edit = symbolEdit
      if (!edit) return
      try {
        const { instanceId, dropped } = placePublished(store, edit, v)
        toast.success(`Published “${edit.component.name}” ${v.version}`, 'This page uses it now. Other pages keep their version until you update them.')
        setSymbolEdit({ ...edit, published: { version: v.version, instanceId, dropped } })
      } catch (e) {
        toast.error(`Published ${v.version}, but could not place it here`, errorMessage(e))
        setSymbolEdit(null)
      }
    },
    [store, symbolEdit, toast],
  )
  // Undo can take the copy away and bring the instance back: then there is nothing to edit.
  useEffect(() => {
    if (!symbolEdit || symbolEdit.published) return
    const check = () => {
      if (!store.node(symbolEdit.copyRoot) && store.node(symbolEdit.instance.id)) setSymbolEdit(null)
    }
    return store.subscribe('structure', check)
  }, [store, symbolEdit])

  // ---- drag and drop ----
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }))
  const [drag, setDrag] = useState<DragItem | null>(null)
  const [drop, setDrop] = useState<DropTarget | null>(null)
  const scale = useRef(1)
  const onScale = useCallback((s: number) => (scale.current = s), [])

  const pointer = (e: DragMoveEvent | DragEndEvent) => {
    const a = e.activatorEvent as PointerEvent
    return { x: a.clientX + e.delta.x, y: a.clientY + e.delta.y }
  }
  const target_ = (item: DragItem, x: number, y: number): DropTarget | null => {
    const frame = document.querySelector<HTMLElement>('[data-canvas-frame]')
    const r = frame?.getBoundingClientRect()
    if (r && x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) {
      const pane = document.querySelector('.pw-editor-canvas')?.getBoundingClientRect()
      if (pane && (y < pane.top || y > pane.bottom)) return null
      return canvasDrop(store, canvas, item, (x - r.left) / scale.current, (y - r.top) / scale.current)
    }
    return outlineDrop(store, item, x, y)
  }
  const onDragStart = (e: DragStartEvent) => {
    const d = e.active.data.current as { kind: 'new' | 'move'; type?: string; id?: string; init?: Partial<DocNode>; label?: string }
    const type = d.kind === 'new' ? d.type! : (store.node(d.id!)?.type ?? '')
    setDrag({ kind: d.kind, type, id: d.id, init: d.init, label: d.label })
    if (canvas.inlineEditing) canvas.stopInlineEdit()
  }
  const onDragMove = (e: DragMoveEvent) => {
    if (!drag) return
    const { x, y } = pointer(e)
    setDrop(target_(drag, x, y))
  }
  const onDragEnd = (e: DragEndEvent) => {
    const item = drag
    setDrag(null)
    setDrop(null)
    if (!item || readOnly) return
    const { x, y } = pointer(e)
    const t = target_(item, x, y)
    if (!t) return
    if (item.kind === 'new') insertNew(store, item.type, t.place, item.init, item.label ? `Add ${item.label}` : undefined)
    else if (item.id) {
      moveNode(store, item.id, t.place)
      store.select(item.id)
    }
  }

  const siteName = site.data?.name ?? ''
  const DragIcon = drag ? componentIcon(store.type(drag.type)?.icon ?? '') : null
  const tokenData = tokens.data ?? EMPTY_TOKENS

  const saveState = useSyncExternalStore(
    useCallback((l: () => void) => saver.subscribe(l), [saver]),
    () => saver.state,
  )
  useEffect(() => {
    if (saveState.status === 'conflict') setDialog('conflict')
  }, [saveState.status])
  // Warn before leaving with unsaved changes.
  useEffect(() => {
    const h = (e: BeforeUnloadEvent) => {
      if (store.hasPending || saver.state.status === 'saving') e.preventDefault()
    }
    window.addEventListener('beforeunload', h)
    return () => window.removeEventListener('beforeunload', h)
  }, [store, saver])

  const pageForDialogs = useMemo(() => ({ id: page.id, name: page.title, slug: page.slug, siteId: page.siteId }), [page])

  return (
    <DndContext sensors={sensors} onDragStart={onDragStart} onDragMove={onDragMove} onDragEnd={onDragEnd} onDragCancel={() => (setDrag(null), setDrop(null))} autoScroll={false}>
      <div className="pw-editor" data-testid="editor">
        <EditorHeader
          store={store}
          saver={saver}
          saveState={saveState}
          page={page}
          siteName={siteName}
          device={device}
          width={width}
          onDevice={changeDevice}
          zoom={zoom}
          onZoom={setZoom}
          theme={theme}
          onTheme={setTheme}
          readOnly={readOnly}
          version={loaded.version}
          branch={loaded.branch}
          openDialog={setDialog}
        />
        <aside className="pw-editor-left" aria-label="Components and layers">
          <Tabs.Root value={leftTab} onValueChange={setLeftTab} style={{ display: 'flex', flexDirection: 'column', minHeight: 0, flex: 1 }}>
            <Tabs.List size="1">
              <Tabs.Trigger value="add">Add</Tabs.Trigger>
              <Tabs.Trigger value="components">Components</Tabs.Trigger>
              <Tabs.Trigger value="layers">Layers</Tabs.Trigger>
            </Tabs.List>
            <Tabs.Content value="add" style={{ display: leftTab === 'add' ? 'flex' : 'none', flexDirection: 'column', minHeight: 0, flex: 1 }} forceMount>
              <Palette store={store} types={loaded.types} readOnly={readOnly} onInsertSection={() => setDialog('insert-section-template')} />
            </Tabs.Content>
            <Tabs.Content value="components" style={{ display: leftTab === 'components' ? 'flex' : 'none', flexDirection: 'column', minHeight: 0, flex: 1 }}>
              <ComponentsPalette store={store} readOnly={readOnly} />
            </Tabs.Content>
            <Tabs.Content value="layers" style={{ display: leftTab === 'layers' ? 'flex' : 'none', flexDirection: 'column', minHeight: 0, flex: 1 }} forceMount>
              <Outline store={store} readOnly={readOnly} drop={drop} />
            </Tabs.Content>
          </Tabs.Root>
        </aside>
        <CanvasView
          store={store}
          canvas={canvas}
          width={width}
          zoom={zoom}
          drop={drop}
          dragging={drag !== null}
          readOnly={readOnly}
          error={error}
          inlineRich={inline.rich}
          onScale={onScale}
          banner={
            symbolEdit && (
              <SymbolEditBanner
                store={store}
                edit={symbolEdit}
                onPublish={() => setDialog('publish-version')}
                onCancel={() => {
                  cancelSymbolEdit(store, symbolEdit)
                  setSymbolEdit(null)
                }}
                onUpdateOthers={() => setDialog('bulk-update')}
                onDismiss={() => setSymbolEdit(null)}
              />
            )
          }
        />
        <Inspector
          store={store}
          siteId={page.siteId}
          tokens={tokenData}
          target={target}
          onTargetChange={changeTarget}
          readOnly={readOnly}
          openDialog={setDialog}
          abilities={abilities}
          onEditComponent={onEditComponent}
        />
      </div>
      <DragOverlay dropAnimation={null}>
        {drag && DragIcon ? (
          <div className="pw-drag-ghost">
            <DragIcon size={14} />
            {drag.kind === 'move' ? store.label(drag.id!) : (drag.label ?? typeTitle(drag.type))}
          </div>
        ) : null}
      </DragOverlay>
      <EditorDialogs
        kind={dialog}
        onClose={() => setDialog(null)}
        store={store}
        saver={saver}
        canvas={canvas}
        page={pageForDialogs}
        siteName={siteName}
        readOnly={readOnly}
        setDevice={changeDevice}
        setZoom={setZoom}
        setTheme={setTheme}
        openDialog={setDialog}
        abilities={abilities}
        symbolEdit={symbolEdit}
        onSymbolPublished={onSymbolPublished}
      />
    </DndContext>
  )
}
