// The editor's document store. It holds the page as a flat node map (the
// server's shape), applies every edit as ops, keeps undo/redo as inverse
// ops, queues the ops for autosave, and notifies subscribers per node so a
// keystroke re-renders the one panel row and canvas subtree it touches.
import { useCallback, useSyncExternalStore } from 'react'
import type { ComponentType, DocMeta, DocNode, Op, PageDocument } from '../types'
import { applyOps, buildKids, emptyChange, type Change, type DocState } from './ops'

type Listener = () => void

/** One undoable step: the ops it applied and the ops that undo it. */
interface Step {
  label: string
  ops: Op[]
  inverse: Op[]
  /** Set ops that may merge into this step (typing in one field). */
  mergeKey?: string
  at: number
  /** Selection to restore on undo/redo. */
  selection: string | null
}

export interface ApplyOptions {
  label?: string
  /** Consecutive edits with the same key within a second merge into one undo step. */
  mergeKey?: string
  /** Record in the undo history (default true). */
  record?: boolean
}

const MERGE_MS = 1000
const HISTORY_LIMIT = 500

export class EditorStore {
  state: DocState
  types = new Map<string, ComponentType>()
  selection: string | null = null
  hovered: string | null = null
  /** Increments on every insert, delete or move (the outline's key). */
  structure = 0
  /** Increments on every change (the save indicator's key). */
  version = 0

  private undoStack: Step[] = []
  private redoStack: Step[] = []
  private pending: Op[] = []
  private nodeListeners = new Map<string, Set<Listener>>()
  private listeners = {
    structure: new Set<Listener>(),
    selection: new Set<Listener>(),
    history: new Set<Listener>(),
    meta: new Set<Listener>(),
    any: new Set<Listener>(),
  }
  private changeListeners = new Set<(c: Change) => void>()

  constructor(doc: PageDocument, types: ComponentType[]) {
    for (const t of types) this.types.set(t.name, t)
    const nodes = new Map(Object.entries(doc.nodes))
    this.state = { root: doc.root, meta: { ...(doc.meta ?? {}) }, nodes, kids: buildKids(nodes, doc.root) }
  }

  // ---- reading ----

  node(id: string): DocNode | undefined {
    return this.state.nodes.get(id)
  }
  children(id: string): string[] {
    return this.state.kids.get(id) ?? []
  }
  get root(): string {
    return this.state.root
  }
  get meta(): DocMeta {
    return this.state.meta
  }
  type(name: string): ComponentType | undefined {
    return this.types.get(name)
  }

  /** Whether a node of childType may go inside a node of parentType. */
  allowed = (parentType: string, childType: string): boolean => {
    if (childType === 'Page') return false
    const p = this.types.get(parentType)
    if (!p || !this.types.has(childType)) return false
    const rule = p.children
    if (rule === 'any') return true
    if (rule === 'none') return false
    if (Array.isArray(rule)) return rule.includes(childType)
    return !rule.except.includes(childType)
  }

  /** The label shown for a node: its layer name, else a prop that names it, else its type. */
  label(id: string): string {
    const n = this.node(id)
    if (!n) return ''
    if (n.label) return n.label
    const p = n.props ?? {}
    for (const k of ['text', 'title', 'label', 'heading', 'alt']) {
      const v = p[k]
      if (typeof v === 'string' && v.trim()) return `${n.type} · ${v.trim().slice(0, 40)}`
    }
    return n.type
  }

  /** The whole document, for a full save or a full render. */
  toDocument(): PageDocument {
    return { schemaVersion: 1, root: this.state.root, meta: this.state.meta, nodes: Object.fromEntries(this.state.nodes) }
  }

  /** The node, its ancestors and its subtree: enough to render the subtree. */
  subtreeDocument(id: string): PageDocument {
    const nodes: Record<string, DocNode> = {}
    for (let x = this.node(id)?.parent; x; x = this.node(x)?.parent) {
      nodes[x] = this.node(x)!
    }
    const walk = (x: string) => {
      nodes[x] = this.node(x)!
      for (const k of this.children(x)) walk(k)
    }
    walk(id)
    return { schemaVersion: 1, root: this.state.root, meta: this.state.meta, nodes }
  }

  // ---- editing ----

  /**
   * Applies ops as one undoable step. Throws (changing nothing) when an op
   * breaks a rule: a cycle, a disallowed child, a missing node.
   */
  apply(ops: Op[], opts: ApplyOptions = {}): void {
    if (!ops.length) return
    // JSON drops an undefined value and the server requires one (null
    // unsets), so undefined is sent as null. The copy also keeps a later
    // merge from appending to the caller's array.
    ops = ops.map((op) => (op.op === 'set' && op.value === undefined ? { ...op, value: null } : op))
    const change = emptyChange()
    const inverse = applyOps(this.state, ops, this.allowed, change)
    this.pending.push(...ops)
    if (opts.record !== false) {
      const now = Date.now()
      const top = this.undoStack[this.undoStack.length - 1]
      if (opts.mergeKey && top && top.mergeKey === opts.mergeKey && now - top.at < MERGE_MS) {
        top.ops.push(...ops)
        top.inverse = [...inverse, ...top.inverse]
        top.at = now
      } else {
        this.undoStack.push({ label: opts.label ?? 'Edit', ops, inverse, mergeKey: opts.mergeKey, at: now, selection: this.selection })
        if (this.undoStack.length > HISTORY_LIMIT) this.undoStack.shift()
      }
      this.redoStack = []
    }
    this.afterChange(change)
  }

