// "Props people can change": a checklist of the props of a subtree's
// nodes. Each checked prop gets a key (what instances store overrides
// under) and a label (what the instance's property panel shows).
import { Checkbox, Text, TextField } from '@radix-ui/themes'
import { Search } from 'lucide-react'
import { useId, useMemo, useState } from 'react'
import type { ExposedInput } from '../../screens/components/api'
import { LIMITS } from '../../screens/components/api'
import { exposableLabel, keyError, suggestKey, type ExposableProp } from './symbols'

export interface ExposedChoice {
  key: string
  label: string
}

/** Checked props by "<node>/<prop>". Insertion order is the order they were checked. */
export type ExposedSelection = Record<string, ExposedChoice>

export const choiceId = (node: string, prop: string) => `${node}/${prop}`

/** Why each checked prop cannot be saved (bad or repeated key, long label), by id. */
export function selectionErrors(sel: ExposedSelection): Record<string, string> {
  const out: Record<string, string> = {}
  const entries = Object.entries(sel)
  for (const [id, c] of entries) {
    const others = entries.filter(([x]) => x !== id).map(([, o]) => o.key)
    const e = keyError(c.key, others)
    if (e) out[id] = e
    else if (c.label.trim().length > LIMITS.label) out[id] = `Keep the label to ${LIMITS.label} characters.`
  }
  return out
}

/** The selection as the API's exposed list, in the candidates' order. */
export function toExposed(sel: ExposedSelection, candidates: ExposableProp[]): ExposedInput[] {
  const out: ExposedInput[] = []
  for (const c of candidates) {
    const s = sel[choiceId(c.node, c.prop)]
    if (s) out.push({ key: s.key.trim(), node: c.node, prop: c.prop, label: s.label.trim() || s.key.trim() })
  }
  return out
}

export function defaultLabel(p: ExposableProp): string {
  return `${p.nodeName} ${p.propTitle.charAt(0).toLowerCase()}${p.propTitle.slice(1)}`
}

export interface ExposedPropsPickerProps {
  candidates: ExposableProp[]
  value: ExposedSelection
  onChange: (v: ExposedSelection) => void
  /** Problems by id (client-side and the server's). */
  errors?: Record<string, string>
  /** Show the errors of untouched rows too (after a submit). */
  showErrors?: boolean
}

export function ExposedPropsPicker({ candidates, value, onChange, errors = {}, showErrors }: ExposedPropsPickerProps) {
  const headingId = useId()
  const helpId = useId()
  const [filter, setFilter] = useState('')
  const [touched, setTouched] = useState<Set<string>>(() => new Set())
  const count = Object.keys(value).length
  const full = count >= LIMITS.exposed
  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase()
    if (!q) return candidates
    return candidates.filter((c) => `${exposableLabel(c)} ${c.prop}`.toLowerCase().includes(q) || value[choiceId(c.node, c.prop)])
  }, [candidates, filter, value])

  const toggle = (c: ExposableProp, on: boolean) => {
    const id = choiceId(c.node, c.prop)
    const next = { ...value }
    if (on) {
      const taken = Object.values(value).map((x) => x.key)
      next[id] = { key: suggestKey(c.nodeName, c.prop, taken), label: defaultLabel(c) }
    } else delete next[id]
    onChange(next)
  }
  const edit = (id: string, patch: Partial<ExposedChoice>) => {
    setTouched((t) => new Set(t).add(id))
    onChange({ ...value, [id]: { ...value[id]!, ...patch } })
  }

  return (
    <section aria-labelledby={headingId} className="pw-sym-picker">
      <Text as="div" size="2" weight="medium" id={headingId}>
        Props people can change
      </Text>
      <Text as="p" size="1" color="gray" id={helpId} mb="2">
        Checked props can be changed on each page that uses the component; everything else stays the same everywhere and changes only when you publish a new
        version. The key is how pages store their value: keep it stable.
      </Text>
      {candidates.length === 0 ? (
        <Text as="p" size="2" color="gray" className="pw-sym-picker-empty">
          Nothing here has props to expose. Instances look the same on every page.
        </Text>
      ) : (
        <>
          {candidates.length > 8 && (
            <TextField.Root size="1" placeholder="Filter props" aria-label="Filter props" value={filter} onChange={(e) => setFilter(e.target.value)} mb="2">
              <TextField.Slot>
                <Search size={12} aria-hidden="true" />
              </TextField.Slot>
            </TextField.Root>
          )}
          <ul className="pw-sym-picker-list" aria-describedby={helpId}>
            {shown.map((c) => {
              const id = choiceId(c.node, c.prop)
              const sel = value[id]
              const label = exposableLabel(c)
              const err = sel && (showErrors || touched.has(id)) ? errors[id] : undefined
              const errId = `${headingId}-${id}-error`
              return (
                <li key={id} className="pw-sym-picker-row" data-checked={sel ? 'true' : undefined}>
                  <Text as="label" size="2" className="pw-sym-picker-check">
                    <Checkbox checked={!!sel} disabled={!sel && full} onCheckedChange={(v) => toggle(c, v === true)} aria-label={label} />
                    <span>
                      <span className="pw-sym-node">
                        {c.nodeName}
                        {c.quote ? ` “${c.quote}”` : ''} ·{' '}
                      </span>
                      <span className="pw-sym-prop">{c.propTitle}</span>
                    </span>
                  </Text>
                  {sel && (
                    <div className="pw-sym-picker-fields">
                      <TextField.Root
                        size="1"
                        aria-label={`Key for ${label}`}
                        value={sel.key}
                        maxLength={40}
                        spellCheck={false}
                        autoComplete="off"
                        className="pwp-mono"
                        color={err ? 'red' : undefined}
                        aria-invalid={err ? true : undefined}
                        aria-describedby={err ? errId : undefined}
                        onChange={(e) => edit(id, { key: e.target.value })}
                        onBlur={() => setTouched((t) => new Set(t).add(id))}
                      >
                        <TextField.Slot>
                          <Text size="1" color="gray">
                            key
                          </Text>
                        </TextField.Slot>
                      </TextField.Root>
                      <TextField.Root
                        size="1"
                        aria-label={`Label for ${label}`}
                        value={sel.label}
                        maxLength={LIMITS.label}
                        placeholder={sel.key}
                        onChange={(e) => edit(id, { label: e.target.value })}
                      >
                        <TextField.Slot>
                          <Text size="1" color="gray">
                            label
                          </Text>
                        </TextField.Slot>
                      </TextField.Root>
                      {err && (
                        <Text as="p" size="1" color="red" id={errId} role="alert" className="pw-sym-picker-error">
                          {err}
                        </Text>
                      )}
                    </div>
                  )}
                </li>
              )
            })}
            {shown.length === 0 && (
              <li>
                <Text size="2" color="gray">
                  No prop matches “{filter}”.
                </Text>
              </li>
            )}
          </ul>
          <Text as="p" size="1" color={full ? 'amber' : 'gray'} mt="1" aria-live="polite">
            {count === 0 ? 'None checked: every page shows the same content.' : `${count} of at most ${LIMITS.exposed} props checked.`}
          </Text>
        </>
      )}
    </section>
  )
}
