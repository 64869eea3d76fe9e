import { Select, TextField } from '@radix-ui/themes'
import {
  AlignCenter,
  AlignJustify,
  AlignLeft,
  AlignRight,
  ArrowDown,
  ArrowLeft,
  ArrowRight,
  ArrowUp,
  Plus,
  Scan,
  X,
} from 'lucide-react'
import { ToggleGroup } from 'radix-ui'
import { createContext, memo, useCallback, useContext, useId, useRef, useState, type FormEvent, type ReactNode } from 'react'
import type { Breakpoint, Styles, StyleValues, TokenInfo } from '../types'
import { IconButton, nudgeKeys, Section, useDraft, ValueInput } from './controls'
import {
  boxSideFallback,
  cascadeKeys,
  countValues,
  cssPropertyProblem,
  cssValueProblem,
  findToken,
  inheritedValues,
  isStateKey,
  parseTokenRef,
  resolveForPreview,
  SIDES,
  sortBreakpoints,
  tokenFilterFor,
  type Inherited,
  type Side,
} from './styleProps'
import './panels.css'

export interface StylePanelProps {
  styles: Styles | undefined
  /** The key being edited: "base", a breakpoint name, "hover" or "focus". */
  target: string
  onTargetChange: (key: string) => void
  breakpoints: Breakpoint[]
  /** Sets one property on one key; null removes it. */
  onChange: (key: string, property: string, value: string | null) => void
  tokens: TokenInfo[]
}

interface StyleCtx {
  styles: Styles | undefined
  target: string
  breakpoints: Breakpoint[]
  own: StyleValues
  inherited: Record<string, Inherited>
  tokens: TokenInfo[]
  set: (property: string, value: string | null) => void
}

const Ctx = createContext<StyleCtx | null>(null)

function useStyle(): StyleCtx {
  const c = useContext(Ctx)
  if (!c) throw new Error('style fields must be inside StylePanel')
  return c
}

function str(v: string | number | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : String(v)
}

function keyLabel(key: string): string {
  if (key === 'base') return 'Base'
  if (key === 'hover') return 'Hover'
  if (key === 'focus') return 'Focus'
  return key
}

/** Focuses an element once React has rendered the change that (re)creates it. */
function focusSoon(id: string) {
  setTimeout(() => document.getElementById(id)?.focus(), 0)
}

// ---------- property groups ----------

const CORNERS = ['top-left', 'top-right', 'bottom-right', 'bottom-left'] as const
const LAYOUT = ['display', 'flex-direction', 'flex-wrap', 'justify-content', 'align-items', 'gap', 'grid-template-columns', 'width', 'max-width', 'min-height', 'height']
const SPACING = ['margin', 'padding', ...SIDES.map((s) => `margin-${s}`), ...SIDES.map((s) => `padding-${s}`)]
const TYPOGRAPHY = ['font-family', 'font-size', 'font-weight', 'line-height', 'letter-spacing', 'text-align', 'text-transform', 'color']
const COLOUR = ['color', 'background-color', 'background-image']
const BORDERS = ['border-width', 'border-style', 'border-color', 'border-radius', ...CORNERS.map((c) => `border-${c}-radius`)]
const EFFECTS = ['box-shadow', 'opacity', 'transition']
const POSITION = ['position', 'top', 'right', 'bottom', 'left', 'z-index']
const KNOWN = new Set([...LAYOUT, ...SPACING, ...TYPOGRAPHY, ...COLOUR, ...BORDERS, ...EFFECTS, ...POSITION])

