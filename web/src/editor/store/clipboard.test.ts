import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Fragment } from './actions'
import { copy, cut, isFragment, paste, pasteFragment, pasteHtml } from './clipboard'
import { validKey } from './fracindex'
import { buildKids } from './ops'
import { EditorStore } from './store'
import { ctype, specDoc, type Spec } from './testdoc'

const makeDoc = (spec: Spec) => specDoc(spec)

const TYPES = [
  ctype('Page', { any: true, except: ['Page'] }),
  ctype('Section', { any: true, except: ['Page'] }),
  ctype('Container', { any: true, except: ['Page'] }),
  ctype('Heading', 'none'),
  ctype('Text', 'none'),
  ctype('List', 'none'),
  ctype('Image', 'none'),
  ctype('Link', 'none'),
]

const DOC = makeDoc([
  'root',
  'Page',
  [
    ['s1', 'Section', [['h1', 'Heading', [], { props: { text: 'Hello', level: 1 } }], ['t1', 'Text', [], { props: { html: '<p>One</p>' } }]]],
    ['s2', 'Section'],
  ],
])

const KEY = 'pagewright.clipboard'
const MARK = 'application/x-pagewright+json'

const fresh = () => new EditorStore(structuredClone(DOC), TYPES)

function clipboardEvent(data: Record<string, string> = {}) {
  const set: Record<string, string> = {}
  const e = {
    clipboardData: {
      getData: (t: string) => data[t] ?? '',
      setData: (t: string, v: string) => void (set[t] = v),
    },
    preventDefault: vi.fn(),
  }
  return { event: e as unknown as ClipboardEvent, set, preventDefault: e.preventDefault }
}

/** The pasted subtree has the same shape and content as the original, under fresh ids. */
function expectCopyOf(store: EditorStore, copyId: string, originalId: string) {
  expect(copyId).not.toBe(originalId)
  const a = store.node(copyId)!
  const b = store.node(originalId)!
  expect(a.type).toBe(b.type)
  expect(a.props).toEqual(b.props)
  const ka = store.children(copyId)
  const kb = store.children(originalId)
  expect(ka).toHaveLength(kb.length)
  ka.forEach((k, i) => expectCopyOf(store, k, kb[i]!))
}

beforeEach(() => localStorage.clear())
afterEach(() => {
  vi.unstubAllGlobals()
  localStorage.clear()
})

