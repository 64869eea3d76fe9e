// Test helpers for the editor store: documents built from a compact tree
// spec, and component types with a child rule.
import type { ChildRule, ComponentType, DocNode, PageDocument } from '../types'
import { keysBetween } from './fracindex'

/** A node: id, type, children and extra fields. */
export type Spec = [string, string, Spec[]?, Partial<DocNode>?]

/** A document whose nodes are the spec's tree, positioned in order. */
export function specDoc(spec: Spec, meta: PageDocument['meta'] = {}): PageDocument {
  const nodes: Record<string, DocNode> = {}
  const walk = ([id, type, kids = [], extra = {}]: Spec, parent?: string, pos?: string) => {
    nodes[id] = { id, type, ...(parent ? { parent, pos } : {}), ...extra }
    const keys = keysBetween(null, null, kids.length)
    kids.forEach((k, i) => walk(k, id, keys[i]))
  }
  walk(spec)
  return { schemaVersion: 1, root: spec[0], meta, nodes }
}

/** A component type with no props of its own. */
export function ctype(name: string, children: ChildRule, defaults: Record<string, unknown> = {}): ComponentType {
  return {
    name,
    category: 'test',
    icon: 'box',
    props: { type: 'object', properties: {}, required: [], additionalProperties: false, 'x-order': [] },
    defaults,
    children,
    hasScript: false,
  }
}