const OPTIONS = {
  display: ['block', 'flex', 'grid', 'inline', 'inline-block', 'inline-flex', 'inline-grid', 'contents', 'none'],
  'flex-wrap': ['nowrap', 'wrap', 'wrap-reverse'],
  'justify-content': ['flex-start', 'center', 'flex-end', 'space-between', 'space-around', 'space-evenly', 'stretch'],
  'align-items': ['stretch', 'flex-start', 'center', 'flex-end', 'baseline'],
  'font-weight': ['100', '200', '300', '400', '500', '600', '700', '800', '900'],
  'text-transform': ['none', 'uppercase', 'lowercase', 'capitalize'],
  'border-style': ['none', 'solid', 'dashed', 'dotted', 'double'],
  position: ['static', 'relative', 'absolute', 'fixed', 'sticky'],
} as const

const TEXT_ALIGN: IconOption[] = [
  { value: 'left', label: 'Left', icon: <AlignLeft size={13} /> },
  { value: 'center', label: 'Centre', icon: <AlignCenter size={13} /> },
  { value: 'right', label: 'Right', icon: <AlignRight size={13} /> },
  { value: 'justify', label: 'Justify', icon: <AlignJustify size={13} /> },
]
const FLEX_DIRECTION: IconOption[] = [
  { value: 'row', label: 'Row', icon: <ArrowRight size={13} /> },
  { value: 'column', label: 'Column', icon: <ArrowDown size={13} /> },
  { value: 'row-reverse', label: 'Row, reversed', icon: <ArrowLeft size={13} /> },
  { value: 'column-reverse', label: 'Column, reversed', icon: <ArrowUp size={13} /> },
]

interface IconOption {
  value: string
  label: string
  icon: ReactNode
}

/**
 * The style panel: a breakpoint/state switcher over collapsible groups of
 * CSS properties. Each value is raw CSS or a design token; values that show
 * through from smaller breakpoints appear greyed as placeholders.
 */
export function StylePanel({ styles, target, onTargetChange, breakpoints, onChange, tokens }: StylePanelProps) {
  const own = styles?.[target] ?? {}
  const inherited = inheritedValues(styles, target, breakpoints)
  // A stable setter lets unchanged fields skip re-rendering on each keystroke.
  const latest = useRef({ onChange, target })
  latest.current = { onChange, target }
  const set = useCallback((property: string, value: string | null) => latest.current.onChange(latest.current.target, property, value), [])
  const ctx: StyleCtx = { styles, target, breakpoints, own, inherited, tokens, set }
  const setHere = (props: readonly string[]) => props.some((p) => str(own[p]) !== undefined)
  const effective = (p: string) => str(own[p]) ?? inherited[p]?.value
  const display = effective('display') ?? ''
  const isFlex = display.includes('flex') || setHere(['flex-direction', 'flex-wrap'])
  const isGrid = display.includes('grid') || setHere(['grid-template-columns'])
  const position = effective('position') ?? 'static'
  const offsets = position !== 'static' || setHere(['top', 'right', 'bottom', 'left'])

  return (
    <div className="pwp-panel pwp-style" role="group" aria-label="Style">
      <TargetSwitcher styles={styles} target={target} breakpoints={breakpoints} onTargetChange={onTargetChange} />
      <Ctx.Provider value={ctx}>
        <Section title="Layout" hasValues={setHere(LAYOUT)}>
          <StyleField property="display" label="Display" options={OPTIONS.display} />
          {isFlex && <StyleField property="flex-direction" label="Direction" icons={FLEX_DIRECTION} />}
          {isFlex && <StyleField property="flex-wrap" label="Wrap" options={OPTIONS['flex-wrap']} />}
          {(isFlex || isGrid) && (
            <>
              <StyleField property="justify-content" label="Justify" options={OPTIONS['justify-content']} />
              <StyleField property="align-items" label="Align" options={OPTIONS['align-items']} />
              <StyleField property="gap" label="Gap" />
            </>
          )}
          {isGrid && <StyleField property="grid-template-columns" label="Columns" hint="repeat(3, 1fr)" mono />}
          <StyleField property="width" label="Width" hint="auto" />
          <StyleField property="max-width" label="Max width" hint="none" />
          <StyleField property="min-height" label="Min height" hint="auto" />
          <StyleField property="height" label="Height" hint="auto" />
        </Section>
        <Section title="Spacing" hasValues={setHere(SPACING)}>
          <BoxModel />
        </Section>
        <Section title="Typography" hasValues={setHere(TYPOGRAPHY)}>
          <StyleField property="font-family" label="Font" />
          <StyleField property="font-size" label="Size" />
          <StyleField property="font-weight" label="Weight" options={OPTIONS['font-weight']} />
          <StyleField property="line-height" label="Line height" />
          <StyleField property="letter-spacing" label="Letter sp." fullLabel="Letter spacing" />
          <StyleField property="text-align" label="Align" fullLabel="Text align" icons={TEXT_ALIGN} />
          <StyleField property="text-transform" label="Case" fullLabel="Text transform" options={OPTIONS['text-transform']} />
          <StyleField property="color" label="Colour" color />
        </Section>
        <Section title="Colour & background" hasValues={setHere(COLOUR)}>
          <StyleField property="color" label="Text" fullLabel="Text colour" color />
          <StyleField property="background-color" label="Fill" fullLabel="Background colour" color />
          <BackgroundImage />
        </Section>
        <Section title="Borders" hasValues={setHere(BORDERS)} defaultOpen={setHere(BORDERS)}>
          <StyleField property="border-width" label="Width" fullLabel="Border width" />
          <StyleField property="border-style" label="Style" fullLabel="Border style" options={OPTIONS['border-style']} />
          <StyleField property="border-color" label="Colour" fullLabel="Border colour" color />
          <Radius />
        </Section>
        <Section title="Effects" hasValues={setHere(EFFECTS)} defaultOpen={setHere(EFFECTS)}>
          <StyleField property="box-shadow" label="Shadow" />
          <StyleField property="opacity" label="Opacity" hint="1" />
          <StyleField property="transition" label="Transition" />
        </Section>
        <Section title="Position" hasValues={setHere(POSITION)} defaultOpen={setHere(POSITION)}>
          <StyleField property="position" label="Position" options={OPTIONS.position} />
          {offsets &&
            SIDES.map((s) => <StyleField key={s} property={s} label={s[0]!.toUpperCase() + s.slice(1)} hint="auto" />)}
          <StyleField property="z-index" label="Z-index" hint="auto" />
        </Section>
        <CustomProperties />
      </Ctx.Provider>
    </div>
  )
}

