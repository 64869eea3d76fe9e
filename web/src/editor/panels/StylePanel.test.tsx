import { Theme } from '@radix-ui/themes'
import { fireEvent, render, screen, within } from '@testing-library/react'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import type { Styles } from '../types'
import { sampleBreakpoints, sampleTokens } from './sampleData'
import { StylePanel } from './StylePanel'

/** Renders the panel over live styles and target, like the editor store would. */
function renderPanel(initial: Styles | undefined, initialTarget = 'base') {
  const onChange = vi.fn()
  const onTargetChange = vi.fn()
  let current = initial
  function Harness() {
    const [styles, setStyles] = useState(initial)
    const [target, setTarget] = useState(initialTarget)
    current = styles
    return (
      <StylePanel
        styles={styles}
        target={target}
        breakpoints={sampleBreakpoints}
        tokens={sampleTokens}
        onTargetChange={(k) => {
          onTargetChange(k)
          setTarget(k)
        }}
        onChange={(key, property, value) => {
          onChange(key, property, value)
          setStyles((s) => {
            const next = { ...s, [key]: { ...s?.[key] } }
            if (value === null) delete next[key]![property]
            else next[key]![property] = value
            return next
          })
        }}
      />
    )
  }
  render(
    <Theme>
      <Harness />
    </Theme>,
  )
  return { onChange, onTargetChange, styles: () => current }
}

const input = (name: string | RegExp) => screen.getByRole('textbox', { name }) as HTMLInputElement

