// Pure helpers behind the style and property panels: which CSS properties take
// which kind of design token, token references, the mobile-first cascade of
// style values across breakpoints, and client-side mirrors of the server's
// checks (so a bad value is flagged while typing instead of being rejected
// by the renderer on save).

import type { Breakpoint, Styles, TokenInfo } from '../types'

/** The style keys that are states rather than breakpoints. */
export const STATE_KEYS = ['hover', 'focus'] as const
export type StateKey = (typeof STATE_KEYS)[number]

export function isStateKey(key: string): key is StateKey {
  return key === 'hover' || key === 'focus'
}

// ---------- token references ----------

const TOKEN_PATH_RE = /^[A-Za-z0-9._-]{1,200}$/

/** Reports whether p is a syntactically valid token path (as the renderer accepts). */
export function isTokenPath(p: string): boolean {
  return TOKEN_PATH_RE.test(p)
}

/**
 * Returns the token path when the whole value is one reference ("{color.primary}"),
 * otherwise null. Values that merely contain references ("1px solid {color.border}")
 * are raw CSS to the panels.
 */
export function parseTokenRef(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const s = value.trim()
  if (s.length < 3 || s[0] !== '{' || s[s.length - 1] !== '}') return null
  const path = s.slice(1, -1)
  return isTokenPath(path) ? path : null
}

/** The stored form of a token reference. */
export function tokenRef(path: string): string {
  return `{${path}}`
}

/** Every token path referenced anywhere in a value. */
export function tokenRefsIn(value: string): string[] {
  const out: string[] = []
  for (const m of value.matchAll(/\{([^{}]*)\}/g)) {
    if (m[1] !== undefined && isTokenPath(m[1])) out.push(m[1])
  }
  return out
}

export function findToken(tokens: readonly TokenInfo[], path: string): TokenInfo | undefined {
  return tokens.find((t) => t.path === path)
}

/** Which tokens suit a value: their DTCG types, and a path fragment to list first. */
export interface TokenFilter {
  types?: string[]
  prefer?: string
}

const COLOR_PROPS = new Set([
  'color',
  'background-color',
  'background',
  'border-color',
  'border-top-color',
  'border-right-color',
  'border-bottom-color',
  'border-left-color',
  'outline-color',
  'text-decoration-color',
  'caret-color',
  'accent-color',
  'column-rule-color',
  'fill',
  'stroke',
])

const SPACE_RE = /^(margin|padding)(-(top|right|bottom|left|inline|block|inline-start|inline-end|block-start|block-end))?$|^(gap|row-gap|column-gap|top|right|bottom|left|inset)$/
const SIZE_RE = /^(min-|max-)?(width|height|inline-size|block-size)$|^flex-basis$/
const RADIUS_RE = /^border(-(top|bottom)-(left|right))?-radius$/
const BORDER_WIDTH_RE = /^border(-(top|right|bottom|left))?-width$|^outline-width$/
const BORDER_RE = /^border(-(top|right|bottom|left))?$|^outline$/

/**
 * The token filter for a CSS property, or null when no token type is known
 * for it (the picker then offers every token).
 */
export function tokenFilterFor(property: string): TokenFilter | null {
  const p = property.toLowerCase()
  if (COLOR_PROPS.has(p)) return { types: ['color'] }
  if (RADIUS_RE.test(p)) return { types: ['dimension'], prefer: 'radius' }
  if (BORDER_WIDTH_RE.test(p)) return { types: ['dimension'], prefer: 'border-width' }
  if (BORDER_RE.test(p)) return { types: ['border'] }
  if (SPACE_RE.test(p)) return { types: ['dimension'], prefer: 'space' }
  if (SIZE_RE.test(p)) return { types: ['dimension'] }
  switch (p) {
    case 'font-family':
      return { types: ['fontFamily'] }
    case 'font-weight':
      return { types: ['fontWeight'] }
    case 'font-size':
      return { types: ['dimension'], prefer: 'font.size' }
    case 'line-height':
      return { types: ['number', 'dimension'], prefer: 'line-height' }
    case 'letter-spacing':
      return { types: ['dimension'], prefer: 'letter-spacing' }
    case 'box-shadow':
    case 'text-shadow':
      return { types: ['shadow'] }
    case 'opacity':
    case 'z-index':
      return { types: ['number'] }
    case 'transition':
      return { types: ['transition'] }
    case 'transition-duration':
    case 'animation-duration':
    case 'transition-delay':
      return { types: ['duration'] }
    case 'transition-timing-function':
    case 'animation-timing-function':
      return { types: ['cubicBezier'] }
  }
  return null
}

