// Pure helpers over DTCG token files (the design system's JSON): flatten a
// tree into rows, edit one token without touching the rest, follow aliases
// for swatches and samples, and sort tokens into the screen's tabs.
//
// The server validates everything on save (internal/token); these helpers
// only need to be right about the shape, and never throw on odd input.
import type { TokenTree } from '../../api/designSystem'

export type { TokenTree }

/** One token of a file, in file order. */
export interface FlatToken {
  /** Dotted path, e.g. "color.text.default". */
  path: string
  /** The effective $type: the token's own, else the nearest group's; "" when none. */
  type: string
  /** $value as authored (aliases left in place). */
  value: unknown
  description: string
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The path an alias such as "{color.blue.500}" points to, or null (as the server's token.ParseAlias). */
export function aliasTarget(v: unknown): string | null {
  if (typeof v !== 'string' || v.length < 3 || !v.startsWith('{') || !v.endsWith('}')) return null
  const path = v.slice(1, -1)
  const ok = path
    .split('.')
    .every((s) => s !== '' && !s.startsWith('$') && !/[{}\u0000-\u001f]/.test(s))
  return ok ? path : null
}

/** Whether v is an alias such as "{color.blue.500}". */
export function isAlias(v: unknown): boolean {
  return aliasTarget(v) !== null
}

/** Lists the tokens of a file in order (groups are walked depth first). */
export function flatten(tree: TokenTree): FlatToken[] {
  const out: FlatToken[] = []
  const walk = (node: Record<string, unknown>, path: string, inherited: string) => {
    const type = typeof node.$type === 'string' ? node.$type : inherited
    for (const [key, child] of Object.entries(node)) {
      if (key.startsWith('$') || !isObject(child)) continue
      const p = path ? `${path}.${key}` : key
      if ('$value' in child) {
        out.push({
          path: p,
          type: typeof child.$type === 'string' ? child.$type : type,
          value: child.$value,
          description: typeof child.$description === 'string' ? child.$description : '',
        })
      } else {
        walk(child, p, type)
      }
    }
  }
  if (isObject(tree)) walk(tree, '', '')
  return out
}

/** Splits a path into segments. */
export function segments(path: string): string[] {
  return path.split('.')
}

/** Why a new token path is not usable, or "" when it is. */
export function pathError(path: string): string {
  if (!path.trim()) return 'Enter a path, e.g. color.brand.500.'
  if (path !== path.trim()) return 'Remove the spaces at the start or end.'
  for (const s of segments(path)) {
    if (s === '') return 'Each part between dots needs a name.'
    if (s.startsWith('$')) return 'Names cannot start with “$”.'
    if (/[{}]/.test(s)) return 'Names cannot contain “{” or “}”.'
    if (/[\u0000-\u001f]/.test(s)) return 'Names cannot contain control characters.'
  }
  return ''
}

/** The token object at path, if there is one. */
export function getToken(tree: TokenTree, path: string): Record<string, unknown> | undefined {
  let node: unknown = tree
  for (const s of segments(path)) {
    if (!isObject(node)) return undefined
    node = node[s]
  }
  return isObject(node) && '$value' in node ? node : undefined
}

/** Whether path is a group (an object without $value) in tree. */
export function isGroup(tree: TokenTree, path: string): boolean {
  let node: unknown = tree
  for (const s of segments(path)) {
    if (!isObject(node)) return false
    node = node[s]
  }
  return isObject(node) && !('$value' in node)
}

/**
 * Returns a copy of tree with fn applied to the token object at path,
 * creating groups on the way when create is set. Only the objects on the
 * path are copied; key order is kept, so an edit and its undo give back
 * an equal file.
 */
function update(
  tree: TokenTree,
  path: string,
  fn: (token: Record<string, unknown> | undefined) => Record<string, unknown> | undefined,
  create: boolean,
): TokenTree {
  const segs = segments(path)
  const rec = (node: Record<string, unknown>, i: number): Record<string, unknown> => {
    const key = segs[i]!
    const child = node[key]
    if (i === segs.length - 1) {
      const next = fn(isObject(child) && '$value' in child ? child : undefined)
      const copy = { ...node }
      if (next === undefined) delete copy[key]
      else copy[key] = next
      return copy
    }
    if (!isObject(child) || '$value' in child) {
      if (!create) return node
      return { ...node, [key]: rec({}, i + 1) }
    }
    const updated = rec(child, i + 1)
    const copy = { ...node }
    // A group left with no tokens or groups would read as a token without
    // a $value: drop it with its last child.
    if (!Object.keys(updated).some((k) => !k.startsWith('$'))) delete copy[key]
    else copy[key] = updated
    return copy
  }
  return rec(isObject(tree) ? tree : {}, 0)
}

/** Sets a token's $value, creating the token (and groups) when missing. */
export function setTokenValue(tree: TokenTree, path: string, value: unknown): TokenTree {
  return update(tree, path, (t) => ({ ...(t ?? {}), $value: value }), true)
}

/** Sets (or, when empty, removes) a token's $description. */
export function setTokenDescription(tree: TokenTree, path: string, description: string): TokenTree {
  return update(
    tree,
    path,
    (t) => {
      if (!t) return t
      const copy = { ...t }
      if (description.trim()) copy.$description = description.trim()
      else delete copy.$description
      return copy
    },
    false,
  )
}

export interface NewToken {
  path: string
  type?: string
  value: unknown
  description?: string
}

/**
 * Adds a token. It refuses (returning an error message) a path that is
 * already a token or group, or that runs through a token.
 */
export function addToken(tree: TokenTree, t: NewToken): { tree: TokenTree; error: '' } | { tree: null; error: string } {
  const bad = pathError(t.path)
  if (bad) return { tree: null, error: bad }
  if (getToken(tree, t.path)) return { tree: null, error: `${t.path} already exists.` }
  if (isGroup(tree, t.path)) return { tree: null, error: `${t.path} is a group of tokens; choose another name.` }
  const segs = segments(t.path)
  for (let i = 1; i < segs.length; i++) {
    const prefix = segs.slice(0, i).join('.')
    if (getToken(tree, prefix)) return { tree: null, error: `${prefix} is a token, so it cannot hold ${t.path}.` }
  }
  // $type is only written where the group does not already give it.
  const inherited = inheritedType(tree, t.path)
  const token: Record<string, unknown> = {}
  if (t.type && t.type !== inherited) token.$type = t.type
  token.$value = t.value
  if (t.description?.trim()) token.$description = t.description.trim()
  return { tree: update(tree, t.path, () => token, true), error: '' }
}

/** The $type a new token at path would inherit from its groups. */
export function inheritedType(tree: TokenTree, path: string): string {
  let node: unknown = tree
  let type = ''
  for (const s of segments(path).slice(0, -1)) {
    if (!isObject(node)) break
    node = node[s]
    if (isObject(node) && typeof node.$type === 'string') type = node.$type
  }
  return type
}

/** Removes a token (and groups it leaves empty). */
export function deleteToken(tree: TokenTree, path: string): TokenTree {
  if (!getToken(tree, path)) return tree
  return update(tree, path, () => undefined, false)
}

// ---- themes and aliases ----

/** A token as one theme sees it. */
export interface ThemedToken extends FlatToken {
  /** The theme's override, when it has one. */
  overridden: boolean
  /** The base set's value (equal to value when not overridden). */
  baseValue: unknown
}

/**
 * The tokens as a theme shows them: the base set's, each replaced by the
 * theme's override, in base order (theme-only tokens are left out: they
 * have no value elsewhere).
 */
export function themedTokens(base: TokenTree, theme?: TokenTree): ThemedToken[] {
  const overrides = new Map(theme ? flatten(theme).map((t) => [t.path, t]) : [])
  return flatten(base).map((t) => {
    const o = overrides.get(t.path)
    return o
      ? { ...t, value: o.value, description: o.description || t.description, overridden: true, baseValue: t.value }
      : { ...t, overridden: false, baseValue: t.value }
  })
}

export type Lookup = (path: string) => { value: unknown; type: string } | undefined

/** A lookup over a list of tokens. */
export function lookupOf(tokens: FlatToken[]): Lookup {
  const m = new Map(tokens.map((t) => [t.path, t]))
  return (p) => m.get(p)
}

export interface Resolution {
  /** The value with every alias followed; undefined when it does not resolve. */
  value: unknown
  /** The effective type (an untyped alias takes its target's). */
  type: string
  /** The aliases followed, first the direct target. */
  chain: string[]
  error?: string
}

const MAX_CHAIN = 64

/** Follows a token's aliases to a value, catching cycles and missing tokens. */
export function resolveToken(path: string, lookup: Lookup): Resolution {
  const chain: string[] = []
  const seen = new Set([path])
  const start = lookup(path)
  if (!start) return { value: undefined, type: '', chain, error: `${path} does not exist` }
  let value = start.value
  let type = start.type
  for (let target = aliasTarget(value); target !== null; target = aliasTarget(value)) {
    if (seen.has(target) || chain.length >= MAX_CHAIN) return { value: undefined, type, chain, error: `alias cycle through {${target}}` }
    seen.add(target)
    chain.push(target)
    const next = lookup(target)
    if (!next) return { value: undefined, type, chain, error: `{${target}} does not exist` }
    value = next.value
    if (!type) type = next.type
  }
  return { value: deepResolve(value, lookup, seen), type, chain }
}

/** Resolves the aliases inside a composite value (a shadow's colour, a typography's font). */
export function deepResolve(v: unknown, lookup: Lookup, seen: Set<string> = new Set(), depth = 0): unknown {
  if (depth > 8) return undefined
  const target = aliasTarget(v)
  if (target !== null) {
    if (seen.has(target)) return undefined
    const r = resolveToken(target, lookup)
    return r.value
  }
  if (Array.isArray(v)) return v.map((x) => deepResolve(x, lookup, seen, depth + 1))
  if (isObject(v)) {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) out[k] = deepResolve(x, lookup, seen, depth + 1)
    return out
  }
  return v
}

/** The tokens whose value aliases path (directly, anywhere inside it). */
export function referrers(tokens: FlatToken[], path: string): string[] {
  const needle = `{${path}}`
  const refers = (v: unknown): boolean =>
    typeof v === 'string'
      ? v.trim() === needle
      : Array.isArray(v)
        ? v.some(refers)
        : isObject(v)
          ? Object.values(v).some(refers)
          : false
  return tokens.filter((t) => t.path !== path && refers(t.value)).map((t) => t.path)
}

// ---- values as text and CSS ----

const NUMERIC = /^-?(\d+\.?\d*|\.\d+)$/

/** A value as the text an input shows. */
export function valueToText(value: unknown, type: string): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (type === 'fontFamily' && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return value.map((v) => (/[\s,]/.test(v) ? `"${v}"` : v)).join(', ')
  }
  if (value === undefined) return ''
  return JSON.stringify(value)
}

