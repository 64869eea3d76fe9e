import { describe, expect, it } from 'vitest'
import { compareSemver, nextVersion, parseRef, requiredBump } from '../../screens/components/api'
import { cancelSymbolEdit, placePublished, startSymbolEdit } from './editing'
import {
  camelKey,
  componentDocument,
  detachOps,
  exposableLabel,
  exposableProps,
  fitOverrides,
  keyError,
  mergeStyles,
  replaceWithInstance,
  suggestKey,
} from './symbols'
import { COMPONENT_ID, instanceStore, makeComponent, makeVersion, pageStore } from './testing'

describe('exposable props', () => {
  it('lists every prop of the subtree’s nodes, skipping Embed and Instance nodes', () => {
    const store = pageStore()
    const props = exposableProps(store, 'sec')
    expect(props.map(exposableLabel)).toEqual([
      'Heading “Walk-in hours” · Text',
      'Heading “Walk-in hours” · Heading level',
      'Button “Book now” · Text',
      'Button “Book now” · Link',
      'Button “Book now” · Style',
    ])
    expect(props.find((p) => p.node === 'btn' && p.prop === 'href')?.type).toBe('string')
  })
})

describe('keys', () => {
  it('camelCases names and props into keys the server accepts', () => {
    expect(camelKey('Walk-in hours')).toBe('walkInHours')
    expect(camelKey('2nd line')).toBe('p2ndLine')
    expect(camelKey('Café menu')).toBe('cafeMenu')
    expect(suggestKey('Heading', 'text', [])).toBe('headingText')
    expect(suggestKey('Hero', 'brandHref', [])).toBe('heroBrandHref')
    expect(suggestKey('Heading', 'text', ['headingText', 'HEADINGTEXT2'])).toBe('headingText3')
  })

  it('validates keys like the server (a letter, then letters and digits; unique ignoring case)', () => {
    expect(keyError('title', [])).toBeNull()
    expect(keyError('', [])).toBe('Enter a key.')
    expect(keyError('1title', [])).toMatch(/Use a letter/)
    expect(keyError('my title', [])).toMatch(/Use a letter/)
    expect(keyError('a'.repeat(41), [])).toMatch(/Use a letter/)
    expect(keyError('Title', ['title'])).toBe('Another prop already uses this key.')
  })
})

describe('the component document', () => {
  it('is a page whose root has exactly one child: the selection, ids kept', () => {
    const store = pageStore()
    const d = componentDocument(store, 'sec', 'Opening hours')
    expect(d.root).toBe('root')
    expect(d.meta.title).toBe('Opening hours')
    expect(d.nodes.root).toEqual({ id: 'root', type: 'Page', props: {} })
    expect(Object.values(d.nodes).filter((n) => n.parent === 'root').map((n) => n.id)).toEqual(['sec'])
    expect(d.nodes.sec!.pos).toBe('a0')
    expect(Object.keys(d.nodes).sort()).toEqual(['btn', 'emb', 'h1', 'root', 'sec'])
    expect(d.nodes.foot).toBeUndefined()
    // The store is untouched.
    expect(store.node('sec')!.parent).toBe('root')
  })

  it('replaces the subtree with an instance in one undo step', () => {
    const store = pageStore()
    const pos = store.node('sec')!.pos
    const id = replaceWithInstance(store, 'sec', `${COMPONENT_ID}@1.0.0`, { label: 'Opening hours' })
    expect(store.node('sec')).toBeUndefined()
    expect(store.node('h1')).toBeUndefined()
    expect(store.node(id)).toMatchObject({ type: 'Instance', parent: 'root', pos, label: 'Opening hours', props: { component: `${COMPONENT_ID}@1.0.0`, overrides: {} } })
    expect(store.children('root')).toEqual([id, 'foot'])
    expect(store.selection).toBe(id)
    store.undo()
    expect(store.node(id)).toBeUndefined()
    expect(store.children('root')).toEqual(['sec', 'foot'])
    expect(store.children('sec')).toEqual(['h1', 'btn', 'emb'])
  })
})