describe('copy and paste', () => {
  it('copies to localStorage and pastes a copy with new ids after the selected section', async () => {
    const store = fresh()
    copy(store, 's1')
    const stored = JSON.parse(localStorage.getItem(KEY)!) as Fragment
    expect(isFragment(stored)).toBe(true)
    expect(stored.nodes.map((n) => n.id)).toEqual(['s1', 'h1', 't1'])

    store.select('s1')
    const id = await paste(store)
    expect(id).not.toBeNull()
    expect(store.children('root')).toEqual(['s1', id, 's2'])
    expectCopyOf(store, id!, 's1')
    expect(store.selection).toBe(id)
    expect(store.undoLabel).toBe('Paste')
    expect(store.state.kids).toEqual(buildKids(store.state.nodes, store.root))
    for (const k of store.children('root')) expect(validKey(store.node(k)!.pos!)).toBe(true)
    store.undo()
    expect(store.toDocument()).toEqual(DOC)
  })

  it('pastes a heading after the selected heading, which holds nothing', async () => {
    const store = fresh()
    copy(store, 'h1')
    store.select('h1')
    const id = await paste(store)
    expect(store.children('s1')).toEqual(['h1', id, 't1'])
  })

  it('pastes a Section fragment after a selected Section, not inside it', () => {
    const store = fresh()
    const frag: Fragment = { pagewright: 1, root: 'x', nodes: [{ id: 'x', type: 'Section' }, { id: 'y', type: 'Text', parent: 'x', pos: 'a0' }] }
    store.select('s2')
    const id = pasteFragment(store, frag)!
    expect(store.children('root')).toEqual(['s1', 's2', id])
    expect(store.children('s2')).toEqual([])
    expect(store.children(id)).toHaveLength(1)
    store.select('s1')
    const id2 = pasteFragment(store, frag)!
    expect(store.children('root')).toEqual(['s1', id2, 's2', id])
  })

  it('pastes a Text into a selected Section at its end', () => {
    const store = fresh()
    store.select('s1')
    const id = pasteFragment(store, { pagewright: 1, root: 'x', nodes: [{ id: 'x', type: 'Text' }] })!
    expect(store.children('s1')).toEqual(['h1', 't1', id])
  })

  it('pastes at the end of the page with nothing selected', async () => {
    const store = fresh()
    copy(store, 't1')
    const id = await paste(store)
    expect(store.children('root')).toEqual(['s1', 's2', id])
  })

  it('refuses a fragment the page cannot hold', () => {
    const store = fresh()
    expect(pasteFragment(store, { pagewright: 1, root: 'x', nodes: [{ id: 'x', type: 'Page' }] })).toBeNull()
    expect(store.canUndo).toBe(false)
  })

  it('pastes nothing when nothing was copied', async () => {
    const store = fresh()
    expect(await paste(store)).toBeNull()
  })

  it('reads the system clipboard first when it may', async () => {
    const store = fresh()
    copy(store, 'h1') // localStorage has the heading
    const other: Fragment = { pagewright: 1, root: 'q', nodes: [{ id: 'q', type: 'Text', props: { html: '<p>From the clipboard</p>' } }] }
    vi.stubGlobal('navigator', { clipboard: { readText: () => Promise.resolve(JSON.stringify(other)), writeText: () => Promise.resolve() } })
    const id = await paste(store)
    expect(store.node(id!)!.props).toEqual({ html: '<p>From the clipboard</p>' })
  })

  it('falls back to localStorage when reading the clipboard is refused', async () => {
    const store = fresh()
    copy(store, 'h1')
    vi.stubGlobal('navigator', { clipboard: { readText: () => Promise.reject(new Error('denied')), writeText: () => Promise.resolve() } })
    const id = await paste(store)
    expect(store.node(id!)!.type).toBe('Heading')
  })

  it('converts clipboard HTML read without an event', async () => {
    const store = fresh()
    vi.stubGlobal('navigator', { clipboard: { readText: () => Promise.resolve('<h2>From a page</h2>') } })
    const id = await paste(store)
    expect(store.node(id!)).toMatchObject({ type: 'Heading', props: { text: 'From a page', level: 2 } })
  })

  it('cut copies then deletes, and the page cannot be cut', async () => {
    const store = fresh()
    store.select('h1')
    cut(store, 'h1')
    expect(store.node('h1')).toBeUndefined()
    expect(JSON.parse(localStorage.getItem(KEY)!).root).toBe('h1')
    cut(store, 'root')
    expect(store.node('root')).toBeDefined()
    store.select('t1')
    const id = await paste(store)
    expect(store.children('s1')).toEqual(['t1', id])
    expect(store.node(id!)!.props).toEqual({ text: 'Hello', level: 1 })
  })
})

