import { describe, expect, it } from 'vitest'
import { copyFragment, duplicate, insertFragment, insertNew, moveNode, newId, nudge, placeFor, posAt, removeNode, type Place } from './actions'
import { validKey } from './fracindex'
import { buildKids } from './ops'
import { EditorStore } from './store'
import { ctype, specDoc, type Spec } from './testdoc'

const makeDoc = (spec: Spec) => specDoc(spec)

const TYPES = [
  ctype('Page', { any: true, except: ['Page'] }),
  ctype('Section', { any: true, except: ['Page'] }),
  ctype('Heading', 'none', { text: 'Heading', level: 2 }),
  ctype('Text', 'none', { html: '<p>Text</p>' }),
  // Holds only headings and text, so a Section pasted into it goes after it.
  ctype('Card', ['Heading', 'Text']),
]

const DOC = makeDoc([
  'root',
  'Page',
  [
    [
      's1',
      'Section',
      [
        ['h1', 'Heading', [], { props: { text: 'Hello', level: 1 } }],
        ['t1', 'Text', [], { props: { html: '<p>One</p>' } }],
        ['card', 'Card', [['ch', 'Heading'], ['ct', 'Text', [], { props: { html: '<p>In card</p>' }, styles: { base: { color: 'red' } } }]]],
      ],
    ],
    ['s2', 'Section'],
  ],
])

const fresh = () => new EditorStore(structuredClone(DOC), TYPES)

function expectOrdered(store: EditorStore, parent: string) {
  const keys = store.children(parent).map((id) => store.node(id)!.pos!)
  for (const k of keys) expect(validKey(k), k).toBe(true)
  expect([...keys].sort()).toEqual(keys)
  expect(new Set(keys).size).toBe(keys.length)
}

describe('newId', () => {
  it('makes short ids not in the document', () => {
    const store = fresh()
    const ids = new Set(Array.from({ length: 200 }, () => newId(store)))
    expect(ids.size).toBe(200)
    for (const id of ids) {
      expect(id).toMatch(/^n[a-z0-9]{8}$/)
      expect(store.node(id)).toBeUndefined()
    }
  })
})

describe('insertNew and posAt', () => {
  it('inserts with the type’s defaults, a copy of them, and selects the node', () => {
    const store = fresh()
    const id = insertNew(store, 'Heading', { parent: 's2', before: null })
    const n = store.node(id)!
    expect(n).toMatchObject({ type: 'Heading', parent: 's2', props: { text: 'Heading', level: 2 } })
    expect(n.props).not.toBe(TYPES[2]!.defaults)
    expect(store.selection).toBe(id)
    expect(store.undoLabel).toBe('Add Heading')
    expect(store.children('s2')).toEqual([id])
  })

  it('inserts a type without defaults without props', () => {
    const store = fresh()
    const id = insertNew(store, 'Section', { parent: 'root', before: null })
    expect(store.node(id)!.props).toBeUndefined()
  })

  type Case = { name: string; place: Place; index: number }
  const cases: Case[] = [
    { name: 'at the start', place: { parent: 's1', before: 'h1' }, index: 0 },
    { name: 'in the middle', place: { parent: 's1', before: 't1' }, index: 1 },
    { name: 'before the last', place: { parent: 's1', before: 'card' }, index: 2 },
    { name: 'at the end', place: { parent: 's1', before: null }, index: 3 },
    { name: 'at the end for an unknown sibling', place: { parent: 's1', before: 'nope' }, index: 3 },
  ]
  it.each(cases)('inserts $name with an ordered, valid key', ({ place, index }) => {
    const store = fresh()
    const key = posAt(store, place)
    expect(validKey(key)).toBe(true)
    const id = insertNew(store, 'Text', place)
    expect(store.children('s1').indexOf(id)).toBe(index)
    expect(store.node(id)!.pos).toBe(key)
    expectOrdered(store, 's1')
  })

  it('keeps keys ordered under many inserts at one spot', () => {
    const store = fresh()
    for (let i = 0; i < 50; i++) insertNew(store, 'Text', { parent: 's1', before: 't1' })
    for (let i = 0; i < 50; i++) insertNew(store, 'Text', { parent: 's1', before: 'h1' })
    for (let i = 0; i < 50; i++) insertNew(store, 'Text', { parent: 's1', before: null })
    expect(store.children('s1')).toHaveLength(153)
    expectOrdered(store, 's1')
    expect(store.children('s1')[50]).toBe('h1')
    expect(store.children('s1')[101]).toBe('t1')
  })

  it('posAt skips the node being moved', () => {
    const store = fresh()
    const key = posAt(store, { parent: 's1', before: 't1' }, 'h1')
    expect(key < store.node('t1')!.pos!).toBe(true)
  })
})

