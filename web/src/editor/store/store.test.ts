import { afterEach, describe, expect, it, vi } from 'vitest'
import type { DocNode, Op, PageDocument } from '../types'
import { keysBetween } from './fracindex'
import { OpError, applyOps, buildKids, emptyChange, type DocState } from './ops'
import { EditorStore } from './store'
import { ctype, specDoc, type Spec } from './testdoc'

const makeDoc = (spec: Spec) => specDoc(spec, { title: 'Flu clinic' })

const TYPES = [
  ctype('Page', { any: true, except: ['Page'] }),
  ctype('Section', { any: true, except: ['Page'] }),
  ctype('Heading', 'none', { text: 'Heading', level: 2 }),
  ctype('Text', 'none', { html: '<p>Text</p>' }),
]

const DOC = makeDoc([
  'root',
  'Page',
  [
    ['s1', 'Section', [['h1', 'Heading', [], { props: { text: 'Hello', level: 1 } }], ['t1', 'Text', [], { props: { html: '<p>One</p>' } }]]],
    ['s2', 'Section', [['t2', 'Text', [], { props: { html: '<p>Two</p>' } }]], { styles: { base: { color: 'red' } } }],
  ],
])

const fresh = () => new EditorStore(structuredClone(DOC), TYPES)

/** Mixed edits: each a batch of ops for one apply. */
const EDITS: Op[][] = [
  [{ op: 'set', node: 'h1', path: 'props/text', value: 'Welcome' }],
  [{ op: 'set', node: 's2', path: 'styles/md/padding', value: '2rem' }],
  [{ op: 'insert', node: { id: 'n1', type: 'Text', parent: 's2', pos: 'Zz', props: { html: '<p>New</p>' } } }],
  [{ op: 'move', node: 'h1', parent: 's2', pos: 'a5' }],
  [{ op: 'set', path: 'meta/description', value: 'About flu' }],
  [
    { op: 'set', node: 't1', path: 'label', value: 'Intro' },
    { op: 'set', node: 't1', path: 'hidden', value: true },
  ],
  [{ op: 'delete', node: 's1' }],
  [{ op: 'set', node: 'n1', path: 'props', value: null }],
  [{ op: 'set', node: 's2', path: 'styles/base/color', value: null }],
]

