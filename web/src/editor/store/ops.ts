// Applying document ops in the browser, with the same meaning as the
// server's doc.Apply (internal/doc/ops.go): set, insert, delete subtree,
// move. Nodes are replaced copy-on-write, one node per op, so a change costs
// the node it touches, never a copy of the document.
import type { DocMeta, DocNode, Op } from '../types'
import { validKey } from './fracindex'

export interface DocState {
  root: string
  meta: DocMeta
  nodes: Map<string, DocNode>
  /** Child ids per parent, ordered by (pos, id). */
  kids: Map<string, string[]>
}

/** What an apply changed, for listeners and the canvas. */
export interface Change {
  /** Nodes whose own fields changed (props, styles, label, flags). */
  updated: Set<string>
  /** Parents whose child list changed (insert, delete, move). */
  reparented: Set<string>
  inserted: Set<string>
  removed: Set<string>
  meta: boolean
}

export function emptyChange(): Change {
  return { updated: new Set(), reparented: new Set(), inserted: new Set(), removed: new Set(), meta: false }
}

export class OpError extends Error {}

function order(nodes: Map<string, DocNode>) {
  return (a: string, b: string) => {
    const pa = nodes.get(a)?.pos ?? ''
    const pb = nodes.get(b)?.pos ?? ''
    if (pa !== pb) return pa < pb ? -1 : 1
    return a < b ? -1 : a > b ? 1 : 0
  }
}

export function buildKids(nodes: Map<string, DocNode>, root: string): Map<string, string[]> {
  const kids = new Map<string, string[]>()
  for (const n of nodes.values()) {
    if (!n.parent || n.id === root) continue
    let list = kids.get(n.parent)
    if (!list) kids.set(n.parent, (list = []))
    list.push(n.id)
  }
  const cmp = order(nodes)
  for (const list of kids.values()) list.sort(cmp)
  return kids
}

function insertSorted(state: DocState, parent: string, id: string) {
  let list = state.kids.get(parent)
  if (!list) state.kids.set(parent, (list = []))
  const cmp = order(state.nodes)
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (cmp(list[mid]!, id) < 0) lo = mid + 1
    else hi = mid
  }
  list.splice(lo, 0, id)
}

function removeKid(state: DocState, parent: string, id: string) {
  const list = state.kids.get(parent)
  if (!list) return
  const i = list.indexOf(id)
  if (i >= 0) list.splice(i, 1)
  // Drop the emptied list so the index matches buildKids' after an undo.
  if (!list.length) state.kids.delete(parent)
}

/** The ids of n's subtree, parents before children, in document order. */
export function subtree(state: DocState, id: string): string[] {
  const out: string[] = []
  const walk = (x: string) => {
    out.push(x)
    for (const k of state.kids.get(x) ?? []) walk(k)
  }
  walk(id)
  return out
}

export function isAncestor(state: DocState, ancestor: string, id: string): boolean {
  for (let x: string | undefined = id; x; x = state.nodes.get(x)?.parent) {
    if (x === ancestor) return true
  }
  return false
}

function unescapeSeg(s: string) {
  return s.replace(/~1/g, '/').replace(/~0/g, '~')
}

