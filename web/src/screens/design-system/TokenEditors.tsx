// The token tabs: rows of editable tokens with a sample of each (swatch,
// "Aa", bar, radius, shadow), the colour scale grid and the semantic list.
import { Badge, Box, Button, Card, Flex, Heading, IconButton, SegmentedControl, Text, TextArea, TextField, Tooltip } from '@radix-ui/themes'
import { Pipette, Plus, RotateCcw, Trash2 } from 'lucide-react'
import { useEffect, useId, useState, type ReactNode } from 'react'
import { themeLabel, useDesignEditor } from './editorContext'
import {
  aliasTarget,
  CATEGORY_PREFIX,
  CATEGORY_TYPE,
  colorCss,
  colorScales,
  dimensionCss,
  fontFamilyCss,
  hexForPicker,
  isSemanticColor,
  leaf,
  resolveToken,
  segments,
  shadowCss,
  textToValue,
  valueToText,
  type Category,
  type Lookup,
  type ThemedToken,
} from './tokenTree'

/** The element id of a token's row (error links scroll to it). */
export function rowId(path: string): string {
  return `ds-token-${path}`
}

// ---------- small pieces ----------

export function Swatch({ css, size = 'md', label }: { css: string; size?: 'sm' | 'md'; label?: string }) {
  return (
    <span
      className={`ds-swatch ds-checker${size === 'sm' ? ' ds-swatch--sm' : ''}${css ? '' : ' ds-swatch--missing'}`}
      title={label}
      aria-hidden={label ? undefined : true}
      role={label ? 'img' : undefined}
      aria-label={label}
    >
      {css && <span style={{ background: css }} />}
    </span>
  )
}

/** The resolved CSS colour of a token ("" when it does not resolve to one). */
function resolvedColor(path: string, lookup: Lookup): string {
  const r = resolveToken(path, lookup)
  return r.type === 'color' || r.type === '' ? colorCss(r.value) : ''
}

/** An alias shown as a chip: the target's path and, for colours, its swatch. */
export function AliasChip({ target, lookup }: { target: string; lookup: Lookup }) {
  const r = resolveToken(target, lookup)
  const color = r.type === 'color' ? colorCss(r.value) : ''
  const summary = r.error ? r.error : color ? color : r.value !== undefined && typeof r.value !== 'object' ? String(r.value) : ''
  return (
    <span className="ds-alias" title={summary ? `${target} = ${summary}` : target}>
      {color ? <Swatch css={color} size="sm" /> : <span aria-hidden="true">→</span>}
      <span>{target}</span>
      {r.error && (
        <Text color="red" size="1">
          (missing)
        </Text>
      )}
    </span>
  )
}

// ---------- value editing ----------

/**
 * The text input of a token's value. What the person types is kept as
 * typed while it means the same value (so "Inter, " is not rewritten under
 * the cursor); a change elsewhere (a picker, another tab) replaces it.
 */
export function ValueField({ token, label }: { token: ThemedToken; label: string }) {
  const ed = useDesignEditor()
  const type = token.type || resolveToken(token.path, ed.lookup).type
  const text = valueToText(token.value, type)
  const [local, setLocal] = useState(text)
  const [error, setError] = useState('')
  const [touched, setTouched] = useState(false)
  const errId = useId()

  useEffect(() => {
    setLocal((cur) => {
      const parsed = textToValue(cur, type, token.value)
      return !parsed.error && JSON.stringify(parsed.value) === JSON.stringify(token.value) ? cur : text
    })
  }, [text, type, token.value])

  const commit = (v: string, final: boolean) => {
    const r = textToValue(v, type, token.value)
    if (r.error) {
      setError(r.error)
      if (final) setTouched(true)
      return
    }
    setError('')
    if (JSON.stringify(r.value) !== JSON.stringify(token.value)) ed.setValue(token.path, r.value)
  }

  const serverError = ed.errorFor(token.path)
  const shown = (touched && error) || serverError
  // Shadows, text styles and other composites are JSON: several lines.
  const multiline = typeof token.value === 'object' && token.value !== null
  if (multiline) {
    return (
      <Flex direction="column" gap="1" minWidth="0">
        <TextArea
          size="1"
          rows={4}
          value={local}
          aria-label={label}
          aria-invalid={shown ? true : undefined}
          aria-describedby={shown ? errId : undefined}
          disabled={ed.readOnly}
          spellCheck={false}
          autoComplete="off"
          className="mono ds-json-value"
          onChange={(e) => {
            setLocal(e.target.value)
            commit(e.target.value, false)
          }}
          onBlur={() => commit(local, true)}
        />
        {shown && (
          <Text id={errId} size="1" color="red" role="alert">
            {shown}
          </Text>
        )}
      </Flex>
    )
  }
  return (
    <Flex direction="column" gap="1" minWidth="0">
      <TextField.Root
        size="2"
        value={local}
        aria-label={label}
        aria-invalid={shown ? true : undefined}
        aria-describedby={shown ? errId : undefined}
        disabled={ed.readOnly}
        spellCheck={false}
        autoComplete="off"
        className="mono"
        onChange={(e) => {
          setLocal(e.target.value)
          commit(e.target.value, false)
        }}
        onBlur={() => commit(local, true)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(local, true)
        }}
      />
      {shown && (
        <Text id={errId} size="1" color="red" role="alert">
          {shown}
        </Text>
      )}
    </Flex>
  )
}