// Rendering the whole panel in jsdom is slow on a loaded machine.
describe('StylePanel', { timeout: 30_000 }, () => {
  it('switches the target breakpoint and edits that key', () => {
    const { onChange, onTargetChange } = renderPanel({ base: { width: '100%' } })
    const bps = screen.getByRole('radiogroup', { name: 'Breakpoint' })
    expect(within(bps).getAllByRole('radio').map((r) => r.getAttribute('aria-label'))).toEqual([
      'Base, every width (1 style)',
      'sm, 640px and up',
      'md, 768px and up',
      'lg, 1024px and up',
      'xl, 1280px and up',
    ])
    fireEvent.click(within(bps).getByRole('radio', { name: /^md/ }))
    expect(onTargetChange).toHaveBeenLastCalledWith('md')
    expect(within(bps).getByRole('radio', { name: /^md/ }).getAttribute('aria-checked')).toBe('true')
    expect(screen.getByText('md: from 768px up. Inherits from sm, Base.')).toBeTruthy()

    fireEvent.change(input(/^Width/), { target: { value: '50%' } })
    expect(onChange).toHaveBeenLastCalledWith('md', 'width', '50%')
    // The switcher now marks md as having values.
    expect(within(bps).getByRole('radio', { name: /^md/ }).getAttribute('aria-label')).toBe('md, 768px and up (1 style)')
  })

  it('selects a state and returns to the last breakpoint with None', () => {
    const { onTargetChange } = renderPanel({ hover: { color: 'red' } }, 'lg')
    const states = screen.getByRole('radiogroup', { name: 'State' })
    expect(within(states).getByRole('radio', { name: 'Hover (1 style)' })).toBeTruthy()
    fireEvent.click(within(states).getByRole('radio', { name: /^Hover/ }))
    expect(onTargetChange).toHaveBeenLastCalledWith('hover')
    // No breakpoint is pressed while a state is edited.
    const bps = screen.getByRole('radiogroup', { name: 'Breakpoint' })
    expect(within(bps).queryAllByRole('radio', { checked: true })).toEqual([])
    fireEvent.click(within(states).getByRole('radio', { name: 'No state' }))
    expect(onTargetChange).toHaveBeenLastCalledWith('lg')
  })

  it('shows inherited values greyed as placeholders and resets set values', () => {
    const { onChange } = renderPanel(
      { base: { 'font-size': '1rem', 'max-width': '40rem' }, sm: { 'font-size': '1.25rem' }, md: { 'max-width': '60rem' } },
      'md',
    )
    const size = input(/^Size/)
    expect(size.value).toBe('')
    expect(size.placeholder).toBe('1.25rem')
    expect(size.getAttribute('aria-describedby')).toBeTruthy()
    expect(document.getElementById(size.getAttribute('aria-describedby')!)?.textContent).toBe('Inherited from sm: 1.25rem')
    expect(screen.getByText('Size').closest('label')?.getAttribute('data-state')).toBe('inherited')

    const max = input(/^Max width/)
    expect(max.value).toBe('60rem')
    expect(screen.getByText('Max width').closest('label')?.getAttribute('data-state')).toBe('set')
    fireEvent.click(screen.getByRole('button', { name: 'Reset max width' }))
    expect(onChange).toHaveBeenLastCalledWith('md', 'max-width', null)
    expect(input(/^Max width/).placeholder).toBe('40rem')
    expect(screen.queryByRole('button', { name: 'Reset max width' })).toBeNull()
  })

  it('does not commit invalid CSS and says why', () => {
    const { onChange } = renderPanel(undefined)
    fireEvent.change(input(/^Height/), { target: { value: '10px; color: red' } })
    expect(onChange).not.toHaveBeenCalled()
    expect(screen.getByText('Contains “;”.')).toBeTruthy()
    fireEvent.change(input(/^Height/), { target: { value: '10px ' } })
    expect(onChange).toHaveBeenLastCalledWith('base', 'height', '10px')
    // The trailing space stays in the field while typing.
    expect(input(/^Height/).value).toBe('10px ')
  })

  it('picks a token filtered by the property and shows it as a chip', () => {
    const { onChange } = renderPanel({ base: { display: 'flex' } }, 'sm')
    fireEvent.click(screen.getByRole('button', { name: 'Choose a token for gap' }))
    const search = screen.getByRole('combobox', { name: 'Search tokens (dimension)' })
    // Spacing tokens come first for gap.
    expect(within(screen.getByRole('listbox')).getAllByRole('option')[0]?.getAttribute('aria-label')).toBe('space.0, 0')
    fireEvent.change(search, { target: { value: 'space.4' } })
    fireEvent.keyDown(search, { key: 'Enter' })
    expect(onChange).toHaveBeenLastCalledWith('sm', 'gap', '{space.4}')
    const chip = screen.getByRole('button', { name: 'Gap: token space.4. Change token' })
    expect(chip.textContent).toContain('space.4')
    fireEvent.click(screen.getByRole('button', { name: 'Detach token from gap, use a raw value' }))
    expect(onChange).toHaveBeenLastCalledWith('sm', 'gap', '1rem')
  })

  it('turns a typed token reference into a chip and keeps focus on it', () => {
    const { onChange } = renderPanel(undefined)
    const height = input(/^Height/)
    height.focus()
    fireEvent.change(height, { target: { value: '{space.8}' } })
    expect(onChange).toHaveBeenLastCalledWith('base', 'height', '{space.8}')
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Height: token space.8. Change token')
  })

  it('offers colour tokens for colours and font weights for the weight', () => {
    renderPanel(undefined)
    fireEvent.click(screen.getByRole('button', { name: 'Choose a token for background colour' }))
    expect(screen.getByRole('combobox', { name: 'Search tokens (color)' })).toBeTruthy()
    fireEvent.keyDown(screen.getByRole('combobox', { name: /Search tokens/ }), { key: 'Escape' })
    fireEvent.click(screen.getByRole('button', { name: 'Choose a token for weight' }))
    expect(screen.getByRole('combobox', { name: 'Search tokens (fontWeight)' })).toBeTruthy()
  })

  it('edits the box model per side, with shorthands as fallbacks', () => {
    const { onChange } = renderPanel({ base: { padding: '1rem 2rem' } }, 'sm')
    const padding = screen.getByRole('group', { name: 'Padding' })
    const left = within(padding).getByRole('textbox', { name: 'Padding left' }) as HTMLInputElement
    expect(left.placeholder).toBe('2rem')
    fireEvent.focus(left)
    fireEvent.change(left, { target: { value: '{space.2}' } })
    expect(onChange).toHaveBeenLastCalledWith('sm', 'padding-left', '{space.2}')
    // The focused side gets a full row with the token chip.
    expect(screen.getByRole('button', { name: 'Padding left: token space.2. Change token' })).toBeTruthy()
    const top = screen.getByRole('textbox', { name: 'Margin top' })
    fireEvent.change(top, { target: { value: '4px' } })
    fireEvent.keyDown(top, { key: 'ArrowUp', shiftKey: true })
    expect(onChange).toHaveBeenLastCalledWith('sm', 'margin-top', '14px')
  })

  it('adds custom properties with a validated name', () => {
    const { onChange } = renderPanel(undefined)
    fireEvent.click(screen.getByRole('button', { name: 'Custom properties' }))
    fireEvent.change(screen.getByRole('textbox', { name: 'Property name' }), { target: { value: 'Row_Gap' } })
    fireEvent.change(screen.getByRole('textbox', { name: 'Property value' }), { target: { value: '1rem' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add property' }))
    expect(screen.getByRole('alert').textContent).toBe('Use lowercase letters and single hyphens, e.g. “row-gap”.')
    expect(onChange).not.toHaveBeenCalled()
    fireEvent.change(screen.getByRole('textbox', { name: 'Property name' }), { target: { value: 'row-gap' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add property' }))
    expect(onChange).toHaveBeenLastCalledWith('base', 'row-gap', '1rem')
    // It now has its own row.
    expect(input(/^row-gap/).value).toBe('1rem')
  })

  it('shows flex controls only for flex containers and per-corner radius on demand', () => {
    renderPanel({ base: { display: 'block' } })
    expect(screen.queryByRole('radiogroup', { name: /Direction/ })).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Borders' }))
    expect(screen.queryByRole('textbox', { name: /Top left radius/ })).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Radius per corner' }))
    expect(screen.getByRole('textbox', { name: /Top left radius/ })).toBeTruthy()
  })

  it('edits text-align with icon toggles, showing the inherited choice', () => {
    const { onChange } = renderPanel({ base: { 'text-align': 'center' } }, 'md')
    const align = screen.getByRole('radiogroup', { name: /^Align/ })
    const centre = within(align).getByRole('radio', { name: 'Centre' })
    expect(centre.getAttribute('data-inherited')).toBe('true')
    fireEvent.click(within(align).getByRole('radio', { name: 'Right' }))
    expect(onChange).toHaveBeenLastCalledWith('md', 'text-align', 'right')
  })
})
