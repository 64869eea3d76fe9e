// The contrast warnings of the saved design system: text/background pairs
// below the WCAG level they need, per theme, with both colours shown.
import { Badge, Box, Callout, Card, Flex, Heading, Text } from '@radix-ui/themes'
import { CircleCheck, Info, TriangleAlert } from 'lucide-react'
import type { ContrastWarning } from '../../api/designSystem'
import type { TokenInfo } from '../../editor/types'
import { themeLabel } from './editorContext'
import { Swatch } from './TokenEditors'

/** A token's saved CSS value in a theme. */
function valueIn(infos: Map<string, TokenInfo>, path: string, theme: string): string {
  const t = infos.get(path)
  if (!t) return ''
  return theme === 'light' ? t.value : (t.themes?.[theme] ?? t.value)
}

export function ContrastPanel({
  warnings,
  tokens,
  theme,
  stale,
}: {
  warnings: ContrastWarning[]
  /** The saved, resolved tokens (for the swatches). */
  tokens: TokenInfo[]
  /** The theme on screen: its warnings come first. */
  theme: string
  /** Whether the draft has unsaved changes (the list is of the saved version). */
  stale: boolean
}) {
  const infos = new Map(tokens.map((t) => [t.path, t]))
  const sorted = [...warnings].sort((a, b) => Number(b.theme === theme) - Number(a.theme === theme))
  return (
    <Card size="2" asChild>
      <section aria-labelledby="ds-contrast" data-testid="contrast-panel">
        <Flex align="center" justify="between" gap="2" mb="3">
          <Heading as="h2" size="3" id="ds-contrast">
            Contrast
          </Heading>
          {warnings.length > 0 && (
            <Badge color="amber" variant="soft" radius="full">
              {warnings.length} {warnings.length === 1 ? 'warning' : 'warnings'}
            </Badge>
          )}
        </Flex>
        {stale && (
          <Callout.Root size="1" color="gray" variant="surface" mb="3">
            <Callout.Icon>
              <Info size={14} />
            </Callout.Icon>
            <Callout.Text>These are for the saved version. Save to check your changes.</Callout.Text>
          </Callout.Root>
        )}
        {warnings.length === 0 ? (
          <Flex align="center" gap="2" role="status">
            <Text color="green" style={{ display: 'flex' }}>
              <CircleCheck size={16} />
            </Text>
            <Text size="2">All text/background pairs pass WCAG AA</Text>
          </Flex>
        ) : (
          <Flex asChild direction="column" gap="3">
            <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Contrast warnings">
              {sorted.map((w) => {
                const fg = valueIn(infos, w.foreground, w.theme)
                const bg = valueIn(infos, w.background, w.theme)
                return (
                  <li key={`${w.theme} ${w.foreground} ${w.background}`} data-testid="contrast-warning">
                    <Flex gap="3" align="start">
                      <span className="ds-contrast-sample ds-checker" aria-hidden="true" style={{ background: bg || undefined, color: fg || undefined }}>
                        Aa
                      </span>
                      <Box minWidth="0">
                        <Flex align="center" gap="2" wrap="wrap">
                          <Badge size="1" color={w.theme === theme ? 'violet' : 'gray'} variant="soft">
                            {themeLabel(w.theme)}
                          </Badge>
                          <Text size="2" weight="bold">
                            {w.ratio.toFixed(2)}:1
                          </Text>
                          <Text size="1" color="amber" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
                            <TriangleAlert size={12} /> {w.level === 'fail' ? 'fails' : `reaches ${w.level}`}, needs {w.need}
                          </Text>
                        </Flex>
                        <Flex direction="column" gap="1" mt="1">
                          <Flex align="center" gap="2" minWidth="0">
                            <Swatch css={fg} size="sm" />
                            <Text size="1" className="mono">
                              {w.foreground}
                            </Text>
                            <Text size="1" color="gray">
                              text
                            </Text>
                          </Flex>
                          <Flex align="center" gap="2" minWidth="0">
                            <Swatch css={bg} size="sm" />
                            <Text size="1" className="mono">
                              {w.background}
                            </Text>
                            <Text size="1" color="gray">
                              background
                            </Text>
                          </Flex>
                        </Flex>
                      </Box>
                    </Flex>
                  </li>
                )
              })}
            </ul>
          </Flex>
        )}
      </section>
    </Card>
  )
}
