import { Button, Select, Switch, TextArea, TextField } from '@radix-ui/themes'
import { ArrowDown, ArrowUp, ChevronDown, ChevronRight, Plus, Trash2 } from 'lucide-react'
import { createContext, useContext, useEffect, useId, useRef, useState, type ReactNode } from 'react'
import type { ComponentType, ObjectSchema, PropSchema, TokenInfo } from '../types'
import { ColorSwatch, IconButton, useDraft, ValueInput } from './controls'
import { byteLength, cssValueProblem, findToken, isHexColor, parseTokenRef, tokenFilterForProp, truncateBytes, urlProblem } from './styleProps'
import './panels.css'

/** What an image control is told besides its value. */
export interface ImageControlContext {
  siteId: string
  /** The id to give the control's input so the field's <label> points at it. */
  id: string
  label: string
  required: boolean
}

/** Renders the asset picker for an image prop; set(null) removes the prop. */
export type RenderImageControl = (value: string, set: (value: string | null) => void, ctx: ImageControlContext) => ReactNode

export interface PropsPanelProps {
  type: ComponentType
  /** The node's own props; absent ones show the type's defaults. */
  props: Record<string, unknown>
  /** Sets a prop; null removes it (the default then applies). */
  onChange: (name: string, value: unknown | null) => void
  siteId: string
  renderImageControl?: RenderImageControl
  /** Design tokens for "token" controls; without them those take raw CSS only. */
  tokens?: TokenInfo[]
  /** Something shown at the top right of each field (e.g. a reset button). */
  renderFieldAction?: (name: string) => ReactNode
  /** Says what the panel edits, for assistive technology (default: "<type> properties"). */
  label?: string
}

interface Env {
  siteId: string
  renderImageControl?: RenderImageControl
  tokens: TokenInfo[]
}

const EnvCtx = createContext<Env>({ siteId: '', tokens: [] })

function orderOf(s: { properties?: Record<string, PropSchema>; 'x-order'?: string[] }): string[] {
  const props = Object.keys(s.properties ?? {})
  const order = s['x-order'] ?? []
  return [...order.filter((n) => props.includes(n)), ...props.filter((n) => !order.includes(n))]
}

/**
 * The properties panel: one control per prop of the selected component,
 * generated from its JSON Schema and `x-control` hints, in `x-order`.
 * Key it by the selected node id so half-typed drafts do not carry over.
 */
export function PropsPanel({ type, props, onChange, siteId, renderImageControl, tokens = [], renderFieldAction, label }: PropsPanelProps) {
  const schema: ObjectSchema = type.props
  const names = orderOf(schema)
  return (
    <EnvCtx.Provider value={{ siteId, renderImageControl, tokens }}>
      <div className="pwp-panel pwp-props" role="group" aria-label={label ?? `${type.name} properties`}>
        {names.length === 0 && (
          <p className="pwp-hint" style={{ margin: 0 }}>
            {type.name} has no properties. Use the Style tab to change how it looks.
          </p>
        )}
        {names.map((name) => {
          const s = schema.properties[name]
          if (!s) return null
          const field = (
            <PropField
              key={`${type.name}/${name}`}
              name={name}
              schema={s}
              required={schema.required?.includes(name) ?? false}
              value={props[name]}
              fallback={name in type.defaults ? type.defaults[name] : s.default}
              onChange={(v) => onChange(name, v)}
            />
          )
          if (!renderFieldAction) return field
          return (
            <div key={`${type.name}/${name}`} className="pwp-field-with-action">
              {field}
              <div className="pwp-field-action">{renderFieldAction(name)}</div>
            </div>
          )
        })}
      </div>
    </EnvCtx.Provider>
  )
}

// ---------- one field ----------

interface FieldProps {
  name: string
  schema: PropSchema
  required: boolean
  /** The own value; undefined when absent. */
  value: unknown
  /** The default shown when the value is absent. */
  fallback: unknown
  onChange: (value: unknown | null) => void
}

function controlOf(s: PropSchema): string {
  if (s.type === 'array') return 'list'
  if (s.type === 'object') return 'object'
  const c = s['x-control']
  if (c) return c
  if (s.type === 'boolean') return 'toggle'
  if (s.enum?.length) return 'select'
  if (s.type === 'number' || s.type === 'integer') return 'number'
  if (s.format === 'url') return 'link'
  if (s.format === 'image-url') return 'image'
  return 'text'
}