/** What the server will do: replay the saved ops on its copy of the document. */
function replay(doc: PageDocument, ops: Op[], store: EditorStore): PageDocument {
  const nodes = new Map(Object.entries(structuredClone(doc.nodes)))
  const state: DocState = { root: doc.root, meta: { ...doc.meta }, nodes, kids: buildKids(nodes, doc.root) }
  // Over the wire, as JSON.
  applyOps(state, JSON.parse(JSON.stringify(ops)) as Op[], store.allowed, emptyChange())
  return { schemaVersion: 1, root: state.root, meta: state.meta, nodes: Object.fromEntries(state.nodes) }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('EditorStore history', () => {
  it('undoes a sequence of mixed edits back to the original and redoes them', () => {
    const store = fresh()
    const original = structuredClone(store.toDocument())
    const after: PageDocument[] = []
    for (const ops of EDITS) {
      store.apply(ops)
      after.push(structuredClone(store.toDocument()))
    }
    expect(store.historySize).toBe(EDITS.length)
    for (let i = EDITS.length - 1; i >= 0; i--) {
      expect(store.toDocument()).toEqual(after[i])
      store.undo()
    }
    expect(store.toDocument()).toEqual(original)
    expect(store.state.kids).toEqual(buildKids(store.state.nodes, store.root))
    expect(store.canUndo).toBe(false)
    for (let i = 0; i < EDITS.length; i++) {
      store.redo()
      expect(store.toDocument()).toEqual(after[i])
    }
    expect(store.canRedo).toBe(false)
    // And once more all the way back after a redo recomputed the inverses.
    while (store.canUndo) store.undo()
    expect(store.toDocument()).toEqual(original)
  })

  it('a refused edit throws and leaves document, history and pending alone', () => {
    const store = fresh()
    store.apply([{ op: 'set', node: 'h1', path: 'props/text', value: 'A' }])
    const doc = structuredClone(store.toDocument())
    const pending = store.takePending()
    store.restorePending(pending)
    expect(() =>
      store.apply([
        { op: 'set', node: 'h1', path: 'props/text', value: 'B' },
        { op: 'insert', node: { id: 'x', type: 'Text', parent: 'h1', pos: 'a0' } }, // a Heading holds nothing
      ]),
    ).toThrow(OpError)
    expect(() => store.apply([{ op: 'move', node: 's1', parent: 'h1', pos: 'a0' }])).toThrow(OpError)
    expect(store.toDocument()).toEqual(doc)
    expect(store.historySize).toBe(1)
    expect(store.takePending()).toEqual(pending)
  })

  it('merges edits with one mergeKey within a second into one step, not after', () => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'))
    const store = fresh()
    const original = structuredClone(store.toDocument())
    const type = (text: string) =>
      store.apply([{ op: 'set', node: 'h1', path: 'props/text', value: text }], { label: 'Edit text', mergeKey: 'h1/props/text' })
    type('H')
    vi.advanceTimersByTime(400)
    type('He')
    vi.advanceTimersByTime(999) // measured from the last edit, not the first
    type('Hey')
    expect(store.historySize).toBe(1)
    const merged = structuredClone(store.toDocument())

    vi.advanceTimersByTime(1000)
    type('Hey!')
    expect(store.historySize).toBe(2)

    // A different key does not merge even when quick.
    vi.advanceTimersByTime(10)
    store.apply([{ op: 'set', node: 't1', path: 'props/html', value: '<p>x</p>' }], { mergeKey: 't1/props/html' })
    expect(store.historySize).toBe(3)
    // Nor does an edit without a key.
    vi.advanceTimersByTime(10)
    store.apply([{ op: 'set', node: 't1', path: 'props/html', value: '<p>y</p>' }])
    vi.advanceTimersByTime(10)
    store.apply([{ op: 'set', node: 't1', path: 'props/html', value: '<p>z</p>' }], { mergeKey: 't1/props/html' })
    expect(store.historySize).toBe(5)

    store.undo()
    store.undo()
    store.undo()
    store.undo()
    expect(store.toDocument()).toEqual(merged)
    store.undo()
    expect(store.toDocument()).toEqual(original)
    expect(store.canUndo).toBe(false)
  })

  it('never merges into a redone step', () => {
    vi.useFakeTimers()
    const store = fresh()
    const set = (text: string) => store.apply([{ op: 'set', node: 'h1', path: 'props/text', value: text }], { mergeKey: 'k' })
    set('a')
    set('b')
    store.undo()
    store.redo()
    set('c')
    expect(store.historySize).toBe(2)
    store.undo()
    expect(store.node('h1')!.props!.text).toBe('b')
  })

  it('a new edit clears redo', () => {
    const store = fresh()
    store.apply(EDITS[0]!)
    store.apply(EDITS[1]!)
    store.undo()
    expect(store.canRedo).toBe(true)
    expect(store.redoLabel).toBe('Edit')
    store.apply([{ op: 'set', node: 't1', path: 'label', value: 'x' }], { label: 'Rename' })
    expect(store.canRedo).toBe(false)
    expect(store.undoLabel).toBe('Rename')
    store.redo() // nothing to redo: no change
    expect(store.node('s2')!.styles!.md).toBeUndefined()
  })

  it('sends an undefined set value as null', () => {
    const store = fresh()
    store.apply([{ op: 'set', node: 'h1', path: 'props/level', value: undefined }])
    const [op] = store.takePending()
    expect(op).toEqual({ op: 'set', node: 'h1', path: 'props/level', value: null })
    expect(JSON.parse(JSON.stringify(op))).toHaveProperty('value', null)
  })
})

