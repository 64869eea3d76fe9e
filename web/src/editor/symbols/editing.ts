// "Edit component": the instance is swapped for an editable copy of its
// component version (the component's own values, not this page's
// overrides). Publishing a new version swaps the copy back for an
// instance of the new version, with this page's overrides and styles; Cancel
// puts the original instance back. The state lives in the editor only: a
// reload leaves the copy on the page as ordinary nodes.
import { formatRef, type Component, type ComponentVersion } from '../../screens/components/api'
import type { EditorStore } from '../store/store'
import type { DocNode } from '../types'
import { detachOps, fitOverrides, instanceProps, replaceWithInstance } from './symbols'

export interface SymbolEdit {
  component: Component
  /** The version being edited, with its document and exposed props. */
  version: ComponentVersion
  /** The copy's top node. */
  copyRoot: string
  /** The component's node ids → the copy's. */
  idMap: Record<string, string>
  /** The instance the copy replaced, as it was. */
  instance: DocNode
  /** Set once a new version is published and placed. */
  published?: { version: string; instanceId: string; dropped: string[] }
}

export function startSymbolEdit(store: EditorStore, instanceId: string, component: Component, version: ComponentVersion): SymbolEdit {
  const instance = store.node(instanceId)
  if (!instance) throw new Error('The instance is no longer on the page.')
  const { ops, root, idMap } = detachOps(store, instanceId, version, false)
  store.apply(ops, { label: `Edit component ${component.name}` })
  store.select(root)
  return { component, version, copyRoot: root, idMap, instance: structuredClone(instance) }
}

/** Whether the edit still has its copy on the page (undo may have taken it away). */
export function copyPresent(store: EditorStore, edit: SymbolEdit): boolean {
  return !!store.node(edit.copyRoot)
}

/** Puts the original instance back in place of the copy (one undo step). */
export function cancelSymbolEdit(store: EditorStore, edit: SymbolEdit): void {
  const inst = edit.instance
  if (store.node(inst.id)) return // undo already brought it back
  const copy = store.node(edit.copyRoot)
  if (copy) {
    store.apply(
      [
        { op: 'delete', node: edit.copyRoot },
        { op: 'insert', node: { ...structuredClone(inst), parent: copy.parent, pos: copy.pos } },
      ],
      { label: `Stop editing ${edit.component.name}` },
    )
    store.select(inst.id)
    return
  }
  if (inst.parent && store.node(inst.parent)) {
    store.apply([{ op: 'insert', node: structuredClone(inst) }], { label: `Put back ${edit.component.name}` })
    store.select(inst.id)
  }
}

/**
 * Swaps the copy for an instance of the published version, keeping the
 * original instance's styles, layer name, flags and the overrides that
 * still fit. Returns the new instance's id and the dropped override keys.
 */
export function placePublished(store: EditorStore, edit: SymbolEdit, version: ComponentVersion): { instanceId: string; dropped: string[] } {
  const inst = edit.instance
  const { overrides } = instanceProps(inst)
  const { kept, dropped } = fitOverrides(overrides ?? {}, version.exposed)
  const node: Partial<DocNode> = { props: { overrides: kept } }
  if (inst.styles) node.styles = structuredClone(inst.styles)
  if (inst.hidden) node.hidden = true
  if (inst.locked) node.locked = true
  const instanceId = replaceWithInstance(store, edit.copyRoot, formatRef(edit.component.id, version.version), {
    label: inst.label || edit.component.name,
    undoLabel: `Use ${edit.component.name} ${version.version}`,
    node,
  })
  return { instanceId, dropped }
}
