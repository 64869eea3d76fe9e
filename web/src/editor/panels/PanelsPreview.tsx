import { Code, Flex, Heading, SegmentedControl, Text } from '@radix-ui/themes'
import { useState, type ReactNode } from 'react'
import type { Styles } from '../types'
import { PropsPanel } from './PropsPanel'
import { sampleBreakpoints, sampleTokens, sampleTypes } from './sampleData'
import { StylePanel } from './StylePanel'
import { TokenPicker, TokenValue } from './TokenPicker'

const initialProps: Record<string, Record<string, unknown>> = {
  Heading: { text: 'Book your flu shot', level: 1 },
  Button: { text: 'Book now', href: '/book' },
  Navbar: {
    brand: 'Riverside Clinics',
    links: [
      { label: 'Clinics', href: '/clinics' },
      { label: 'Flu shots', href: '/flu' },
      { label: 'Contact', href: 'mailto:hello@riverside.example' },
    ],
  },
  Select: {
    label: 'Clinic',
    name: 'clinic',
    options: [
      { label: 'Northside', value: 'north' },
      { label: 'Riverside', value: 'river' },
    ],
    required: true,
  },
  KitchenSink: { rows: [['Mon', '9–5'], ['Tue', '9–5']] },
}

const initialStyles: Styles = {
  base: {
    color: '{color.text.strong}',
    'font-size': '{font.size.2xl}',
    'margin-bottom': '{space.4}',
    padding: '1rem 1.5rem',
    display: 'flex',
    gap: '{space.2}',
  },
  md: { 'font-size': '{font.size.3xl}', 'padding-left': '2rem' },
  hover: { color: '{color.primary}' },
}

function PanelFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section
      aria-label={title}
      style={{
        width: 280,
        flex: 'none',
        background: 'var(--color-panel-solid)',
        border: '1px solid var(--gray-a5)',
        borderRadius: 'var(--radius-3)',
        overflow: 'hidden',
      }}
    >
      <div style={{ padding: '8px 12px', borderBottom: '1px solid var(--gray-a5)', fontSize: 12, fontWeight: 600 }}>{title}</div>
      {children}
    </section>
  )
}

/**
 * A storybook-like page showing the three panels with sample data, for
 * looking at them outside the editor. Not routed; mount it where needed.
 */
export function PanelsPreview() {
  const [typeName, setTypeName] = useState('Navbar')
  const [props, setProps] = useState(initialProps)
  const [styles, setStyles] = useState<Styles>(initialStyles)
  const [target, setTarget] = useState('base')
  const [picked, setPicked] = useState<string>('{color.primary}')
  const type = sampleTypes.find((t) => t.name === typeName) ?? sampleTypes[0]!
  const own = props[type.name] ?? {}

  return (
    <Flex direction="column" gap="4" p="5">
      <Heading size="4">Editor panels preview</Heading>
      <SegmentedControl.Root value={typeName} onValueChange={setTypeName} size="1" style={{ alignSelf: 'flex-start' }}>
        {sampleTypes.map((t) => (
          <SegmentedControl.Item key={t.name} value={t.name}>
            {t.name}
          </SegmentedControl.Item>
        ))}
      </SegmentedControl.Root>
      <Flex gap="5" align="start" wrap="wrap">
        <Flex direction="column" gap="2">
          <PanelFrame title={`${type.name} — Properties`}>
            <PropsPanel
              key={type.name}
              type={type}
              props={own}
              siteId="preview"
              tokens={sampleTokens}
              onChange={(name, value) =>
                setProps((all) => {
                  const next = { ...all[type.name] }
                  if (value === null) delete next[name]
                  else next[name] = value
                  return { ...all, [type.name]: next }
                })
              }
            />
          </PanelFrame>
          <Code size="1" style={{ width: 280, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {JSON.stringify(own, null, 1)}
          </Code>
        </Flex>
        <Flex direction="column" gap="2">
          <PanelFrame title="Style">
            <StylePanel
              styles={styles}
              target={target}
              onTargetChange={setTarget}
              breakpoints={sampleBreakpoints}
              tokens={sampleTokens}
              onChange={(key, property, value) =>
                setStyles((s) => {
                  const values = { ...s[key] }
                  if (value === null) delete values[property]
                  else values[property] = value
                  return { ...s, [key]: values }
                })
              }
            />
          </PanelFrame>
          <Code size="1" style={{ width: 280, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {JSON.stringify(styles, null, 1)}
          </Code>
        </Flex>
        <Flex direction="column" gap="3" style={{ width: 280 }}>
          <Text size="2" weight="medium">
            Token picker
          </Text>
          <Flex align="center" gap="2" className="pwp-panel">
            <TokenPicker tokens={sampleTokens} type="color" value={picked} onPick={(ref) => setPicked(ref)} label="Choose a colour token" />
            <TokenValue value={picked} tokens={sampleTokens} />
          </Flex>
          <Flex direction="column" gap="1" className="pwp-panel">
            {['{space.4}', '{shadow.md}', '{font.family.serif}', '{radius.lg}', '{color.removed}'].map((v) => (
              <TokenValue key={v} value={v} tokens={sampleTokens} />
            ))}
          </Flex>
        </Flex>
      </Flex>
    </Flex>
  )
}
