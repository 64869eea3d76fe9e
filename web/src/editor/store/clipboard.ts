// Copy, cut and paste of components, within a page and between pages (and
// tabs): the system clipboard carries the subtree as JSON, with a copy in
// localStorage for when the browser does not let the page read the
// clipboard. Pasting anything else converts HTML or plain text to components.
import { copyFragment, insertFragment, placeFor, removeNode, type Fragment } from './actions'
import { htmlToFragment } from './pasteHtml'
import type { EditorStore } from './store'
import type { DocNode } from '../types'

const KEY = 'pagewright.clipboard'
const MARK = 'application/x-pagewright+json'

/**
 * Whether v is a fragment insertFragment can paste: the root first, then
 * nodes whose parents come before them (clipboard text can be anything).
 */
export function isFragment(v: unknown): v is Fragment {
  if (!v || typeof v !== 'object') return false
  const f = v as Partial<Fragment>
  if (f.pagewright !== 1 || typeof f.root !== 'string' || !Array.isArray(f.nodes)) return false
  const seen = new Set<string>()
  for (const n of f.nodes as unknown[]) {
    if (!n || typeof n !== 'object') return false
    const { id, type, parent } = n as DocNode
    if (typeof id !== 'string' || !id || typeof type !== 'string' || !type || seen.has(id)) return false
    const placed = id === f.root ? seen.size === 0 : typeof parent === 'string' && seen.has(parent)
    if (!placed) return false
    seen.add(id)
  }
  return seen.has(f.root)
}

function parseFragment(text: string): Fragment | null {
  if (!text.startsWith('{')) return null
  try {
    const v: unknown = JSON.parse(text)
    return isFragment(v) ? v : null
  } catch {
    return null
  }
}

/** Copies the node; with an event (Ctrl+C) it fills the event's clipboard data. */
export function copy(store: EditorStore, id: string, e?: ClipboardEvent): void {
  const frag = copyFragment(store, id)
  const json = JSON.stringify(frag)
  try {
    localStorage.setItem(KEY, json)
  } catch {
    // Storage full or blocked: the system clipboard still has it.
  }
  if (e?.clipboardData) {
    e.clipboardData.setData('text/plain', json)
    e.clipboardData.setData(MARK, json)
    e.preventDefault()
  } else {
    void navigator.clipboard?.writeText(json).catch(() => {})
  }
}

export function cut(store: EditorStore, id: string, e?: ClipboardEvent): void {
  if (id === store.root) return
  copy(store, id, e)
  removeNode(store, id)
}

/** Pastes from a paste event, or (from a menu) from what was last copied. */
export async function paste(store: EditorStore, e?: ClipboardEvent): Promise<string | null> {
  let frag: Fragment | null = null
  if (e?.clipboardData) {
    const data = e.clipboardData
    frag = parseFragment(data.getData(MARK) || data.getData('text/plain'))
    if (!frag) {
      const html = data.getData('text/html')
      const plain = data.getData('text/plain')
      frag = html ? htmlToFragment(html) : plain ? htmlToFragment(plain, true) : null
    }
    e.preventDefault()
  } else {
    let text = ''
    try {
      text = (await navigator.clipboard?.readText()) ?? ''
    } catch {
      // Reading the clipboard needs permission; fall back to our own copy.
    }
    frag = parseFragment(text) ?? parseFragment(localStorage.getItem(KEY) ?? '')
    if (!frag && text) frag = htmlToFragment(text, !/<[a-z][\s\S]*>/i.test(text))
  }
  if (!frag) return null
  return pasteFragment(store, frag)
}

export function pasteFragment(store: EditorStore, frag: Fragment, label = 'Paste'): string | null {
  const root = frag.nodes.find((n) => n.id === frag.root)!
  const place = placeFor(store, root.type, store.selection)
  if (!place) return null
  // A pasted section goes after the selected one, not inside it.
  const sel = store.selection ? store.node(store.selection) : undefined
  if (sel && sel.type === root.type && place.parent === sel.id && sel.parent) {
    const kids = store.children(sel.parent)
    return insertFragment(store, frag, { parent: sel.parent, before: kids[kids.indexOf(sel.id) + 1] ?? null }, label)
  }
  return insertFragment(store, frag, place, label)
}

/** Pastes HTML given as a string (the "Paste HTML" command). */
export function pasteHtml(store: EditorStore, html: string): string | null {
  const frag = htmlToFragment(html, !/<[a-z][\s\S]*>/i.test(html))
  return frag ? pasteFragment(store, frag, 'Paste HTML') : null
}
