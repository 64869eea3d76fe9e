import { Popover, TextField } from '@radix-ui/themes'
import { Check, Diamond, Search, TriangleAlert } from 'lucide-react'
import { useEffect, useId, useMemo, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react'
import type { TokenInfo } from '../types'
import { filterTokens, findToken, groupTokens, parseTokenRef, tokenRef } from './styleProps'
import './panels.css'

/** A small preview of a token's value: a colour swatch, a shadow tile, or a type glyph. */
export function TokenSwatch({ token }: { token: Pick<TokenInfo, 'type' | 'value'> }) {
  if (token.type === 'color') {
    return <span className="pwp-swatch" aria-hidden="true" style={{ '--pwp-swatch': token.value } as CSSProperties} />
  }
  if (token.type === 'shadow') {
    return <span className="pwp-swatch" data-kind="shadow" aria-hidden="true" style={{ '--pwp-shadow': token.value } as CSSProperties} />
  }
  const glyph: Record<string, string> = {
    dimension: '↔',
    fontFamily: 'Aa',
    fontWeight: 'B',
    number: '#',
    duration: '⏱',
    cubicBezier: '∿',
    transition: '⇢',
    border: '□',
  }
  return (
    <span className="pwp-swatch" data-kind="glyph" aria-hidden="true">
      {glyph[token.type] ?? '•'}
    </span>
  )
}

export interface TokenValueProps {
  /** A stored value; shown as a chip when it is a "{path}" reference. */
  value: string
  tokens: readonly TokenInfo[]
  /** Hide the resolved value (when space is short). */
  compact?: boolean
}

/**
 * Displays a "{path}" token reference: swatch, path and resolved value. An
 * unknown path is shown struck through in red so a deleted token stands out.
 * Purely presentational: wrap it in a button (TokenPicker's trigger) to act.
 */
export function TokenValue({ value, tokens, compact }: TokenValueProps) {
  const path = parseTokenRef(value)
  if (path === null) return <span className="pwp-token">{value}</span>
  const token = findToken(tokens, path)
  return (
    <span className="pwp-token" data-missing={token ? undefined : 'true'} title={token ? `${path} = ${token.value}` : `Unknown token ${path}`}>
      {token ? <TokenSwatch token={token} /> : <TriangleAlert size={12} color="var(--red-10)" aria-hidden="true" />}
      <span className="pwp-token-name">{path}</span>
      {!compact && token && token.type !== 'color' && <span className="pwp-token-value">{token.value}</span>}
      {!token && <span className="visually-hidden"> (unknown token)</span>}
    </span>
  )
}

export interface TokenPickerProps {
  tokens: readonly TokenInfo[]
  /** Only tokens of this DTCG type (or types); every pickable token when absent. */
  type?: string | string[]
  /** The current value; a "{path}" reference is marked in the list. */
  value: string | number | null | undefined
  /** Called with the reference to store ("{path}") and the token. */
  onPick: (ref: string, token: TokenInfo) => void
  /** When given and the value is a reference, the popover offers "Use a raw value". */
  onClear?: () => void
  /** A path fragment whose tokens are listed first (e.g. "radius"). */
  prefer?: string
  /** The trigger's accessible name. */
  label?: string
  /** Trigger content; a token icon by default. */
  children?: ReactNode
  /** Class of the trigger button; a small icon button by default. */
  triggerClassName?: string
  /** Id of the trigger button (so a <label> can point at it). */
  triggerId?: string
  disabled?: boolean
}

/**
 * A button opening a searchable list of design tokens. Type-ahead matches the
 * path and the resolved value; the arrows move, Enter picks, Escape closes.
 */
export function TokenPicker({
  tokens,
  type,
  value,
  onPick,
  onClear,
  prefer,
  label = 'Choose a token',
  children,
  triggerClassName,
  triggerId,
  disabled,
}: TokenPickerProps) {
  const [open, setOpen] = useState(false)
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger>
        <button
          type="button"
          id={triggerId}
          className={triggerClassName ?? 'pwp-icon-button'}
          data-size={triggerClassName ? undefined : 'control'}
          data-active={parseTokenRef(value) !== null ? 'true' : undefined}
          aria-label={label}
          title={children ? undefined : label}
          disabled={disabled}
        >
          {children ?? <Diamond size={13} aria-hidden="true" />}
        </button>
      </Popover.Trigger>
      <Popover.Content className="pwp-popover" width="272px" side="bottom" align="end" aria-label="Design tokens">
        {open && (
          <TokenList
            tokens={tokens}
            type={type}
            prefer={prefer}
            value={value}
            onPick={(t) => {
              setOpen(false)
              onPick(tokenRef(t.path), t)
            }}
            onClear={
              onClear && parseTokenRef(value) !== null
                ? () => {
                    setOpen(false)
                    onClear()
                  }
                : undefined
            }
          />
        )}
      </Popover.Content>
    </Popover.Root>
  )
}

