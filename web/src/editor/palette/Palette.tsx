// The component palette: every type from /api/v1/component-types, by
// category, searchable. Drag an item onto the canvas or the layers, or
// click it (Enter) to add it after the selection.
import { useDraggable } from '@dnd-kit/core'
import { Button, TextField } from '@radix-ui/themes'
import { LayoutTemplate, Search } from 'lucide-react'
import { useMemo, useState } from 'react'
import { insertNew, placeFor } from '../store/actions'
import type { EditorStore } from '../store/store'
import type { ComponentType } from '../types'
import { componentIcon } from '../ui/icons'

const CATEGORY_ORDER = ['Layout', 'Basic', 'Text', 'Media', 'Interactive', 'Forms', 'Advanced']

/** Human names for types whose code name runs words together. */
export function typeTitle(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2')
}

function Item({ type, store, disabled }: { type: ComponentType; store: EditorStore; disabled: boolean }) {
  const { attributes, listeners, setNodeRef } = useDraggable({
    id: `palette:${type.name}`,
    data: { kind: 'new', type: type.name },
    disabled,
  })
  const Icon = componentIcon(type.icon)
  const add = () => {
    const place = placeFor(store, type.name, store.selection)
    if (place) insertNew(store, type.name, place)
  }
  return (
    <button
      ref={setNodeRef}
      type="button"
      className="pw-palette-item"
      {...listeners}
      {...attributes}
      disabled={disabled}
      aria-label={`Add ${typeTitle(type.name)}`}
      title={`Drag onto the page, or click to add ${typeTitle(type.name)} after the selection`}
      onClick={add}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault()
          add()
        }
      }}
      data-testid={`palette-${type.name}`}
    >
      <Icon size={18} aria-hidden />
      <span>{typeTitle(type.name)}</span>
    </button>
  )
}

export function Palette({
  store,
  types,
  readOnly,
  onInsertSection,
}: {
  store: EditorStore
  types: ComponentType[]
  readOnly: boolean
  /** Opens "Insert section from a template…". */
  onInsertSection?: () => void
}) {
  const [q, setQ] = useState('')
  const groups = useMemo(() => {
    const needle = q.trim().toLowerCase()
    const byCat = new Map<string, ComponentType[]>()
    for (const t of types) {
      // Hidden types (Instance) are placed another way: from the Components tab.
      if (t.name === 'Page' || t.hidden) continue
      if (needle && !`${t.name} ${typeTitle(t.name)} ${t.category}`.toLowerCase().includes(needle)) continue
      const list = byCat.get(t.category) ?? []
      list.push(t)
      byCat.set(t.category, list)
    }
    return [...byCat.entries()].sort(
      ([a], [b]) => (CATEGORY_ORDER.indexOf(a) + 1 || 99) - (CATEGORY_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b),
    )
  }, [types, q])
  return (
    <>
      <div style={{ padding: '10px 10px 4px' }}>
        <TextField.Root size="1" placeholder="Search components" value={q} onChange={(e) => setQ(e.target.value)} aria-label="Search components">
          <TextField.Slot>
            <Search size={14} />
          </TextField.Slot>
        </TextField.Root>
      </div>
      <div className="pw-pane-scroll">
        {groups.length === 0 && <div className="pw-empty-pane">No component matches “{q}”.</div>}
        {groups.map(([cat, list]) => (
          <section key={cat} className="pw-palette-group" aria-label={cat}>
            <h3>{cat}</h3>
            <div className="pw-palette-grid">
              {list.map((t) => (
                <Item key={t.name} type={t} store={store} disabled={readOnly} />
              ))}
            </div>
          </section>
        ))}
      </div>
      {onInsertSection && !readOnly && (
        <div className="pw-palette-footer">
          <Button variant="soft" size="1" onClick={onInsertSection} style={{ width: '100%' }}>
            <LayoutTemplate size={14} aria-hidden /> Sections from templates…
          </Button>
        </div>
      )}
    </>
  )
}