function titleOf(name: string, s: PropSchema): string {
  if (s.title) return s.title
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase()
}

function text(v: unknown): string {
  if (v === undefined || v === null) return ''
  return typeof v === 'string' ? v : String(v)
}

interface ShellProps {
  id: string
  title: string
  required: boolean
  help?: string
  error?: string | null
  /** Points the title at the control (<label>) or names a group (<span>). */
  as?: 'label' | 'span'
  counter?: ReactNode
  children: ReactNode
}

function FieldShell({ id, title, required, help, error, as = 'label', counter, children }: ShellProps) {
  const Tag = as
  return (
    <div className="pwp-field">
      <div className="pwp-field-label">
        <Tag id={`${id}-label`} {...(as === 'label' ? { htmlFor: id } : {})}>
          {title}
          {required && (
            <>
              <span className="pwp-required" aria-hidden="true">
                {' '}
                *
              </span>
              <span className="visually-hidden"> (required)</span>
            </>
          )}
        </Tag>
        {counter}
      </div>
      {children}
      {error && (
        <p className="pwp-error" id={`${id}-error`} style={{ margin: 0 }}>
          {error}
        </p>
      )}
      {help && (
        <p className="pwp-help" id={`${id}-help`} style={{ margin: 0 }}>
          {help}
        </p>
      )}
    </div>
  )
}

function describedBy(id: string, error: string | null | undefined, help: string | undefined): string | undefined {
  return [error ? `${id}-error` : '', help ? `${id}-help` : ''].filter(Boolean).join(' ') || undefined
}

function PropField(p: FieldProps) {
  switch (controlOf(p.schema)) {
    case 'toggle':
      return <ToggleField {...p} />
    case 'select':
      return <SelectField {...p} />
    case 'number':
      return <NumberField {...p} />
    case 'color':
      return <ColorField {...p} />
    case 'image':
      return <ImageField {...p} />
    case 'token':
      return <TokenField {...p} />
    case 'list':
      return <ListField {...p} />
    case 'object':
      return <ObjectField {...p} />
    default:
      // text, textarea, richtext, link, and anything unknown
      return <TextLikeField {...p} />
  }
}

const NAME_RE = /^[A-Za-z0-9_-]+$/

function TextLikeField({ name, schema, required, value, fallback, onChange }: FieldProps) {
  const id = useId()
  const control = controlOf(schema)
  const title = titleOf(name, schema)
  const max = schema.maxLength
  const validate = (t: string): string | null => {
    if (control === 'link') return urlProblem(t.trim(), 'link')
    if (schema.format === 'url') return urlProblem(t.trim(), 'link')
    if (schema.format === 'image-url') return urlProblem(t.trim(), 'image')
    if (schema.format === 'name' && !NAME_RE.test(t)) return 'Use only letters, digits, “_” and “-”.'
    return null
  }
  const isUrl = control === 'link' || schema.format === 'url' || schema.format === 'image-url'
  const draft = useDraft(text(value), (v) => onChange(v), validate, isUrl ? (t) => t.trim() : undefined)
  const change = (t: string) => draft.change(max ? truncateBytes(t, max) : t)
  const missing = required && draft.text.trim() === '' && (fallback === undefined || fallback === null || fallback === '')
  const error = draft.error ?? (missing ? `${title} is required.` : null)
  let help = schema.description
  if (control === 'richtext') help = [help, 'Double-click the text on the canvas to edit it with formatting.'].filter(Boolean).join(' ')
  if (control === 'link' && !help) help = 'A web address, /page, #anchor, mailto: or tel: link.'
  const bytes = byteLength(draft.text)
  const counter =
    max && bytes > max * 0.8 ? (
      <span className="pwp-counter" data-over={bytes >= max ? 'true' : undefined} aria-live="polite">
        {bytes}/{max}
      </span>
    ) : null
  const common = {
    id,
    value: draft.text,
    placeholder:
      text(fallback) ||
      (control === 'link' ? 'https://… or /page' : schema.format === 'image-url' ? 'https://… or /images/photo.jpg' : undefined),
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, error, help),
    'aria-required': required || undefined,
    maxLength: max,
    spellCheck: control === 'link' || schema.format === 'name' ? false : undefined,
  }
  return (
    <FieldShell id={id} title={title} required={required} help={help} error={error} counter={counter}>
      {control === 'textarea' || control === 'richtext' ? (
        <TextArea
          size="1"
          rows={control === 'richtext' ? 4 : 3}
          resize="vertical"
          className={control === 'richtext' ? 'pwp-mono' : undefined}
          {...common}
          onChange={(e) => change(e.target.value)}
        />
      ) : (
        <TextField.Root
          size="1"
          type={control === 'link' ? 'url' : 'text'}
          inputMode={control === 'link' ? 'url' : undefined}
          autoComplete="off"
          {...common}
          onChange={(e) => change(e.target.value)}
        />
      )}
    </FieldShell>
  )
}