interface TokenListProps {
  tokens: readonly TokenInfo[]
  type?: string | string[]
  prefer?: string
  value: string | number | null | undefined
  onPick: (t: TokenInfo) => void
  onClear?: () => void
}

function TokenList({ tokens, type, prefer, value, onPick, onClear }: TokenListProps) {
  const id = useId()
  const [query, setQuery] = useState('')
  const current = parseTokenRef(value)
  const types = type === undefined ? undefined : Array.isArray(type) ? type : [type]
  const typesKey = types?.join(',')
  const matches = useMemo(
    () => filterTokens(tokens, { types: typesKey?.split(','), prefer }, query),
    [tokens, typesKey, prefer, query],
  )
  const groups = useMemo(() => groupTokens(matches), [matches])
  // Options in display order (grouping may reorder the filtered list).
  const flat = useMemo(() => groups.flatMap((g) => g.tokens), [groups])
  const [active, setActive] = useState(() => Math.max(0, current ? flat.findIndex((t) => t.path === current) : 0))
  const optionId = (i: number) => `${id}-opt-${i}`

  const activeId = optionId(active)
  useEffect(() => {
    document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' })
  }, [activeId])

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    const n = flat.length
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault()
        if (n) setActive((a) => (a + 1) % n)
        break
      case 'ArrowUp':
        e.preventDefault()
        if (n) setActive((a) => (a - 1 + n) % n)
        break
      case 'PageDown':
        e.preventDefault()
        if (n) setActive((a) => Math.min(n - 1, a + 8))
        break
      case 'PageUp':
        e.preventDefault()
        if (n) setActive((a) => Math.max(0, a - 8))
        break
      case 'Enter': {
        e.preventDefault()
        const t = flat[active]
        if (t) onPick(t)
        break
      }
    }
  }

  let index = -1
  const typeLabel = types ? types.join(' or ') : 'all'
  return (
    <>
      <TextField.Root
        size="1"
        autoFocus
        value={query}
        placeholder="Search tokens"
        role="combobox"
        aria-label={`Search tokens (${typeLabel})`}
        aria-expanded="true"
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={flat.length ? optionId(active) : undefined}
        onChange={(e) => {
          setQuery(e.target.value)
          setActive(0)
        }}
        onKeyDown={onKeyDown}
      >
        <TextField.Slot>
          <Search size={12} aria-hidden="true" />
        </TextField.Slot>
      </TextField.Root>
      <div className="pwp-popover-list" role="listbox" id={`${id}-list`} aria-label="Tokens">
        {groups.map((g) => (
          <div key={g.name} role="group" aria-labelledby={`${id}-g-${g.name}`} className="pwp-popover-group">
            <div id={`${id}-g-${g.name}`} className="pwp-popover-group-label">
              {g.name}
            </div>
            {g.tokens.map((t) => {
              index++
              const i = index
              const rest = t.path.slice(g.name.length + 1) || t.path
              return (
                <div
                  key={t.path}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === active}
                  aria-label={`${t.path}, ${t.value}`}
                  className="pwp-option"
                  title={t.description ? `${t.path}: ${t.description}` : t.path}
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseMove={() => i !== active && setActive(i)}
                  onClick={() => onPick(t)}
                >
                  <TokenSwatch token={t} />
                  <span className="pwp-option-path">{rest}</span>
                  <span className="pwp-option-value">{t.value}</span>
                  {t.path === current && <Check size={12} className="pwp-option-check" aria-hidden="true" />}
                </div>
              )
            })}
          </div>
        ))}
        {flat.length === 0 && (
          <div className="pwp-popover-empty" role="status">
            {query ? `No ${types ? typeLabel + ' ' : ''}tokens match “${query}”.` : `No ${types ? typeLabel + ' ' : ''}tokens in this design system.`}
          </div>
        )}
      </div>
      <div className="pwp-popover-footer">
        <span aria-live="polite">
          {flat.length} {flat.length === 1 ? 'token' : 'tokens'}
        </span>
        {onClear && (
          <button type="button" className="pwp-link-button" onClick={onClear}>
            Use a raw value
          </button>
        )}
      </div>
    </>
  )
}
