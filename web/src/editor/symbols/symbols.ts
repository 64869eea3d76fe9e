// Reusable components in the editor, as pure functions over the store:
// which props of a subtree can be exposed, the component document made
// from a selection, the ops that swap a subtree for an Instance node and
// back (detach), and the keys people give exposed props.
import type { ComponentVersion, ExposedInput, ExposedProp, PropType } from '../../screens/components/api'
import { typeTitle } from '../palette/Palette'
import { newId, posAt, type Place } from '../store/actions'
import { buildKids, subtree } from '../store/ops'
import type { EditorStore } from '../store/store'
import type { DocNode, Op, PageDocument, PropSchema, Styles } from '../types'

/** The node type that places a reusable component. */
export const INSTANCE = 'Instance'

/** Types whose props can never be exposed (the server refuses them). */
const NOT_EXPOSABLE = new Set([INSTANCE, 'Embed'])

/** What instances of a component hold in props. */
export interface InstanceProps {
  component: string
  overrides?: Record<string, unknown>
}

export function instanceProps(n: DocNode | undefined): InstanceProps {
  const p = (n?.props ?? {}) as Partial<InstanceProps>
  const overrides = p.overrides && typeof p.overrides === 'object' && !Array.isArray(p.overrides) ? p.overrides : {}
  return { component: typeof p.component === 'string' ? p.component : '', overrides }
}

// ---------- exposable props ----------

/** One prop of one node of a subtree that could be exposed. */
export interface ExposableProp {
  node: string
  nodeType: string
  /** What the node is called: its layer name, else its type. */
  nodeName: string
  /** A short quote of the node's text, if it has one ("Walk-in hours"). */
  quote: string
  prop: string
  propTitle: string
  type: PropType
  schema: PropSchema
}

function propTitle(name: string, s: PropSchema | undefined): string {
  if (s?.title) return s.title
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase()
}

function orderOf(s: { properties?: Record<string, PropSchema>; 'x-order'?: string[] }): string[] {
  const props = Object.keys(s.properties ?? {})
  const order = s['x-order'] ?? []
  return [...order.filter((n) => props.includes(n)), ...props.filter((n) => !order.includes(n))]
}

/** The node's text, stripped of markup and cut short, for labels. */
export function nodeQuote(n: DocNode): string {
  const p = n.props ?? {}
  for (const k of ['text', 'title', 'heading', 'label', 'alt', 'html', 'brand']) {
    const v = p[k]
    if (typeof v !== 'string') continue
    const t = v.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim()
    if (t) return t.length > 40 ? `${t.slice(0, 39)}…` : t
  }
  return ''
}

/** Every top-level prop of every node in the subtree, in document order; Instance and Embed nodes are skipped. */
export function exposableProps(store: EditorStore, root: string): ExposableProp[] {
  const out: ExposableProp[] = []
  for (const id of subtree(store.state, root)) {
    const n = store.node(id)
    if (!n || NOT_EXPOSABLE.has(n.type)) continue
    const t = store.type(n.type)
    if (!t) continue
    const nodeName = n.label || typeTitle(n.type)
    const quote = nodeQuote(n)
    for (const prop of orderOf(t.props)) {
      const s = t.props.properties[prop]
      if (!s) continue
      out.push({ node: id, nodeType: n.type, nodeName, quote, prop, propTitle: propTitle(prop, s), type: s.type, schema: s })
    }
  }
  return out
}

/** "Heading “Walk-in hours” · Text". */
export function exposableLabel(p: Pick<ExposableProp, 'nodeName' | 'quote' | 'propTitle'>): string {
  return `${p.nodeName}${p.quote ? ` “${p.quote}”` : ''} · ${p.propTitle}`
}

// ---------- keys ----------

export const KEY_RE = /^[a-zA-Z][a-zA-Z0-9]{0,39}$/

/** "Walk-in hours" → "walkInHours"; "2nd line" → "p2ndLine" (keys start with a letter). */
export function camelKey(text: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/)
    .filter(Boolean)
  let key = words.map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())).join('')
  if (!key) key = 'prop'
  if (!/^[a-zA-Z]/.test(key)) key = `p${key}`
  return key.slice(0, 40)
}

