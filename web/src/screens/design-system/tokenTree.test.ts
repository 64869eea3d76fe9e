import { describe, expect, it } from 'vitest'
import {
  addToken,
  aliasTarget,
  categoryOf,
  colorScales,
  deleteToken,
  draftOverrides,
  errorTarget,
  flatten,
  isAlias,
  isSemanticColor,
  locateInJSON,
  pathError,
  referrers,
  resolveToken,
  lookupOf,
  setTokenDescription,
  setTokenValue,
  shadowCss,
  textToValue,
  themedTokens,
  valueToText,
  type TokenTree,
} from './tokenTree'

const base: TokenTree = {
  color: {
    $type: 'color',
    white: { $value: '#ffffff' },
    teal: {
      '500': { $value: '#14b8a6' },
      '700': { $value: '#0f766e' },
    },
    primary: { $value: '{color.teal.700}', $description: 'Buttons and links.' },
    text: { default: { $value: '{color.teal.700}' } },
    shadow: { $value: 'rgb(15 23 42 / 0.12)' },
  },
  space: { $type: 'dimension', '4': { $value: '1rem' } },
  shadow: {
    $type: 'shadow',
    sm: { $value: { offsetX: '0', offsetY: '1px', blur: '2px', spread: '0', color: '{color.shadow}' } },
  },
  button: { background: { $value: '{color.primary}' } },
}

describe('flatten', () => {
  it('lists tokens in order with inherited types', () => {
    const flat = flatten(base)
    expect(flat.map((t) => t.path)).toEqual([
      'color.white',
      'color.teal.500',
      'color.teal.700',
      'color.primary',
      'color.text.default',
      'color.shadow',
      'space.4',
      'shadow.sm',
      'button.background',
    ])
    expect(flat.find((t) => t.path === 'color.teal.500')?.type).toBe('color')
    expect(flat.find((t) => t.path === 'button.background')?.type).toBe('')
    expect(flat.find((t) => t.path === 'color.primary')?.description).toBe('Buttons and links.')
  })

  it('ignores what is not a group or token', () => {
    expect(flatten({ $description: 'x', odd: 3, list: [1] } as TokenTree)).toEqual([])
  })
})

describe('aliases', () => {
  it.each([
    ['{color.blue.500}', true, 'color.blue.500'],
    [' {space.4} ', false, null],
    ['{color.$x}', false, null],
    ['#fff', false, null],
    ['{a}{b}', false, null],
    [42, false, null],
  ])('%s', (v, alias, target) => {
    expect(isAlias(v)).toBe(alias)
    expect(aliasTarget(v)).toBe(target)
  })

  it('resolves chains and reports cycles and missing targets', () => {
    const lookup = lookupOf(flatten(base))
    expect(resolveToken('button.background', lookup)).toMatchObject({
      value: '#0f766e',
      type: 'color',
      chain: ['color.primary', 'color.teal.700'],
    })
    const loop = lookupOf(flatten({ a: { $value: '{b}' }, b: { $value: '{a}' } }))
    expect(resolveToken('a', loop).error).toMatch(/cycle/)
    const missing = lookupOf(flatten({ a: { $value: '{nope}' } }))
    expect(resolveToken('a', missing).error).toMatch(/does not exist/)
  })

  it('resolves aliases inside composites', () => {
    const r = resolveToken('shadow.sm', lookupOf(flatten(base)))
    expect(shadowCss(r.value)).toBe('0 1px 2px 0 rgb(15 23 42 / 0.12)')
  })

  it('finds the tokens that refer to one', () => {
    expect(referrers(flatten(base), 'color.primary')).toEqual(['button.background'])
    expect(referrers(flatten(base), 'color.shadow')).toEqual(['shadow.sm'])
  })
})

