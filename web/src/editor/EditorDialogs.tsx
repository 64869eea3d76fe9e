// The editor's dialogs: command palette (Ctrl+K), keyboard shortcuts (?),
// paste HTML, page settings, the save conflict choice, reusable components
// (create, publish a new version, update other pages), "Publish as
// template" and "Insert section from a template".
import { AlertDialog, Button, Dialog, Flex, Text, TextArea, TextField } from '@radix-ui/themes'
import { useQueryClient } from '@tanstack/react-query'
import { useNavigate } from '@tanstack/react-router'
import { Search } from 'lucide-react'
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react'
import { api } from '../api/client'
import { BulkUpdateDialog } from '../screens/components/BulkUpdateDialog'
import type { ComponentVersion } from '../screens/components/api'
import type { CanvasController } from './canvas/controller'
import { DEVICES } from './EditorHeader'
import { SHORTCUTS } from './keyboard'
import { typeTitle } from './palette/Palette'
import { HistoryPanel } from './history/HistoryPanel'
import { PageSettingsDialog } from './settings/PageSettingsDialog'
import { duplicate, insertNew, placeFor, removeNode } from './store/actions'
import { copy, cut, paste, pasteHtml } from './store/clipboard'
import type { Saver } from './store/saver'
import { useMeta, type EditorStore } from './store/store'
import { CreateComponentDialog } from './symbols/CreateComponentDialog'
import type { SymbolEdit } from './symbols/editing'
import { PublishVersionDialog } from './symbols/PublishVersionDialog'
import { InsertSectionDialog } from './templates/InsertSectionDialog'
import { componentIcon } from './ui/icons'

// The marketplace's dialog loads on demand: the editor does not carry the
// marketplace screens.
const PublishTemplateDialog = lazy(() => import('../screens/templates').then((m) => ({ default: m.PublishTemplateDialog })))

export type DialogKind =
  | null
  | 'commands'
  | 'shortcuts'
  | 'paste-html'
  | 'settings'
  | 'conflict'
  | 'history'
  | 'create-component'
  | 'publish-version'
  | 'bulk-update'
  | 'publish-template'
  | 'publish-section-template'
  | 'insert-section-template'

/** What the signed-in user may do beyond editing the page (org-level permissions). */
export interface EditorAbilities {
  /** component:create */
  createComponent: boolean
  /** component:edit */
  editComponent: boolean
  /** template:create (the same check as the marketplace's useCanPublishTemplates) */
  publishTemplate: boolean
}

interface Command {
  id: string
  title: string
  hint?: string
  group: string
  icon?: React.ReactNode
  run(): void
}

export interface EditorDialogsProps {
  kind: DialogKind
  onClose(): void
  store: EditorStore
  saver: Saver
  canvas: CanvasController
  page: { id: string; name: string; slug: string; siteId: string }
  siteName: string
  readOnly: boolean
  setDevice(d: string): void
  setZoom(z: number): void
  setTheme(t: string): void
  openDialog(d: DialogKind): void
  abilities: EditorAbilities
  /** The component being edited in place, if any (see symbols/editing.ts). */
  symbolEdit: SymbolEdit | null
  /** A new version of the edited component was published. */
  onSymbolPublished(v: ComponentVersion): void
}