/**
 * A key for an exposed prop: the node's name and the prop, camelCased
 * ("headingText", "heroButtonHref"), made unique among taken (ignoring
 * case, like the server) with a number.
 */
export function suggestKey(nodeName: string, prop: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((k) => k.toLowerCase()))
  const base = camelKey(`${nodeName} ${prop.charAt(0).toUpperCase()}${prop.slice(1)}`)
  if (!used.has(base.toLowerCase())) return base
  for (let i = 2; ; i++) {
    const k = `${base.slice(0, 40 - String(i).length)}${i}`
    if (!used.has(k.toLowerCase())) return k
  }
}

/** Why a key cannot be used, or null. others are the other chosen keys. */
export function keyError(key: string, others: string[]): string | null {
  if (!key) return 'Enter a key.'
  if (!KEY_RE.test(key)) return 'Use a letter, then up to 39 letters and digits (no spaces).'
  if (others.some((o) => o.toLowerCase() === key.toLowerCase())) return 'Another prop already uses this key.'
  return null
}

/** The exposed props with their JSON types, as requiredBump compares them. */
export function typedExposed(store: EditorStore, exposed: ExposedInput[]): { key: string; type: string }[] {
  return exposed.map((e) => {
    const n = store.node(e.node)
    const s = n ? store.type(n.type)?.props.properties[e.prop] : undefined
    return { key: e.key, type: s?.type ?? 'string' }
  })
}

// ---------- the component document ----------

/**
 * A component document from a subtree: a page whose root Page has exactly
 * one child, the subtree's top node (ids kept).
 */
export function componentDocument(store: EditorStore, id: string, title = ''): PageDocument {
  const root = store.root
  const nodes: Record<string, DocNode> = { [root]: { id: root, type: 'Page', props: {} } }
  for (const x of subtree(store.state, id)) {
    const n = structuredClone(store.node(x)!)
    if (x === id) {
      n.parent = root
      n.pos = 'a0'
    }
    nodes[x] = n
  }
  const meta: PageDocument['meta'] = {}
  if (title) meta.title = title
  if (store.meta.lang) meta.lang = store.meta.lang
  return { schemaVersion: 1, root, meta, nodes }
}

/** A new Instance node at place. */
export function instanceNode(store: EditorStore, ref: string, place: Place, extra: Partial<DocNode> = {}): DocNode {
  return {
    id: newId(store),
    type: INSTANCE,
    parent: place.parent,
    pos: posAt(store, place),
    ...extra,
    props: { component: ref, overrides: {}, ...(extra.props ?? {}) },
  }
}

/**
 * Replaces the subtree at id with an instance of ref, in one undo step,
 * and selects it. Returns the instance's id.
 */
export function replaceWithInstance(store: EditorStore, id: string, ref: string, opts: { label?: string; undoLabel?: string; node?: Partial<DocNode> } = {}): string {
  const n = store.node(id)
  if (!n || !n.parent || id === store.root) throw new Error('Select a part of the page, not the page itself.')
  const inst: DocNode = {
    ...(opts.node ?? {}),
    id: newId(store),
    type: INSTANCE,
    parent: n.parent,
    // The subtree goes first in the same step, so its place is free.
    pos: n.pos,
    props: { component: ref, overrides: {}, ...(opts.node?.props ?? {}) },
  }
  if (opts.label) inst.label = opts.label
  store.apply([{ op: 'delete', node: id }, { op: 'insert', node: inst }], { label: opts.undoLabel ?? 'Create component' })
  store.select(inst.id)
  return inst.id
}

// ---------- overrides ----------

function sameType(v: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string'
    case 'number':
      return typeof v === 'number'
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v)
    case 'boolean':
      return typeof v === 'boolean'
    case 'array':
      return Array.isArray(v)
    case 'object':
      return !!v && typeof v === 'object' && !Array.isArray(v)
  }
  return false
}

/**
 * The overrides that still fit another version: exposed there under the
 * same key with a value of the prop's type (the server would refuse the
 * others when the page is saved). dropped lists the keys left out.
 */
export function fitOverrides(overrides: Record<string, unknown>, exposed: ExposedProp[]): { kept: Record<string, unknown>; dropped: string[] } {
  const kept: Record<string, unknown> = {}
  const dropped: string[] = []
  for (const [k, v] of Object.entries(overrides)) {
    const e = exposed.find((x) => x.key === k)
    if (e && v !== null && v !== undefined && sameType(v, e.type)) kept[k] = v
    else dropped.push(k)
  }
  return { kept, dropped }
}

