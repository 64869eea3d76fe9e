// The layers tree: the page's nodes as an outline, virtualised so a 5,000-
// node page scrolls as fast as a 50-node one. Rows drag to reorder and
// reparent; each can be collapsed, renamed (double-click or F2), hidden and
// locked. Arrow keys walk the tree.
import { useDraggable } from '@dnd-kit/core'
import { useVirtualizer } from '@tanstack/react-virtual'
import { ChevronDown, ChevronRight, Eye, EyeOff, Lock, LockOpen } from 'lucide-react'
import { memo, useEffect, useMemo, useRef, useState } from 'react'
import type { EditorStore } from '../store/store'
import { useNode, useSelection, useStructure } from '../store/store'
import { componentIcon } from '../ui/icons'
import type { DropTarget } from '../dnd'

const ROW = 28

interface Row {
  id: string
  depth: number
  hasKids: boolean
}

function flatten(store: EditorStore, collapsed: Set<string>): Row[] {
  const out: Row[] = []
  const walk = (id: string, depth: number) => {
    const kids = store.children(id)
    out.push({ id, depth, hasKids: kids.length > 0 })
    if (collapsed.has(id)) return
    for (const k of kids) walk(k, depth + 1)
  }
  walk(store.root, 0)
  return out
}

const OutlineRow = memo(function OutlineRow({
  store,
  row,
  selected,
  collapsed,
  onToggle,
  readOnly,
  dropInside,
}: {
  store: EditorStore
  row: Row
  selected: boolean
  collapsed: boolean
  onToggle: (id: string) => void
  readOnly: boolean
  dropInside: boolean
}) {
  const n = useNode(store, row.id)
  const [renaming, setRenaming] = useState(false)
  const isRoot = row.id === store.root
  const { attributes, listeners, setNodeRef } = useDraggable({
    id: `row:${row.id}`,
    data: { kind: 'move', id: row.id },
    disabled: isRoot || readOnly || renaming,
  })
  if (!n) return null
  const t = store.type(n.type)
  const Icon = componentIcon(t?.icon ?? '')
  const label = store.label(row.id)
  const set = (path: string, value: unknown) =>
    store.apply([{ op: 'set', node: row.id, path, value }], { label: path === 'label' ? 'Rename layer' : `Toggle ${path}` })
  return (
    <div
      ref={setNodeRef}
      {...(renaming ? {} : listeners)}
      {...attributes}
      role="treeitem"
      aria-selected={selected}
      aria-expanded={row.hasKids ? !collapsed : undefined}
      aria-level={row.depth + 1}
      aria-label={label}
      tabIndex={selected ? 0 : -1}
      data-row-id={row.id}
      className={`pw-row${selected ? ' selected' : ''}${n.hidden ? ' hidden-node' : ''}${dropInside ? ' drop-inside' : ''}`}
      style={{ paddingLeft: 4 + row.depth * 14 }}
      onClick={() => store.select(isRoot ? null : row.id)}
      onMouseEnter={() => store.hover(row.id)}
      onMouseLeave={() => store.hover(null)}
      onDoubleClick={() => !isRoot && !readOnly && setRenaming(true)}
      onKeyDown={(e) => {
        if (e.key === 'F2' && !isRoot && !readOnly) {
          e.preventDefault()
          setRenaming(true)
        }
      }}
    >
      <button
        type="button"
        className="pw-icon-btn"
        tabIndex={-1}
        aria-label={collapsed ? 'Expand' : 'Collapse'}
        style={{ visibility: row.hasKids ? 'visible' : 'hidden' }}
        onClick={(e) => {
          e.stopPropagation()
          onToggle(row.id)
        }}
      >
        {collapsed ? <ChevronRight size={14} /> : <ChevronDown size={14} />}
      </button>
      <Icon size={14} aria-hidden style={{ flex: 'none', color: 'var(--gray-11)' }} />
      {renaming ? (
        <input
          autoFocus
          aria-label="Layer name"
          defaultValue={n.label ?? ''}
          placeholder={n.type}
          maxLength={200}
          style={{ flex: 1, minWidth: 0, font: 'inherit', height: 22 }}
          onClick={(e) => e.stopPropagation()}
          onKeyDown={(e) => {
            e.stopPropagation()
            if (e.key === 'Enter') (e.target as HTMLInputElement).blur()
            if (e.key === 'Escape') setRenaming(false)
          }}
          onBlur={(e) => {
            const v = e.target.value.trim()
            if (v !== (n.label ?? '')) set('label', v || null)
            setRenaming(false)
          }}
        />
      ) : (
        <span className="pw-row-label">{isRoot ? 'Page' : label}</span>
      )}
      {!isRoot && !readOnly && (
        <span className={`pw-row-actions${n.hidden || n.locked ? ' on' : ''}`}>
          <button
            type="button"
            className="pw-icon-btn"
            tabIndex={-1}
            aria-label={n.hidden ? 'Show' : 'Hide'}
            title={n.hidden ? 'Show (it is not published while hidden)' : 'Hide (not published)'}
            onClick={(e) => {
              e.stopPropagation()
              set('hidden', n.hidden ? null : true)
            }}
          >
            {n.hidden ? <EyeOff size={13} /> : <Eye size={13} />}
          </button>
          <button
            type="button"
            className="pw-icon-btn"
            tabIndex={-1}
            aria-label={n.locked ? 'Unlock' : 'Lock'}
            title={n.locked ? 'Unlock' : 'Lock (cannot be selected on the canvas)'}
            onClick={(e) => {
              e.stopPropagation()
              set('locked', n.locked ? null : true)
            }}
          >
            {n.locked ? <Lock size={13} /> : <LockOpen size={13} />}
          </button>
        </span>
      )}
    </div>
  )
})

