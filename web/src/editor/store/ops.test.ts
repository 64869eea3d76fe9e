import { describe, expect, it } from 'vitest'
import type { DocNode, Op, PageDocument } from '../types'
import { keysBetween } from './fracindex'
import { OpError, applyOps, buildKids, emptyChange, isAncestor, subtree, type ChildRule, type DocState } from './ops'
import { specDoc, type Spec } from './testdoc'

// A document as a nested spec: [id, type, children, extra fields].
const makeDoc = (spec: Spec) => specDoc(spec, { title: 'Flu clinic', lang: 'en' })

function stateOf(doc: PageDocument): DocState {
  const nodes = new Map(Object.entries(structuredClone(doc.nodes)))
  return { root: doc.root, meta: { ...doc.meta }, nodes, kids: buildKids(nodes, doc.root) }
}

/** A deep copy of what a state holds, to compare with after ops and their inverse. */
function snapshot(s: DocState) {
  return {
    meta: structuredClone(s.meta),
    nodes: structuredClone(s.nodes),
    kids: new Map([...s.kids].map(([k, v]) => [k, [...v]])),
  }
}

function expectSame(s: DocState, snap: ReturnType<typeof snapshot>) {
  expect(s.meta).toEqual(snap.meta)
  expect(s.nodes).toEqual(snap.nodes)
  expect(s.kids).toEqual(snap.kids)
  // The incremental child index always equals a rebuilt one.
  expect(s.kids).toEqual(buildKids(s.nodes, s.root))
}

const anyChild: ChildRule = () => true
/** Headings and Text hold nothing; nothing holds a Page. */
const rules: ChildRule = (parent, child) => child !== 'Page' && parent !== 'Heading' && parent !== 'Text'

const DOC = makeDoc([
  'root',
  'Page',
  [
    [
      's1',
      'Section',
      [
        ['h1', 'Heading', [], { props: { text: 'Hello', level: 1 }, label: 'Title' }],
        ['t1', 'Text', [], { props: { html: '<p>One</p>' } }],
        ['inner', 'Section', [['t3', 'Text']]],
      ],
      { styles: { base: { color: 'red' }, md: { padding: '1rem', margin: 0 } }, props: { width: 'wide' }, bind: { title: 'page.title' } },
    ],
    ['s2', 'Section', [['t2', 'Text', [], { hidden: true, locked: true }]]],
  ],
])

function apply(s: DocState, ops: Op[], allowed = rules) {
  const change = emptyChange()
  const inverse = applyOps(s, ops, allowed, change)
  return { inverse, change }
}