describe('EditorStore pending ops', () => {
  it('queues every applied op, including undo and redo, and replaying them gives the store’s document', () => {
    vi.useFakeTimers()
    const store = fresh()
    const original = structuredClone(store.toDocument())
    store.apply(EDITS[0]!)
    store.apply(EDITS[2]!)
    store.apply(EDITS[6]!) // delete s1 with its subtree
    store.undo() // re-inserts it
    store.apply(EDITS[3]!) // move h1 into s2
    store.undo()
    store.redo()
    store.apply([{ op: 'set', node: 'h1', path: 'props/text', value: 'W' }], { mergeKey: 'k' })
    store.apply([{ op: 'set', node: 'h1', path: 'props/text', value: 'Wo' }], { mergeKey: 'k' })
    store.undo() // undoes both merged sets at once
    store.apply(EDITS[4]!)
    store.apply(EDITS[5]!)
    store.undo()
    store.undo()
    store.redo()

    expect(store.hasPending).toBe(true)
    const ops = store.takePending()
    expect(store.hasPending).toBe(false)
    expect(store.takePending()).toEqual([])
    expect(replay(original, ops, store)).toEqual(store.toDocument())

    // In order: the first ops are the first edits.
    expect(ops[0]).toEqual(EDITS[0]![0])
    expect(ops[1]).toEqual(EDITS[2]![0])
    expect(ops[2]).toEqual(EDITS[6]![0])
    // Undoing the delete re-inserts s1, h1, t1, parents first.
    expect(ops.slice(3, 6).map((o) => (o.op === 'insert' ? o.node.id : o.op))).toEqual(['s1', 'h1', 't1'])
    expect(ops[6]).toEqual(EDITS[3]![0])
  })

  it('restorePending puts ops back before newer ones', () => {
    const store = fresh()
    const original = structuredClone(store.toDocument())
    store.apply(EDITS[0]!)
    const first = store.takePending()
    store.apply(EDITS[1]!)
    store.restorePending(first)
    const all = store.takePending()
    expect(all).toEqual([...EDITS[0]!, ...EDITS[1]!])
    expect(replay(original, all, store)).toEqual(store.toDocument())
  })

  it('reset replaces the document and drops history and pending ops', () => {
    const store = fresh()
    store.apply(EDITS[0]!)
    store.select('t2')
    const other = makeDoc(['root', 'Page', [['z', 'Text']]])
    store.reset(other)
    expect(store.toDocument()).toEqual(other)
    expect(store.canUndo || store.canRedo || store.hasPending).toBe(false)
    expect(store.selection).toBeNull()
    expect(store.children('root')).toEqual(['z'])
  })
})

describe('EditorStore subscriptions and selection', () => {
  function listen(store: EditorStore) {
    const calls: string[] = []
    for (const id of ['root', 's1', 'h1', 't1', 's2', 't2']) store.subscribeNode(id, () => calls.push(id))
    store.subscribe('structure', () => calls.push('structure'))
    store.subscribe('meta', () => calls.push('meta'))
    return calls
  }

  type Case = { name: string; ops: Op[]; want: string[] }
  const cases: Case[] = [
    { name: 'set fires only the node', ops: [{ op: 'set', node: 'h1', path: 'props/text', value: 'x' }], want: ['h1'] },
    { name: 'style set fires only the node', ops: [{ op: 'set', node: 's2', path: 'styles/md/gap', value: 1 }], want: ['s2'] },
    { name: 'meta set fires meta only', ops: [{ op: 'set', path: 'meta/title', value: 'x' }], want: ['meta'] },
    { name: 'insert fires the parent and structure', ops: [{ op: 'insert', node: { id: 'x', type: 'Text', parent: 's2', pos: 'a5' } }], want: ['s2', 'structure'] },
    { name: 'delete fires the parent, the removed nodes and structure', ops: [{ op: 'delete', node: 's1' }], want: ['h1', 'root', 's1', 'structure', 't1'] },
    { name: 'move fires both parents and structure', ops: [{ op: 'move', node: 't1', parent: 's2', pos: 'a5' }], want: ['s1', 's2', 'structure'] },
  ]
  it.each(cases)('$name', ({ ops, want }) => {
    const store = fresh()
    const calls = listen(store)
    store.apply(ops)
    expect([...calls].sort()).toEqual(want)
  })

  it('unsubscribing stops the calls', () => {
    const store = fresh()
    const l = vi.fn()
    const off = store.subscribeNode('h1', l)
    const offS = store.subscribe('structure', l)
    off()
    offS()
    store.apply([{ op: 'set', node: 'h1', path: 'props/text', value: 'x' }])
    store.apply([{ op: 'delete', node: 't1' }])
    expect(l).not.toHaveBeenCalled()
  })

  it('counts structure changes only for insert, delete and move', () => {
    const store = fresh()
    const version = store.version
    store.apply([{ op: 'set', node: 'h1', path: 'props/text', value: 'x' }])
    expect(store.structure).toBe(0)
    store.apply([{ op: 'move', node: 't1', parent: 's2', pos: 'a5' }])
    expect(store.structure).toBe(1)
    expect(store.version).toBe(version + 2)
  })

  it('clears the selection when the selected node is deleted and restores it on undo', () => {
    const store = fresh()
    const sel = vi.fn()
    store.subscribe('selection', sel)
    store.select('t1')
    expect(sel).toHaveBeenCalledTimes(1)
    store.apply([{ op: 'delete', node: 't1' }])
    expect(store.selection).toBeNull()
    store.undo()
    expect(store.selection).toBe('t1')
    store.redo()
    expect(store.selection).toBeNull()
  })

  it('clears the selection when an ancestor is deleted', () => {
    const store = fresh()
    store.select('h1')
    store.apply([{ op: 'delete', node: 's1' }])
    expect(store.selection).toBeNull()
    store.undo()
    expect(store.selection).toBe('h1')
  })

  it('keeps an unrelated selection on delete', () => {
    const store = fresh()
    store.select('t2')
    store.apply([{ op: 'delete', node: 's1' }])
    expect(store.selection).toBe('t2')
  })

  it('onChange reports what changed', () => {
    const store = fresh()
    const seen = vi.fn()
    store.onChange(seen)
    store.apply([{ op: 'set', node: 'h1', path: 'hidden', value: true }])
    expect(seen).toHaveBeenCalledTimes(1)
    expect([...seen.mock.calls[0]![0].updated]).toEqual(['h1'])
  })
})