function NumberField({ name, schema, required, value, fallback, onChange }: FieldProps) {
  const id = useId()
  const title = titleOf(name, schema)
  const integer = schema.type === 'integer'
  const validate = (t: string): string | null => {
    const n = Number(t.trim())
    if (!Number.isFinite(n)) return 'Enter a number.'
    if (integer && !Number.isInteger(n)) return 'Enter a whole number.'
    if (schema.minimum !== undefined && n < schema.minimum) return `At least ${schema.minimum}.`
    if (schema.maximum !== undefined && n > schema.maximum) return `At most ${schema.maximum}.`
    return null
  }
  const draft = useDraft(text(value), (v) => onChange(v === null ? null : Number(v)), validate, (t) => String(Number(t.trim())))
  const missing = required && draft.text.trim() === '' && (fallback === undefined || fallback === null)
  const error = draft.error ?? (missing ? `${title} is required.` : null)
  const range =
    schema.minimum !== undefined && schema.maximum !== undefined
      ? `${schema.minimum}–${schema.maximum}`
      : schema.minimum !== undefined
        ? `≥ ${schema.minimum}`
        : schema.maximum !== undefined
          ? `≤ ${schema.maximum}`
          : undefined
  const help = schema.description
  return (
    <FieldShell id={id} title={title} required={required} help={help} error={error}>
      <TextField.Root
        size="1"
        id={id}
        type="number"
        inputMode={integer ? 'numeric' : 'decimal'}
        min={schema.minimum}
        max={schema.maximum}
        step={integer ? 1 : 'any'}
        value={draft.text}
        placeholder={text(fallback) || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, help)}
        aria-required={required || undefined}
        onChange={(e) => draft.change(e.target.value)}
      >
        {range && (
          <TextField.Slot side="right">
            <span className="pwp-hint" aria-hidden="true">
              {range}
            </span>
          </TextField.Slot>
        )}
      </TextField.Root>
    </FieldShell>
  )
}

const NONE = '\u0000none'

function SelectField({ name, schema, required, value, fallback, onChange }: FieldProps) {
  const id = useId()
  const title = titleOf(name, schema)
  const options = schema.enum ?? []
  // Numbers may arrive as 2 or 2.0 or "2"; match by value, not identity.
  const indexOf = (v: unknown) => options.findIndex((o) => o === v || (typeof o === 'number' && Number(v) === o && v !== '' && v !== null))
  const shown = value !== undefined && value !== null ? value : fallback
  const i = shown === undefined || shown === null ? -1 : indexOf(shown)
  const optional = !required && (fallback === undefined || fallback === null)
  const help = schema.description
  return (
    <FieldShell id={id} title={title} required={required} help={help}>
      <Select.Root
        size="1"
        value={i >= 0 ? String(i) : ''}
        onValueChange={(v) => onChange(v === NONE ? null : options[Number(v)])}
      >
        <Select.Trigger
          id={id}
          aria-labelledby={`${id}-label ${id}`}
          aria-describedby={describedBy(id, null, help)}
          placeholder={value !== undefined && i < 0 ? text(value) : 'Choose…'}
        />
        <Select.Content position="popper">
          {optional && <Select.Item value={NONE}>—</Select.Item>}
          {options.map((o, k) => (
            <Select.Item key={String(o)} value={String(k)}>
              {String(o)}
              {value === undefined && k === i ? ' (default)' : ''}
            </Select.Item>
          ))}
        </Select.Content>
      </Select.Root>
    </FieldShell>
  )
}

function ToggleField({ name, schema, value, fallback, onChange }: FieldProps) {
  const id = useId()
  const title = titleOf(name, schema)
  const checked = typeof value === 'boolean' ? value : fallback === true
  const help = schema.description
  return (
    <div className="pwp-field">
      <div className="pwp-field-inline">
        <label htmlFor={id} className="pwp-field-label" style={{ fontWeight: 500 }}>
          {title}
        </label>
        <Switch size="1" id={id} checked={checked} onCheckedChange={(c) => onChange(c)} aria-describedby={describedBy(id, null, help)} />
      </div>
      {help && (
        <p className="pwp-help" id={`${id}-help`} style={{ margin: 0 }}>
          {help}
        </p>
      )}
    </div>
  )
}