/**
 * The browser's colour picker behind a pipette button. Picking replaces
 * the value (an alias too) with a hex colour.
 */
function ColorPicker({ token, css, label }: { token: ThemedToken; css: string; label: string }) {
  const ed = useDesignEditor()
  const hex = hexForPicker(css)
  if (ed.readOnly) return null
  return (
    <Tooltip content={aliasTarget(token.value) ? 'Pick a colour (replaces the alias)' : 'Pick a colour'}>
      <label className="ds-picker">
        <Pipette size={15} aria-hidden="true" />
        <input
          type="color"
          className="visually-hidden"
          aria-label={label}
          value={hex || '#000000'}
          onChange={(e) => ed.setValue(token.path, e.target.value)}
        />
      </label>
    </Tooltip>
  )
}

// ---------- samples ----------

function Sample({ token, category }: { token: ThemedToken; category: Category }) {
  const ed = useDesignEditor()
  const r = resolveToken(token.path, ed.lookup)
  const type = token.type || r.type
  const v = r.value
  if (v === undefined) return <Swatch css="" />
  const sub = segments(token.path)[1] ?? ''
  switch (type) {
    case 'color':
      return <Swatch css={colorCss(v)} />
    case 'shadow':
      return <span className="ds-shadow-card" style={{ boxShadow: shadowCss(v) }} aria-hidden="true" />
    case 'fontFamily':
      return (
        <span className="ds-sample-text" style={{ fontFamily: fontFamilyCss(v), fontSize: 22 }} aria-hidden="true">
          Aa
        </span>
      )
    case 'fontWeight':
      return (
        <span className="ds-sample-text" style={{ fontWeight: typeof v === 'number' || typeof v === 'string' ? (v as number) : undefined, fontSize: 22 }} aria-hidden="true">
          Aa
        </span>
      )
    case 'typography': {
      const o = (v ?? {}) as Record<string, unknown>
      return (
        <span
          className="ds-sample-text"
          style={{
            fontFamily: fontFamilyCss(o.fontFamily),
            fontSize: `min(${dimensionCss(o.fontSize) || '1rem'}, 28px)`,
            fontWeight: o.fontWeight as number,
          }}
          aria-hidden="true"
        >
          Ag
        </span>
      )
    }
    case 'dimension': {
      const css = dimensionCss(v)
      if (category === 'typography' && (sub === 'size' || segments(token.path)[0] === 'font-size')) {
        return (
          <span className="ds-sample-text" style={{ fontSize: `min(${css}, 40px)` }} aria-hidden="true">
            Aa
          </span>
        )
      }
      if (category === 'typography' && sub === 'letter-spacing') {
        return (
          <span className="ds-sample-text" style={{ letterSpacing: css, fontSize: 13 }} aria-hidden="true">
            ABC
          </span>
        )
      }
      if (category === 'radii') return <span className="ds-radius" style={{ borderRadius: css }} aria-hidden="true" />
      return null
    }
    case 'number':
      if (category === 'typography') {
        return (
          <span aria-hidden="true" style={{ display: 'flex', flexDirection: 'column', gap: 0, lineHeight: String(v), fontSize: 9, color: 'var(--gray-11)' }}>
            <span>Line one</span>
            <span>Line two</span>
          </span>
        )
      }
      return null
  }
  return null
}

/** A CSS length in px (rem and em at 16px); NaN when it is not a plain length. */
export function lengthPx(css: string): number {
  const m = /^(-?\d*\.?\d+)(px|rem|em)?$/.exec(css.trim())
  if (!m) return NaN
  const n = Number(m[1])
  return m[2] === 'rem' || m[2] === 'em' ? n * 16 : n
}