function CommandPalette(p: EditorDialogsProps) {
  const { store } = p
  const [q, setQ] = useState('')
  const [active, setActive] = useState(0)
  const listRef = useRef<HTMLDivElement>(null)
  const commands = useMemo<Command[]>(() => {
    const sel = store.selection
    const edit = !p.readOnly
    const out: Command[] = []
    const add = (c: Command, when = true) => when && out.push(c)
    add({ id: 'undo', group: 'Edit', title: 'Undo', hint: 'Ctrl+Z', run: () => store.undo() }, edit && store.canUndo)
    add({ id: 'redo', group: 'Edit', title: 'Redo', hint: 'Shift+Ctrl+Z', run: () => store.redo() }, edit && store.canRedo)
    add({ id: 'copy', group: 'Edit', title: 'Copy', hint: 'Ctrl+C', run: () => copy(store, sel!) }, !!sel)
    add({ id: 'cut', group: 'Edit', title: 'Cut', hint: 'Ctrl+X', run: () => cut(store, sel!) }, edit && !!sel)
    add({ id: 'paste', group: 'Edit', title: 'Paste', hint: 'Ctrl+V', run: () => void paste(store) }, edit)
    add({ id: 'paste-html', group: 'Edit', title: 'Paste HTML…', run: () => p.openDialog('paste-html') }, edit)
    add({ id: 'duplicate', group: 'Edit', title: 'Duplicate', hint: 'Ctrl+D', run: () => duplicate(store, sel!) }, edit && !!sel)
    add({ id: 'delete', group: 'Edit', title: 'Delete', hint: 'Del', run: () => removeNode(store, sel!) }, edit && !!sel)
    add({ id: 'parent', group: 'Edit', title: 'Select parent', hint: 'Esc', run: () => store.select(store.node(sel!)?.parent ?? null) }, !!sel)
    const part = !!sel && sel !== store.root
    add(
      { id: 'create-component', group: 'Component', title: 'Create component…', hint: 'Ctrl+Alt+K', run: () => p.openDialog('create-component') },
      edit && part && p.abilities.createComponent,
    )
    add({ id: 'open-library', group: 'Component', title: 'Open the component library', run: () => window.open('/components', '_blank', 'noopener') })
    add({ id: 'save', group: 'Page', title: 'Save now', hint: 'Ctrl+S', run: () => void p.saver.saveNow() }, edit)
    add({ id: 'settings', group: 'Page', title: 'Page settings…', run: () => p.openDialog('settings') })
    add({ id: 'publish-template', group: 'Page', title: 'Publish as template…', run: () => p.openDialog('publish-template') }, edit && p.abilities.publishTemplate)
    add(
      { id: 'publish-section-template', group: 'Page', title: 'Publish section as template…', run: () => p.openDialog('publish-section-template') },
      edit && part && p.abilities.publishTemplate,
    )
    add({ id: 'insert-section-template', group: 'Page', title: 'Insert section from a template…', run: () => p.openDialog('insert-section-template') }, edit)
    add({ id: 'preview', group: 'Page', title: 'Preview in a new tab', run: () => window.open(`/api/v1/pages/${p.page.id}/preview`, '_blank') })
    add({ id: 'shortcuts', group: 'Help', title: 'Keyboard shortcuts', hint: '?', run: () => p.openDialog('shortcuts') })
    for (const d of DEVICES) add({ id: `device-${d.id}`, group: 'View', title: `${d.label} width (${d.width}px)`, run: () => p.setDevice(d.id) })
    add({ id: 'zoom-fit', group: 'View', title: 'Zoom to fit', run: () => p.setZoom(0) })
    add({ id: 'zoom-100', group: 'View', title: 'Zoom 100%', run: () => p.setZoom(1) })
    for (const t of ['light', 'dark', 'high-contrast']) add({ id: `theme-${t}`, group: 'View', title: `Show the ${t.replace('-', ' ')} theme`, run: () => p.setTheme(t) })
    if (edit) {
      for (const t of store.types.values()) {
        if (t.name === 'Page' || t.hidden) continue
        const Icon = componentIcon(t.icon)
        add({
          id: `add-${t.name}`,
          group: 'Add',
          title: `Add ${typeTitle(t.name)}`,
          icon: <Icon size={14} />,
          run: () => {
            const place = placeFor(store, t.name, store.selection)
            if (place) insertNew(store, t.name, place)
          },
        })
      }
    }
    return out
  }, [store, p])
  const needle = q.trim().toLowerCase()
  const shown = needle ? commands.filter((c) => `${c.group} ${c.title}`.toLowerCase().includes(needle)) : commands
  const run = (c: Command | undefined) => {
    if (!c) return
    p.onClose()
    // Let the dialog close (and give focus back) before the command acts.
    setTimeout(() => c.run(), 0)
  }
  return (
    <Dialog.Content maxWidth="560px" aria-describedby={undefined}>
      <Dialog.Title size="3">Command palette</Dialog.Title>
      <TextField.Root
        autoFocus
        placeholder="Type a command or a component…"
        value={q}
        aria-label="Command"
        aria-controls="pw-cmd-list"
        aria-activedescendant={shown[active] ? `cmd-${shown[active]!.id}` : undefined}
        onChange={(e) => {
          setQ(e.target.value)
          setActive(0)
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault()
            setActive((a) => Math.min(a + 1, shown.length - 1))
          } else if (e.key === 'ArrowUp') {
            e.preventDefault()
            setActive((a) => Math.max(a - 1, 0))
          } else if (e.key === 'Enter') {
            e.preventDefault()
            run(shown[active])
          }
        }}
      >
        <TextField.Slot>
          <Search size={14} />
        </TextField.Slot>
      </TextField.Root>
      <div className="pw-cmd-list" role="listbox" id="pw-cmd-list" ref={listRef} aria-label="Commands">
        {shown.length === 0 && (
          <Text as="p" size="2" color="gray" m="3">
            No command matches “{q}”.
          </Text>
        )}
        {shown.map((c, i) => (
          <div
            key={c.id}
            id={`cmd-${c.id}`}
            role="option"
            aria-selected={i === active}
            className="pw-cmd-item"
            onMouseEnter={() => setActive(i)}
            onClick={() => run(c)}
            ref={(el) => {
              if (i === active) el?.scrollIntoView({ block: 'nearest' })
            }}
          >
            {c.icon}
            <Text size="2" style={{ flex: 1 }}>
              {c.title}
            </Text>
            <Text size="1" color="gray">
              {c.hint ?? c.group}
            </Text>
          </div>
        ))}
      </div>
    </Dialog.Content>
  )
}