function escapeSeg(s: string) {
  return s.replace(/~/g, '~0').replace(/\//g, '~1')
}

const META_FIELDS = new Set(['title', 'description', 'lang', 'ogImage'])

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function setKey<T>(m: Record<string, T> | undefined, k: string, v: T | null): Record<string, T> | undefined {
  const out = { ...(m ?? {}) }
  if (v === null || v === undefined) delete out[k]
  else out[k] = v
  return Object.keys(out).length ? out : undefined
}

export type ChildRule = (parentType: string, childType: string) => boolean

/**
 * Applies ops to state in place and returns the inverse ops (which undo
 * them, in order). Ops are checked first where they can fail, so a failing
 * batch leaves the state as it was.
 */
export function applyOps(state: DocState, ops: Op[], allowed: ChildRule, change: Change): Op[] {
  // Dry-run checks that need no state change, so failures happen before
  // any mutation; later ops may depend on earlier ones, so the rest is
  // checked as we go and rolled back on failure.
  const inverse: Op[] = []
  try {
    for (const op of ops) inverse.push(...applyOne(state, op, allowed, change))
  } catch (e) {
    // Roll back what was applied.
    const undo = inverse.reverse()
    for (const op of undo) applyOne(state, op, () => true, change)
    throw e
  }
  return inverse.reverse()
}

function applyOne(state: DocState, op: Op, allowed: ChildRule, change: Change): Op[] {
  switch (op.op) {
    case 'set':
      return applySet(state, op, change)
    case 'insert': {
      const n = op.node
      if (!n?.id || !n.type) throw new OpError('an inserted node needs an id and a type')
      if (state.nodes.has(n.id)) throw new OpError(`a node ${n.id} already exists`)
      const parent = n.parent ? state.nodes.get(n.parent) : undefined
      if (!parent) throw new OpError(`no parent ${n.parent}`)
      if (!allowed(parent.type, n.type)) throw new OpError(`a ${parent.type} cannot contain a ${n.type}`)
      if (!validKey(n.pos ?? '')) throw new OpError(`pos ${JSON.stringify(n.pos)} is not a fractional index key`)
      state.nodes.set(n.id, n)
      insertSorted(state, parent.id, n.id)
      change.inserted.add(n.id)
      change.reparented.add(parent.id)
      return [{ op: 'delete', node: n.id }]
    }
    case 'delete': {
      const n = state.nodes.get(op.node)
      if (!n) throw new OpError(`no node ${op.node}`)
      if (n.id === state.root) throw new OpError('the page itself cannot be deleted')
      const ids = subtree(state, n.id)
      const inv: Op[] = ids.map((id) => ({ op: 'insert', node: state.nodes.get(id)! }))
      for (let i = ids.length - 1; i >= 0; i--) {
        const x = state.nodes.get(ids[i]!)!
        removeKid(state, x.parent!, x.id)
        state.kids.delete(x.id)
        state.nodes.delete(x.id)
        change.removed.add(x.id)
        change.inserted.delete(x.id)
      }
      change.reparented.add(n.parent!)
      // The inverse re-inserts parents first; as ops they run in the
      // order given, so return them in that order (the caller reverses
      // the whole inverse list, so reverse here to compensate).
      return inv.reverse()
    }
    case 'move': {
      const n = state.nodes.get(op.node)
      if (!n) throw new OpError(`no node ${op.node}`)
      if (n.id === state.root) throw new OpError('the page itself cannot be moved')
      const parent = state.nodes.get(op.parent)
      if (!parent) throw new OpError(`no parent ${op.parent}`)
      if (isAncestor(state, n.id, parent.id)) throw new OpError('a node cannot move inside itself')
      if (!allowed(parent.type, n.type)) throw new OpError(`a ${parent.type} cannot contain a ${n.type}`)
      if (!validKey(op.pos ?? '')) throw new OpError(`pos ${JSON.stringify(op.pos)} is not a fractional index key`)
      const inv: Op = { op: 'move', node: n.id, parent: n.parent!, pos: n.pos! }
      removeKid(state, n.parent!, n.id)
      change.reparented.add(n.parent!)
      const moved = { ...n, parent: parent.id, pos: op.pos }
      state.nodes.set(n.id, moved)
      insertSorted(state, parent.id, n.id)
      change.reparented.add(parent.id)
      return [inv]
    }
  }
}

function applySet(state: DocState, op: Extract<Op, { op: 'set' }>, change: Change): Op[] {
  // The same checks as the server's set, so an op the server would refuse
  // fails here, before it is queued for saving.
  const segs = (op.path ?? '').replace(/^\//, '').split('/').map(unescapeSeg)
  if (segs.some((s) => s === '')) throw new OpError(`path ${JSON.stringify(op.path)} has an empty segment`)
  const s1 = segs[1] ?? ''
  const s2 = segs[2] ?? ''
  const value = op.value === undefined ? null : op.value
  if (segs[0] === 'meta') {
    if (op.node) throw new OpError('meta paths belong to the document: leave node empty')
    if (segs.length !== 2 || !META_FIELDS.has(s1)) throw new OpError(`cannot set ${op.path}: meta fields are title, description, lang and ogImage`)
    if (value !== null && typeof value !== 'string') throw new OpError('a meta value must be a string or null')
    const f = s1 as keyof DocMeta
    const old = state.meta[f] ?? null
    const meta = { ...state.meta }
    if (value === null) delete meta[f]
    else meta[f] = value
    state.meta = meta
    change.meta = true
    return [{ op: 'set', path: op.path, value: old }]
  }
  const n = op.node ? state.nodes.get(op.node) : undefined
  if (!n) throw new OpError(`no node ${op.node}`)
  const c: DocNode = { ...n }
  let old: unknown = null
  let invPath = op.path
  switch (segs[0]) {
    case 'props':
    case 'bind': {
      const field = segs[0]
      if (segs.length === 1) {
        if (value !== null && !isPlainObject(value)) throw new OpError(`${field} must be an object or null`)
        old = c[field] ?? null
        c[field] = value ?? undefined
      } else if (segs.length === 2) {
        old = c[field]?.[s1] ?? null
        c[field] = setKey(c[field], s1, value)
      } else {
        throw new OpError(`path ${op.path} is too deep: set ${field}/${s1} to the whole value`)
      }
      break
    }
    case 'styles': {
      if (segs.length === 1) {
        if (value !== null && !isPlainObject(value)) throw new OpError('styles must be an object of breakpoint objects, or null')
        old = c.styles ?? null
        c.styles = (value as DocNode['styles']) ?? undefined
      } else if (segs.length === 2) {
        if (value !== null && !isPlainObject(value)) throw new OpError(`styles/${s1} must be an object or null`)
        old = c.styles?.[s1] ?? null
        c.styles = setKey(c.styles, s1, value as Record<string, string | number> | null)
      } else if (segs.length === 3) {
        if (value !== null && typeof value !== 'string' && typeof value !== 'number') {
          throw new OpError('a style value must be a string, a number or null')
        }
        const bp = c.styles?.[s1]
        old = bp?.[s2] ?? null
        if (!bp) {
          if (value === null) return [] // removing from an absent breakpoint changes nothing
          // Undo removes the breakpoint this creates rather than leaving an
          // empty one behind.
          invPath = 'styles/' + escapeSeg(s1)
          old = null
        }
        // Like the server, removing a breakpoint's last property keeps the
        // (empty) breakpoint, so undo restores exactly what was there.
        c.styles = { ...(c.styles ?? {}), [s1]: setKey<string | number>(bp, s2, value as string | number | null) ?? {} }
      } else {
        throw new OpError(`path ${op.path} is too deep: styles/<breakpoint>/<property> is the deepest`)
      }
      break
    }
    case 'label':
      if (segs.length !== 1) throw new OpError(`path ${op.path} is too deep`)
      if (value !== null && typeof value !== 'string') throw new OpError('label must be a string or null')
      old = c.label || null
      c.label = (value as string | null) || undefined
      break
    case 'hidden':
    case 'locked':
      if (segs.length !== 1) throw new OpError(`path ${op.path} is too deep`)
      if (value !== null && typeof value !== 'boolean') throw new OpError(`${segs[0]} must be true, false or null`)
      old = c[segs[0]] ? true : null
      c[segs[0]] = value ? true : undefined
      break
    default:
      throw new OpError(`cannot set ${op.path}`)
  }
  state.nodes.set(n.id, c)
  change.updated.add(n.id)
  return [{ op: 'set', node: n.id, path: invPath, value: old }]
}