describe('detach', () => {
  it('replaces the instance with a copy with fresh ids and the overrides applied, in one undo step', () => {
    const store = instanceStore('1.0.0', { title: 'Open late on Thursdays' }, { styles: { base: { color: 'blue' }, md: { margin: '0' } } })
    const v = makeVersion()
    const { ops, root, idMap } = detachOps(store, 'inst', v)
    store.apply(ops, { label: 'Detach' })
    expect(store.node('inst')).toBeUndefined()
    expect(store.children('root')).toEqual(['first', root, 'last'])
    // Fresh ids, none of the component's.
    expect(Object.keys(idMap).sort()).toEqual(['b', 's', 't'])
    for (const [from, to] of Object.entries(idMap)) {
      expect(to).not.toBe(from)
      expect(store.node(to)).toBeTruthy()
    }
    const top = store.node(root)!
    expect(top.type).toBe('Section')
    expect(top.label).toBe('Opening hours')
    // The instance's styles merged over the component's, as the renderer does.
    expect(top.styles).toEqual({ base: { padding: '8px', color: 'blue' }, md: { margin: '0' } })
    const [t, b] = store.children(root)
    expect(store.node(t!)!.props).toEqual({ text: 'Open late on Thursdays', level: 2 })
    expect(store.node(b!)!.props).toEqual({ text: 'Call us' })
    expect(store.historySize).toBe(1)
    store.undo()
    expect(store.node('inst')!.type).toBe('Instance')
    expect(store.node(root)).toBeUndefined()
  })

  it('copies the component as it is when editing it (no overrides, no instance styles)', () => {
    const store = instanceStore('1.0.0', { title: 'Only here' }, { styles: { base: { color: 'blue' } } })
    const { ops, root } = detachOps(store, 'inst', makeVersion(), false)
    store.apply(ops)
    expect(store.node(root)!.styles).toEqual({ base: { padding: '8px', color: 'red' } })
    expect(store.node(store.children(root)[0]!)!.props).toEqual({ text: 'Open today', level: 2 })
  })

  it('merges styles breakpoint by breakpoint', () => {
    expect(mergeStyles({ base: { a: '1', b: '2' } }, { base: { b: '3' }, hover: { c: '4' } })).toEqual({ base: { a: '1', b: '3' }, hover: { c: '4' } })
    expect(mergeStyles(undefined, undefined)).toBeUndefined()
  })
})

describe('overrides across versions', () => {
  it('keeps the overrides the other version exposes with the same type', () => {
    const exposed = makeVersion('2.0.0', { exposed: [{ key: 'title', node: 't', prop: 'level', label: 'Level', type: 'integer' }] }).exposed
    expect(fitOverrides({ title: 'x', buttonText: 'y' }, exposed)).toEqual({ kept: {}, dropped: ['title', 'buttonText'] })
    expect(fitOverrides({ title: 3 }, exposed)).toEqual({ kept: { title: 3 }, dropped: [] })
  })
})

describe('semver', () => {
  it('parses references and compares versions', () => {
    expect(parseRef(`${COMPONENT_ID}@1.2.0`)).toEqual({ id: COMPONENT_ID, version: '1.2.0' })
    expect(parseRef('nope')).toBeNull()
    expect(parseRef(`${COMPONENT_ID}@v1`)).toBeNull()
    expect(compareSemver('1.10.0', '1.9.9')).toBeGreaterThan(0)
    expect(nextVersion('1.2.3', 'patch')).toBe('1.2.4')
    expect(nextVersion('1.2.3', 'minor')).toBe('1.3.0')
    expect(nextVersion('1.2.3', 'major')).toBe('2.0.0')
  })

  it('needs major for removed or retyped props, minor for added ones', () => {
    const old = [
      { key: 'title', type: 'string' },
      { key: 'level', type: 'integer' },
    ]
    expect(requiredBump(old, old).bump).toBe('patch')
    expect(requiredBump(old, [...old, { key: 'more', type: 'string' }])).toMatchObject({ bump: 'minor', added: ['more'] })
    expect(requiredBump(old, [old[0]!])).toMatchObject({ bump: 'major', removed: ['level'] })
    expect(requiredBump(old, [old[0]!, { key: 'level', type: 'string' }])).toMatchObject({ bump: 'major', retyped: ['level'] })
  })
})

describe('editing a component in place', () => {
  it('swaps the instance for an editable copy, and back on cancel', () => {
    const store = instanceStore('1.0.0', { title: 'Only here' })
    const edit = startSymbolEdit(store, 'inst', makeComponent(), makeVersion())
    expect(store.node('inst')).toBeUndefined()
    expect(store.selection).toBe(edit.copyRoot)
    expect(store.node(edit.idMap.t!)!.props!.text).toBe('Open today')
    cancelSymbolEdit(store, edit)
    expect(store.node(edit.copyRoot)).toBeUndefined()
    expect(store.node('inst')!.props).toEqual({ component: `${COMPONENT_ID}@1.0.0`, overrides: { title: 'Only here' } })
    expect(store.children('root')).toEqual(['first', 'inst', 'last'])
  })

  it('places the published version with the overrides that still fit', () => {
    const store = instanceStore('1.0.0', { title: 'Only here', buttonText: 'Ring' })
    const edit = startSymbolEdit(store, 'inst', makeComponent(), makeVersion())
    const v2 = makeVersion('2.0.0', { exposed: [{ key: 'title', node: 'x', prop: 'text', label: 'Title', type: 'string' }] })
    const { instanceId, dropped } = placePublished(store, edit, v2)
    expect(dropped).toEqual(['buttonText'])
    expect(store.node(edit.copyRoot)).toBeUndefined()
    expect(store.node(instanceId)).toMatchObject({ type: 'Instance', label: 'Opening hours', props: { component: `${COMPONENT_ID}@2.0.0`, overrides: { title: 'Only here' } } })
    expect(store.children('root')).toEqual(['first', instanceId, 'last'])
  })
})