  get canUndo() {
    return this.undoStack.length > 0
  }
  get canRedo() {
    return this.redoStack.length > 0
  }
  get undoLabel() {
    return this.undoStack[this.undoStack.length - 1]?.label ?? ''
  }
  get redoLabel() {
    return this.redoStack[this.redoStack.length - 1]?.label ?? ''
  }
  get historySize() {
    return this.undoStack.length
  }

  undo(): void {
    const step = this.undoStack.pop()
    if (!step) return
    const change = emptyChange()
    applyOps(this.state, step.inverse, () => true, change)
    this.pending.push(...step.inverse)
    this.redoStack.push(step)
    this.afterChange(change)
    this.restoreSelection(step.selection)
  }

  redo(): void {
    const step = this.redoStack.pop()
    if (!step) return
    const change = emptyChange()
    step.inverse = applyOps(this.state, step.ops, () => true, change)
    this.pending.push(...step.ops)
    step.at = 0 // never merge into a redone step
    this.undoStack.push(step)
    this.afterChange(change)
    this.restoreSelection(step.selection)
  }

  private restoreSelection(id: string | null) {
    if (id && this.node(id)) this.select(id)
    else if (this.selection && !this.node(this.selection)) this.select(null)
  }

  /** Takes the ops not yet saved; the saver puts them back if the save fails. */
  takePending(): Op[] {
    const ops = this.pending
    this.pending = []
    return ops
  }
  restorePending(ops: Op[]): void {
    this.pending = [...ops, ...this.pending]
  }
  get hasPending(): boolean {
    return this.pending.length > 0
  }

  /** Replaces the whole document (after loading someone else's save). */
  reset(doc: PageDocument): void {
    const nodes = new Map(Object.entries(doc.nodes))
    this.state = { root: doc.root, meta: { ...(doc.meta ?? {}) }, nodes, kids: buildKids(nodes, doc.root) }
    this.undoStack = []
    this.redoStack = []
    this.pending = []
    const change = emptyChange()
    change.reparented.add(doc.root)
    change.meta = true
    for (const id of nodes.keys()) change.updated.add(id)
    if (this.selection && !nodes.has(this.selection)) this.selection = null
    this.afterChange(change)
    this.emit(this.listeners.selection)
  }

  private afterChange(change: Change) {
    this.version++
    if (change.reparented.size || change.removed.size || change.inserted.size) this.structure++
    for (const id of change.updated) this.emitNode(id)
    for (const id of change.reparented) this.emitNode(id)
    for (const id of change.removed) this.emitNode(id)
    if (change.reparented.size || change.removed.size || change.inserted.size) this.emit(this.listeners.structure)
    if (change.meta) this.emit(this.listeners.meta)
    if (this.selection && change.removed.has(this.selection)) this.select(null)
    this.emit(this.listeners.history)
    this.emit(this.listeners.any)
    for (const l of this.changeListeners) l(change)
  }

  // ---- selection ----

  select(id: string | null): void {
    if (id === this.selection) return
    this.selection = id
    this.emit(this.listeners.selection)
  }
  hover(id: string | null): void {
    if (id === this.hovered) return
    this.hovered = id
    this.emit(this.listeners.selection)
  }

  // ---- subscriptions ----

  subscribeNode(id: string, l: Listener): () => void {
    let set = this.nodeListeners.get(id)
    if (!set) this.nodeListeners.set(id, (set = new Set()))
    set.add(l)
    return () => {
      set!.delete(l)
      if (!set!.size) this.nodeListeners.delete(id)
    }
  }
  subscribe(kind: keyof EditorStore['listeners'], l: Listener): () => void {
    this.listeners[kind].add(l)
    return () => this.listeners[kind].delete(l)
  }
  onChange(l: (c: Change) => void): () => void {
    this.changeListeners.add(l)
    return () => this.changeListeners.delete(l)
  }
  private emitNode(id: string) {
    for (const l of this.nodeListeners.get(id) ?? []) l()
  }
  private emit(set: Set<Listener>) {
    for (const l of set) l()
  }
}

// ---- React hooks ----

export function useNode(store: EditorStore, id: string | null): DocNode | undefined {
  const sub = useCallback((l: Listener) => (id ? store.subscribeNode(id, l) : () => {}), [store, id])
  return useSyncExternalStore(sub, () => (id ? store.node(id) : undefined))
}

export function useSelection(store: EditorStore): { selection: string | null; hovered: string | null } {
  const sub = useCallback((l: Listener) => store.subscribe('selection', l), [store])
  const selection = useSyncExternalStore(sub, () => store.selection)
  const hovered = useSyncExternalStore(sub, () => store.hovered)
  return { selection, hovered }
}

export function useStructure(store: EditorStore): number {
  const sub = useCallback((l: Listener) => store.subscribe('structure', l), [store])
  return useSyncExternalStore(sub, () => store.structure)
}

export function useHistory(store: EditorStore): { canUndo: boolean; canRedo: boolean; size: number } {
  const sub = useCallback((l: Listener) => store.subscribe('history', l), [store])
  const canUndo = useSyncExternalStore(sub, () => store.canUndo)
  const canRedo = useSyncExternalStore(sub, () => store.canRedo)
  const size = useSyncExternalStore(sub, () => store.historySize)
  return { canUndo, canRedo, size }
}

export function useMeta(store: EditorStore): DocMeta {
  const sub = useCallback((l: Listener) => store.subscribe('meta', l), [store])
  return useSyncExternalStore(sub, () => store.meta)
}