function ColorField({ name, schema, required, value, fallback, onChange }: FieldProps) {
  const id = useId()
  const title = titleOf(name, schema)
  const draft = useDraft(text(value), (v) => onChange(v), (t) => (isHexColor(t.trim()) ? null : 'Use a hex colour, e.g. #0f766e.'), (t) =>
    t.trim().toLowerCase(),
  )
  const help = schema.description
  const shown = draft.text || text(fallback)
  return (
    <FieldShell id={id} title={title} required={required} help={help} error={draft.error}>
      <div className="pwp-control">
        <ColorSwatch label={`Pick ${title.toLowerCase()}`} color={isHexColor(shown) ? shown : undefined} onPick={draft.change} />
        <TextField.Root
          size="1"
          id={id}
          className="pwp-mono"
          value={draft.text}
          placeholder={text(fallback) || '#rrggbb'}
          maxLength={9}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={draft.error ? true : undefined}
          aria-describedby={describedBy(id, draft.error, help)}
          onChange={(e) => draft.change(e.target.value)}
        />
      </div>
    </FieldShell>
  )
}

function ImageField(p: FieldProps) {
  const env = useContext(EnvCtx)
  const id = useId()
  if (!env.renderImageControl) return <TextLikeField {...p} schema={{ ...p.schema, format: 'image-url', 'x-control': 'text' }} />
  const title = titleOf(p.name, p.schema)
  return (
    <FieldShell id={id} title={title} required={p.required} help={p.schema.description}>
      {env.renderImageControl(text(p.value), (v) => p.onChange(v), { siteId: env.siteId, id, label: title, required: p.required })}
    </FieldShell>
  )
}

function TokenField({ name, schema, required, value, fallback, onChange }: FieldProps) {
  const env = useContext(EnvCtx)
  const id = useId()
  const title = titleOf(name, schema)
  const own = value === undefined || value === null ? undefined : text(value)
  const draft = useDraft(own ?? '', (v) => onChange(v), cssValueProblem, (t) => t.trim())
  const help = schema.description
  return (
    <FieldShell id={id} title={title} required={required} help={help} error={draft.error}>
      <ValueInput
        id={id}
        label={title}
        draft={draft}
        value={own}
        placeholder={text(fallback)}
        tokens={env.tokens}
        filter={tokenFilterForProp(name) ?? {}}
        describedBy={describedBy(id, draft.error, help)}
        onPick={(ref) => {
          onChange(ref)
          setTimeout(() => document.getElementById(id)?.focus(), 0)
        }}
        onDetach={() => {
          const path = parseTokenRef(own)
          const t = path === null ? undefined : findToken(env.tokens, path)
          onChange(t ? t.value : null)
          setTimeout(() => document.getElementById(id)?.focus(), 0)
        }}
      />
    </FieldShell>
  )
}

function ObjectField({ name, schema, required, value, fallback, onChange }: FieldProps) {
  const id = useId()
  const obj = (value ?? fallback ?? {}) as Record<string, unknown>
  return (
    <FieldShell id={id} title={titleOf(name, schema)} required={required} help={schema.description} as="span">
      <div role="group" aria-labelledby={`${id}-label`} className="pwp-item-body" style={{ border: 0, padding: 0 }}>
        <ObjectFields schema={schema} value={obj} onChange={onChange} />
      </div>
    </FieldShell>
  )
}

/** The fields of one object (an array item, or an object prop). */
function ObjectFields({ schema, value, onChange }: { schema: PropSchema; value: Record<string, unknown>; onChange: (v: Record<string, unknown>) => void }) {
  return (
    <>
      {orderOf(schema).map((k) => {
        const s = schema.properties?.[k]
        if (!s) return null
        return (
          <PropField
            key={k}
            name={k}
            schema={s}
            required={schema.required?.includes(k) ?? false}
            value={value[k]}
            fallback={s.default}
            onChange={(v) => {
              const next = { ...value }
              if (v === null || v === undefined) delete next[k]
              else next[k] = v
              onChange(next)
            }}
          />
        )
      })}
    </>
  )
}

// ---------- lists ----------

function singular(title: string): string {
  if (/ies$/i.test(title)) return title.slice(0, -3) + 'y'
  if (/s$/i.test(title) && !/ss$/i.test(title)) return title.slice(0, -1)
  return title
}

