// Drop targets for drag and drop: from the palette (a new component) or of
// an existing node, onto the canvas or the layers. Only places the
// component rules allow are offered: the pointer's node is tried first,
// then its ancestors.
import type { CanvasController } from './canvas/controller'
import type { Place } from './store/actions'
import { isAncestor } from './store/ops'
import type { EditorStore } from './store/store'
import type { DocNode } from './types'

export interface Rect {
  left: number
  top: number
  width: number
  height: number
}

export interface DropTarget {
  where: 'canvas' | 'outline'
  place: Place
  /** Canvas: the parent's box (iframe coordinates). */
  parentRect?: Rect
  /** Canvas: the insertion line (iframe coordinates). */
  line?: Rect
  /** Outline: the row highlighted as the new parent. */
  inside?: string
  /** Outline: the row the line sits on, and whether below it. */
  lineRow?: string
  lineAfter?: boolean
  lineDepth?: number
}

/** What is being dragged. */
export interface DragItem {
  kind: 'new' | 'move'
  type: string
  id?: string
  /** A new node's own fields (an Instance's component and layer name). */
  init?: Partial<DocNode>
  /** What the drag shows, when not the type's name. */
  label?: string
}

function depthOf(store: EditorStore, id: string): number {
  let d = 0
  for (let p = store.node(id)?.parent; p; p = store.node(p)?.parent) d++
  return d
}

function canHold(store: EditorStore, parent: string, item: DragItem): boolean {
  const p = store.node(parent)
  if (!p || !store.allowed(p.type, item.type)) return false
  return !(item.id && isAncestor(store.state, item.id, parent))
}

function rectOf(el: Element): Rect {
  const r = el.getBoundingClientRect()
  return { left: r.left, top: r.top, width: r.width, height: r.height }
}

/** Where among parent's children a point falls, with the line to draw. */
function placeAmongChildren(store: EditorStore, canvas: CanvasController, parent: string, x: number, y: number, item: DragItem): DropTarget {
  const pel = canvas.element(parent)
  const parentRect = pel ? rectOf(pel) : undefined
  const kids = store.children(parent).filter((k) => k !== item.id)
  let best: { id: string; r: Rect; d: number } | null = null
  for (const k of kids) {
    const el = canvas.element(k)
    if (!el) continue
    const r = rectOf(el)
    if (r.width === 0 && r.height === 0) continue
    const dx = x < r.left ? r.left - x : x > r.left + r.width ? x - r.left - r.width : 0
    const dy = y < r.top ? r.top - y : y > r.top + r.height ? y - r.top - r.height : 0
    const d = dx * dx + dy * dy
    if (!best || d < best.d) best = { id: k, r, d }
  }
  if (!best) {
    const line = parentRect ? { left: parentRect.left + 4, top: parentRect.top + parentRect.height / 2, width: parentRect.width - 8, height: 0 } : undefined
    return { where: 'canvas', place: { parent, before: null }, parentRect, line }
  }
  // Side by side with a sibling means a row: compare x; else compare y.
  const i = kids.indexOf(best.id)
  const horizontal = [kids[i - 1], kids[i + 1]].some((s) => {
    const el = s && canvas.element(s)
    if (!el) return false
    const r = rectOf(el)
    return r.top < best!.r.top + best!.r.height && best!.r.top < r.top + r.height && Math.abs(r.left - best!.r.left) > 1
  })
  const after = horizontal ? x > best.r.left + best.r.width / 2 : y > best.r.top + best.r.height / 2
  const before = after ? (kids[i + 1] ?? null) : best.id
  const line = horizontal
    ? { left: after ? best.r.left + best.r.width : best.r.left, top: best.r.top, width: 0, height: best.r.height }
    : { left: best.r.left, top: after ? best.r.top + best.r.height : best.r.top, width: best.r.width, height: 0 }
  return { where: 'canvas', place: { parent, before }, parentRect, line }
}

/** The drop target at a point in the canvas (iframe coordinates). */
export function canvasDrop(store: EditorStore, canvas: CanvasController, item: DragItem, x: number, y: number): DropTarget | null {
  let id: string | null = canvas.nodeAt(x, y) ?? store.root
  while (id) {
    const n = store.node(id)
    if (!n) return null
    if (id === store.root) {
      return canHold(store, id, item) ? placeAmongChildren(store, canvas, id, x, y, item) : null
    }
    if (item.id === id) {
      id = n.parent ?? null
      continue
    }
    const el = canvas.element(id)
    const r = el ? rectOf(el) : null
    const edge = r ? Math.min(12, r.height / 4) : 0
    const nearEdge = r ? y < r.top + edge || y > r.top + r.height - edge : true
    if (canHold(store, id, item) && !nearEdge) return placeAmongChildren(store, canvas, id, x, y, item)
    const parent = n.parent!
    if (canHold(store, parent, item)) {
      const t = placeAmongChildren(store, canvas, parent, x, y, item)
      return t
    }
    id = parent
  }
  return null
}

/** The drop target at a point over the layers (page coordinates). */
export function outlineDrop(store: EditorStore, item: DragItem, x: number, y: number): DropTarget | null {
  // The drag overlay sits under the pointer: look through it.
  const under = document.elementsFromPoint(x, y)
  const el = under.map((e) => e.closest<HTMLElement>('[data-row-id]')).find(Boolean) ?? null
  if (!el) {
    // Below the last row: the end of the page.
    const tree = under.map((e) => e.closest('[data-outline]')).find(Boolean)
    if (!tree || !canHold(store, store.root, item)) return null
    const kids = store.children(store.root)
    const last = kids[kids.length - 1]
    return { where: 'outline', place: { parent: store.root, before: null }, inside: store.root, lineRow: last, lineAfter: true, lineDepth: 1 }
  }
  const id = el.dataset.rowId!
  const r = el.getBoundingClientRect()
  const zone = (y - r.top) / r.height
  if (id === store.root) {
    return canHold(store, id, item) ? { where: 'outline', place: { parent: id, before: store.children(id)[0] ?? null }, inside: id } : null
  }
  if (item.id && isAncestor(store.state, item.id, id)) return null
  const n = store.node(id)!
  const parent = n.parent!
  const kids = store.children(parent)
  const inside = canHold(store, id, item)
  if (inside && zone > 0.3 && zone < 0.7) {
    return { where: 'outline', place: { parent: id, before: null }, inside: id }
  }
  if (!canHold(store, parent, item)) return inside ? { where: 'outline', place: { parent: id, before: null }, inside: id } : null
  const after = zone >= 0.5
  return {
    where: 'outline',
    place: { parent, before: after ? (kids[kids.indexOf(id) + 1] ?? null) : id },
    inside: parent,
    lineRow: id,
    lineAfter: after,
    lineDepth: depthOf(store, id),
  }
}