// ---------- target switcher ----------

function TargetSwitcher({
  styles,
  target,
  breakpoints,
  onTargetChange,
}: Pick<StylePanelProps, 'styles' | 'target' | 'breakpoints' | 'onTargetChange'>) {
  const stateLabel = useId()
  const lastWidth = useRef('base')
  const state = isStateKey(target) ? target : null
  if (!state) lastWidth.current = target
  const sorted = sortBreakpoints(breakpoints)
  const widths = [{ name: 'base', minWidth: 0 }, ...sorted]
  const widthKey = state ? '' : target

  const count = (key: string) => countValues(styles, key)
  const describe = (key: string, name: string) => {
    const n = count(key)
    return n ? `${name} (${n} ${n === 1 ? 'style' : 'styles'})` : name
  }

  let caption: string
  if (state === 'hover') caption = 'Hover: drawn over the resting style while the pointer is over the element.'
  else if (state === 'focus') caption = 'Focus: drawn while the element has keyboard focus.'
  else if (target === 'base') caption = 'Base: every width. Larger breakpoints can override.'
  else {
    const bp = sorted.find((b) => b.name === target)
    const from = cascadeKeys(target, breakpoints).map(keyLabel)
    caption = `${target}: from ${bp?.minWidth ?? '?'}px up. Inherits from ${from.join(', ')}.`
  }

  return (
    <div className="pwp-targets">
      <ToggleGroup.Root
        type="single"
        className="pwp-seg pwp-seg-two-line"
        aria-label="Breakpoint"
        value={widthKey}
        onValueChange={(v) => v && onTargetChange(v)}
      >
        {widths.map((b) => (
          <ToggleGroup.Item
            key={b.name}
            value={b.name}
            className="pwp-seg-item"
            aria-label={describe(b.name, b.name === 'base' ? 'Base, every width' : `${b.name}, ${b.minWidth}px and up`)}
            title={describe(b.name, b.name === 'base' ? 'Base, every width' : `${b.name}, ${b.minWidth}px and up`)}
          >
            <span>{keyLabel(b.name)}</span>
            <span className="pwp-seg-sub" aria-hidden="true">
              {b.name === 'base' ? 'mobile' : `≥${b.minWidth}`}
            </span>
            {count(b.name) > 0 && <span className="pwp-dot" aria-hidden="true" />}
          </ToggleGroup.Item>
        ))}
      </ToggleGroup.Root>
      <div className="pwp-state-row">
        <span id={stateLabel} className="pwp-label">
          State
        </span>
        <ToggleGroup.Root
          type="single"
          className="pwp-seg"
          aria-labelledby={stateLabel}
          value={state ?? 'none'}
          onValueChange={(v) => {
            if (v) onTargetChange(v === 'none' ? lastWidth.current : v)
          }}
        >
          {(['none', 'hover', 'focus'] as const).map((s) => (
            <ToggleGroup.Item
              key={s}
              value={s}
              className="pwp-seg-item"
              aria-label={s === 'none' ? 'No state' : describe(s, keyLabel(s))}
            >
              {s === 'none' ? 'None' : keyLabel(s)}
              {s !== 'none' && count(s) > 0 && <span className="pwp-dot" aria-hidden="true" />}
            </ToggleGroup.Item>
          ))}
        </ToggleGroup.Root>
      </div>
      <p className="pwp-target-caption" style={{ margin: 0 }} aria-live="polite">
        {caption}
      </p>
    </div>
  )
}