/** A new list item: defaults, else something valid-looking for required fields. */
export function newItem(schema: PropSchema | undefined, n: number): unknown {
  if (!schema) return ''
  if (schema.default !== undefined) return structuredClone(schema.default)
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const k of orderOf(schema)) {
        const f = schema.properties?.[k]
        if (!f) continue
        if (f.default !== undefined) out[k] = structuredClone(f.default)
        else if (schema.required?.includes(k)) out[k] = newField(k, f, n)
      }
      return out
    }
    case 'array':
      return []
    case 'number':
    case 'integer':
      return schema.minimum ?? 0
    case 'boolean':
      return false
    default:
      return schema.enum?.[0] ?? ''
  }
}

function newField(name: string, f: PropSchema, n: number): unknown {
  if (f.type !== 'string') return newItem(f, n)
  if (f.enum?.length) return f.enum[0]
  if (f['x-control'] === 'link' || f.format === 'url') return '#'
  if (f.format === 'name') return `${name}-${n}`
  if (f.format === 'image-url' || f['x-control'] === 'image') return ''
  return `${titleOf(name, f)} ${n}`
}

function summaryOf(item: unknown, schema: PropSchema): string {
  if (Array.isArray(item)) return item.map(text).filter(Boolean).join(', ')
  if (item && typeof item === 'object') {
    const obj = item as Record<string, unknown>
    for (const k of orderOf(schema)) {
      const v = obj[k]
      if (typeof v === 'string' && v.trim() && schema.properties?.[k]?.type === 'string') return v
    }
    return ''
  }
  return text(item)
}

function ListField({ name, schema, required, value, fallback, onChange }: FieldProps) {
  const id = useId()
  const title = titleOf(name, schema)
  const items: unknown[] = Array.isArray(value) ? value : Array.isArray(fallback) ? fallback : []
  return (
    <FieldShell id={id} title={title} required={required} help={schema.description} as="span">
      <ListEditor labelledBy={`${id}-label`} noun={singular(title)} schema={schema.items} items={items} onChange={onChange} />
    </FieldShell>
  )
}

interface ListEditorProps {
  labelledBy: string
  /** What one item is called ("Link"), for button names. */
  noun: string
  schema: PropSchema | ObjectSchema | undefined
  items: unknown[]
  onChange: (items: unknown[]) => void
}