describe('clipboard events', () => {
  it('Ctrl+C fills the event with the fragment and Ctrl+V pastes it', async () => {
    const store = fresh()
    const c = clipboardEvent()
    copy(store, 's1', c.event)
    expect(c.preventDefault).toHaveBeenCalled()
    expect(c.set['text/plain']).toBe(c.set[MARK])
    expect(isFragment(JSON.parse(c.set[MARK]!))).toBe(true)

    localStorage.clear() // the event alone carries it
    const v = clipboardEvent(c.set)
    store.select('s2')
    const id = await paste(store, v.event)
    expect(v.preventDefault).toHaveBeenCalled()
    expect(store.children('root')).toEqual(['s1', 's2', id])
    expectCopyOf(store, id!, 's1')
  })

  it('takes a fragment from text/plain alone (another tab)', async () => {
    const store = fresh()
    const frag: Fragment = { pagewright: 1, root: 'x', nodes: [{ id: 'x', type: 'Heading', props: { text: 'Tab', level: 3 } }] }
    const id = await paste(store, clipboardEvent({ 'text/plain': JSON.stringify(frag) }).event)
    expect(store.node(id!)!.props).toEqual({ text: 'Tab', level: 3 })
  })

  it('converts text/html with htmlToFragment', async () => {
    const store = fresh()
    store.select('s2')
    const e = clipboardEvent({ 'text/html': '<meta charset="utf-8"><h1>Opening hours</h1><p>Mon–Fri <b>9–5</b></p><script>alert(1)</script>', 'text/plain': 'Opening hours\nMon–Fri 9–5' })
    const id = await paste(store, e.event)
    expect(e.preventDefault).toHaveBeenCalled()
    const wrapper = store.node(id!)!
    expect(wrapper).toMatchObject({ type: 'Container', parent: 's2' })
    const kids = store.children(id!).map((k) => store.node(k)!)
    expect(kids.map((n) => n.type)).toEqual(['Heading', 'Text'])
    expect(kids[0]!.props).toEqual({ text: 'Opening hours', level: 1 })
    expect(kids[1]!.props).toEqual({ html: '<p>Mon–Fri <b>9–5</b></p>' })
    expect(JSON.stringify(store.toDocument())).not.toContain('alert')
  })

  it('converts plain text paragraphs', async () => {
    const store = fresh()
    store.select('s2')
    const id = await paste(store, clipboardEvent({ 'text/plain': 'One\n\nTwo' }).event)
    expect(store.children(id!).map((k) => store.node(k)!.props!.html)).toEqual(['<p>One</p>', '<p>Two</p>'])
  })

  it('pastes nothing from an empty clipboard', async () => {
    const store = fresh()
    const e = clipboardEvent({})
    expect(await paste(store, e.event)).toBeNull()
    expect(store.canUndo).toBe(false)
  })

  it('pasteHtml pastes markup or text given as a string', () => {
    const store = fresh()
    store.select('t1')
    const id = pasteHtml(store, '<ul><li>a</li><li>b</li></ul>')!
    expect(store.node(id)).toMatchObject({ type: 'List', parent: 's1', props: { items: ['a', 'b'], ordered: false } })
    expect(store.undoLabel).toBe('Paste HTML')
    const id2 = pasteHtml(store, 'a < b')!
    expect(store.node(id2)!.props).toEqual({ html: '<p>a &lt; b</p>' })
    expect(pasteHtml(store, '<script>x</script>')).toBeNull()
  })
})

describe('isFragment', () => {
  const ok: Fragment = { pagewright: 1, root: 'a', nodes: [{ id: 'a', type: 'Section' }, { id: 'b', type: 'Text', parent: 'a', pos: 'a0' }] }
  it('accepts a fragment', () => {
    expect(isFragment(ok)).toBe(true)
    expect(isFragment(JSON.parse(JSON.stringify(ok)))).toBe(true)
  })
  const junk: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['a string', '{"pagewright":1}'],
    ['a number', 1],
    ['an array', [ok]],
    ['another version', { ...ok, pagewright: 2 }],
    ['no root', { pagewright: 1, nodes: ok.nodes }],
    ['a numeric root', { ...ok, root: 1 }],
    ['nodes not a list', { ...ok, nodes: { a: ok.nodes[0] } }],
    ['no nodes', { ...ok, nodes: [] }],
    ['the root missing from nodes', { ...ok, root: 'z' }],
    ['a null node', { ...ok, nodes: [ok.nodes[0], null] }],
    ['a node without a type', { ...ok, nodes: [ok.nodes[0], { id: 'b', parent: 'a', pos: 'a0' }] }],
    ['a node without an id', { ...ok, nodes: [ok.nodes[0], { type: 'Text', parent: 'a', pos: 'a0' }] }],
    ['a duplicate id', { ...ok, nodes: [ok.nodes[0], ok.nodes[1], ok.nodes[1]] }],
    ['a child before its parent', { ...ok, nodes: [ok.nodes[1], ok.nodes[0]] }],
    ['an orphan', { ...ok, nodes: [ok.nodes[0], { id: 'c', type: 'Text', parent: 'elsewhere', pos: 'a0' }] }],
  ]
  it.each(junk)('rejects %s', (_, v) => {
    expect(isFragment(v)).toBe(false)
  })

  it('pasting junk JSON as text converts it as plain text, never as a fragment', async () => {
    const store = fresh()
    const text = JSON.stringify({ pagewright: 1, root: 'a', nodes: [null] })
    const id = await paste(store, clipboardEvent({ 'text/plain': text }).event)
    expect(store.node(id!)!.type).toBe('Text')
  })
})