describe('editing', () => {
  it('sets a value without touching anything else', () => {
    const next = setTokenValue(base, 'color.teal.500', '#00ff00')
    expect(flatten(next).find((t) => t.path === 'color.teal.500')?.value).toBe('#00ff00')
    expect(next.space).toBe(base.space) // untouched subtrees are shared
    expect(flatten(base).find((t) => t.path === 'color.teal.500')?.value).toBe('#14b8a6') // not mutated
    // Setting it back gives an equal file (so "unsaved changes" goes away).
    expect(JSON.stringify(setTokenValue(next, 'color.teal.500', '#14b8a6'))).toBe(JSON.stringify(base))
  })

  it('creates groups when setting a theme override', () => {
    const theme = setTokenValue({}, 'color.text.default', '#ffffff')
    expect(theme).toEqual({ color: { text: { default: { $value: '#ffffff' } } } })
  })

  it('sets and clears descriptions', () => {
    const withDesc = setTokenDescription(base, 'space.4', 'Default gap')
    expect(flatten(withDesc).find((t) => t.path === 'space.4')?.description).toBe('Default gap')
    expect(setTokenDescription(withDesc, 'space.4', ' ')).toEqual(base)
  })

  it('adds tokens, writing $type only where the group does not give it', () => {
    const r = addToken(base, { path: 'color.teal.900', type: 'color', value: '#134e4a' })
    expect(r.error).toBe('')
    expect((r.tree as { color: { teal: Record<string, unknown> } }).color.teal['900']).toEqual({ $value: '#134e4a' })
    const r2 = addToken(base, { path: 'motion.fast', type: 'duration', value: '100ms', description: 'Quick' })
    expect(r2.tree?.motion).toEqual({ fast: { $type: 'duration', $value: '100ms', $description: 'Quick' } })
  })

  it.each([
    ['color.primary', /already exists/],
    ['color.teal', /is a group/],
    ['color.primary.dark', /is a token/],
    ['color..x', /needs a name/],
    ['color.$x', /\$/],
    ['', /Enter a path/],
  ])('refuses to add %s', (path, want) => {
    const r = addToken(base, { path, type: 'color', value: '#000' })
    expect(r.tree).toBeNull()
    expect(r.error).toMatch(want)
  })

  it('deletes tokens and the groups they leave empty', () => {
    let t = deleteToken(base, 'color.teal.500')
    expect(Object.keys((t.color as Record<string, unknown>).teal as object)).toEqual(['700'])
    t = deleteToken(t, 'color.teal.700')
    expect('teal' in (t.color as object)).toBe(false)
    // A group with only $type left is dropped too: it would read as a
    // token without $value.
    t = deleteToken(t, 'space.4')
    expect('space' in t).toBe(false)
    expect(deleteToken(base, 'nope.nope')).toBe(base)
    expect(pathError('a.b')).toBe('')
  })
})

describe('themes', () => {
  it('overlays a theme on the base set', () => {
    const dark: TokenTree = { color: { primary: { $value: '{color.teal.500}' } } }
    const t = themedTokens(base, dark).find((x) => x.path === 'color.primary')!
    expect(t).toMatchObject({ value: '{color.teal.500}', overridden: true, baseValue: '{color.teal.700}', type: 'color' })
    expect(themedTokens(base).find((x) => x.path === 'color.primary')?.overridden).toBe(false)
  })

  it('declares only what the draft changed, aliases as var()', () => {
    const saved = { tokens: base, themes: { dark: { color: { primary: { $value: '{color.teal.500}' } } } } }
    const draft = { tokens: setTokenValue(base, 'color.teal.700', '#123456'), themes: saved.themes }
    expect(draftOverrides(draft, saved, 'light')).toEqual(['--pw-color-teal-700: #123456;'])
    const darkDraft = { ...saved, themes: { dark: setTokenValue(saved.themes.dark, 'color.primary', '{color.white}') } }
    expect(draftOverrides(darkDraft, saved, 'dark')).toEqual(['--pw-color-primary: var(--pw-color-white);'])
    expect(draftOverrides(darkDraft, saved, 'light')).toEqual([])
    // Nothing that could end the declaration reaches the stylesheet.
    const hostile = { tokens: setTokenValue(base, 'color.white', 'red;} body{display:none'), themes: {} }
    expect(draftOverrides(hostile, { tokens: base, themes: {} }, 'light')).toEqual([])
  })
})

