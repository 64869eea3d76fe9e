// Editing actions: each turns an intention (insert this type there, move,
// duplicate, delete, paste) into ops for the store, so that undo, autosave
// and the canvas all see the same thing.
import type { DocNode, Op } from '../types'
import { keyBetween } from './fracindex'
import { subtree } from './ops'
import type { EditorStore } from './store'

/** A new short node id, like the server's document ids. */
export function newId(store?: EditorStore): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(8))
    let id = 'n'
    for (const b of bytes) id += alphabet[b % alphabet.length]
    if (!store?.node(id)) return id
  }
}

/** Where a node goes: under parent, before the sibling `before` (null: at the end). */
export interface Place {
  parent: string
  before: string | null
}

/** The pos key for a new child at place. */
export function posAt(store: EditorStore, place: Place, skip?: string): string {
  const kids = store.children(place.parent).filter((k) => k !== skip)
  const i = place.before === null ? kids.length : kids.indexOf(place.before)
  const at = i < 0 ? kids.length : i
  const prev = at > 0 ? store.node(kids[at - 1]!)!.pos! : null
  const next = at < kids.length ? store.node(kids[at]!)!.pos! : null
  return keyBetween(prev, next)
}

/**
 * A node of type with its default props, or with init's fields (an
 * Instance of a library component brings its own props and layer name).
 */
export function insertNew(store: EditorStore, type: string, place: Place, init?: Partial<DocNode>, undoLabel?: string): string {
  const id = newId(store)
  const node: DocNode = { ...(init ? structuredClone(init) : {}), id, type, parent: place.parent, pos: posAt(store, place) }
  const t = store.type(type)
  if (!init?.props && t && Object.keys(t.defaults ?? {}).length) node.props = structuredClone(t.defaults)
  store.apply([{ op: 'insert', node }], { label: undoLabel ?? `Add ${type}` })
  store.select(id)
  return id
}

export function removeNode(store: EditorStore, id: string): void {
  if (id === store.root || !store.node(id)) return
  const n = store.node(id)!
  // Select a neighbour so the keyboard keeps working after a delete.
  const kids = store.children(n.parent!)
  const i = kids.indexOf(id)
  const next = kids[i + 1] ?? kids[i - 1] ?? n.parent!
  store.apply([{ op: 'delete', node: id }], { label: `Delete ${n.type}` })
  store.select(next === store.root ? null : next)
}

export function moveNode(store: EditorStore, id: string, place: Place): boolean {
  const n = store.node(id)
  if (!n || id === store.root) return false
  if (place.before === id) return false
  if (n.parent === place.parent) {
    // Dropped where it already is: a new pos would only add an empty undo step.
    const kids = store.children(n.parent)
    if ((kids[kids.indexOf(id) + 1] ?? null) === place.before) return false
  }
  const pos = posAt(store, place, id)
  try {
    store.apply([{ op: 'move', node: id, parent: place.parent, pos }], { label: `Move ${n.type}` })
  } catch {
    return false
  }
  return true
}

/** Clipboard form of a subtree: nodes with their relative structure. */
export interface Fragment {
  pagewright: 1
  root: string
  nodes: DocNode[]
}

export function copyFragment(store: EditorStore, id: string): Fragment {
  const ids = subtree(store.state, id)
  return { pagewright: 1, root: id, nodes: ids.map((x) => structuredClone(store.node(x)!)) }
}

/** Inserts a fragment at place with fresh ids; returns the new root id. */
export function insertFragment(store: EditorStore, frag: Fragment, place: Place, label = 'Paste'): string {
  const ids = new Map<string, string>()
  for (const n of frag.nodes) ids.set(n.id, newId(store))
  const ops: Op[] = []
  for (const n of frag.nodes) {
    const copy: DocNode = { ...structuredClone(n), id: ids.get(n.id)! }
    if (n.id === frag.root) {
      copy.parent = place.parent
      copy.pos = posAt(store, place)
    } else {
      copy.parent = ids.get(n.parent!)!
    }
    ops.push({ op: 'insert', node: copy })
  }
  store.apply(ops, { label })
  const root = ids.get(frag.root)!
  store.select(root)
  return root
}

export function duplicate(store: EditorStore, id: string): string | null {
  const n = store.node(id)
  if (!n || id === store.root) return null
  const kids = store.children(n.parent!)
  const next = kids[kids.indexOf(id) + 1] ?? null
  return insertFragment(store, copyFragment(store, id), { parent: n.parent!, before: next }, `Duplicate ${n.type}`)
}

/**
 * Where pasted or inserted content goes relative to the selection: inside it
 * at the end when it accepts the type, else right after it, else after the
 * nearest ancestor that can hold it, else at the end of the page.
 */
export function placeFor(store: EditorStore, type: string, selection: string | null): Place | null {
  let sel = selection && store.node(selection) ? selection : null
  if (sel) {
    const n = store.node(sel)!
    if (store.allowed(n.type, type)) return { parent: sel, before: null }
    for (let x: string | undefined = sel; x && x !== store.root; x = store.node(x)?.parent) {
      const xn = store.node(x)!
      const parent = store.node(xn.parent!)!
      if (store.allowed(parent.type, type)) {
        const kids = store.children(parent.id)
        return { parent: parent.id, before: kids[kids.indexOf(x) + 1] ?? null }
      }
    }
    sel = null
  }
  const root = store.node(store.root)!
  return store.allowed(root.type, type) ? { parent: store.root, before: null } : null
}

/** Moves a node one place up or down among its siblings. */
export function nudge(store: EditorStore, id: string, dir: -1 | 1): void {
  const n = store.node(id)
  if (!n || !n.parent) return
  const kids = store.children(n.parent)
  const i = kids.indexOf(id)
  const j = i + dir
  if (j < 0 || j >= kids.length) return
  const before = dir < 0 ? kids[j]! : (kids[j + 1] ?? null)
  moveNode(store, id, { parent: n.parent, before })
}
