import { Dialog } from '@radix-ui/themes'
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Template } from '../../screens/templates/api'
import { renderWithProviders, stubFetch } from '../assets/testing'
import type { CanvasController } from '../canvas/controller'
import { EditorDialogs, type EditorAbilities } from '../EditorDialogs'
import type { Saver } from '../store/saver'
import type { EditorStore } from '../store/store'
import { pageStore } from '../symbols/testing'
import type { PageDocument } from '../types'
import { InsertSectionDialog } from './InsertSectionDialog'
import { sectionFragment, sectionPlace } from './sectionTemplates'

configure({ asyncUtilTimeout: 5000 })
afterEach(() => vi.unstubAllGlobals())

function tpl(over: Partial<Template>): Template {
  const id = over.id ?? 't1'
  return {
    id,
    slug: id,
    name: 'Template',
    description: '',
    category: 'sections',
    tags: [],
    kind: 'section',
    visibility: 'organization',
    builtin: true,
    author: null,
    siteId: null,
    version: '1.0.0',
    installCount: 0,
    ratingAvg: 0,
    ratingCount: 0,
    thumbnailUrl: '',
    previewUrl: `/api/v1/templates/${id}/preview`,
    canEdit: false,
    myRating: 0,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    ...over,
  }
}

const HOURS = tpl({ id: 'hours', name: 'Opening hours', description: 'A day-by-day opening hours table.' })
const CONTACT = tpl({ id: 'contact', name: 'Contact us', description: 'Phone, email and address.', thumbnailUrl: '/api/v1/templates/contact/thumbnail?v=2' })

/** A section template's document: the root Page holds one Section ("s") with a heading ("t") and a button ("b"). */
function hoursDoc(): PageDocument {
  return {
    schemaVersion: 1,
    root: 'root',
    meta: { title: 'Opening hours' },
    nodes: {
      root: { id: 'root', type: 'Page', props: {} },
      s: { id: 's', type: 'Section', parent: 'root', pos: 'a0', props: { label: 'Opening hours' }, styles: { base: { padding: '{space.4}' } } },
      b: { id: 'b', type: 'Button', parent: 's', pos: 'a1', props: { text: 'Call us', href: 'tel:111' } },
      t: { id: 't', type: 'Heading', parent: 's', pos: 'a0', props: { text: 'Opening hours', level: 2 } },
    },
  }
}

interface Seen {
  queries: URLSearchParams[]
  documents: string[]
}

function mount(opts: { selection?: string | null; items?: Template[] } = {}) {
  const store = pageStore()
  if (opts.selection) store.select(opts.selection)
  const seen: Seen = { queries: [], documents: [] }
  const items = opts.items ?? [HOURS, CONTACT]
  stubFetch((req) => {
    if (req.method === 'GET' && req.path === '/templates') {
      seen.queries.push(req.query)
      const q = (req.query.get('q') ?? '').toLowerCase()
      return { body: { items: items.filter((t) => !q || `${t.name} ${t.description}`.toLowerCase().includes(q)), nextCursor: '', categories: [] } }
    }
    const m = /^\/templates\/([^/]+)\/document$/.exec(req.path)
    if (req.method === 'GET' && m) {
      seen.documents.push(m[1]!)
      return { body: { version: '1.0.0', document: hoursDoc() } }
    }
    return undefined
  })
  const onClose = vi.fn()
  renderWithProviders(
    <Dialog.Root open>
      <InsertSectionDialog store={store} onClose={onClose} />
    </Dialog.Root>,
  )
  return { store, seen, onClose }
}

/** The ids of the subtree under id, depth first. */
function tree(store: EditorStore, id: string): string[] {
  return [id, ...store.children(id).flatMap((k) => tree(store, k))]
}

