// The left panel's Components tab: the library's components (deprecated
// ones left out), searchable by name and category. Drag one onto the
// canvas or the layers, or click it (Enter) to add it after the selection;
// either places an Instance of its latest version.
import { useDraggable } from '@dnd-kit/core'
import { Button, Select, Spinner, Text, TextField } from '@radix-ui/themes'
import { useInfiniteQuery } from '@tanstack/react-query'
import { Component as ComponentIcon, ExternalLink, Search } from 'lucide-react'
import { useEffect, useState } from 'react'
import { errorMessage } from '../../api/client'
import { CATEGORIES, componentsQuery, formatRef, type Component } from '../../screens/components/api'
import { insertNew, placeFor } from '../store/actions'
import type { EditorStore } from '../store/store'
import type { DocNode } from '../types'
import { INSTANCE } from './symbols'
import './symbols.css'

const ALL = '__all__'

/** What a new instance of c starts as. */
export function instanceInit(c: Pick<Component, 'id' | 'name' | 'latestVersion'>): Partial<DocNode> {
  return { label: c.name, props: { component: formatRef(c.id, c.latestVersion), overrides: {} } }
}

/** Adds an instance of c after the selection (or inside it, where it fits). */
export function addInstance(store: EditorStore, c: Pick<Component, 'id' | 'name' | 'latestVersion'>): string | null {
  const place = placeFor(store, INSTANCE, store.selection)
  if (!place) return null
  return insertNew(store, INSTANCE, place, instanceInit(c), `Add ${c.name}`)
}

function Item({ c, store, disabled }: { c: Component; store: EditorStore; disabled: boolean }) {
  const { attributes, listeners, setNodeRef } = useDraggable({
    id: `library:${c.id}`,
    data: { kind: 'new', type: INSTANCE, init: instanceInit(c), label: c.name },
    disabled,
  })
  return (
    <li>
      <button
        ref={setNodeRef}
        type="button"
        className="pw-sym-palette-item"
        {...listeners}
        {...attributes}
        disabled={disabled}
        aria-label={`Add ${c.name} ${c.latestVersion}`}
        title={`${c.description ? `${c.description}\n` : ''}Drag onto the page, or click to add it after the selection`}
        onClick={() => addInstance(store, c)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            addInstance(store, c)
          }
        }}
        data-testid={`library-${c.id}`}
      >
        <ComponentIcon size={16} aria-hidden />
        <span className="pw-sym-palette-name">{c.name}</span>
        <span className="pw-sym-palette-meta">{c.latestVersion}</span>
      </button>
    </li>
  )
}

export function ComponentsPalette({ store, readOnly }: { store: EditorStore; readOnly: boolean }) {
  const [text, setText] = useState('')
  const [q, setQ] = useState('')
  const [category, setCategory] = useState(ALL)
  useEffect(() => {
    const t = setTimeout(() => setQ(text.trim()), 200)
    return () => clearTimeout(t)
  }, [text])
  const list = useInfiniteQuery(componentsQuery({ q: q || undefined, category: category === ALL ? undefined : category }, 100))
  const items = list.data?.pages.flatMap((p) => p.items) ?? []
  const filtered = Boolean(q || category !== ALL)
  const groups = new Map<string, Component[]>()
  for (const c of items) groups.set(c.category, [...(groups.get(c.category) ?? []), c])
  const order = [...groups.keys()].sort((a, b) => CATEGORIES.indexOf(a as never) - CATEGORIES.indexOf(b as never))

  return (
    <>
      <div className="pw-sym-palette-filters">
        <TextField.Root size="1" placeholder="Search the library" value={text} onChange={(e) => setText(e.target.value)} aria-label="Search the component library">
          <TextField.Slot>
            <Search size={14} />
          </TextField.Slot>
        </TextField.Root>
        <Select.Root size="1" value={category} onValueChange={setCategory}>
          <Select.Trigger aria-label="Category" />
          <Select.Content position="popper">
            <Select.Item value={ALL}>All categories</Select.Item>
            {CATEGORIES.map((c) => (
              <Select.Item key={c} value={c}>
                {c}
              </Select.Item>
            ))}
          </Select.Content>
        </Select.Root>
      </div>
      <div className="pw-pane-scroll" aria-busy={list.isFetching || undefined}>
        {list.isPending ? (
          <div className="pw-empty-pane" role="status">
            <Spinner size="2" style={{ margin: '0 auto 8px' }} />
            Loading the component library…
          </div>
        ) : list.isError && !items.length ? (
          <div className="pw-empty-pane" role="alert">
            Could not load the component library: {errorMessage(list.error)}
            <div>
              <Button size="1" variant="soft" mt="2" onClick={() => void list.refetch()}>
                Try again
              </Button>
            </div>
          </div>
        ) : items.length === 0 ? (
          <div className="pw-empty-pane">
            {filtered ? (
              <>No component matches{q ? ` “${q}”` : ''}{category !== ALL ? ` in ${category}` : ''}.</>
            ) : (
              <>
                No components yet. Select part of a page and choose <strong>Create component…</strong> (<span className="pw-kbd">Ctrl</span>{' '}
                <span className="pw-kbd">Alt</span> <span className="pw-kbd">K</span>).
              </>
            )}
          </div>
        ) : (
          order.map((cat) => (
            <section key={cat} className="pw-palette-group" aria-label={cat}>
              <h3>{cat}</h3>
              <ul className="pw-sym-palette-list">
                {groups.get(cat)!.map((c) => (
                  <Item key={c.id} c={c} store={store} disabled={readOnly} />
                ))}
              </ul>
            </section>
          ))
        )}
        {list.hasNextPage && (
          <div style={{ padding: '0 10px 10px' }}>
            <Button size="1" variant="soft" style={{ width: '100%' }} loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              Load more components
            </Button>
          </div>
        )}
        <Text as="p" size="1" className="pw-sym-palette-foot">
          <a href="/components" target="_blank" rel="noopener">
            Open the component library <ExternalLink size={11} aria-hidden="true" />
            <span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        </Text>
      </div>
    </>
  )
}
