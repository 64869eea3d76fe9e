import { describe, expect, it } from 'vitest'
import type { Styles } from '../types'
import { sampleBreakpoints as bps, sampleTokens } from './sampleData'
import {
  boxSideFallback,
  cascadeKeys,
  countValues,
  cssPropertyProblem,
  cssValueProblem,
  expandBox,
  filterTokens,
  groupTokens,
  inheritedValue,
  inheritedValues,
  nudgeValue,
  parseTokenRef,
  splitCssValue,
  toHex6,
  tokenFilterFor,
  tokenRefsIn,
  truncateBytes,
  urlProblem,
} from './styleProps'

describe('parseTokenRef', () => {
  it.each([
    ['whole reference', '{color.primary}', 'color.primary'],
    ['padded', '  {space.4} ', 'space.4'],
    ['raw value', '12px', null],
    ['reference inside a value', '1px solid {color.border.default}', null],
    ['two references', '{space.1} {space.2}', null],
    ['empty braces', '{}', null],
    ['bad path', '{color primary}', null],
    ['number', 12, null],
    ['undefined', undefined, null],
  ])('%s', (_name, value, want) => {
    expect(parseTokenRef(value)).toBe(want)
  })

  it('finds every reference inside a value', () => {
    expect(tokenRefsIn('{space.1} {space.2} {bad path}')).toEqual(['space.1', 'space.2'])
  })
})

describe('tokenFilterFor', () => {
  it.each([
    ['color', { types: ['color'] }],
    ['background-color', { types: ['color'] }],
    ['border-left-color', { types: ['color'] }],
    ['margin-top', { types: ['dimension'], prefer: 'space' }],
    ['padding', { types: ['dimension'], prefer: 'space' }],
    ['gap', { types: ['dimension'], prefer: 'space' }],
    ['max-width', { types: ['dimension'] }],
    ['font-size', { types: ['dimension'], prefer: 'font.size' }],
    ['font-family', { types: ['fontFamily'] }],
    ['font-weight', { types: ['fontWeight'] }],
    ['box-shadow', { types: ['shadow'] }],
    ['border-radius', { types: ['dimension'], prefer: 'radius' }],
    ['border-top-left-radius', { types: ['dimension'], prefer: 'radius' }],
    ['border-width', { types: ['dimension'], prefer: 'border-width' }],
    ['display', null],
    ['text-align', null],
  ])('%s', (property, want) => {
    expect(tokenFilterFor(property)).toEqual(want)
  })
})

describe('filterTokens', () => {
  it('keeps only the wanted types', () => {
    const got = filterTokens(sampleTokens, { types: ['fontWeight'] })
    expect(got.map((t) => t.path)).toEqual(['font.weight.regular', 'font.weight.medium', 'font.weight.semibold', 'font.weight.bold'])
  })

  it('lists preferred paths first', () => {
    const got = filterTokens(sampleTokens, { types: ['dimension'], prefer: 'radius' })
    expect(got.slice(0, 7).map((t) => t.path)).toEqual([
      'radius.none',
      'radius.sm',
      'radius.md',
      'radius.lg',
      'radius.full',
      'button.radius',
      'card.radius',
    ])
    expect(got.length).toBe(sampleTokens.filter((t) => t.type === 'dimension').length)
  })

  it('searches path and value with every word', () => {
    expect(filterTokens(sampleTokens, { types: ['color'] }, 'teal 7').map((t) => t.path)).toEqual(['color.teal.700'])
    expect(filterTokens(sampleTokens, { types: ['color'] }, '#0F766E').map((t) => t.path)).toEqual(['color.teal.700', 'color.primary'])
    expect(filterTokens(sampleTokens, null, 'nothing-like-this')).toEqual([])
  })

  it('leaves out composite typography tokens unless asked', () => {
    expect(filterTokens(sampleTokens, null).some((t) => t.type === 'typography')).toBe(false)
    expect(filterTokens(sampleTokens, { types: ['typography'] }).length).toBe(1)
  })

  it('groups by first path segment in order of appearance', () => {
    const groups = groupTokens(filterTokens(sampleTokens, { types: ['dimension'], prefer: 'radius' }))
    expect(groups.map((g) => g.name)).toEqual(['radius', 'button', 'card', 'font', 'space', 'border-width'])
  })
})

