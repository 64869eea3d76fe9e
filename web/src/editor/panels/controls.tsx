// Building blocks shared by the props and style panels: collapsible sections,
// draft-backed inputs (so a half-typed invalid value is flagged, not saved),
// and the "raw value or token" input.

import { TextField } from '@radix-ui/themes'
import { ChevronDown, X } from 'lucide-react'
import { Collapsible } from 'radix-ui'
import { useEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react'
import type { TokenInfo } from '../types'
import { nudgeValue, parseTokenRef, resolveForPreview, toHex6, type TokenFilter } from './styleProps'
import { TokenPicker, TokenValue } from './TokenPicker'
import './panels.css'

export interface SectionProps {
  title: string
  /** Shows a dot: something in this section is set on the current target. */
  hasValues?: boolean
  defaultOpen?: boolean
  children: ReactNode
}

/** A collapsible group of controls with a header button. */
export function Section({ title, hasValues, defaultOpen = true, children }: SectionProps) {
  const [open, setOpen] = useState(defaultOpen)
  return (
    <Collapsible.Root open={open} onOpenChange={setOpen} className="pwp-section">
      <h3 style={{ margin: 0, font: 'inherit' }}>
        <Collapsible.Trigger className="pwp-section-header">
          <ChevronDown size={14} aria-hidden="true" />
          <span className="pwp-section-title">{title}</span>
          {hasValues && (
            <>
              <span className="pwp-dot" aria-hidden="true" />
              <span className="visually-hidden">(has values)</span>
            </>
          )}
        </Collapsible.Trigger>
      </h3>
      <Collapsible.Content className="pwp-section-body">{children}</Collapsible.Content>
    </Collapsible.Root>
  )
}

/** A local edit buffer over a committed value. */
export interface Draft {
  text: string
  error: string | null
  /** Updates the text and commits it when it is valid (an empty text commits null). */
  change: (text: string) => void
}

/**
 * Keeps what the user typed while committing only valid values. When the
 * committed value changes from outside (another node, undo), the text follows;
 * an echo of our own commit leaves it alone so trimming or normalising the
 * committed value does not move the caret or eat a trailing space.
 */
export function useDraft(
  value: string,
  commit: (v: string | null) => void,
  validate?: (text: string) => string | null,
  normalize: (text: string) => string = (t) => t,
  /** Changing this drops the draft even when the value is unchanged (e.g. another breakpoint). */
  resetKey = '',
): Draft {
  const [text, setText] = useState(value)
  const [error, setError] = useState<string | null>(null)
  const [prev, setPrev] = useState({ value, resetKey })
  const [echo, setEcho] = useState<string | null>(null)
  if (value !== prev.value || resetKey !== prev.resetKey) {
    setPrev({ value, resetKey })
    setEcho(null)
    if (value !== echo || resetKey !== prev.resetKey) {
      setText(value)
      setError(null)
    }
  }
  return {
    text,
    error,
    change(next: string) {
      setText(next)
      const blank = next.trim() === ''
      const problem = blank ? null : (validate?.(next) ?? null)
      setError(problem)
      if (problem) return
      const v = blank ? null : normalize(next)
      if ((v ?? '') === value) return
      setEcho(v ?? '')
      commit(v)
    },
  }
}

/** Arrow-key nudging of a numeric value, as in Figma and Webflow (Shift: ×10). */
export function nudgeKeys(text: string, change: (t: string) => void) {
  return (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return
    const next = nudgeValue(text, (e.key === 'ArrowUp' ? 1 : -1) * (e.shiftKey ? 10 : 1))
    if (next === null) return
    e.preventDefault()
    change(next)
  }
}

export function IconButton({
  label,
  onClick,
  children,
  disabled,
  size,
  buttonRef,
}: {
  label: string
  onClick: () => void
  children: ReactNode
  disabled?: boolean
  size?: 'control'
  buttonRef?: (el: HTMLButtonElement | null) => void
}) {
  return (
    <button
      type="button"
      className="pwp-icon-button"
      aria-label={label}
      title={label}
      onClick={onClick}
      disabled={disabled}
      data-size={size}
      ref={buttonRef}
    >
      {children}
    </button>
  )
}

/** A colour swatch that opens the native colour chooser. */
export function ColorSwatch({ label, color, onPick }: { label: string; color: string | undefined; onPick: (hex: string) => void }) {
  return (
    <label className="pwp-color-swatch" title={label}>
      <span className="pwp-swatch" style={{ '--pwp-swatch': color ?? 'transparent' } as CSSProperties} aria-hidden="true" />
      <input type="color" aria-label={label} value={(color && toHex6(color)) ?? '#000000'} onChange={(e) => onPick(e.target.value)} />
    </label>
  )
}

export interface ValueInputProps {
  id: string
  /** Names the buttons ("Choose a token for Gap", …). */
  label: string
  draft: Draft
  /** The committed value: a "{path}" reference turns the input into a chip. */
  value: string | undefined
  placeholder?: string
  tokens: readonly TokenInfo[]
  /** Null hides the token button (no tokens can apply). */
  filter: TokenFilter | null | undefined
  onPick: (ref: string, token: TokenInfo) => void
  /** Leaves the token for a raw value (the chip's ×). */
  onDetach: () => void
  /** Show a colour swatch with the native chooser. */
  color?: boolean
  /** Colour shown by the swatch when nothing is set here (e.g. inherited). */
  fallbackColor?: string
  describedBy?: string
  labelledBy?: string
  /** Replaces the text input (e.g. a keyword select); the token chip still applies. */
  rawControl?: ReactNode
  mono?: boolean
  /** Rendered after the token button. */
  extra?: ReactNode
}

/**
 * A raw CSS value input with a token button beside it. When the value is a
 * single token reference the input gives way to a chip (click to change,
 * × to detach). Callers move focus after picking or detaching (the control
 * under the id changes between the input and the chip).
 */
export function ValueInput({
  id,
  label,
  draft,
  value,
  placeholder,
  tokens,
  filter,
  onPick,
  onDetach,
  color,
  fallbackColor,
  describedBy,
  labelledBy,
  rawControl,
  mono,
  extra,
}: ValueInputProps) {
  const path = parseTokenRef(value)
  const isToken = path !== null && draft.text === value
  const showTokens = filter !== null && tokens.length > 0
  const swatchColor = resolveForPreview(draft.text || undefined, tokens) ?? fallbackColor
  // Typing a whole "{path}" turns the input into a chip; keep focus on it.
  const typing = useRef(false)
  useEffect(() => {
    if (isToken && typing.current) document.getElementById(id)?.focus()
    typing.current = false
  }, [isToken, id])
  return (
    <div className="pwp-control">
      {!isToken && color && <ColorSwatch label={`Pick ${label.toLowerCase()}`} color={swatchColor} onPick={draft.change} />}
      {!isToken &&
        (rawControl ?? (
          <TextField.Root
            size="1"
            id={id}
            value={draft.text}
            placeholder={placeholder}
            aria-invalid={draft.error ? true : undefined}
            aria-describedby={describedBy}
            aria-labelledby={labelledBy}
            className={mono ? 'pwp-mono' : undefined}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => {
              typing.current = true
              draft.change(e.target.value)
            }}
            onKeyDown={nudgeKeys(draft.text, draft.change)}
          />
        ))}
      {isToken && value && (
        <span className="pwp-chip">
          {showTokens ? (
            <TokenPicker
              tokens={tokens}
              type={filter?.types}
              prefer={filter?.prefer}
              value={value}
              onPick={onPick}
              onClear={onDetach}
              label={`${label}: token ${path}. Change token`}
              triggerClassName="pwp-chip-button"
              triggerId={id}
            >
              <TokenValue value={value} tokens={tokens} />
            </TokenPicker>
          ) : (
            <span className="pwp-chip-button" id={id}>
              <TokenValue value={value} tokens={tokens} />
            </span>
          )}
          <button
            type="button"
            className="pwp-chip-x"
            aria-label={`Detach token from ${label.toLowerCase()}, use a raw value`}
            title="Use a raw value"
            onClick={onDetach}
          >
            <X size={11} aria-hidden="true" />
          </button>
        </span>
      )}
      {!isToken && showTokens && (
        <TokenPicker
          tokens={tokens}
          type={filter?.types}
          prefer={filter?.prefer}
          value={value}
          onPick={onPick}
          label={`Choose a token for ${label.toLowerCase()}`}
        />
      )}
      {extra}
    </div>
  )
}