/** Add, remove, reorder and edit the items of an array prop. */
function ListEditor({ labelledBy, noun, schema, items, onChange }: ListEditorProps) {
  const itemSchema = (schema ?? { type: 'string' }) as PropSchema
  const composite = itemSchema.type === 'object' || itemSchema.type === 'array'
  const [open, setOpen] = useState<boolean[]>(() => items.map(() => false))
  const refs = useRef(new Map<string, HTMLElement | null>())
  const [focusKey, setFocusKey] = useState<string | null>(null)
  const reg = (key: string) => (el: HTMLElement | null) => {
    refs.current.set(key, el)
  }

  useEffect(() => {
    if (!focusKey) return
    const el = refs.current.get(focusKey)
    if (focusKey.endsWith('-item')) {
      el?.querySelector<HTMLElement>('input, textarea, [role="combobox"], [role="switch"]')?.focus()
    } else el?.focus()
    setFocusKey(null)
  }, [focusKey])

  const isOpen = (i: number) => open[i] ?? false

  function move(i: number, d: -1 | 1) {
    const j = i + d
    if (j < 0 || j >= items.length) return
    const next = [...items]
    ;[next[i], next[j]] = [next[j], next[i]]
    const o = items.map((_, k) => isOpen(k))
    ;[o[i], o[j]] = [o[j]!, o[i]!]
    setOpen(o)
    onChange(next)
    // Keep focus on the button that moved with the item, or its twin at an end.
    const edge = (d < 0 && j === 0) || (d > 0 && j === items.length - 1)
    setFocusKey(`${j}-${edge ? (d < 0 ? 'down' : 'up') : d < 0 ? 'up' : 'down'}`)
  }

  function remove(i: number) {
    const next = items.filter((_, k) => k !== i)
    setOpen(items.map((_, k) => isOpen(k)).filter((_, k) => k !== i))
    onChange(next)
    setFocusKey(next.length === 0 ? 'add' : `${Math.min(i, next.length - 1)}-remove`)
  }

  function add() {
    const next = [...items, newItem(itemSchema, items.length + 1)]
    setOpen([...items.map((_, k) => isOpen(k)), true])
    onChange(next)
    setFocusKey(`${items.length}-item`)
  }

  function update(i: number, v: unknown) {
    const next = [...items]
    next[i] = v
    onChange(next)
  }

  const innerNoun = noun === 'Row' ? 'Cell' : 'Item'

  const buttons = (i: number) => {
    const n = `${noun.toLowerCase()} ${i + 1}`
    return (
      <>
        <IconButton label={`Move ${n} up`} disabled={i === 0} onClick={() => move(i, -1)} buttonRef={reg(`${i}-up`)}>
          <ArrowUp size={12} aria-hidden="true" />
        </IconButton>
        <IconButton label={`Move ${n} down`} disabled={i === items.length - 1} onClick={() => move(i, 1)} buttonRef={reg(`${i}-down`)}>
          <ArrowDown size={12} aria-hidden="true" />
        </IconButton>
        <IconButton label={`Remove ${n}`} onClick={() => remove(i)} buttonRef={reg(`${i}-remove`)}>
          <Trash2 size={12} aria-hidden="true" />
        </IconButton>
      </>
    )
  }

  return (
    <>
      {items.length > 0 && (
        <ul className="pwp-list" aria-labelledby={labelledBy}>
          {items.map((item, i) => {
            const itemName = `${noun} ${i + 1}`
            if (!composite) {
              return (
                <li key={i} className="pwp-list-row" ref={reg(`${i}-item`)}>
                  <ScalarItem label={itemName} schema={itemSchema} value={item} onChange={(v) => update(i, v)} />
                  {buttons(i)}
                </li>
              )
            }
            const summary = summaryOf(item, itemSchema)
            const bodyId = `${labelledBy}-item-${i}`
            return (
              <li key={i} className="pwp-item" ref={reg(`${i}-item`)}>
                <div className="pwp-item-header">
                  <button
                    type="button"
                    className="pwp-item-toggle"
                    aria-expanded={isOpen(i)}
                    aria-controls={isOpen(i) ? bodyId : undefined}
                    aria-label={summary ? `${itemName}: ${summary}` : itemName}
                    onClick={() => setOpen(items.map((_, k) => (k === i ? !isOpen(k) : isOpen(k))))}
                  >
                    {isOpen(i) ? <ChevronDown size={13} aria-hidden="true" /> : <ChevronRight size={13} aria-hidden="true" />}
                    <span>{summary || itemName}</span>
                  </button>
                  {buttons(i)}
                </div>
                {isOpen(i) && (
                  <div className="pwp-item-body" id={bodyId} role="group" aria-label={itemName}>
                    {itemSchema.type === 'array' ? (
                      <ListEditor
                        labelledBy={bodyId}
                        noun={innerNoun}
                        schema={itemSchema.items}
                        items={Array.isArray(item) ? item : []}
                        onChange={(v) => update(i, v)}
                      />
                    ) : (
                      <ObjectFields
                        schema={itemSchema}
                        value={item && typeof item === 'object' ? (item as Record<string, unknown>) : {}}
                        onChange={(v) => update(i, v)}
                      />
                    )}
                  </div>
                )}
              </li>
            )
          })}
        </ul>
      )}
      <Button type="button" size="1" variant="soft" color="gray" className="pwp-add" onClick={add} ref={reg('add')}>
        <Plus size={12} aria-hidden="true" /> Add {noun.toLowerCase()}
      </Button>
    </>
  )
}

/** One string (or number) item of a list: an input named "Link 2" and so on. */
function ScalarItem({ label, schema, value, onChange }: { label: string; schema: PropSchema; value: unknown; onChange: (v: unknown) => void }) {
  const numeric = schema.type === 'number' || schema.type === 'integer'
  const max = schema.maxLength
  const draft = useDraft(
    text(value),
    (v) => onChange(numeric ? Number(v ?? 0) : (v ?? '')),
    numeric ? (t) => (Number.isFinite(Number(t)) ? null : 'Enter a number.') : undefined,
  )
  return (
    <TextField.Root
      size="1"
      aria-label={label}
      value={draft.text}
      maxLength={max}
      type={numeric ? 'number' : 'text'}
      aria-invalid={draft.error ? true : undefined}
      title={draft.error ?? undefined}
      onChange={(e) => draft.change(max ? truncateBytes(e.target.value, max) : e.target.value)}
    />
  )
}