/** The ops that point an instance at another version (or component), keeping the overrides that fit. */
export function retargetOps(store: EditorStore, instanceId: string, ref: string, exposed: ExposedProp[]): { ops: Op[]; dropped: string[] } {
  const { overrides } = instanceProps(store.node(instanceId))
  const { kept, dropped } = fitOverrides(overrides ?? {}, exposed)
  return {
    ops: [
      { op: 'set', node: instanceId, path: 'props/component', value: ref },
      { op: 'set', node: instanceId, path: 'props/overrides', value: kept },
    ],
    dropped,
  }
}

// ---------- detach ----------

/** base's styles with over's merged on top, breakpoint by breakpoint and property by property (as the renderer does). */
export function mergeStyles(base: Styles | undefined, over: Styles | undefined): Styles | undefined {
  if (!over || !Object.keys(over).length) return base ? structuredClone(base) : undefined
  const out: Styles = structuredClone(base ?? {})
  for (const [bp, vals] of Object.entries(over)) out[bp] = { ...(out[bp] ?? {}), ...vals }
  return out
}

export interface DetachResult {
  ops: Op[]
  /** The new top node's id. */
  root: string
  /** The component's node ids → the copy's. */
  idMap: Record<string, string>
}

/**
 * The ops that replace an instance with a copy of its component version's
 * nodes, with fresh ids, at the instance's place. With applyInstance (a
 * detach), the instance's overrides set the exposed props, and its
 * styles, layer name, hidden and locked flags carry over to the copy's
 * top node, so the page looks the same. Without (editing the component),
 * the copy is the component as it is.
 */
export function detachOps(store: EditorStore, instanceId: string, version: Pick<ComponentVersion, 'document' | 'exposed'>, applyInstance = true): DetachResult {
  const inst = store.node(instanceId)
  const d = version.document
  if (!inst || !d) throw new Error('The component’s document is not loaded yet.')
  const nodes = new Map(Object.entries(d.nodes))
  const kids = buildKids(nodes, d.root)
  const tops = kids.get(d.root) ?? []
  if (tops.length !== 1) throw new Error('The component’s document is malformed: its page must hold exactly one node.')
  const top = tops[0]!
  const ids: string[] = []
  const walk = (x: string) => {
    ids.push(x)
    if (nodes.get(x)?.type === INSTANCE) return // an Instance takes no children
    for (const k of kids.get(x) ?? []) walk(k)
  }
  walk(top)
  const idMap: Record<string, string> = {}
  const fresh = new Set<string>()
  for (const x of ids) {
    let id = newId(store)
    while (fresh.has(id)) id = newId(store)
    fresh.add(id)
    idMap[x] = id
  }
  // Overrides, later exposed props winning, as the renderer applies them.
  const set = new Map<string, Record<string, unknown>>()
  if (applyInstance) {
    const { overrides } = instanceProps(inst)
    for (const e of version.exposed) {
      const v = overrides?.[e.key]
      if (v === undefined || v === null || !idMap[e.node] || !e.prop) continue
      set.set(e.node, { ...(set.get(e.node) ?? {}), [e.prop]: structuredClone(v) })
    }
  }
  const ops: Op[] = [{ op: 'delete', node: instanceId }]
  for (const x of ids) {
    const src = nodes.get(x)!
    const n: DocNode = structuredClone(src)
    n.id = idMap[x]!
    const s = set.get(x)
    if (s) n.props = { ...(n.props ?? {}), ...s }
    if (x === top) {
      n.parent = inst.parent
      n.pos = inst.pos
      if (applyInstance) {
        const styles = mergeStyles(src.styles, inst.styles)
        if (styles) n.styles = styles
        else delete n.styles
        if (inst.label) n.label = inst.label
        if (inst.hidden) n.hidden = true
        if (inst.locked) n.locked = true
        else delete n.locked
      }
    } else {
      n.parent = idMap[src.parent!]
    }
    ops.push({ op: 'insert', node: n })
  }
  return { ops, root: idMap[top]!, idMap }
}