/**
 * The token filter for a component prop with the "token" control, guessed
 * from its name (the schema carries no token type).
 */
export function tokenFilterForProp(name: string): TokenFilter | null {
  const n = name.toLowerCase()
  if (/colou?r|background/.test(n)) return { types: ['color'] }
  if (/radius/.test(n)) return { types: ['dimension'], prefer: 'radius' }
  if (/gap|space|spacing|padding|margin/.test(n)) return { types: ['dimension'], prefer: 'space' }
  if (/size|width|height/.test(n)) return { types: ['dimension'] }
  if (/shadow/.test(n)) return { types: ['shadow'] }
  return null
}

/** Types no single CSS property can take (composite groups). */
const UNPICKABLE = new Set(['typography'])

/**
 * Tokens matching a filter and a search, preferred ones first (stable
 * otherwise). The search matches every whitespace-separated word against
 * the path or the resolved value, case-insensitively.
 */
export function filterTokens(tokens: readonly TokenInfo[], filter: TokenFilter | null | undefined, search = ''): TokenInfo[] {
  const types = filter?.types
  const words = search.toLowerCase().split(/\s+/).filter(Boolean)
  const out = tokens.filter((t) => {
    if (types ? !types.includes(t.type) : UNPICKABLE.has(t.type)) return false
    if (words.length === 0) return true
    const hay = `${t.path} ${t.value}`.toLowerCase()
    return words.every((w) => hay.includes(w))
  })
  const prefer = filter?.prefer
  if (!prefer) return out
  const first = out.filter((t) => t.path.includes(prefer))
  return first.length === 0 ? out : [...first, ...out.filter((t) => !t.path.includes(prefer))]
}

export interface TokenGroup {
  name: string
  tokens: TokenInfo[]
}

/** Groups tokens by their first path segment, in order of first appearance. */
export function groupTokens(tokens: readonly TokenInfo[]): TokenGroup[] {
  const groups = new Map<string, TokenInfo[]>()
  for (const t of tokens) {
    const name = t.path.split('.')[0] ?? t.path
    let g = groups.get(name)
    if (!g) groups.set(name, (g = []))
    g.push(t)
  }
  return [...groups].map(([name, list]) => ({ name, tokens: list }))
}

// ---------- the cascade ----------

/** The breakpoints ordered from the smallest min-width up. */
export function sortBreakpoints(breakpoints: readonly Breakpoint[]): Breakpoint[] {
  return [...breakpoints].sort((a, b) => a.minWidth - b.minWidth)
}

/**
 * The keys whose values show through at target, nearest first. Styles are
 * mobile-first: base applies everywhere, each breakpoint from its min-width
 * up, so a breakpoint inherits from every smaller one and base. States
 * (hover, focus) are drawn over the resting style, shown as base.
 */
export function cascadeKeys(target: string, breakpoints: readonly Breakpoint[]): string[] {
  if (target === 'base') return []
  const sorted = sortBreakpoints(breakpoints)
  const i = sorted.findIndex((b) => b.name === target)
  if (i < 0) return ['base']
  return [...sorted.slice(0, i).map((b) => b.name).reverse(), 'base']
}

export interface Inherited {
  value: string
  /** The key the value comes from ("base", "sm", …). */
  from: string
}

function asString(v: string | number | undefined): string | undefined {
  if (v === undefined || v === null) return undefined
  const s = String(v)
  return s === '' ? undefined : s
}

/** The value a property inherits at target from smaller breakpoints, if any. */
export function inheritedValue(
  styles: Styles | undefined,
  target: string,
  breakpoints: readonly Breakpoint[],
  property: string,
): Inherited | undefined {
  for (const key of cascadeKeys(target, breakpoints)) {
    const v = asString(styles?.[key]?.[property])
    if (v !== undefined) return { value: v, from: key }
  }
  return undefined
}

/** Every property's inherited value at target. */
export function inheritedValues(
  styles: Styles | undefined,
  target: string,
  breakpoints: readonly Breakpoint[],
): Record<string, Inherited> {
  const out: Record<string, Inherited> = {}
  // Walk from the farthest key to the nearest so nearer values win.
  for (const key of cascadeKeys(target, breakpoints).reverse()) {
    for (const [p, v] of Object.entries(styles?.[key] ?? {})) {
      const s = asString(v)
      if (s !== undefined) out[p] = { value: s, from: key }
    }
  }
  return out
}