/** A horizontal bar as long as the value (spacing) or as wide, relatively, as a breakpoint. */
function Bar({ css, max }: { css: string; max?: number }) {
  const px = lengthPx(css)
  if (Number.isNaN(px)) return null
  const width = max ? `${Math.max(1, Math.min(100, (px / max) * 100))}%` : `min(${Math.max(px, 0)}px, 100%)`
  return (
    <div className="ds-bar-track" aria-hidden="true">
      <div className="ds-bar" style={{ width, minWidth: px > 0 ? 2 : 0 }} />
    </div>
  )
}

/** The shadows as sample cards, side by side. */
function ShadowGallery({ tokens }: { tokens: ThemedToken[] }) {
  const ed = useDesignEditor()
  if (tokens.length === 0) return null
  return (
    <div className="ds-shadow-gallery" aria-hidden="true">
      {tokens.map((t) => (
        <div key={t.path} className="ds-shadow-sample" style={{ boxShadow: shadowCss(resolveToken(t.path, ed.lookup).value) }}>
          <span className="ds-path">{leaf(t.path)}</span>
        </div>
      ))}
    </div>
  )
}

// ---------- rows ----------

/** One token: sample, path and description (with its alias), value, actions. */
export function TokenRow({ token, category, extra }: { token: ThemedToken; category: Category; extra?: ReactNode }) {
  const ed = useDesignEditor()
  const r = resolveToken(token.path, ed.lookup)
  const type = token.type || r.type
  const target = aliasTarget(token.value)
  const color = type === 'color' ? colorCss(r.value) : ''
  const serverError = ed.errorFor(token.path)
  const isTheme = ed.theme !== 'light'
  return (
    <div className="ds-row" id={rowId(token.path)} data-testid="token-row" data-path={token.path} data-error={serverError ? 'true' : undefined}>
      <div className={type === 'shadow' ? 'ds-row-sample ds-row-sample--stage' : 'ds-row-sample'}>
        <Sample token={token} category={category} />
      </div>
      <Flex direction="column" align="start" gap="1" minWidth="0">
        <Flex align="center" gap="2" wrap="wrap">
          <span className="ds-path">{token.path}</span>
          {isTheme && token.overridden && (
            <Badge size="1" color="violet" variant="soft">
              {themeLabel(ed.theme)} value
            </Badge>
          )}
        </Flex>
        {target && <AliasChip target={target} lookup={ed.lookup} />}
        {token.description && (
          <Text size="1" color="gray">
            {token.description}
          </Text>
        )}
        {extra}
      </Flex>
      <Flex className="ds-row-value" align="start" gap="2" minWidth="0">
        <Box flexGrow="1" minWidth="0">
          <ValueField token={token} label={`Value of ${token.path}`} />
        </Box>
        {type === 'color' && <ColorPicker token={token} css={color} label={`Pick colour for ${token.path}`} />}
      </Flex>
      <Flex className="ds-row-actions" gap="1" justify="end" align="center">
        {!ed.readOnly && isTheme && token.overridden && (
          <Tooltip content="Use the base (light) value in this theme">
            <IconButton size="1" variant="ghost" color="gray" aria-label={`Use the base value for ${token.path}`} onClick={() => ed.resetOverride(token.path)}>
              <RotateCcw size={14} />
            </IconButton>
          </Tooltip>
        )}
        {!ed.readOnly && !isTheme && (
          <IconButton size="1" variant="ghost" color="gray" aria-label={`Delete ${token.path}`} onClick={() => ed.requestDelete(token.path)}>
            <Trash2 size={14} />
          </IconButton>
        )}
      </Flex>
    </div>
  )
}

/** The parent path of a token ("color.text" for color.text.default; the top group for a top-level token). */
function parentOf(path: string): string {
  const s = segments(path)
  return s.length > 1 ? s.slice(0, -1).join('.') : ''
}