function Shortcuts() {
  return (
    <Dialog.Content maxWidth="520px">
      <Dialog.Title>Keyboard shortcuts</Dialog.Title>
      <Dialog.Description size="2" color="gray" mb="3">
        On a Mac, use ⌘ instead of Ctrl.
      </Dialog.Description>
      <table style={{ width: '100%', borderCollapse: 'collapse' }}>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.what} style={{ borderTop: '1px solid var(--gray-a4)' }}>
              <td style={{ padding: '6px 8px 6px 0', whiteSpace: 'nowrap' }}>
                {s.keys.map((k) => (
                  <span key={k} className="pw-kbd" style={{ marginRight: 4 }}>
                    {k}
                  </span>
                ))}
              </td>
              <td style={{ padding: '6px 0' }}>
                <Text size="2">{s.what}</Text>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Flex justify="end" mt="4">
        <Dialog.Close>
          <Button variant="soft">Close</Button>
        </Dialog.Close>
      </Flex>
    </Dialog.Content>
  )
}

function PasteHtml({ store, onClose }: { store: EditorStore; onClose(): void }) {
  const [html, setHtml] = useState('')
  const [err, setErr] = useState('')
  return (
    <Dialog.Content maxWidth="640px">
      <Dialog.Title>Paste HTML</Dialog.Title>
      <Dialog.Description size="2" color="gray" mb="3">
        Paste HTML or plain text from another site or document. Headings, paragraphs, lists, links, images and dividers become components; scripts and styles are dropped.
      </Dialog.Description>
      <TextArea
        autoFocus
        aria-label="HTML to convert"
        rows={10}
        value={html}
        onChange={(e) => setHtml(e.target.value)}
        style={{ fontFamily: 'ui-monospace, monospace', fontSize: 12 }}
        placeholder="<h2>Opening hours</h2><p>Monday to Friday…</p>"
      />
      {err && (
        <Text as="p" size="2" color="red" mt="2">
          {err}
        </Text>
      )}
      <Flex justify="end" gap="2" mt="4">
        <Dialog.Close>
          <Button variant="soft" color="gray">
            Cancel
          </Button>
        </Dialog.Close>
        <Button
          disabled={!html.trim()}
          onClick={() => {
            try {
              if (pasteHtml(store, html)) onClose()
              else setErr('Nothing in that HTML could become a component here. Select a section first, or paste some text.')
            } catch (e) {
              setErr(e instanceof Error ? e.message : 'The HTML could not be converted.')
            }
          }}
        >
          Convert and insert
        </Button>
      </Flex>
    </Dialog.Content>
  )
}

function Settings(p: EditorDialogsProps) {
  const meta = useMeta(p.store)
  const qc = useQueryClient()
  const navigate = useNavigate()
  const [page, setPage] = useState(p.page)
  return (
    <PageSettingsDialog
      open
      onOpenChange={(o) => !o && p.onClose()}
      page={page}
      meta={meta}
      onMetaChange={(field, value) =>
        p.store.apply([{ op: 'set', path: `meta/${field}`, value }], { label: `Change page ${field}`, mergeKey: `meta/${field}` })
      }
      onPageChange={async (patch) => {
        const body: Record<string, string> = {}
        if (patch.name !== undefined) body.title = patch.name
        if (patch.slug !== undefined) body.slug = patch.slug
        const updated = await api.patch<{ title: string; slug: string }>(`/pages/${page.id}`, body)
        setPage({ ...page, name: updated.title, slug: updated.slug })
        void qc.invalidateQueries({ queryKey: ['editor', page.id] })
        void qc.invalidateQueries({ queryKey: ['pages', page.siteId] })
        void navigate
      }}
    />
  )
}

