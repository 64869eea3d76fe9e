// Shared types of the visual editor: the page document (DESIGN.md §4), the
// component types the server describes, and the design tokens the pickers
// offer. The server is the source of truth; these mirror its JSON.

/** Style values per breakpoint or state: key → CSS property → value. */
export type StyleValues = Record<string, string | number>
/** Keys are "base", the design system's breakpoints (sm, md, lg, xl) and the states hover and focus. */
export type Styles = Record<string, StyleValues>

/** One node of the flat node map. */
export interface DocNode {
  id: string
  type: string
  parent?: string
  pos?: string
  props?: Record<string, unknown>
  styles?: Styles
  bind?: Record<string, unknown>
  /** The layer name shown instead of the type. */
  label?: string
  hidden?: boolean
  locked?: boolean
}

export interface DocMeta {
  title?: string
  description?: string
  lang?: string
  ogImage?: string
}

export interface PageDocument {
  schemaVersion: number
  root: string
  meta: DocMeta
  nodes: Record<string, DocNode>
}

/** An edit, exactly as the server's doc ops. */
export type Op =
  | { op: 'set'; node?: string; path: string; value: unknown }
  | { op: 'insert'; node: DocNode }
  | { op: 'delete'; node: string }
  | { op: 'move'; node: string; parent: string; pos: string }

/** The JSON Schema of one prop, with editor hints (GET /api/v1/component-types). */
export interface PropSchema {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object'
  title?: string
  description?: string
  /** text, textarea, richtext, number, select, color, toggle, image, link, token */
  'x-control'?: string
  format?: 'url' | 'image-url' | 'name'
  enum?: unknown[]
  minimum?: number
  maximum?: number
  maxLength?: number
  default?: unknown
  items?: PropSchema | ObjectSchema
  // Object schemas (array items of objects) carry these:
  properties?: Record<string, PropSchema>
  required?: string[]
  'x-order'?: string[]
}

export interface ObjectSchema {
  type: 'object'
  properties: Record<string, PropSchema>
  required: string[]
  additionalProperties: boolean
  'x-order': string[]
}

/** Which children a type takes: "any", "none", a list, or any-except. */
export type ChildRule = 'any' | 'none' | string[] | { any: true; except: string[] }

export interface ComponentType {
  name: string
  category: string
  /** A lucide icon name. */
  icon: string
  props: ObjectSchema
  defaults: Record<string, unknown>
  children: ChildRule
  hasScript: boolean
  /**
   * Not offered in the palette (Instance: placed from the component
   * library). Older servers leave it out; read it as false.
   */
  hidden?: boolean
}

/** A resolved design token for pickers (GET /api/v1/sites/{site}/design-system/tokens). */
export interface TokenInfo {
  /** Dotted path, e.g. "color.text.default"; style values reference it as "{color.text.default}". */
  path: string
  /** DTCG $type: color, dimension, fontFamily, fontWeight, number, shadow, duration, … */
  type: string
  /** The resolved CSS value in the base (light) theme. */
  value: string
  /** The custom property, e.g. "--pw-color-text-default". */
  cssVar: string
  /** Resolved values in other themes, where they differ. */
  themes?: Record<string, string>
  description?: string
}

export interface Breakpoint {
  name: string
  minWidth: number
}

export interface DesignTokens {
  items: TokenInfo[]
  breakpoints: Breakpoint[]
  themes: string[]
}