describe('applyOps set', () => {
  type Case = { name: string; op: Op; check: (s: DocState) => void; invPath?: string }
  const cases: Case[] = [
    { name: 'changes a prop', op: { op: 'set', node: 'h1', path: 'props/text', value: 'Bye' }, check: (s) => expect(s.nodes.get('h1')!.props).toEqual({ text: 'Bye', level: 1 }) },
    { name: 'adds a prop', op: { op: 'set', node: 'h1', path: '/props/align', value: 'center' }, check: (s) => expect(s.nodes.get('h1')!.props!.align).toBe('center') },
    { name: 'adds a prop to a node without props', op: { op: 'set', node: 't3', path: 'props/html', value: '<p>x</p>' }, check: (s) => expect(s.nodes.get('t3')!.props).toEqual({ html: '<p>x</p>' }) },
    { name: 'removes a prop', op: { op: 'set', node: 'h1', path: 'props/level', value: null }, check: (s) => expect(s.nodes.get('h1')!.props).toEqual({ text: 'Hello' }) },
    { name: 'removes the last prop', op: { op: 'set', node: 't1', path: 'props/html', value: null }, check: (s) => expect(s.nodes.get('t1')!.props).toBeUndefined() },
    { name: 'sets an escaped prop name', op: { op: 'set', node: 'h1', path: 'props/a~1b~0c', value: 1 }, check: (s) => expect(s.nodes.get('h1')!.props!['a/b~c']).toBe(1) },
    { name: 'replaces all props', op: { op: 'set', node: 'h1', path: 'props', value: { text: 'New' } }, check: (s) => expect(s.nodes.get('h1')!.props).toEqual({ text: 'New' }) },
    { name: 'removes all props', op: { op: 'set', node: 'h1', path: 'props', value: null }, check: (s) => expect(s.nodes.get('h1')!.props).toBeUndefined() },
    { name: 'sets a binding', op: { op: 'set', node: 's1', path: 'bind/title', value: 'site.name' }, check: (s) => expect(s.nodes.get('s1')!.bind).toEqual({ title: 'site.name' }) },
    { name: 'changes a style', op: { op: 'set', node: 's1', path: 'styles/base/color', value: 'blue' }, check: (s) => expect(s.nodes.get('s1')!.styles!.base).toEqual({ color: 'blue' }) },
    { name: 'sets a numeric style', op: { op: 'set', node: 's1', path: 'styles/md/margin', value: 8 }, check: (s) => expect(s.nodes.get('s1')!.styles!.md!.margin).toBe(8) },
    {
      name: 'creates a breakpoint',
      op: { op: 'set', node: 's1', path: 'styles/lg/gap', value: '2rem' },
      check: (s) => expect(s.nodes.get('s1')!.styles!.lg).toEqual({ gap: '2rem' }),
      invPath: 'styles/lg',
    },
    {
      name: 'creates the first breakpoint',
      op: { op: 'set', node: 'h1', path: 'styles/hover/color', value: 'red' },
      check: (s) => expect(s.nodes.get('h1')!.styles).toEqual({ hover: { color: 'red' } }),
      invPath: 'styles/hover',
    },
    {
      name: 'removes a breakpoint’s last style, keeping the breakpoint like the server',
      op: { op: 'set', node: 's1', path: 'styles/base/color', value: null },
      check: (s) => expect(s.nodes.get('s1')!.styles!.base).toEqual({}),
    },
    { name: 'removes a breakpoint', op: { op: 'set', node: 's1', path: 'styles/md', value: null }, check: (s) => expect(Object.keys(s.nodes.get('s1')!.styles!)).toEqual(['base']) },
    { name: 'replaces a breakpoint', op: { op: 'set', node: 's1', path: 'styles/md', value: { gap: 1 } }, check: (s) => expect(s.nodes.get('s1')!.styles!.md).toEqual({ gap: 1 }) },
    { name: 'removes all styles', op: { op: 'set', node: 's1', path: 'styles', value: null }, check: (s) => expect(s.nodes.get('s1')!.styles).toBeUndefined() },
    { name: 'renames a layer', op: { op: 'set', node: 'h1', path: 'label', value: 'Main title' }, check: (s) => expect(s.nodes.get('h1')!.label).toBe('Main title') },
    { name: 'names an unnamed layer', op: { op: 'set', node: 't1', path: 'label', value: 'Intro' }, check: (s) => expect(s.nodes.get('t1')!.label).toBe('Intro') },
    { name: 'clears a layer name', op: { op: 'set', node: 'h1', path: 'label', value: null }, check: (s) => expect(s.nodes.get('h1')!.label).toBeUndefined() },
    { name: 'hides', op: { op: 'set', node: 'h1', path: 'hidden', value: true }, check: (s) => expect(s.nodes.get('h1')!.hidden).toBe(true) },
    { name: 'shows with false', op: { op: 'set', node: 't2', path: 'hidden', value: false }, check: (s) => expect(s.nodes.get('t2')!.hidden).toBeUndefined() },
    { name: 'unlocks with null', op: { op: 'set', node: 't2', path: 'locked', value: null }, check: (s) => expect(s.nodes.get('t2')!.locked).toBeUndefined() },
    { name: 'locks', op: { op: 'set', node: 'h1', path: 'locked', value: true }, check: (s) => expect(s.nodes.get('h1')!.locked).toBe(true) },
    { name: 'changes the title', op: { op: 'set', path: 'meta/title', value: 'Vaccines' }, check: (s) => expect(s.meta.title).toBe('Vaccines') },
    { name: 'adds a description', op: { op: 'set', path: 'meta/description', value: 'About' }, check: (s) => expect(s.meta.description).toBe('About') },
    { name: 'removes the language', op: { op: 'set', path: 'meta/lang', value: null }, check: (s) => expect('lang' in s.meta).toBe(false) },
  ]

  it.each(cases)('$name, and its inverse restores the state', ({ op, check, invPath }) => {
    const s = stateOf(DOC)
    const before = snapshot(s)
    const nodesMap = s.nodes
    const { inverse, change } = apply(s, [op])
    check(s)
    expect(s.nodes).toBe(nodesMap)
    expect(inverse).toHaveLength(1)
    if (invPath) expect(inverse[0]).toMatchObject({ op: 'set', path: invPath, value: null })
    if (op.op === 'set' && op.path.startsWith('meta')) {
      expect(change.meta).toBe(true)
      expect(change.updated.size).toBe(0)
    } else if (op.op === 'set') {
      expect([...change.updated]).toEqual([op.node])
      expect(change.reparented.size + change.inserted.size + change.removed.size).toBe(0)
      // Copy-on-write: the old node object is untouched.
      expect(before.nodes.get(op.node!)).toEqual(DOC.nodes[op.node!])
    }
    apply(s, inverse, anyChild)
    expectSame(s, before)
  })

  it('treats an undefined value as null', () => {
    const s = stateOf(DOC)
    apply(s, [{ op: 'set', node: 'h1', path: 'props/level', value: undefined }])
    expect(s.nodes.get('h1')!.props).toEqual({ text: 'Hello' })
  })

  it('removing a style from an absent breakpoint is a no-op with no inverse', () => {
    const s = stateOf(DOC)
    const before = snapshot(s)
    const h1 = s.nodes.get('h1')
    const { inverse, change } = apply(s, [{ op: 'set', node: 'h1', path: 'styles/lg/color', value: null }])
    expect(inverse).toEqual([])
    expect(change.updated.size).toBe(0)
    expect(s.nodes.get('h1')).toBe(h1)
    expectSame(s, before)
  })

  it('an empty breakpoint from the server survives a set and its undo', () => {
    const doc = makeDoc(['root', 'Page', [['s', 'Section', [], { styles: { md: {} } }]]])
    const s = stateOf(doc)
    const before = snapshot(s)
    const { inverse } = apply(s, [{ op: 'set', node: 's', path: 'styles/md/color', value: 'red' }])
    apply(s, inverse, anyChild)
    expectSame(s, before)
  })
})