export function Outline({ store, readOnly, drop }: { store: EditorStore; readOnly: boolean; drop: DropTarget | null }) {
  const structure = useStructure(store)
  const { selection } = useSelection(store)
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set())
  const rows = useMemo(() => flatten(store, collapsed), [store, structure, collapsed]) // eslint-disable-line react-hooks/exhaustive-deps
  const scrollRef = useRef<HTMLDivElement>(null)
  const virt = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW, overscan: 12 })
  const index = useMemo(() => new Map(rows.map((r, i) => [r.id, i])), [rows])

  // Reveal the selection: expand its ancestors and scroll to it.
  useEffect(() => {
    if (!selection) return
    let changed = false
    const next = new Set(collapsed)
    for (let p = store.node(selection)?.parent; p; p = store.node(p)?.parent) {
      if (next.delete(p)) changed = true
    }
    if (changed) setCollapsed(next)
    else {
      const i = index.get(selection)
      if (i !== undefined) virt.scrollToIndex(i, { align: 'auto' })
    }
  }, [selection, index]) // eslint-disable-line react-hooks/exhaustive-deps

  const toggle = (id: string) =>
    setCollapsed((c) => {
      const n = new Set(c)
      if (n.has(id)) n.delete(id)
      else n.add(id)
      return n
    })

  const onKeyDown = (e: React.KeyboardEvent) => {
    const cur = selection ?? store.root
    const i = index.get(cur) ?? 0
    const row = rows[i]
    let next: string | undefined
    switch (e.key) {
      case 'ArrowDown':
        next = rows[i + 1]?.id
        break
      case 'ArrowUp':
        next = rows[i - 1]?.id
        break
      case 'ArrowRight':
        if (row?.hasKids && collapsed.has(cur)) toggle(cur)
        else next = row?.hasKids ? rows[i + 1]?.id : undefined
        break
      case 'ArrowLeft':
        if (row?.hasKids && !collapsed.has(cur)) toggle(cur)
        else next = store.node(cur)?.parent
        break
      case 'Home':
        next = rows[0]?.id
        break
      case 'End':
        next = rows[rows.length - 1]?.id
        break
      default:
        return
    }
    e.preventDefault()
    e.stopPropagation()
    if (next) {
      store.select(next === store.root ? null : next)
      requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(next!)}"]`)?.focus())
    }
  }

  const line = drop?.where === 'outline' && drop.lineRow ? drop : null
  const lineIndex = line ? index.get(line.lineRow!) : undefined
  return (
    <div
      ref={scrollRef}
      className="pw-pane-scroll"
      role="tree"
      aria-label="Layers"
      data-outline
      onKeyDown={onKeyDown}
      tabIndex={selection ? -1 : 0}
      style={{ position: 'relative' }}
    >
      <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
        {virt.getVirtualItems().map((v) => {
          const row = rows[v.index]!
          return (
            <div key={row.id} style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW, transform: `translateY(${v.start}px)` }}>
              <OutlineRow
                store={store}
                row={row}
                selected={selection === row.id || (!selection && row.id === store.root)}
                collapsed={collapsed.has(row.id)}
                onToggle={toggle}
                readOnly={readOnly}
                dropInside={drop?.where === 'outline' && drop.inside === row.id}
              />
            </div>
          )
        })}
        {lineIndex !== undefined && (
          <div className="pw-row-line" style={{ top: (lineIndex + (line!.lineAfter ? 1 : 0)) * ROW - 1, left: 4 + (line!.lineDepth ?? 0) * 14 }} />
        )}
      </div>
      {rows.length === 1 && <div className="pw-empty-pane">This page is empty. Drag a Section or a Hero from Add to start.</div>}
    </div>
  )
}

export const OUTLINE_ROW_HEIGHT = ROW