describe('duplicate', () => {
  it('copies the subtree with fresh ids right after the original and selects the copy', () => {
    const store = fresh()
    const copy = duplicate(store, 'card')!
    expect(store.children('s1')).toEqual(['h1', 't1', 'card', copy])
    expect(store.selection).toBe(copy)
    const kids = store.children(copy)
    expect(kids).toHaveLength(2)
    expect(kids).not.toContain('ch')
    expect(kids.map((k) => store.node(k)!.type)).toEqual(['Heading', 'Text'])
    const ct = store.node(kids[1]!)!
    expect(ct.props).toEqual({ html: '<p>In card</p>' })
    expect(ct.styles).toEqual({ base: { color: 'red' } })
    expect(ct.props).not.toBe(store.node('ct')!.props) // a copy, not shared
    expect(store.node(copy)!.pos! > store.node('card')!.pos!).toBe(true)
    expectOrdered(store, 's1')
    expect(store.undoLabel).toBe('Duplicate Card')
    store.undo()
    expect(store.toDocument()).toEqual(DOC)
  })

  it('puts a copy of a middle node between it and the next', () => {
    const store = fresh()
    const copy = duplicate(store, 'h1')!
    expect(store.children('s1')).toEqual(['h1', copy, 't1', 'card'])
    expectOrdered(store, 's1')
  })

  it('does not duplicate the page or a missing node', () => {
    const store = fresh()
    expect(duplicate(store, 'root')).toBeNull()
    expect(duplicate(store, 'nope')).toBeNull()
    expect(store.canUndo).toBe(false)
  })

  it('copyFragment lists the subtree parents first', () => {
    const frag = copyFragment(fresh(), 'card')
    expect(frag.root).toBe('card')
    expect(frag.nodes.map((n) => n.id)).toEqual(['card', 'ch', 'ct'])
  })

  it('insertFragment inserts in one undo step with fresh ids', () => {
    const store = fresh()
    const frag = copyFragment(store, 's1')
    const id = insertFragment(store, frag, { parent: 'root', before: null })
    expect(store.historySize).toBe(1)
    expect(store.children('root')).toEqual(['s1', 's2', id])
    expect(Object.keys(store.toDocument().nodes)).toHaveLength(Object.keys(DOC.nodes).length * 2 - 2)
    expect(store.state.kids).toEqual(buildKids(store.state.nodes, store.root))
  })
})

describe('placeFor', () => {
  type Case = { name: string; type: string; selection: string | null; want: Place | null }
  const cases: Case[] = [
    { name: 'no selection: the end of the page', type: 'Section', selection: null, want: { parent: 'root', before: null } },
    { name: 'a missing selection: the end of the page', type: 'Text', selection: 'gone', want: { parent: 'root', before: null } },
    { name: 'the page selected: inside it', type: 'Text', selection: 'root', want: { parent: 'root', before: null } },
    { name: 'inside a Section that takes it', type: 'Text', selection: 's1', want: { parent: 's1', before: null } },
    { name: 'after a Heading, which holds nothing', type: 'Text', selection: 'h1', want: { parent: 's1', before: 't1' } },
    { name: 'after the last child', type: 'Heading', selection: 'card', want: { parent: 'card', before: null } },
    { name: 'after a leaf at the end of its parent', type: 'Text', selection: 'ct', want: { parent: 'card', before: null } },
    { name: 'after the ancestor whose parent takes it', type: 'Section', selection: 'ch', want: { parent: 's1', before: null } },
    { name: 'after the ancestor, before its next sibling', type: 'Section', selection: 'h1', want: { parent: 's1', before: 't1' } },
    { name: 'nowhere for a Page', type: 'Page', selection: 'h1', want: null },
  ]
  it.each(cases)('$name', ({ type, selection, want }) => {
    expect(placeFor(fresh(), type, selection)).toEqual(want)
  })

  it('goes after a Card, not into it, for a Section', () => {
    const store = fresh()
    store.apply([{ op: 'insert', node: { id: 'tail', type: 'Text', parent: 's1', pos: 'b10' } }])
    expect(placeFor(store, 'Section', 'ct')).toEqual({ parent: 's1', before: 'tail' })
  })
})