/**
 * Reads what a person typed back into a value of the token's type. Objects
 * and arrays are JSON; the error names what is wrong with the text.
 */
export function textToValue(text: string, type: string, previous?: unknown): { value: unknown; error: string } {
  const s = text.trim()
  // Composite values (shadows, typography, bezier curves) are edited as
  // JSON; "{color.teal.700}" is an alias.
  if (s.startsWith('{') || s.startsWith('[')) {
    try {
      const v: unknown = JSON.parse(s)
      if (typeof v === 'object' && v !== null) return { value: v, error: '' }
    } catch {
      // Not JSON: an alias, or a mistake.
    }
    if (isAlias(s)) return { value: s, error: '' }
    return { value: undefined, error: s.startsWith('[') || s.includes('"') ? 'This is not valid JSON.' : 'An alias looks like {color.blue.500}.' }
  }
  if (s === '') return { value: undefined, error: 'Enter a value.' }
  switch (type) {
    case 'fontFamily': {
      const names = s
        .split(',')
        .map((n) => n.trim().replace(/^["']|["']$/g, ''))
        .filter(Boolean)
      return { value: names.length > 1 ? names : (names[0] ?? s), error: '' }
    }
    case 'number':
      return NUMERIC.test(s) ? { value: Number(s), error: '' } : { value: undefined, error: 'Enter a number.' }
    case 'fontWeight':
      return { value: NUMERIC.test(s) ? Number(s) : s, error: '' }
  }
  if (typeof previous === 'number' && NUMERIC.test(s)) return { value: Number(s), error: '' }
  return { value: s, error: '' }
}

/** A resolved dimension ("1rem", or {value, unit}) as CSS. */
export function dimensionCss(v: unknown): string {
  if (typeof v === 'string') return v
  if (typeof v === 'number') return `${v}px`
  if (isObject(v) && (typeof v.value === 'number' || typeof v.value === 'string') && typeof v.unit === 'string') {
    return `${v.value}${v.unit}`
  }
  return ''
}

/** A resolved colour as CSS ("" when it is not one). */
export function colorCss(v: unknown): string {
  if (typeof v === 'string') return v
  if (isObject(v)) {
    if (typeof v.hex === 'string') return v.hex
    const c = v.components
    if (Array.isArray(c) && c.length === 3 && c.every((x) => typeof x === 'number') && (v.colorSpace ?? 'srgb') === 'srgb') {
      const [r, g, b] = (c as number[]).map((x) => Math.round(x * 255))
      const a = typeof v.alpha === 'number' ? v.alpha : 1
      return `rgb(${r} ${g} ${b} / ${a})`
    }
  }
  return ''
}

/** A resolved font family (a name or a list) as CSS. */
export function fontFamilyCss(v: unknown): string {
  const names = Array.isArray(v) ? v : [v]
  return names
    .filter((n): n is string => typeof n === 'string')
    .map((n) => (/^[a-zA-Z-]+$/.test(n) ? n : `"${n.replace(/"/g, '')}"`))
    .join(', ')
}

/** A resolved shadow (one layer or a list) as CSS. */
export function shadowCss(v: unknown): string {
  const layers = Array.isArray(v) ? v : [v]
  const parts: string[] = []
  for (const l of layers) {
    if (!isObject(l)) return ''
    const p = [l.inset === true ? 'inset' : '']
    for (const k of ['offsetX', 'offsetY', 'blur', 'spread']) p.push(l[k] === undefined ? '0' : dimensionCss(l[k]))
    p.push(colorCss(l.color) || 'transparent')
    parts.push(p.filter(Boolean).join(' '))
  }
  return parts.join(', ')
}

/** Whether a CSS colour is light (for legible text on a swatch). Unknown colours count as light. */
export function isLightColor(css: string): boolean {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})([0-9a-f]{2})?$/i.exec(css.trim())
  if (!hex) return true
  let h = hex[1]!
  if (h.length === 3) h = h.replace(/./g, (c) => c + c)
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255)
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!) > 0.4
}