/** A titled card of rows with an "Add" button for the group. */
function RowGroup({
  title,
  description,
  children,
  addPrefix,
  addType,
}: {
  title: string
  description?: ReactNode
  children: ReactNode
  addPrefix: string
  addType: string
}) {
  const ed = useDesignEditor()
  return (
    <Card size="1">
      <Flex align="center" justify="between" gap="3" px="2" pt="1" pb="2">
        <Box minWidth="0">
          <Heading as="h3" size="2" className="ds-path">
            {title}
          </Heading>
          {description && (
            <Text as="p" size="1" color="gray">
              {description}
            </Text>
          )}
        </Box>
        {!ed.readOnly && ed.theme === 'light' && (
          <Button size="1" variant="soft" color="gray" onClick={() => ed.requestAdd(addPrefix, addType)} aria-label={`Add a token to ${title}`}>
            <Plus size={13} /> Add
          </Button>
        )}
      </Flex>
      <div>{children}</div>
    </Card>
  )
}

/** Rows grouped by their parent path, each group in a card. */
function GroupedRows({ tokens, category, sample }: { tokens: ThemedToken[]; category: Category; sample?: (t: ThemedToken) => ReactNode }) {
  const groups = new Map<string, ThemedToken[]>()
  for (const t of tokens) {
    const p = parentOf(t.path)
    groups.set(p, [...(groups.get(p) ?? []), t])
  }
  return (
    <Flex direction="column" gap="3">
      {[...groups].map(([group, list]) => (
        <RowGroup
          key={group || '(top)'}
          title={group || 'Top level'}
          addPrefix={group ? `${group}.` : CATEGORY_PREFIX[category]}
          addType={list[0]?.type || CATEGORY_TYPE[category]}
        >
          {list.map((t) => (
            <TokenRow key={t.path} token={t} category={category} extra={sample?.(t)} />
          ))}
        </RowGroup>
      ))}
    </Flex>
  )
}

// ---------- tabs ----------

function ColorTile({ token }: { token: ThemedToken }) {
  const ed = useDesignEditor()
  const css = resolvedColor(token.path, ed.lookup)
  const hex = hexForPicker(css)
  const target = aliasTarget(token.value)
  const serverError = ed.errorFor(token.path)
  return (
    <div className="ds-tile" id={rowId(token.path)} data-testid="color-tile" data-path={token.path}>
      <label className="ds-tile-swatch ds-checker" title={`${token.path}: ${valueToText(token.value, 'color')}`}>
        <span style={{ background: css }} />
        <input
          type="color"
          className="visually-hidden"
          aria-label={`Colour ${token.path}`}
          value={hex || '#000000'}
          disabled={ed.readOnly}
          onChange={(e) => ed.setValue(token.path, e.target.value)}
        />
      </label>
      {!ed.readOnly && ed.theme === 'light' && (
        <IconButton
          size="1"
          variant="solid"
          color="gray"
          highContrast
          className="ds-tile-delete"
          aria-label={`Delete ${token.path}`}
          onClick={() => ed.requestDelete(token.path)}
        >
          <Trash2 size={12} />
        </IconButton>
      )}
      <Text className="ds-tile-label" weight="medium">
        {leaf(token.path)}
        {ed.theme !== 'light' && token.overridden ? ' •' : ''}
      </Text>
      <Text className="ds-tile-label mono" color={serverError ? 'red' : 'gray'} title={serverError || undefined}>
        {target ? `{${leaf(target)}}` : valueToText(token.value, 'color')}
      </Text>
    </div>
  )
}

/** Small swatches of a token in every theme. */
function ThemeSwatches({ path }: { path: string }) {
  const ed = useDesignEditor()
  if (ed.themes.length < 2) return null
  return (
    <Flex align="center" gap="3" wrap="wrap" aria-label={`${path} in each theme`} role="group">
      {ed.themes.map((th) => {
        const css = resolvedColor(path, ed.lookups[th]!)
        return (
          <Flex key={th} align="center" gap="1" title={`${themeLabel(th)}: ${css || 'no value'}`}>
            <Swatch css={css} size="sm" />
            <Text size="1" color="gray" weight={th === ed.theme ? 'bold' : undefined}>
              {themeLabel(th)}
            </Text>
          </Flex>
        )
      })}
    </Flex>
  )
}