describe('EditorStore rules and labels', () => {
  it('allowed follows the component types', () => {
    const store = fresh()
    type Case = [string, string, boolean]
    const cases: Case[] = [
      ['Page', 'Section', true],
      ['Page', 'Page', false],
      ['Section', 'Section', true],
      ['Section', 'Text', true],
      ['Heading', 'Text', false],
      ['Text', 'Heading', false],
      ['Section', 'Unknown', false],
      ['Unknown', 'Text', false],
    ]
    for (const [p, c, want] of cases) expect(store.allowed(p, c), `${p} ⊃ ${c}`).toBe(want)
  })

  it('labels a node by its layer name, a naming prop, or its type', () => {
    const store = fresh()
    expect(store.label('h1')).toBe('Heading · Hello')
    expect(store.label('s1')).toBe('Section')
    store.apply([{ op: 'set', node: 'h1', path: 'label', value: 'Main' }])
    expect(store.label('h1')).toBe('Main')
    expect(store.label('nope')).toBe('')
  })

  it('subtreeDocument holds the node, its ancestors and its descendants', () => {
    const store = fresh()
    expect(Object.keys(store.subtreeDocument('s1').nodes).sort()).toEqual(['h1', 'root', 's1', 't1'])
  })
})

describe('EditorStore cost per edit', () => {
  it('a set on a 5,000-node document replaces only the node it edits', () => {
    // root → 50 sections → 99 texts each: 1 + 50 + 4,950 = 5,001 nodes.
    const nodes: Record<string, DocNode> = { root: { id: 'root', type: 'Page' } }
    const secKeys = keysBetween(null, null, 50)
    const kidKeys = keysBetween(null, null, 99)
    for (let s = 0; s < 50; s++) {
      nodes[`s${s}`] = { id: `s${s}`, type: 'Section', parent: 'root', pos: secKeys[s]! }
      for (let t = 0; t < 99; t++) {
        nodes[`s${s}t${t}`] = { id: `s${s}t${t}`, type: 'Text', parent: `s${s}`, pos: kidKeys[t]!, props: { html: `<p>${t}</p>` } }
      }
    }
    const store = new EditorStore({ schemaVersion: 1, root: 'root', meta: {}, nodes }, TYPES)
    expect(store.state.nodes.size).toBe(5001)
    const map = store.state.nodes
    const kids = store.state.kids
    const before = new Map(map)
    const edited = new Set<string>()
    for (let i = 0; i < 500; i++) {
      const id = `s${i % 50}t${(i * 7) % 99}`
      edited.add(id)
      store.apply([{ op: 'set', node: id, path: i % 2 ? 'props/html' : 'styles/base/color', value: i % 2 ? `<p>e${i}</p>` : '#000' }])
    }
    expect(store.state.nodes).toBe(map)
    expect(store.state.kids).toBe(kids)
    let kept = 0
    for (const [id, n] of before) {
      if (edited.has(id)) expect(store.state.nodes.get(id)).not.toBe(n)
      else {
        expect(store.state.nodes.get(id)).toBe(n)
        kept++
      }
    }
    expect(kept).toBe(5001 - edited.size)
    expect(store.historySize).toBe(500)
    expect(store.takePending()).toHaveLength(500)
  })
})