describe('cascade', () => {
  const styles: Styles = {
    base: { color: 'red', 'font-size': '1rem', 'margin-top': '{space.2}' },
    sm: { 'font-size': '1.25rem' },
    md: { color: 'blue' },
    lg: {},
    hover: { color: 'green' },
  }

  it.each([
    ['base', []],
    ['sm', ['base']],
    ['md', ['sm', 'base']],
    ['xl', ['lg', 'md', 'sm', 'base']],
    ['hover', ['base']],
    ['focus', ['base']],
  ])('keys inherited into %s', (target, want) => {
    expect(cascadeKeys(target, bps)).toEqual(want)
  })

  it('orders breakpoints by min-width, not by list order', () => {
    expect(cascadeKeys('md', [...bps].reverse())).toEqual(['sm', 'base'])
  })

  it.each([
    ['base shows nothing inherited', 'base', 'color', undefined],
    ['sm inherits from base', 'sm', 'color', { value: 'red', from: 'base' }],
    ['lg inherits from the nearest, md', 'lg', 'color', { value: 'blue', from: 'md' }],
    ['md inherits font-size from sm', 'md', 'font-size', { value: '1.25rem', from: 'sm' }],
    ['token references inherit as written', 'xl', 'margin-top', { value: '{space.2}', from: 'base' }],
    ['hover inherits from base only', 'hover', 'font-size', { value: '1rem', from: 'base' }],
    ['unset everywhere', 'xl', 'opacity', undefined],
  ])('%s', (_name, target, property, want) => {
    expect(inheritedValue(styles, target, bps, property)).toEqual(want)
  })

  it('computes every inherited value at once', () => {
    expect(inheritedValues(styles, 'lg', bps)).toEqual({
      color: { value: 'blue', from: 'md' },
      'font-size': { value: '1.25rem', from: 'sm' },
      'margin-top': { value: '{space.2}', from: 'base' },
    })
    expect(inheritedValues(undefined, 'md', bps)).toEqual({})
  })

  it('counts values per key', () => {
    expect(countValues(styles, 'base')).toBe(3)
    expect(countValues(styles, 'lg')).toBe(0)
    expect(countValues(styles, 'nope')).toBe(0)
  })
})

describe('box shorthands', () => {
  it.each([
    ['one value', '1rem', { top: '1rem', right: '1rem', bottom: '1rem', left: '1rem' }],
    ['two values', '1rem auto', { top: '1rem', right: 'auto', bottom: '1rem', left: 'auto' }],
    ['three values', '1px 2px 3px', { top: '1px', right: '2px', bottom: '3px', left: '2px' }],
    ['four values', '1px 2px 3px 4px', { top: '1px', right: '2px', bottom: '3px', left: '4px' }],
    ['functions stay whole', 'calc(1rem + 2px) {space.4}', { top: 'calc(1rem + 2px)', right: '{space.4}', bottom: 'calc(1rem + 2px)', left: '{space.4}' }],
    ['five values', '1 2 3 4 5', null],
  ])('%s', (_name, value, want) => {
    expect(expandBox(value)).toEqual(want)
  })

  it('splits on whitespace outside parentheses and quotes', () => {
    expect(splitCssValue(`url("a b.png")  rgb(0 0 0) 'x y'`)).toEqual([`url("a b.png")`, 'rgb(0 0 0)', `'x y'`])
  })

  it('falls back from a side to shorthands and smaller breakpoints', () => {
    const styles: Styles = { base: { padding: '1rem 2rem' }, sm: { 'padding-left': '3rem' }, md: { padding: '4px' } }
    expect(boxSideFallback(styles, 'base', bps, 'padding', 'left')).toEqual({ value: '2rem', from: 'base' })
    expect(boxSideFallback(styles, 'sm', bps, 'padding', 'top')).toEqual({ value: '1rem', from: 'base' })
    expect(boxSideFallback(styles, 'lg', bps, 'padding', 'left')).toEqual({ value: '4px', from: 'md' })
    expect(boxSideFallback(styles, 'sm', bps, 'margin', 'left')).toBeUndefined()
  })
})