/** A #rrggbb value for <input type="color">, or "" when the colour is not plain hex. */
export function hexForPicker(css: string): string {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(css.trim())
  if (!m) return ''
  const h = m[1]!
  return `#${(h.length === 3 ? h.replace(/./g, (c) => c + c) : h).toLowerCase()}`
}

// ---- tabs ----

export type Category = 'colors' | 'typography' | 'spacing' | 'radii' | 'shadows' | 'breakpoints' | 'other'

const CATEGORY_BY_GROUP: Record<string, Category> = {
  color: 'colors', colors: 'colors', colour: 'colors', colours: 'colors',
  font: 'typography', typography: 'typography', 'text-style': 'typography', 'line-height': 'typography',
  'letter-spacing': 'typography', 'font-size': 'typography', 'font-weight': 'typography', 'font-family': 'typography',
  space: 'spacing', spacing: 'spacing', size: 'spacing', sizing: 'spacing',
  radius: 'radii', radii: 'radii',
  shadow: 'shadows', shadows: 'shadows', elevation: 'shadows',
  breakpoint: 'breakpoints', breakpoints: 'breakpoints',
}

/** The tab a token belongs in: by its top-level group, else by its type. */
export function categoryOf(path: string, type: string): Category {
  const top = segments(path)[0] ?? ''
  const byGroup = CATEGORY_BY_GROUP[top]
  if (byGroup) return byGroup
  // Component tokens (button.*, card.*) stay with the other component
  // tokens, whatever they alias.
  if (segments(path).length > 1 && !['primitive', 'primitives', 'core', 'base', 'palette', 'semantic', 'sys', 'ref'].includes(top)) return 'other'
  switch (type) {
    case 'color':
      return 'colors'
    case 'fontFamily':
    case 'fontWeight':
    case 'typography':
      return 'typography'
    case 'shadow':
      return 'shadows'
  }
  return 'other'
}