// ---------- one property ----------

interface StyleFieldProps {
  property: string
  /** The short visible label. */
  label: string
  /** The accessible name when the visible label is abbreviated. */
  fullLabel?: string
  /** Keyword choices: a select (still taking a token where one applies). */
  options?: readonly string[]
  /** Icon choices: a toggle group (pressing the active one clears it). */
  icons?: IconOption[]
  color?: boolean
  /** Shown greyed when nothing is set or inherited (the CSS initial value). */
  hint?: string
  /** Overrides the inherited value shown (box sides fall back to shorthands). */
  fallback?: Inherited
  mono?: boolean
  /** An extra control after the value (e.g. the per-corner toggle). */
  extra?: ReactNode
}

function StyleField({ fallback, ...props }: StyleFieldProps) {
  const ctx = useStyle()
  const inh = fallback ?? ctx.inherited[props.property]
  return (
    <StyleFieldView
      {...props}
      own={str(ctx.own[props.property])}
      inhValue={inh?.value}
      inhFrom={inh?.from}
      target={ctx.target}
      tokens={ctx.tokens}
      setStyle={ctx.set}
    />
  )
}

interface StyleFieldViewProps extends Omit<StyleFieldProps, 'fallback'> {
  own: string | undefined
  inhValue: string | undefined
  inhFrom: string | undefined
  target: string
  tokens: TokenInfo[]
  setStyle: (property: string, value: string | null) => void
}