describe('checks', () => {
  it.each([
    ['a length', '12px', null],
    ['a token', '{space.4}', null],
    ['tokens in a value', '1px solid {color.border.default}', null],
    ['a gradient', 'linear-gradient(180deg, #fff 0%, #000 100%)', null],
    ['a relative url', 'url("/img/hero.jpg")', null],
    ['a semicolon', 'red; background: blue', 'Contains “;”.'],
    ['a brace', 'red }', 'Has a “}” without a matching “{”.'],
    ['an unclosed token', '{space.4', 'Has an unclosed token reference “{”.'],
    ['a bad token path', '{space 4}', '“{space 4}” is not a valid token reference.'],
    ['javascript', 'url(javascript:alert(1))', 'Contains “javascript:”.'],
    ['data URLs', 'url(data:image/png;base64,AAAA)', 'Contains “;”.'],
    ['expression', 'expression(alert(1))', 'Contains “expression(”.'],
    ['an unclosed quote', '"Inter', 'Has an unclosed quote.'],
    ['image-set', 'image-set("a.png" 1x)', 'image-set(…) is not allowed; use url().'],
  ])('css value: %s', (_name, value, want) => {
    expect(cssValueProblem(value)).toBe(want)
  })

  it.each([
    ['row-gap', null],
    ['-webkit-line-clamp', null],
    ['Color', 'Use lowercase letters and single hyphens, e.g. “row-gap”.'],
    ['--brand', 'Custom properties (--x) are not allowed.'],
    ['grid-column-2', 'Use lowercase letters and single hyphens, e.g. “row-gap”.'],
    ['a--b', 'Use lowercase letters and single hyphens, e.g. “row-gap”.'],
    ['behavior', 'This property is not allowed.'],
    ['', 'Enter a property name.'],
  ])('property name %j', (name, want) => {
    expect(cssPropertyProblem(name)).toBe(want)
  })

  it.each([
    ['https', 'https://example.org/a?b#c', 'link', null],
    ['relative path', '/flu-clinic', 'link', null],
    ['relative file', 'about.html', 'link', null],
    ['anchor', '#book', 'link', null],
    ['mailto', 'mailto:clinic@example.org', 'link', null],
    ['tel', 'tel:+15551234', 'link', null],
    ['empty', '', 'link', null],
    ['javascript', 'javascript:alert(1)', 'link', '“javascript:” addresses are not allowed. Use an http(s), mailto:, tel:, relative or #anchor link.'],
    ['JavaScript capitalised', 'JavaScript:alert(1)', 'link', '“javascript:” addresses are not allowed. Use an http(s), mailto:, tel:, relative or #anchor link.'],
    ['data', 'data:text/html,hi', 'link', '“data:” addresses are not allowed. Use an http(s), mailto:, tel:, relative or #anchor link.'],
    ['no host', 'https://', 'link', 'This is not a valid address.'],
    ['space', 'https://a.example/b c', 'link', 'Contains a space; encode it as %20.'],
    ['mailto for an image', 'mailto:a@b.c', 'image', '“mailto:” addresses are not allowed. Use an http(s) or relative image address.'],
    ['image path', '/assets/a.png', 'image', null],
  ] as const)('url: %s', (_name, url, kind, want) => {
    expect(urlProblem(url, kind)).toBe(want)
  })

  it('truncates to bytes without splitting characters', () => {
    expect(truncateBytes('héllo', 3)).toBe('hé')
    expect(truncateBytes('abc', 5)).toBe('abc')
  })

  it('normalises hex colours for the native picker', () => {
    expect(toHex6('#ABC')).toBe('#aabbcc')
    expect(toHex6('#0f766eff')).toBe('#0f766e')
    expect(toHex6('teal')).toBeNull()
  })

  it.each([
    ['12px', 1, '13px'],
    ['0.25rem', 1, '1.25rem'],
    ['-2', -10, '-12'],
    ['50%', -1, '49%'],
    ['auto', 1, null],
    ['', 1, null],
  ])('nudges %j by %d', (value, delta, want) => {
    expect(nudgeValue(value, delta)).toBe(want)
  })
})