/** The path prefix a new token of a tab starts with. */
export const CATEGORY_PREFIX: Record<Category, string> = {
  colors: 'color.',
  typography: 'font.',
  spacing: 'space.',
  radii: 'radius.',
  shadows: 'shadow.',
  breakpoints: 'breakpoint.',
  other: '',
}

/** The $type a new token of a tab gets. */
export const CATEGORY_TYPE: Record<Category, string> = {
  colors: 'color',
  typography: 'dimension',
  spacing: 'dimension',
  radii: 'dimension',
  shadows: 'shadow',
  breakpoints: 'dimension',
  other: '',
}

/**
 * Colour roles that name a purpose rather than a hue (mirrors the server's
 * tiering in internal/token): such tokens are listed as semantic colours.
 */
const SEMANTIC_COLOR_ROLES = new Set([
  'text', 'background', 'bg', 'surface', 'border', 'icon', 'primary', 'primary-hover', 'primary-active', 'secondary',
  'accent', 'success', 'success-subtle', 'warning', 'warning-subtle', 'danger', 'danger-subtle', 'error', 'error-subtle',
  'info', 'info-subtle', 'focus', 'focus-ring', 'link', 'link-hover', 'link-visited', 'shadow', 'overlay', 'disabled',
  'selection', 'highlight', 'neutral', 'status', 'feedback', 'action', 'interactive',
])

