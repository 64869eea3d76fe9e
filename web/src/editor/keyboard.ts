// Editor keyboard shortcuts and clipboard events. Typing in a field keeps
// the browser's own behaviour (its undo, its copy and paste); everywhere
// else the keys act on the selected component.
import { useEffect } from 'react'
import type { CanvasController } from './canvas/controller'
import type { DialogKind } from './EditorDialogs'
import { duplicate, nudge, removeNode } from './store/actions'
import { copy, cut, paste } from './store/clipboard'
import type { Saver } from './store/saver'
import type { EditorStore } from './store/store'

/** The shortcut list shown in the "?" dialog. */
export const SHORTCUTS: { keys: string[]; what: string }[] = [
  { keys: ['Ctrl', 'Z'], what: 'Undo' },
  { keys: ['Shift', 'Ctrl', 'Z'], what: 'Redo (also Ctrl+Y)' },
  { keys: ['Ctrl', 'C'], what: 'Copy the selected component' },
  { keys: ['Ctrl', 'X'], what: 'Cut' },
  { keys: ['Ctrl', 'V'], what: 'Paste (components, or HTML and text from elsewhere)' },
  { keys: ['Ctrl', 'D'], what: 'Duplicate' },
  { keys: ['Del'], what: 'Delete (also Backspace)' },
  { keys: ['Enter'], what: 'Edit the text of the selected heading, text, button or link' },
  { keys: ['Esc'], what: 'Stop editing text; select the parent' },
  { keys: ['Alt', '↑'], what: 'Move up among its siblings' },
  { keys: ['Alt', '↓'], what: 'Move down among its siblings' },
  { keys: ['↑', '↓', '←', '→'], what: 'Walk the layers tree (when it has focus)' },
  { keys: ['F2'], what: 'Rename the layer (in the layers tree)' },
  { keys: ['Ctrl', 'Alt', 'K'], what: 'Create a reusable component from the selection' },
  { keys: ['Ctrl', 'S'], what: 'Save now' },
  { keys: ['Ctrl', 'K'], what: 'Command palette' },
  { keys: ['?'], what: 'This list' },
]

function typing(e: Event): boolean {
  const t = e.target as HTMLElement | null
  if (!t || !t.tagName) return false
  return t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName)
}

export interface ShortcutDeps {
  store: EditorStore
  canvas: CanvasController
  saver: Saver
  readOnly: boolean
  openDialog(d: DialogKind): void
  keyHandler: { current: (e: KeyboardEvent) => void }
  clipboardHandler: { current: (e: ClipboardEvent) => void }
  pageId: string
  /** component:create: Ctrl+Alt+K opens "Create component…". */
  canCreateComponent?: boolean
}

export function useShortcuts(d: ShortcutDeps): void {
  const { store, canvas, saver, readOnly, openDialog, canCreateComponent } = d
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey
      const k = e.key.toLowerCase()
      // Ctrl+Alt+K: on a Mac, Option changes e.key ("˚"), so read the physical key.
      if (mod && e.altKey && (e.code === 'KeyK' || k === 'k')) {
        e.preventDefault()
        if (typing(e) || document.querySelector('[role="dialog"]')) return
        const sel = store.selection
        if (!readOnly && canCreateComponent && sel && sel !== store.root) openDialog('create-component')
        return
      }
      // These work everywhere, even while typing.
      if (mod && k === 's') {
        e.preventDefault()
        void saver.saveNow()
        return
      }
      if (mod && k === 'k') {
        e.preventDefault()
        openDialog('commands')
        return
      }
      if (typing(e) && !(canvas.inlineEditing && mod && (k === 'z' || k === 'y'))) return
      if (document.querySelector('[role="dialog"]')) return
      const sel = store.selection
      if (mod && k === 'z') {
        e.preventDefault()
        if (readOnly) return
        if (canvas.inlineEditing) canvas.stopInlineEdit()
        if (e.shiftKey) store.redo()
        else store.undo()
        return
      }
      if (mod && k === 'y') {
        e.preventDefault()
        if (!readOnly) store.redo()
        return
      }
      if (mod && k === 'd') {
        e.preventDefault()
        if (sel && !readOnly) duplicate(store, sel)
        return
      }
      if ((e.key === 'Delete' || e.key === 'Backspace') && sel && !readOnly) {
        e.preventDefault()
        removeNode(store, sel)
        return
      }
      if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown') && sel && !readOnly) {
        e.preventDefault()
        nudge(store, sel, e.key === 'ArrowUp' ? -1 : 1)
        return
      }
      if (e.key === 'Enter' && sel && !readOnly) {
        if (canvas.startInlineEdit(sel)) e.preventDefault()
        return
      }
      if (e.key === 'Escape') {
        // An open menu, list or popover takes Escape for itself (it closes);
        // it must not also move the selection.
        if (e.defaultPrevented || document.querySelector('[role="menu"], [role="listbox"], [data-radix-popper-content-wrapper]')) return
        const parent = sel ? store.node(sel)?.parent : undefined
        store.select(parent && parent !== store.root ? parent : null)
        return
      }
      if (e.key === '?' || (e.shiftKey && e.key === '/')) {
        e.preventDefault()
        openDialog('shortcuts')
      }
    }
    const onClipboard = (e: ClipboardEvent) => {
      if (typing(e) || document.querySelector('[role="dialog"]')) return
      const sel = store.selection
      if (e.type === 'copy' && sel) copy(store, sel, e)
      else if (e.type === 'cut' && sel && !readOnly) cut(store, sel, e)
      else if (e.type === 'paste' && !readOnly) void paste(store, e)
    }
    d.keyHandler.current = onKey
    d.clipboardHandler.current = onClipboard
    window.addEventListener('keydown', onKey)
    document.addEventListener('copy', onClipboard)
    document.addEventListener('cut', onClipboard)
    document.addEventListener('paste', onClipboard)
    return () => {
      window.removeEventListener('keydown', onKey)
      document.removeEventListener('copy', onClipboard)
      document.removeEventListener('cut', onClipboard)
      document.removeEventListener('paste', onClipboard)
    }
  }, [store, canvas, saver, readOnly, openDialog, canCreateComponent, d.keyHandler, d.clipboardHandler])
}