describe('moving', () => {
  it('nudges up and down and stops at the ends', () => {
    const store = fresh()
    nudge(store, 't1', -1)
    expect(store.children('s1')).toEqual(['t1', 'h1', 'card'])
    nudge(store, 't1', -1) // already first
    expect(store.children('s1')).toEqual(['t1', 'h1', 'card'])
    expect(store.historySize).toBe(1)
    nudge(store, 't1', 1)
    expect(store.children('s1')).toEqual(['h1', 't1', 'card'])
    nudge(store, 't1', 1)
    expect(store.children('s1')).toEqual(['h1', 'card', 't1'])
    nudge(store, 't1', 1) // already last
    expect(store.children('s1')).toEqual(['h1', 'card', 't1'])
    expect(store.historySize).toBe(3)
    expectOrdered(store, 's1')
    nudge(store, 'root', 1) // the page has no siblings
    nudge(store, 'nope', 1)
    expect(store.historySize).toBe(3)
  })

  it('moves to another parent', () => {
    const store = fresh()
    expect(moveNode(store, 't1', { parent: 's2', before: null })).toBe(true)
    expect(store.children('s2')).toEqual(['t1'])
    expect(store.undoLabel).toBe('Move Text')
    expect(moveNode(store, 'h1', { parent: 's2', before: 't1' })).toBe(true)
    expect(store.children('s2')).toEqual(['h1', 't1'])
    expectOrdered(store, 's2')
  })

  type Refused = { name: string; id: string; place: Place }
  const refused: Refused[] = [
    { name: 'into itself', id: 's1', place: { parent: 's1', before: null } },
    { name: 'into its child', id: 's1', place: { parent: 'card', before: null } },
    { name: 'before itself', id: 't1', place: { parent: 's1', before: 't1' } },
    { name: 'where it already is', id: 't1', place: { parent: 's1', before: 'card' } },
    { name: 'where it already is, at the end', id: 'card', place: { parent: 's1', before: null } },
    { name: 'the page', id: 'root', place: { parent: 's2', before: null } },
    { name: 'a missing node', id: 'nope', place: { parent: 's2', before: null } },
    { name: 'into a node that holds nothing', id: 't1', place: { parent: 'h1', before: null } },
    { name: 'a Section into a Card', id: 's2', place: { parent: 'card', before: null } },
  ]
  it.each(refused)('refuses moving $name', ({ id, place }) => {
    const store = fresh()
    expect(moveNode(store, id, place)).toBe(false)
    expect(store.toDocument()).toEqual(DOC)
    expect(store.canUndo).toBe(false)
    expect(store.hasPending).toBe(false)
  })
})

describe('removeNode', () => {
  it('deletes the subtree and selects the next sibling, else the previous, else nothing at the page', () => {
    const store = fresh()
    removeNode(store, 't1')
    expect(store.node('t1')).toBeUndefined()
    expect(store.selection).toBe('card')
    removeNode(store, 'card')
    expect(store.node('ct')).toBeUndefined()
    expect(store.selection).toBe('h1')
    removeNode(store, 'h1')
    expect(store.selection).toBe('s1')
    removeNode(store, 's2')
    removeNode(store, 's1')
    expect(store.selection).toBeNull()
    expect(store.children('root')).toEqual([])
    removeNode(store, 'root')
    expect(store.node('root')).toBeDefined()
    while (store.canUndo) store.undo()
    expect(store.toDocument()).toEqual(DOC)
  })
})