/** Whether a colour token is semantic (a purpose) rather than a primitive (a hue). */
export function isSemanticColor(t: FlatToken): boolean {
  const second = segments(t.path)[1] ?? ''
  return isAlias(t.value) || SEMANTIC_COLOR_ROLES.has(second) || second.startsWith('on-')
}

/**
 * Primitive colours grouped into scales by their parent path, in order.
 * Colours directly in a top-level group (color.white) form a "single"
 * group named after it.
 */
export function colorScales<T extends FlatToken>(tokens: T[]): { name: string; single: boolean; tokens: T[] }[] {
  const scales = new Map<string, { single: boolean; tokens: T[] }>()
  for (const t of tokens) {
    const segs = segments(t.path)
    const name = segs.length > 1 ? segs.slice(0, -1).join('.') : t.path
    const s = scales.get(name) ?? { single: segs.length <= 2, tokens: [] }
    s.tokens.push(t)
    scales.set(name, s)
  }
  return [...scales].map(([name, s]) => ({ name, ...s }))
}

/** The last segment of a path (a swatch's label). */
export function leaf(path: string): string {
  const s = segments(path)
  return s[s.length - 1] ?? path
}

/** Where a server field error points: the file ("tokens" or a theme) and the token path. */
export function errorTarget(location: string): { file: string; path: string } | null {
  const loc = location.replace(/^body\./, '')
  if (loc === 'tokens' || loc.startsWith('tokens.')) return { file: 'tokens', path: loc.slice('tokens.'.length) }
  const m = /^themes\.([a-z0-9-]+)(?:\.(.*))?$/.exec(loc)
  if (m) return { file: m[1]!, path: m[2] ?? '' }
  return null
}

/**
 * Finds a token's key in pretty-printed JSON, to put the cursor on it: the
 * segments are searched for one after the other.
 */
export function locateInJSON(text: string, path: string): { start: number; end: number } | null {
  let from = 0
  let start = -1
  let end = -1
  for (const s of segments(path)) {
    const needle = JSON.stringify(s) + ':'
    const i = text.indexOf(needle, from)
    if (i < 0) break
    start = i
    end = i + needle.length - 1
    from = end
  }
  return start < 0 ? null : { start, end }
}

// ---- the theme preview's custom properties ----

/** The custom property of a token path (as internal/token VarName). */
export function cssVar(path: string): string {
  return `--pw-${path.replace(/[^A-Za-z0-9_\-\u0080-\uffff]/g, '-')}`
}

/** A value safe to put in a declaration of the preview's stylesheet. */
function safeCss(s: string): boolean {
  return s !== '' && !/[<>{};\\]/.test(s) && s.length < 500
}

/** A token's authored value as CSS for the preview: aliases as var(), simple values as they are. */
function declaration(value: unknown, type: string, lookup: Lookup): string {
  const target = aliasTarget(value)
  if (target !== null) return lookup(target) ? `var(${cssVar(target)})` : ''
  switch (type) {
    case 'color':
      return colorCss(value)
    case 'dimension':
    case 'duration':
      return dimensionCss(value)
    case 'fontFamily':
      return fontFamilyCss(value)
    case 'fontWeight':
    case 'number':
      return typeof value === 'number' || typeof value === 'string' ? String(value) : ''
    case 'shadow':
      return shadowCss(deepResolve(value, lookup))
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
}

/**
 * Custom properties for the tokens a draft changed (compared with what was
 * saved), as the theme shows them: the preview page is styled by the saved
 * export, and these declarations, on the root element, bring it up to the
 * draft. Declaring aliases as var() on the same element keeps the tokens
 * that depend on a changed one following it.
 */
export function draftOverrides(
  draft: { tokens: TokenTree; themes: Record<string, TokenTree> },
  saved: { tokens: TokenTree; themes: Record<string, TokenTree> },
  theme: string,
): string[] {
  const now = themedTokens(draft.tokens, theme === 'light' ? draft.themes.light : draft.themes[theme])
  const before = new Map(
    themedTokens(saved.tokens, theme === 'light' ? saved.themes.light : saved.themes[theme]).map((t) => [t.path, t]),
  )
  const lookup = lookupOf(now)
  const out: string[] = []
  for (const t of now) {
    const old = before.get(t.path)
    if (old && JSON.stringify(old.value) === JSON.stringify(t.value)) continue
    const type = t.type || resolveToken(t.path, lookup).type
    const css = declaration(t.value, type, lookup)
    if (safeCss(css)) out.push(`${cssVar(t.path)}: ${css};`)
  }
  return out
}