describe('Insert section from a template', { timeout: 30_000 }, () => {
  it('lists the section templates with their descriptions and previews', async () => {
    const { seen } = mount({ selection: 'h1' })
    expect(screen.getByRole('heading', { name: 'Insert section from a template' })).toBeTruthy()
    expect(screen.getByText(/after the selected section/)).toBeTruthy()
    const list = await screen.findByRole('list', { name: 'Section templates' })
    expect(within(list).getAllByRole('button').map((b) => b.textContent)).toEqual(['Opening hours', 'Contact us'])
    const hours = screen.getByRole('button', { name: 'Opening hours' })
    expect(document.getElementById(hours.getAttribute('aria-describedby') ?? '')?.textContent).toBe('A day-by-day opening hours table.')
    // A live preview, sandboxed, when there is no thumbnail; the thumbnail otherwise.
    const frame = hours.closest('li')!.querySelector('iframe')!
    expect(frame.getAttribute('src')).toBe('/api/v1/templates/hours/preview')
    expect(frame.getAttribute('sandbox')).toBe('')
    expect(screen.getByRole('button', { name: 'Contact us' }).closest('li')!.querySelector('img')!.getAttribute('src')).toBe('/api/v1/templates/contact/thumbnail?v=2')
    const q = seen.queries[0]!
    expect([q.get('kind'), q.get('limit'), q.get('q')]).toEqual(['section', '60', null])
  })

  it('searches with q, and says when nothing matches', async () => {
    const { seen } = mount()
    expect(screen.getByText(/at the end of the page/)).toBeTruthy()
    await screen.findByRole('button', { name: 'Contact us' })
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search section templates' }), { target: { value: 'hours' } })
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Contact us' })).toBeNull())
    expect(screen.getByRole('button', { name: 'Opening hours' })).toBeTruthy()
    expect(seen.queries.at(-1)!.get('q')).toBe('hours')
    expect(seen.queries.at(-1)!.get('kind')).toBe('section')
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search section templates' }), { target: { value: 'parking' } })
    expect(await screen.findByText('No section template matches “parking”.')).toBeTruthy()
  })

  it('says how to get section templates when there are none', async () => {
    mount({ items: [] })
    expect(await screen.findByText('No section templates yet. Admins can publish a section with Publish section as template…')).toBeTruthy()
  })

  it('inserts the section with fresh ids after the selection’s top-level section, as one undo step', async () => {
    const { store, seen, onClose } = mount({ selection: 'h1' })
    const before = new Set(Object.keys(store.toDocument().nodes))
    fireEvent.click(await screen.findByRole('button', { name: 'Opening hours' }))
    await waitFor(() => expect(onClose).toHaveBeenCalled())
    expect(seen.documents).toEqual(['hours'])

    // After "sec" (which holds the selected heading), before "foot".
    const top = store.children('root')
    expect(top).toHaveLength(3)
    expect(top[0]).toBe('sec')
    expect(top[2]).toBe('foot')
    const id = top[1]!
    expect(store.selection).toBe(id)
    const ids = tree(store, id)
    expect(ids).toHaveLength(3)
    for (const x of ids) {
      expect(before.has(x)).toBe(false)
      expect(['s', 't', 'b']).not.toContain(x)
    }
    expect(new Set(ids).size).toBe(3)
    const section = store.node(id)!
    expect(section).toMatchObject({ type: 'Section', parent: 'root', props: { label: 'Opening hours' }, styles: { base: { padding: '{space.4}' } } })
    const [heading, button] = store.children(id).map((k) => store.node(k)!)
    expect(heading).toMatchObject({ type: 'Heading', parent: id, props: { text: 'Opening hours', level: 2 } })
    expect(button).toMatchObject({ type: 'Button', parent: id, props: { text: 'Call us' } })
    expect(await screen.findByText('Inserted “Opening hours”')).toBeTruthy()

    // One step: one undo removes all of it.
    expect(store.historySize).toBe(1)
    store.undo()
    expect(store.children('root')).toEqual(['sec', 'foot'])
    for (const x of ids) expect(store.node(x)).toBeUndefined()
    expect(store.canUndo).toBe(false)
  })

  it('goes at the end of the page when nothing is selected', async () => {
    const { store, onClose } = mount()
    fireEvent.click(await screen.findByRole('button', { name: 'Opening hours' }))
    await waitFor(() => expect(onClose).toHaveBeenCalled())
    const top = store.children('root')
    expect(top.slice(0, 2)).toEqual(['sec', 'foot'])
    expect(store.node(top[2]!)!.type).toBe('Section')
    expect(store.selection).toBe(top[2])
  })
})

describe('sectionFragment and sectionPlace', () => {
  it('takes the root’s single child, parents first and siblings in order', () => {
    const f = sectionFragment(hoursDoc())
    expect(f.root).toBe('s')
    expect(f.nodes.map((n) => n.id)).toEqual(['s', 't', 'b'])
  })

  it('refuses a document without exactly one section', () => {
    const d = hoursDoc()
    d.nodes.x = { id: 'x', type: 'Section', parent: 'root', pos: 'a1' }
    expect(() => sectionFragment(d)).toThrow(/not one section/)
    expect(() => sectionFragment({ schemaVersion: 1, root: 'root', meta: {}, nodes: { root: { id: 'root', type: 'Page' } } })).toThrow(/no section/)
  })

  it('places after the top-level ancestor of the selection, or at the end', () => {
    const store = pageStore()
    expect(sectionPlace(store, 'btn')).toEqual({ parent: 'root', before: 'foot' })
    expect(sectionPlace(store, 'sec')).toEqual({ parent: 'root', before: 'foot' })
    expect(sectionPlace(store, 'foot')).toEqual({ parent: 'root', before: null })
    expect(sectionPlace(store, 'root')).toEqual({ parent: 'root', before: null })
    expect(sectionPlace(store, null)).toEqual({ parent: 'root', before: null })
  })
})

describe('the command', () => {
  const canvas = { inlineEditing: null, stopInlineEdit: () => {}, startInlineEdit: () => false } as unknown as CanvasController
  const saver = { saveNow: vi.fn(async () => {}) } as unknown as Saver
  const abilities: EditorAbilities = { createComponent: false, editComponent: false, publishTemplate: false }

  function palette(readOnly: boolean) {
    stubFetch(() => undefined)
    const openDialog = vi.fn()
    renderWithProviders(
      <EditorDialogs
        kind="commands"
        onClose={() => {}}
        store={pageStore()}
        saver={saver}
        canvas={canvas}
        page={{ id: 'p1', name: 'Flu clinic', slug: 'flu', siteId: 's1' }}
        siteName="Riverside"
        readOnly={readOnly}
        setDevice={() => {}}
        setZoom={() => {}}
        setTheme={() => {}}
        openDialog={openDialog}
        abilities={abilities}
        symbolEdit={null}
        onSymbolPublished={() => {}}
      />,
    )
    return openDialog
  }

  it('is in the command palette and opens the dialog', async () => {
    const openDialog = palette(false)
    fireEvent.click(screen.getByRole('option', { name: /Insert section from a template…/ }))
    await waitFor(() => expect(openDialog).toHaveBeenCalledWith('insert-section-template'))
  })

  it('is hidden when the page is read-only', () => {
    palette(true)
    expect(screen.queryByRole('option', { name: /Insert section from a template/ })).toBeNull()
  })
})
