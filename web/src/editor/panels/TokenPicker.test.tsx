import { Theme } from '@radix-ui/themes'
import { fireEvent, render, screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { sampleTokens } from './sampleData'
import { TokenPicker, TokenValue } from './TokenPicker'

function open(label = 'Choose a token') {
  fireEvent.click(screen.getByRole('button', { name: label }))
  return screen.getByRole('combobox', { name: /Search tokens/ })
}

function optionNames() {
  return within(screen.getByRole('listbox')).queryAllByRole('option').map((o) => o.getAttribute('aria-label'))
}

describe('TokenPicker', { timeout: 30_000 }, () => {
  it('offers only tokens of the given type, grouped by first segment', () => {
    render(
      <Theme>
        <TokenPicker tokens={sampleTokens} type="fontWeight" value={undefined} onPick={() => {}} />
      </Theme>,
    )
    open()
    expect(optionNames()).toEqual(['font.weight.regular, 400', 'font.weight.medium, 500', 'font.weight.semibold, 600', 'font.weight.bold, 700'])
    expect(screen.getAllByRole('group').map((g) => g.getAttribute('aria-labelledby') && g.textContent?.slice(0, 4))).toEqual(['font'])
  })

  it('filters as you type over path and value', () => {
    render(
      <Theme>
        <TokenPicker tokens={sampleTokens} type="color" value={undefined} onPick={() => {}} />
      </Theme>,
    )
    const search = open()
    fireEvent.change(search, { target: { value: 'teal 7' } })
    expect(optionNames()).toEqual(['color.teal.700, #0f766e'])
    fireEvent.change(search, { target: { value: '#1d4ed8' } })
    expect(optionNames()).toEqual(['color.link, #1d4ed8'])
    fireEvent.change(search, { target: { value: 'radius' } })
    expect(optionNames()).toEqual([])
    expect(screen.getByRole('status').textContent).toContain('No color tokens match “radius”')
  })

  it('picks with the keyboard', () => {
    const onPick = vi.fn()
    render(
      <Theme>
        <TokenPicker tokens={sampleTokens} type="dimension" prefer="radius" value={undefined} onPick={onPick} />
      </Theme>,
    )
    const search = open()
    // Radius tokens come first for radius properties.
    expect(optionNames()[0]).toBe('radius.none, 0')
    const active = () => document.getElementById(search.getAttribute('aria-activedescendant') ?? '')?.getAttribute('aria-label')
    expect(active()).toBe('radius.none, 0')
    fireEvent.keyDown(search, { key: 'ArrowDown' })
    fireEvent.keyDown(search, { key: 'ArrowDown' })
    expect(active()).toBe('radius.md, 0.375rem')
    fireEvent.keyDown(search, { key: 'ArrowUp' })
    expect(active()).toBe('radius.sm, 0.125rem')
    fireEvent.keyDown(search, { key: 'Enter' })
    expect(onPick).toHaveBeenCalledWith('{radius.sm}', expect.objectContaining({ path: 'radius.sm', value: '0.125rem' }))
    expect(screen.queryByRole('listbox')).toBeNull()
  })

  it('wraps around, starts on the current token and closes on Escape', () => {
    const onPick = vi.fn()
    render(
      <Theme>
        <TokenPicker tokens={sampleTokens} type="fontFamily" value="{font.family.mono}" onPick={onPick} />
      </Theme>,
    )
    const search = open()
    const active = () => document.getElementById(search.getAttribute('aria-activedescendant') ?? '')?.getAttribute('aria-label')
    expect(active()).toMatch(/^font\.family\.mono/)
    fireEvent.keyDown(search, { key: 'ArrowDown' })
    expect(active()).toMatch(/^font\.family\.sans/)
    fireEvent.keyDown(search, { key: 'Escape' })
    expect(screen.queryByRole('listbox')).toBeNull()
    expect(onPick).not.toHaveBeenCalled()
  })

  it('picks with the mouse and offers a way back to a raw value', () => {
    const onPick = vi.fn()
    const onClear = vi.fn()
    render(
      <Theme>
        <TokenPicker tokens={sampleTokens} type="color" value="{color.primary}" onPick={onPick} onClear={onClear} />
      </Theme>,
    )
    open()
    fireEvent.click(screen.getByRole('option', { name: 'color.link, #1d4ed8' }))
    expect(onPick).toHaveBeenCalledWith('{color.link}', expect.objectContaining({ path: 'color.link' }))
    open()
    fireEvent.click(screen.getByRole('button', { name: 'Use a raw value' }))
    expect(onClear).toHaveBeenCalled()
  })
})

describe('TokenValue', () => {
  it('shows a known token with its swatch and an unknown one as missing', () => {
    const { container } = render(
      <>
        <TokenValue value="{color.primary}" tokens={sampleTokens} />
        <TokenValue value="{space.4}" tokens={sampleTokens} />
        <TokenValue value="{color.gone}" tokens={sampleTokens} />
      </>,
    )
    const chips = container.querySelectorAll('.pwp-token')
    expect(chips[0]?.getAttribute('title')).toBe('color.primary = #0f766e')
    expect(chips[0]?.querySelector('.pwp-swatch')).not.toBeNull()
    expect(chips[1]?.textContent).toContain('1rem')
    expect(chips[2]?.getAttribute('data-missing')).toBe('true')
    expect(chips[2]?.textContent).toContain('(unknown token)')
  })
})