const StyleFieldView = memo(function StyleFieldView({
  property,
  label,
  fullLabel,
  options,
  icons,
  color,
  hint,
  mono,
  extra,
  own,
  inhValue,
  inhFrom,
  target,
  tokens,
  setStyle,
}: StyleFieldViewProps) {
  const ctx = { target, tokens }
  const id = useId()
  const labelId = `${id}-label`
  const errId = `${id}-err`
  const inhId = `${id}-inh`
  const name = fullLabel ?? label
  const inh: Inherited | undefined = inhValue !== undefined && inhFrom !== undefined ? { value: inhValue, from: inhFrom } : undefined
  const set = (v: string | null) => setStyle(property, v)
  const draft = useDraft(own ?? '', set, cssValueProblem, (t) => t.trim(), ctx.target)
  const keywords = options !== undefined || icons !== undefined
  // Keyword properties take tokens only where a token type fits them.
  const filter = keywords ? tokenFilterFor(property) : (tokenFilterFor(property) ?? {})
  const state = own !== undefined ? 'set' : inh ? 'inherited' : undefined
  const inheritedNote = inh && inh.from !== ctx.target ? `Inherited from ${keyLabel(inh.from)}: ${inh.value}` : undefined
  const fallbackColor = color ? resolveForPreview(inh?.value, ctx.tokens) : undefined

  let raw: ReactNode = undefined
  if (icons) {
    raw = (
      <ToggleGroup.Root
        type="single"
        className="pwp-seg pwp-icon-seg pwp-grow"
        aria-labelledby={labelId}
        value={own ?? ''}
        onValueChange={(v) => set(v || null)}
      >
        {icons.map((o) => (
          <ToggleGroup.Item
            key={o.value}
            value={o.value}
            className="pwp-seg-item"
            aria-label={o.label}
            title={inh?.value === o.value && own === undefined ? `${o.label} (inherited from ${keyLabel(inh.from)})` : o.label}
            data-inherited={inh?.value === o.value && own === undefined ? 'true' : undefined}
            id={o === icons[0] ? id : undefined}
          >
            <span aria-hidden="true" style={{ display: 'inline-flex' }}>
              {o.icon}
            </span>
          </ToggleGroup.Item>
        ))}
      </ToggleGroup.Root>
    )
  } else if (options) {
    const list = own !== undefined && !options.includes(own) && parseTokenRef(own) === null ? [own, ...options] : options
    raw = (
      <Select.Root size="1" value={own !== undefined && parseTokenRef(own) === null ? own : ''} onValueChange={(v) => set(v)}>
        <Select.Trigger
          id={id}
          className="pwp-grow"
          aria-labelledby={`${labelId} ${id}`}
          aria-describedby={inheritedNote ? inhId : undefined}
          placeholder={inh?.value ?? hint ?? '—'}
        />
        <Select.Content position="popper">
          {list.map((o) => (
            <Select.Item key={o} value={o}>
              {o}
            </Select.Item>
          ))}
        </Select.Content>
      </Select.Root>
    )
  }

  return (
    <div className="pwp-row" data-property={property}>
      <label
        className="pwp-label"
        id={labelId}
        htmlFor={id}
        data-state={state}
        title={own !== undefined ? `${name}: set on ${keyLabel(ctx.target)}` : (inheritedNote ?? name)}
      >
        {label}
        {fullLabel && fullLabel !== label && <span className="visually-hidden"> ({fullLabel})</span>}
      </label>
      <ValueInput
        id={id}
        label={name}
        draft={draft}
        value={own}
        placeholder={inh?.value ?? hint}
        tokens={ctx.tokens}
        filter={filter}
        color={color}
        fallbackColor={fallbackColor}
        mono={mono}
        rawControl={raw}
        describedBy={[draft.error ? errId : '', inheritedNote ? inhId : ''].filter(Boolean).join(' ') || undefined}
        onPick={(ref) => {
          set(ref)
          focusSoon(id)
        }}
        onDetach={() => {
          const path = parseTokenRef(own)
          const t = path === null ? undefined : findToken(ctx.tokens, path)
          set(t ? t.value : null)
          focusSoon(id)
        }}
        extra={extra}
      />
      {own !== undefined ? (
        <IconButton
          label={`Reset ${name.toLowerCase()}`}
          onClick={() => {
            set(null)
            focusSoon(id)
          }}
        >
          <X size={12} aria-hidden="true" />
        </IconButton>
      ) : (
        <span />
      )}
      {inheritedNote && (
        <span id={inhId} className="visually-hidden">
          {inheritedNote}
        </span>
      )}
      {draft.error && (
        <div className="pwp-row-error" id={errId}>
          {draft.error}
        </div>
      )}
    </div>
  )
})