/** How many properties a style key sets (for the dots on the target switcher). */
export function countValues(styles: Styles | undefined, key: string): number {
  return Object.values(styles?.[key] ?? {}).filter((v) => asString(v) !== undefined).length
}

// ---------- box shorthands ----------

export const SIDES = ['top', 'right', 'bottom', 'left'] as const
export type Side = (typeof SIDES)[number]

/** Splits a CSS value on whitespace outside parentheses, quotes and token braces. */
export function splitCssValue(value: string): string[] {
  const out: string[] = []
  let cur = ''
  let depth = 0
  let quote = ''
  for (const c of value) {
    if (quote) {
      cur += c
      if (c === quote) quote = ''
      continue
    }
    if (c === '"' || c === "'") quote = c
    else if (c === '(' || c === '{') depth++
    else if ((c === ')' || c === '}') && depth > 0) depth--
    if (/\s/.test(c) && depth === 0) {
      if (cur) out.push(cur)
      cur = ''
      continue
    }
    cur += c
  }
  if (cur) out.push(cur)
  return out
}

/** Expands a 1–4 value box shorthand (margin, padding, inset) into top, right, bottom, left. */
export function expandBox(value: string): Record<Side, string> | null {
  const v = splitCssValue(value)
  if (v.length < 1 || v.length > 4) return null
  const [t, r = t, b = t, l = r] = v as [string, string?, string?, string?]
  return { top: t, right: r, bottom: b, left: l }
}

/**
 * The value a box side (margin-top, padding-left …) shows through at target
 * when it is not set there itself: the target's own shorthand, else the
 * nearest inherited longhand or shorthand. Within one rule the renderer sorts
 * declarations by name, so a longhand beats its shorthand.
 */
export function boxSideFallback(
  styles: Styles | undefined,
  target: string,
  breakpoints: readonly Breakpoint[],
  box: string,
  side: Side,
): Inherited | undefined {
  const longhand = `${box}-${side}`
  const ownShort = asString(styles?.[target]?.[box])
  const own = ownShort && expandBox(ownShort)
  if (own) return { value: own[side], from: target }
  for (const key of cascadeKeys(target, breakpoints)) {
    const lv = asString(styles?.[key]?.[longhand])
    if (lv !== undefined) return { value: lv, from: key }
    const sv = asString(styles?.[key]?.[box])
    const ex = sv && expandBox(sv)
    if (ex) return { value: ex[side], from: key }
  }
  return undefined
}

// ---------- checks mirroring the server ----------

/**
 * Why a custom CSS property name is refused, or null. Plain lowercase
 * letters and single hyphens (an optional vendor "-" prefix); custom
 * properties and the script-loading behavior/-moz-binding are refused.
 */
export function cssPropertyProblem(name: string): string | null {
  if (name === '') return 'Enter a property name.'
  if (name.length > 64) return 'At most 64 characters.'
  if (name.startsWith('--')) return 'Custom properties (--x) are not allowed.'
  if (!/^-?[a-z]+(-[a-z]+)*$/.test(name)) return 'Use lowercase letters and single hyphens, e.g. “row-gap”.'
  if (name === 'behavior' || name === '-moz-binding') return 'This property is not allowed.'
  return null
}

const BANNED_IN_VALUE = ['/*', '*/', 'expression(', 'javascript:', 'vbscript:', '@import', 'behavior:', '-moz-binding', 'data:']

/**
 * Why a style value would be refused by the renderer, or null. Mirrors the
 * server's checkValue, with "{path}" token references allowed.
 */
