import { afterEach, describe, expect, it, vi } from 'vitest'
import type { EditorStore } from '../store/store'
import { CanvasController, nodeIdOf } from './controller'

describe('nodeIdOf', () => {
  const has = (id: string) => ['root', 's1', 'x1'].includes(id)
  it('keeps the ids of document nodes', () => {
    expect(nodeIdOf('s1', has)).toBe('s1')
    expect(nodeIdOf('x1', has)).toBe('x1')
  })
  it('maps the nodes of an instance to the instance', () => {
    expect(nodeIdOf('x1_t', has)).toBe('x1')
    expect(nodeIdOf('x1_c_t', has)).toBe('x1')
  })
  it('leaves other ids alone', () => {
    expect(nodeIdOf('gone', has)).toBe('gone')
    expect(nodeIdOf('_x', has)).toBe('_x')
  })
})

describe('CanvasController.nodeAt', () => {
  afterEach(() => {
    document.body.innerHTML = ''
    Reflect.deleteProperty(document, 'elementFromPoint')
    vi.restoreAllMocks()
  })

  // A canvas showing a section that holds an instance of a card component,
  // as the renderer marks it in editor mode.
  function setup(locked: string[] = []) {
    document.body.innerHTML =
      '<section data-pw-node="s1"><div data-pw-node="x1"><h3>Title</h3><div data-pw-node="x1_t"><p id="inner">Hours</p></div></div></section>'
    const nodes: Record<string, { id: string; type: string; locked?: boolean }> = {
      s1: { id: 's1', type: 'Section' },
      x1: { id: 'x1', type: 'Instance' },
    }
    for (const id of locked) nodes[id] = { ...nodes[id]!, locked: true }
    const store = { node: (id: string) => nodes[id] } as unknown as EditorStore
    const c = new CanvasController(store, 'site', false, {
      onLayout() {},
      onError() {},
      onInlineEdit() {},
      onKey() {},
      onClipboard() {},
    })
    vi.spyOn(c, 'document', 'get').mockReturnValue(document)
    return c
  }

  it('selects the instance for an element inside it', () => {
    const c = setup()
    document.elementFromPoint = () => document.getElementById('inner')
    expect(c.nodeAt(1, 1)).toBe('x1')
  })

  it('skips a locked instance', () => {
    const c = setup(['x1'])
    document.elementFromPoint = () => document.getElementById('inner')
    expect(c.nodeAt(1, 1)).toBe('s1')
  })
})