// ---------- spacing ----------

const BOX_LABEL: Record<string, string> = { margin: 'Margin', padding: 'Padding' }

/** Margin and padding as nested boxes, Figma-like: each side is a small input. */
function BoxModel() {
  const ctx = useStyle()
  const [active, setActive] = useState<{ box: string; side: Side } | null>(null)
  const sides = (box: string) =>
    SIDES.map((side) => <BoxInput key={side} box={box} side={side} onFocus={() => setActive({ box, side })} />)
  return (
    <>
      <div className="pwp-box" data-box="margin" role="group" aria-label="Margin">
        <span className="pwp-box-caption" aria-hidden="true">
          Margin
        </span>
        {sides('margin')}
        <div className="pwp-box-center">
          <div className="pwp-box" data-box="padding" role="group" aria-label="Padding">
            <span className="pwp-box-caption" aria-hidden="true">
              Padding
            </span>
            {sides('padding')}
            <div className="pwp-box-center">
              <div className="pwp-box-content" />
            </div>
          </div>
        </div>
      </div>
      {active ? (
        <StyleField
          key={`${active.box}-${active.side}`}
          property={`${active.box}-${active.side}`}
          label={`${BOX_LABEL[active.box]} ${active.side}`}
          fallback={boxSideFallback(ctx.styles, ctx.target, ctx.breakpoints, active.box, active.side)}
        />
      ) : (
        <p className="pwp-hint" style={{ margin: 0 }}>
          Select a side to pick a token for it.
        </p>
      )}
      <StyleField property="margin" label="Margin" hint="0" />
      <StyleField property="padding" label="Padding" hint="0" />
    </>
  )
}

function BoxInput({ box, side, onFocus }: { box: string; side: Side; onFocus: () => void }) {
  const ctx = useStyle()
  const property = `${box}-${side}`
  const own = str(ctx.own[property])
  const draft = useDraft(own ?? '', (v) => ctx.set(property, v), cssValueProblem, (t) => t.trim(), ctx.target)
  const fb = boxSideFallback(ctx.styles, ctx.target, ctx.breakpoints, box, side)
  const label = `${BOX_LABEL[box]} ${side}`
  const shown = draft.text || fb?.value
  // Tokens read better without braces while the side is not being edited.
  const [editing, setEditing] = useState(false)
  const tokenPath = parseTokenRef(draft.text)
  const display = !editing && tokenPath !== null ? tokenPath : draft.text
  const title = draft.error ?? (own !== undefined ? `${label}: ${own}` : fb ? `${label}: ${fb.value} (from ${fb.from === ctx.target ? box : keyLabel(fb.from)})` : label)
  return (
    <input
      className="pwp-box-input"
      data-side={side}
      data-token={tokenPath !== null ? 'true' : undefined}
      aria-label={label}
      aria-invalid={draft.error ? true : undefined}
      title={shown ? title : label}
      value={display}
      placeholder={fb ? (parseTokenRef(fb.value) ?? fb.value) : '–'}
      spellCheck={false}
      autoComplete="off"
      onFocus={() => {
        setEditing(true)
        onFocus()
      }}
      onBlur={() => setEditing(false)}
      onChange={(e) => draft.change(e.target.value)}
      onKeyDown={nudgeKeys(draft.text, draft.change)}
    />
  )
}

// ---------- background image ----------