describe('applyOps insert, delete, move', () => {
  it('inserts at the start, middle and end, ordered by pos', () => {
    const s = stateOf(DOC)
    const before = snapshot(s)
    const [a, b, c] = [s.nodes.get('h1')!.pos!, s.nodes.get('t1')!.pos!, s.nodes.get('inner')!.pos!]
    const [first] = keysBetween(null, a, 1)
    const [mid] = keysBetween(a, b, 1)
    const [last] = keysBetween(c, null, 1)
    const ops: Op[] = [
      { op: 'insert', node: { id: 'x1', type: 'Text', parent: 's1', pos: last! } },
      { op: 'insert', node: { id: 'x2', type: 'Text', parent: 's1', pos: first! } },
      { op: 'insert', node: { id: 'x3', type: 'Text', parent: 's1', pos: mid!, props: { html: '<p>m</p>' } } },
    ]
    const { inverse, change } = apply(s, ops)
    expect(s.kids.get('s1')).toEqual(['x2', 'h1', 'x3', 't1', 'inner', 'x1'])
    expect([...change.inserted].sort()).toEqual(['x1', 'x2', 'x3'])
    expect([...change.reparented]).toEqual(['s1'])
    expect(inverse).toEqual([
      { op: 'delete', node: 'x3' },
      { op: 'delete', node: 'x2' },
      { op: 'delete', node: 'x1' },
    ])
    apply(s, inverse, anyChild)
    expectSame(s, before)
  })

  it('inserts into an empty parent and undoes to no child list', () => {
    const s = stateOf(DOC)
    const before = snapshot(s)
    expect(s.kids.has('h1')).toBe(false)
    const { inverse } = apply(s, [{ op: 'insert', node: { id: 'x', type: 'Text', parent: 't3', pos: 'a0' } }], anyChild)
    expect(s.kids.get('t3')).toEqual(['x'])
    apply(s, inverse, anyChild)
    expectSame(s, before)
  })

  it('deletes a subtree and re-inserts it parents first', () => {
    const s = stateOf(DOC)
    const before = snapshot(s)
    const { inverse, change } = apply(s, [{ op: 'delete', node: 's1' }])
    for (const id of ['s1', 'h1', 't1', 'inner', 't3']) expect(s.nodes.has(id)).toBe(false)
    for (const id of ['s1', 'inner']) expect(s.kids.has(id)).toBe(false)
    expect(s.kids.get('root')).toEqual(['s2'])
    expect([...change.removed].sort()).toEqual(['h1', 'inner', 's1', 't1', 't3'])
    expect([...change.reparented]).toEqual(['root'])
    // Every insert's parent is in the document or inserted before it.
    expect(inverse.every((op) => op.op === 'insert')).toBe(true)
    expect(inverse.map((op) => (op.op === 'insert' ? op.node.id : ''))).toEqual(['s1', 'h1', 't1', 'inner', 't3'])
    apply(s, inverse, anyChild)
    expectSame(s, before)
  })

  it('deletes a subtree inside a batch and undoes the batch', () => {
    const s = stateOf(DOC)
    const before = snapshot(s)
    const ops: Op[] = [
      { op: 'set', node: 'h1', path: 'props/text', value: 'Changed first' },
      { op: 'move', node: 't2', parent: 'inner', pos: 'a5' },
      { op: 'delete', node: 's1' },
      { op: 'set', path: 'meta/title', value: 'After' },
    ]
    const { inverse } = apply(s, ops)
    expect(s.nodes.has('t2')).toBe(false) // moved into s1's subtree, then deleted with it
    apply(s, inverse, anyChild)
    expectSame(s, before)
  })

  type MoveCase = { name: string; op: Extract<Op, { op: 'move' }>; kids: Record<string, string[] | undefined> }
  const moves: MoveCase[] = [
    { name: 'to another parent', op: { op: 'move', node: 't1', parent: 's2', pos: 'a5' }, kids: { s1: ['h1', 'inner'], s2: ['t2', 't1'] } },
    { name: 'to the start of its parent', op: { op: 'move', node: 'inner', parent: 's1', pos: 'Zz' }, kids: { s1: ['inner', 'h1', 't1'] } },
    { name: 'after a node in another parent', op: { op: 'move', node: 's2', parent: 'inner', pos: 'a1' }, kids: { root: ['s1'], inner: ['t3', 's2'] } },
    { name: 'the last child out', op: { op: 'move', node: 't3', parent: 'root', pos: 'a0a0' }, kids: { inner: undefined, root: ['s1', 't3', 's2'] } },
  ]
  it.each(moves)('moves $name, and the inverse restores the state', ({ op, kids }) => {
    const s = stateOf(DOC)
    const before = snapshot(s)
    const { inverse, change } = apply(s, [op])
    for (const [parent, want] of Object.entries(kids)) expect(s.kids.get(parent)).toEqual(want)
    expect(s.nodes.get(op.node)).toMatchObject({ parent: op.parent, pos: op.pos })
    expect(change.reparented.has(op.parent)).toBe(true)
    expect(change.reparented.has(DOC.nodes[op.node]!.parent!)).toBe(true)
    expect(inverse).toEqual([{ op: 'move', node: op.node, parent: DOC.nodes[op.node]!.parent, pos: DOC.nodes[op.node]!.pos }])
    apply(s, inverse, anyChild)
    expectSame(s, before)
  })
})

