import { describe, expect, it } from 'vitest'
import { groupChanges, kindInfo, showValue, srcdoc, tagError, type Change } from './api'

describe('kindInfo', () => {
  it.each([
    { kind: 'manual', label: 'Manual', color: 'blue' },
    { kind: 'autosave', label: 'Autosave', color: 'gray' },
    { kind: 'restore', label: 'Restore', color: 'amber' },
    { kind: 'merge', label: 'Merge', color: 'violet' },
    { kind: 'publish', label: 'Publish', color: 'green' },
    { kind: 'weird', label: 'weird', color: 'gray' },
  ])('$kind → $label', ({ kind, label, color }) => {
    expect(kindInfo(kind)).toMatchObject({ label, color })
  })
})

describe('tagError', () => {
  it.each([
    { name: 'simple', tag: 'v1.2_final-ok', ok: true },
    { name: 'forty chars', tag: 'a'.repeat(40), ok: true },
    { name: 'empty', tag: '', ok: false },
    { name: 'too long', tag: 'a'.repeat(41), ok: false },
    { name: 'space', tag: 'winter hours', ok: false },
    { name: 'slash', tag: 'a/b', ok: false },
    { name: 'non-ascii', tag: 'été', ok: false },
  ])('$name', ({ tag, ok }) => {
    expect(tagError(tag) === '').toBe(ok)
  })
})

describe('groupChanges', () => {
  const c = (kind: Change['kind'], label: string): Change => ({ kind, label, path: `Page › ${label}` })
  it('groups by kind in a fixed order, keeps order inside a group and drops empty groups', () => {
    const got = groupChanges([c('changed', 'Heading'), c('added', 'Button'), c('meta', 'Page settings'), c('changed', 'Text'), c('removed', 'Image')])
    expect(got.map((g) => [g.kind, g.items.map((i) => i.label)])).toEqual([
      ['meta', ['Page settings']],
      ['added', ['Button']],
      ['removed', ['Image']],
      ['changed', ['Heading', 'Text']],
    ])
  })
  it('handles null', () => {
    expect(groupChanges(null)).toEqual([])
  })
})

describe('showValue', () => {
  it.each([
    { v: null, want: '—' },
    { v: undefined, want: '—' },
    { v: 'Hi', want: 'Hi' },
    { v: '', want: '""' },
    { v: 3, want: '3' },
    { v: { a: 1 }, want: '{"a":1}' },
  ])('$v', ({ v, want }) => expect(showValue(v)).toBe(want))
})

describe('srcdoc', () => {
  it('puts the CSS in a style in the head and the HTML in the body', () => {
    const s = srcdoc({ html: '<h1>Hi</h1>', css: 'h1{color:red}', scripts: [] })
    expect(s).toContain('<head><meta charset="utf-8"><style>h1{color:red}</style></head><body><h1>Hi</h1></body>')
  })
})