function BackgroundImage() {
  const ctx = useStyle()
  const own = str(ctx.own['background-image'])
  return (
    <>
      <StyleField property="background-image" label="Image" fullLabel="Background image" hint="url(…) or gradient" mono />
      {own === undefined && (
        <div style={{ display: 'flex', gap: 8, paddingLeft: 'calc(var(--pwp-label-w) + 4px)' }}>
          <button type="button" className="pwp-link-button" onClick={() => ctx.set('background-image', 'url("/images/background.jpg")')}>
            + Image URL
          </button>
          <button
            type="button"
            className="pwp-link-button"
            onClick={() => ctx.set('background-image', 'linear-gradient(180deg, #ffffff 0%, #e2e8f0 100%)')}
          >
            + Gradient
          </button>
        </div>
      )}
    </>
  )
}

// ---------- radius ----------

function Radius() {
  const ctx = useStyle()
  const corners = CORNERS.map((c) => `border-${c}-radius`)
  const anyCorner = corners.some((p) => str(ctx.own[p]) !== undefined || ctx.inherited[p] !== undefined)
  const [open, setOpen] = useState(anyCorner)
  const perCorner = open || corners.some((p) => str(ctx.own[p]) !== undefined)
  return (
    <>
      <StyleField
        property="border-radius"
        label="Radius"
        fullLabel="Border radius"
        extra={
          <button
            type="button"
            className="pwp-icon-button"
            data-size="control"
            data-active={perCorner ? 'true' : undefined}
            aria-pressed={perCorner}
            aria-label="Radius per corner"
            title="Radius per corner"
            onClick={() => setOpen(!perCorner)}
          >
            <Scan size={12} aria-hidden="true" />
          </button>
        }
      />
      {perCorner &&
        CORNERS.map((c) => {
          const [v, h] = c.split('-') as [string, string]
          const short = `${v[0]!.toUpperCase()}${h[0]!.toUpperCase()}`
          return (
            <StyleField
              key={c}
              property={`border-${c}-radius`}
              label={`↳ ${short}`}
              fullLabel={`${v[0]!.toUpperCase()}${v.slice(1)} ${h} radius`}
            />
          )
        })}
    </>
  )
}

// ---------- other properties ----------

function CustomProperties() {
  const ctx = useStyle()
  const id = useId()
  const [name, setName] = useState('')
  const [value, setValue] = useState('')
  const [error, setError] = useState<string | null>(null)
  const others = [...new Set([...Object.keys(ctx.own), ...Object.keys(ctx.inherited)])]
    .filter((p) => !KNOWN.has(p) && (str(ctx.own[p]) !== undefined || ctx.inherited[p]))
    .sort()
  const setHere = others.some((p) => str(ctx.own[p]) !== undefined)

  function add(e: FormEvent) {
    e.preventDefault()
    const n = name.trim()
    const v = value.trim()
    const problem = cssPropertyProblem(n) ?? (v === '' ? 'Enter a value.' : cssValueProblem(v))
    setError(problem)
    if (problem) return
    ctx.set(n, v)
    setName('')
    setValue('')
    document.getElementById(`${id}-name`)?.focus()
  }

  return (
    <Section title="Custom properties" hasValues={setHere} defaultOpen={others.length > 0}>
      {others.map((p) => (
        <StyleField key={p} property={p} label={p} mono />
      ))}
      <form className="pwp-custom-add" onSubmit={add} aria-label="Add a CSS property" noValidate>
        <TextField.Root
          size="1"
          id={`${id}-name`}
          className="pwp-mono"
          aria-label="Property name"
          placeholder="property"
          value={name}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-err` : undefined}
          onChange={(e) => {
            setName(e.target.value)
            setError(null)
          }}
        />
        <TextField.Root
          size="1"
          className="pwp-mono"
          aria-label="Property value"
          placeholder="value"
          value={value}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => {
            setValue(e.target.value)
            setError(null)
          }}
        />
        <button type="submit" className="pwp-icon-button" data-size="control" aria-label="Add property" title="Add property">
          <Plus size={13} aria-hidden="true" />
        </button>
      </form>
      {error && (
        <p className="pwp-error" id={`${id}-err`} role="alert" style={{ margin: 0 }}>
          {error}
        </p>
      )}
    </Section>
  )
}