export function cssValueProblem(value: string): string | null {
  if (new TextEncoder().encode(value).length > 1000) return 'At most 1000 characters.'
  // Token references are resolved before the server checks the value.
  let rest = ''
  let i = 0
  while (i < value.length) {
    const open = value.indexOf('{', i)
    const close = value.indexOf('}', i)
    if (open < 0) {
      if (close >= 0) return 'Has a “}” without a matching “{”.'
      rest += value.slice(i)
      break
    }
    if (close >= 0 && close < open) return 'Has a “}” without a matching “{”.'
    const end = value.indexOf('}', open)
    if (end < 0) return 'Has an unclosed token reference “{”.'
    const path = value.slice(open + 1, end)
    if (!isTokenPath(path)) return `“{${path}}” is not a valid token reference.`
    rest += value.slice(i, open) + '0'
    i = end + 1
  }
  let quote = ''
  for (const c of rest) {
    const code = c.charCodeAt(0)
    if (code < 0x20 || code === 0x7f) return 'Contains a control character.'
    if (quote) {
      if (c === quote) quote = ''
      else if ('\\<>{};'.includes(c)) return `Contains “${c}”.`
      continue
    }
    if (';{}<>\\'.includes(c)) return `Contains “${c}”.`
    if (c === '"' || c === "'") quote = c
  }
  if (quote) return 'Has an unclosed quote.'
  const low = rest.toLowerCase().replace(/\s+/g, '')
  for (const bad of BANNED_IN_VALUE) {
    if (low.includes(bad)) return `Contains “${bad}”.`
  }
  let r = low
  for (;;) {
    const at = r.indexOf('url(')
    if (at < 0) break
    r = r.slice(at + 4)
    const end = r.indexOf(')')
    if (end < 0) return 'Has an unclosed url(.'
    const target = r.slice(0, end).replace(/^["']+|["']+$/g, '')
    if (urlProblem(target, 'image')) return 'url() must point to an http(s) or relative address.'
    r = r.slice(end + 1)
  }
  for (const fn of ['image(', 'image-set(', 'src(']) {
    if (low.includes(fn)) return `${fn}…) is not allowed; use url().`
  }
  return null
}

/**
 * Why a URL would be refused, or null: links take http(s), mailto, tel,
 * relative paths and #anchors; images take http(s) and relative paths.
 * Mirrors the server's SafeURL and SafeImageURL.
 */
export function urlProblem(s: string, kind: 'link' | 'image'): string | null {
  const allowed = kind === 'link' ? 'Use an http(s), mailto:, tel:, relative or #anchor link.' : 'Use an http(s) or relative image address.'
  if (s === '') return null
  if (s.length > 2048) return 'At most 2048 characters.'
  for (const c of s) {
    const code = c.charCodeAt(0)
    if (code < 0x20 || code === 0x7f) return 'Contains a control character.'
    if (c === ' ') return 'Contains a space; encode it as %20.'
    if (c === '\\') return 'Contains a backslash.'
  }
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(s)
  if (!m) {
    // Relative: a colon before the first slash would be read as a scheme.
    const first = s.split('/')[0] ?? ''
    return first.includes(':') ? allowed : null
  }
  const scheme = (m[1] ?? '').toLowerCase()
  if (scheme === 'http' || scheme === 'https') {
    try {
      return new URL(s).host ? null : 'Add the host, e.g. https://example.org.'
    } catch {
      return 'This is not a valid address.'
    }
  }
  if ((scheme === 'mailto' || scheme === 'tel') && kind === 'link') return null
  return `“${scheme}:” addresses are not allowed. ${allowed}`
}

/** The UTF-8 length of s; the server's maxLength counts bytes. */
export function byteLength(s: string): number {
  return new TextEncoder().encode(s).length
}

/** Cuts s to at most max UTF-8 bytes without splitting a character. */
export function truncateBytes(s: string, max: number): string {
  if (byteLength(s) <= max) return s
  let out = ''
  let n = 0
  for (const c of s) {
    const b = byteLength(c)
    if (n + b > max) break
    out += c
    n += b
  }
  return out
}

const HEX_RE = /^#([0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i

export function isHexColor(s: string): boolean {
  return HEX_RE.test(s)
}

/** A six-digit hex for <input type="color">, from a 3/4/6/8-digit hex; null otherwise. */
export function toHex6(s: string): string | null {
  if (!isHexColor(s)) return null
  const h = s.slice(1)
  if (h.length === 3 || h.length === 4) return `#${[...h.slice(0, 3)].map((c) => c + c).join('')}`.toLowerCase()
  return `#${h.slice(0, 6)}`.toLowerCase()
}

/** The CSS to preview a value with: a token reference becomes the token's resolved value. */
export function resolveForPreview(value: string | undefined, tokens: readonly TokenInfo[]): string | undefined {
  if (value === undefined) return undefined
  const path = parseTokenRef(value)
  if (path === null) return value
  return findToken(tokens, path)?.value
}

/**
 * Steps the number in a single-number CSS value ("12px", "1.5rem", "-2",
 * "50%") by delta, keeping the unit; null for anything else. Decimals keep
 * their precision (0.25rem + 1 → 1.25rem).
 */
export function nudgeValue(value: string, delta: number): string | null {
  const m = /^\s*(-?(?:\d+\.?\d*|\.\d+))([a-z%]*)\s*$/i.exec(value)
  if (!m || m[1] === undefined) return null
  const decimals = (m[1].split('.')[1] ?? '').length
  const n = Number(m[1]) + delta
  return `${Number(n.toFixed(decimals))}${m[2] ?? ''}`
}