/** "Publish as template" for the page, or for the selected part of it. */
function PublishTemplate({ store, saver, pageId, section, onClose }: { store: EditorStore; saver: Saver; pageId: string; section: boolean; onClose(): void }) {
  // The part is the one selected when the dialog opened.
  const [node] = useState(() => (section && store.selection && store.selection !== store.root ? store.selection : undefined))
  // The server publishes the saved page: save the latest edits while the form is filled in.
  useEffect(() => {
    void saver.saveNow().catch(() => undefined)
  }, [saver])
  const n = node ? store.node(node) : undefined
  return (
    <Suspense fallback={null}>
      <PublishTemplateDialog pageId={pageId} node={node} nodeLabel={n ? n.label || typeTitle(n.type) : undefined} open onOpenChange={(o) => !o && onClose()} />
    </Suspense>
  )
}

/** "Create component…" for the part selected when the dialog opened. */
function CreateComponent(p: EditorDialogsProps) {
  const [node] = useState(() => (p.store.selection && p.store.selection !== p.store.root ? p.store.selection : ''))
  return <CreateComponentDialog store={p.store} siteId={p.page.siteId} nodeId={node} onClose={p.onClose} />
}

/** Dialogs that are a Dialog.Root of their own. */
const OWN_ROOT = new Set<DialogKind>(['settings', 'conflict', 'bulk-update', 'publish-template', 'publish-section-template'])

export function EditorDialogs(p: EditorDialogsProps) {
  const open = p.kind !== null && !OWN_ROOT.has(p.kind)
  const edit = p.symbolEdit
  return (
    <>
      <Dialog.Root open={open} onOpenChange={(o) => !o && p.onClose()}>
        {p.kind === 'commands' && <CommandPalette {...p} />}
        {p.kind === 'shortcuts' && <Shortcuts />}
        {p.kind === 'paste-html' && <PasteHtml store={p.store} onClose={p.onClose} />}
        {p.kind === 'create-component' && <CreateComponent {...p} />}
        {p.kind === 'insert-section-template' && !p.readOnly && <InsertSectionDialog store={p.store} canvas={p.canvas} onClose={p.onClose} />}
        {p.kind === 'publish-version' && edit && <PublishVersionDialog store={p.store} edit={edit} onPublished={p.onSymbolPublished} onClose={p.onClose} />}
        {p.kind === 'history' && (
          <HistoryPanel
            pageId={p.page.id}
            siteId={p.page.siteId}
            saver={p.saver}
            currentDocument={() => p.store.toDocument()}
            readOnly={p.readOnly}
            onClose={p.onClose}
          />
        )}
      </Dialog.Root>
      {p.kind === 'settings' && <Settings {...p} />}
      {p.kind === 'bulk-update' && edit && (
        <BulkUpdateDialog
          component={{ ...edit.component, latestVersion: edit.published?.version ?? edit.component.latestVersion }}
          open
          onOpenChange={(o) => !o && p.onClose()}
          excludePageId={p.page.id}
        />
      )}
      {(p.kind === 'publish-template' || p.kind === 'publish-section-template') && (
        <PublishTemplate store={p.store} saver={p.saver} pageId={p.page.id} section={p.kind === 'publish-section-template'} onClose={p.onClose} />
      )}
      <AlertDialog.Root open={p.kind === 'conflict'}>
        <AlertDialog.Content maxWidth="480px">
          <AlertDialog.Title>Someone else saved this page</AlertDialog.Title>
          <AlertDialog.Description size="2">
            This page changed on the server after you opened it. Nothing has been overwritten. Choose which version to keep:
          </AlertDialog.Description>
          <Flex direction="column" gap="2" mt="4">
            <Button
              variant="soft"
              onClick={() => {
                void p.saver.reload().then(p.onClose)
              }}
            >
              Load their version (discard my unsaved changes)
            </Button>
            <Button
              color="red"
              variant="soft"
              onClick={() => {
                void p.saver.overwrite().then(p.onClose)
              }}
            >
              Keep mine (overwrite their changes)
            </Button>
          </Flex>
        </AlertDialog.Content>
      </AlertDialog.Root>
    </>
  )
}
