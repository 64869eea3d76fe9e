import { Theme } from '@radix-ui/themes'
import { fireEvent, render, screen } from '@testing-library/react'
import axe from 'axe-core'
import { describe, expect, it } from 'vitest'
import { PropsPanel } from './PropsPanel'
import { kitchenSinkType, navbarType, sampleBreakpoints, sampleTokens, selectType } from './sampleData'
import { StylePanel } from './StylePanel'

// Colour contrast needs real layout, which jsdom does not do.
async function violations(el: Element) {
  const r = await axe.run(el, { rules: { 'color-contrast': { enabled: false } } })
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

describe('accessibility (axe)', { timeout: 30_000 }, () => {
  it.each([
    ['Navbar', navbarType, { links: [{ label: 'Home', href: '/' }] }],
    ['Select', selectType, { options: [{ label: 'A', value: 'a' }] }],
    ['KitchenSink', kitchenSinkType, { rows: [['a', 'b']], gap: '{space.4}' }],
  ])('props panel for %s', async (_name, type, props) => {
    const { container } = render(
      <Theme>
        <PropsPanel type={type} props={props} onChange={() => {}} siteId="s" tokens={sampleTokens} />
      </Theme>,
    )
    // Open every list item so its fields are checked too.
    for (const b of screen.queryAllByRole('button', { expanded: false })) fireEvent.click(b)
    expect(await violations(container)).toEqual([])
  })

  it('style panel with every section open', async () => {
    const { container } = render(
      <Theme>
        <StylePanel
          styles={{ base: { display: 'grid', position: 'relative', gap: '{space.2}', 'row-gap': '1rem' }, md: { color: 'red' } }}
          target="md"
          onTargetChange={() => {}}
          breakpoints={sampleBreakpoints}
          onChange={() => {}}
          tokens={sampleTokens}
        />
      </Theme>,
    )
    for (const b of screen.queryAllByRole('button', { expanded: false })) fireEvent.click(b)
    fireEvent.focus(screen.getByRole('textbox', { name: 'Margin top' }))
    expect(await violations(container)).toEqual([])
  })
})