describe('applyOps failures change nothing', () => {
  type Case = { name: string; ops: Op[]; allowed?: ChildRule }
  const cases: Case[] = [
    { name: 'move into itself', ops: [{ op: 'move', node: 's1', parent: 's1', pos: 'a0' }], allowed: anyChild },
    { name: 'move into its child', ops: [{ op: 'move', node: 's1', parent: 'inner', pos: 'a0' }], allowed: anyChild },
    { name: 'move into its grandchild', ops: [{ op: 'move', node: 's1', parent: 't3', pos: 'a0' }], allowed: anyChild },
    { name: 'move the root', ops: [{ op: 'move', node: 'root', parent: 's2', pos: 'a0' }], allowed: anyChild },
    { name: 'move into a disallowed parent', ops: [{ op: 'move', node: 't1', parent: 'h1', pos: 'a0' }] },
    { name: 'move with a bad pos', ops: [{ op: 'move', node: 't1', parent: 's2', pos: '!!' }] },
    { name: 'move a missing node', ops: [{ op: 'move', node: 'nope', parent: 's2', pos: 'a0' }] },
    { name: 'move to a missing parent', ops: [{ op: 'move', node: 't1', parent: 'nope', pos: 'a0' }] },
    { name: 'insert a disallowed child', ops: [{ op: 'insert', node: { id: 'x', type: 'Text', parent: 'h1', pos: 'a0' } }] },
    { name: 'insert a Page', ops: [{ op: 'insert', node: { id: 'x', type: 'Page', parent: 's1', pos: 'a0' } }] },
    { name: 'insert a duplicate id', ops: [{ op: 'insert', node: { id: 't1', type: 'Text', parent: 's2', pos: 'a0' } }] },
    { name: 'insert without a parent', ops: [{ op: 'insert', node: { id: 'x', type: 'Text', pos: 'a0' } }] },
    { name: 'insert under a missing parent', ops: [{ op: 'insert', node: { id: 'x', type: 'Text', parent: 'nope', pos: 'a0' } }] },
    { name: 'insert without a pos', ops: [{ op: 'insert', node: { id: 'x', type: 'Text', parent: 's2' } }] },
    { name: 'delete the root', ops: [{ op: 'delete', node: 'root' }] },
    { name: 'delete a missing node', ops: [{ op: 'delete', node: 'nope' }] },
    { name: 'set on a missing node', ops: [{ op: 'set', node: 'nope', path: 'props/x', value: 1 }] },
    { name: 'set a prop too deep', ops: [{ op: 'set', node: 'h1', path: 'props/a/b', value: 1 }] },
    { name: 'set a style too deep', ops: [{ op: 'set', node: 'h1', path: 'styles/base/color/x', value: 1 }] },
    { name: 'set an object style value', ops: [{ op: 'set', node: 'h1', path: 'styles/base/color', value: { x: 1 } }] },
    { name: 'set props to a string', ops: [{ op: 'set', node: 'h1', path: 'props', value: 'x' }] },
    { name: 'set the type', ops: [{ op: 'set', node: 'h1', path: 'type', value: 'Text' }] },
    { name: 'set the parent', ops: [{ op: 'set', node: 'h1', path: 'parent', value: 's2' }] },
    { name: 'set an empty segment', ops: [{ op: 'set', node: 'h1', path: 'props//x', value: 1 }] },
    { name: 'set hidden to a string', ops: [{ op: 'set', node: 'h1', path: 'hidden', value: 'yes' }] },
    { name: 'set a label to a number', ops: [{ op: 'set', node: 'h1', path: 'label', value: 3 }] },
    { name: 'set an unknown meta field', ops: [{ op: 'set', path: 'meta/author', value: 'x' }] },
    { name: 'set meta with a node', ops: [{ op: 'set', node: 'h1', path: 'meta/title', value: 'x' }] },
    { name: 'set meta to a number', ops: [{ op: 'set', path: 'meta/title', value: 1 }] },
    {
      name: 'a failing op after others in a batch',
      ops: [
        { op: 'set', node: 'h1', path: 'props/text', value: 'Changed' },
        { op: 'set', path: 'meta/title', value: 'Changed' },
        { op: 'insert', node: { id: 'x', type: 'Text', parent: 's2', pos: 'Zz' } },
        { op: 'move', node: 't1', parent: 's2', pos: 'a9' },
        { op: 'delete', node: 's1' },
        { op: 'set', node: 'x', path: 'styles/md/color', value: 'red' },
        { op: 'move', node: 's2', parent: 't2', pos: 'a0' }, // t2 is inside s2: a cycle
        { op: 'set', node: 'h1', path: 'props/text', value: 'never' },
      ],
      allowed: anyChild,
    },
    {
      name: 'an op that depends on a deleted node in the middle of a batch',
      ops: [
        { op: 'delete', node: 'inner' },
        { op: 'insert', node: { id: 'x', type: 'Text', parent: 'inner', pos: 'a0' } },
      ],
    },
  ]
  it.each(cases)('$name throws OpError', ({ ops, allowed }) => {
    const s = stateOf(DOC)
    const before = snapshot(s)
    const nodeObjects = new Map(s.nodes)
    expect(() => apply(s, ops, allowed ?? rules)).toThrow(OpError)
    expectSame(s, before)
    // Nodes the failed batch never touched keep their identity.
    for (const [id, n] of nodeObjects) {
      if (!ops.some((op) => (op.op === 'insert' ? op.node.id : op.node) === id || (op.op === 'delete' && isAncestor(stateOf(DOC), op.node, id)))) {
        expect(s.nodes.get(id)).toBe(n)
      }
    }
  })
})

describe('tree helpers', () => {
  it('subtree lists parents before children in document order', () => {
    expect(subtree(stateOf(DOC), 's1')).toEqual(['s1', 'h1', 't1', 'inner', 't3'])
  })
  it('isAncestor includes the node itself', () => {
    const s = stateOf(DOC)
    expect(isAncestor(s, 's1', 't3')).toBe(true)
    expect(isAncestor(s, 's1', 's1')).toBe(true)
    expect(isAncestor(s, 's2', 't3')).toBe(false)
  })
  it('buildKids orders by pos, then id', () => {
    const nodes = new Map<string, DocNode>([
      ['r', { id: 'r', type: 'Page' }],
      ['b', { id: 'b', type: 'Text', parent: 'r', pos: 'a1' }],
      ['a', { id: 'a', type: 'Text', parent: 'r', pos: 'a1' }],
      ['c', { id: 'c', type: 'Text', parent: 'r', pos: 'a0' }],
    ])
    expect(buildKids(nodes, 'r').get('r')).toEqual(['c', 'a', 'b'])
  })
})