export function ColorsTab({ tokens }: { tokens: ThemedToken[] }) {
  const ed = useDesignEditor()
  const [view, setView] = useState<'grid' | 'list'>('grid')
  const primitives = tokens.filter((t) => !isSemanticColor(t))
  const semantic = tokens.filter((t) => isSemanticColor(t))
  const scales = colorScales(primitives)
  return (
    <Flex direction="column" gap="5">
      <section aria-labelledby="ds-palette">
        <Flex align="center" justify="between" gap="3" mb="3">
          <Box>
            <Heading as="h2" size="3" id="ds-palette">
              Palette
            </Heading>
            <Text as="p" size="1" color="gray">
              Raw colours. Pages should use the semantic colours below, which point at these.
            </Text>
          </Box>
          <SegmentedControl.Root size="1" value={view} onValueChange={(v) => setView(v as 'grid' | 'list')} aria-label="Palette view">
            <SegmentedControl.Item value="grid">Swatches</SegmentedControl.Item>
            <SegmentedControl.Item value="list">List</SegmentedControl.Item>
          </SegmentedControl.Root>
        </Flex>
        {view === 'list' ? (
          <GroupedRows tokens={primitives} category="colors" />
        ) : (
          <Flex direction="column" gap="3">
            {scales.map((s) => (
              <Card key={s.name} size="1">
                <Flex align="center" justify="between" gap="3" mb="2">
                  <Heading as="h3" size="2">
                    <span className="ds-path">{s.name}</span>
                    {s.single && (
                      <Text size="1" color="gray" weight="regular" ml="2">
                        single colours
                      </Text>
                    )}
                  </Heading>
                  {!ed.readOnly && ed.theme === 'light' && (
                    <Button
                      size="1"
                      variant="soft"
                      color="gray"
                      aria-label={`Add a colour to ${s.name}`}
                      onClick={() => ed.requestAdd(`${s.name}.`, 'color')}
                    >
                      <Plus size={13} /> Add
                    </Button>
                  )}
                </Flex>
                <div className="ds-scale">
                  {s.tokens.map((t) => (
                    <ColorTile key={t.path} token={t} />
                  ))}
                </div>
              </Card>
            ))}
            {scales.length === 0 && (
              <Text size="2" color="gray">
                No raw colours yet.
              </Text>
            )}
          </Flex>
        )}
      </section>
      <section aria-labelledby="ds-semantic">
        <Box mb="3">
          <Heading as="h2" size="3" id="ds-semantic">
            Semantic colours
          </Heading>
          <Text as="p" size="1" color="gray">
            Colours by purpose — text, backgrounds, borders, actions, status. Small swatches show each theme.
          </Text>
        </Box>
        <GroupedRows tokens={semantic} category="colors" sample={(t) => <ThemeSwatches path={t.path} />} />
      </section>
    </Flex>
  )
}

const CATEGORY_HELP: Partial<Record<Category, string>> = {
  typography: 'Font families, the type scale with a live sample, weights, line heights and text styles.',
  spacing: 'The spacing scale for padding, margins and gaps. Bars show each size.',
  radii: 'Corner radii for buttons, cards and inputs.',
  shadows: 'Elevation. Values are DTCG shadow objects (JSON); the cards show each one.',
  breakpoints: 'Min-width breakpoints: page styles can change from each width up.',
  other: 'Component tokens (button, card, input…), borders, motion and anything else.',
}

export function CategoryTab({ tokens, category }: { tokens: ThemedToken[]; category: Category }) {
  const ed = useDesignEditor()
  const breakpointMax = Math.max(
    1,
    ...tokens.map((t) => {
      const css = dimensionCss(resolveToken(t.path, ed.lookup).value)
      return lengthPx(css) || 0
    }),
  )
  const sample =
    category === 'spacing'
      ? (t: ThemedToken) => <Bar css={dimensionCss(resolveToken(t.path, ed.lookup).value)} />
      : category === 'breakpoints'
        ? (t: ThemedToken) => <Bar css={dimensionCss(resolveToken(t.path, ed.lookup).value)} max={breakpointMax} />
        : undefined
  return (
    <Flex direction="column" gap="3">
      {CATEGORY_HELP[category] && (
        <Text as="p" size="2" color="gray">
          {CATEGORY_HELP[category]}
        </Text>
      )}
      {category === 'shadows' && <ShadowGallery tokens={tokens.filter((t) => (t.type || resolveToken(t.path, ed.lookup).type) === 'shadow')} />}
      {tokens.length === 0 ? (
        <Card size="2">
          <Flex direction="column" align="start" gap="3">
            <Text size="2" color="gray">
              No tokens here yet.
            </Text>
            {!ed.readOnly && ed.theme === 'light' && (
              <Button size="2" variant="soft" onClick={() => ed.requestAdd(CATEGORY_PREFIX[category], CATEGORY_TYPE[category])}>
                <Plus size={14} /> Add a token
              </Button>
            )}
          </Flex>
        </Card>
      ) : (
        <GroupedRows tokens={tokens} category={category} sample={sample} />
      )}
    </Flex>
  )
}