describe('values as text', () => {
  it.each([
    ['#fff', 'color', '#fff'],
    ['{color.teal.700}', 'color', '{color.teal.700}'],
    ['600', 'fontWeight', 600],
    ['bold', 'fontWeight', 'bold'],
    ['1.5', 'number', 1.5],
    ['Inter, "Segoe UI", sans-serif', 'fontFamily', ['Inter', 'Segoe UI', 'sans-serif']],
    ['[0.4, 0, 0.2, 1]', 'cubicBezier', [0.4, 0, 0.2, 1]],
    ['{"offsetX":"0","offsetY":"1px","blur":"2px","spread":"0","color":"#000"}', 'shadow', { offsetX: '0', offsetY: '1px', blur: '2px', spread: '0', color: '#000' }],
  ])('reads %s as a %s', (text, type, want) => {
    expect(textToValue(text, type)).toEqual({ value: want, error: '' })
  })

  it('explains bad input', () => {
    expect(textToValue('{"broken', 'shadow').error).toMatch(/JSON/)
    expect(textToValue('', 'color').error).toMatch(/Enter/)
    expect(textToValue('lots', 'number').error).toMatch(/number/)
  })

  it('round-trips font lists', () => {
    const v = ['Inter', 'Segoe UI', 'sans-serif']
    expect(textToValue(valueToText(v, 'fontFamily'), 'fontFamily').value).toEqual(v)
  })
})

describe('tabs', () => {
  it.each([
    ['color.teal.500', 'color', 'colors'],
    ['font.size.base', 'dimension', 'typography'],
    ['typography.body', 'typography', 'typography'],
    ['space.4', 'dimension', 'spacing'],
    ['radius.md', 'dimension', 'radii'],
    ['shadow.md', 'shadow', 'shadows'],
    ['breakpoint.md', 'dimension', 'breakpoints'],
    ['button.primary.background', '', 'other'],
    ['card.shadow', 'shadow', 'other'],
    ['brand', 'color', 'colors'],
  ])('%s goes to %s', (path, type, want) => {
    expect(categoryOf(path, type)).toBe(want)
  })

  it('splits colours into scales and semantic tokens', () => {
    const colors = flatten(base).filter((t) => categoryOf(t.path, t.type) === 'colors')
    const primitives = colors.filter((t) => !isSemanticColor(t))
    expect(primitives.map((t) => t.path)).toEqual(['color.white', 'color.teal.500', 'color.teal.700'])
    expect(colorScales(primitives).map((s) => [s.name, s.single])).toEqual([
      ['color', true],
      ['color.teal', false],
    ])
    expect(colors.filter(isSemanticColor).map((t) => t.path)).toEqual(['color.primary', 'color.text.default', 'color.shadow'])
  })
})

describe('server errors', () => {
  it.each([
    ['body.tokens.color.primary', { file: 'tokens', path: 'color.primary' }],
    ['body.themes.dark.color.text.default', { file: 'dark', path: 'color.text.default' }],
    ['body.tokens', { file: 'tokens', path: '' }],
    ['body.themes.high-contrast', { file: 'high-contrast', path: '' }],
    ['query.format', null],
  ])('%s', (loc, want) => {
    expect(errorTarget(loc)).toEqual(want)
  })

  it('finds a token in pretty JSON', () => {
    const text = JSON.stringify(base, null, 2)
    const at = locateInJSON(text, 'color.text.default')!
    expect(text.slice(at.start, at.end)).toBe('"default"')
    expect(text.slice(0, at.start)).toContain('"text"')
    expect(locateInJSON(text, 'nope.nope')).toBeNull()
  })
})
