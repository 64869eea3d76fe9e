import { Theme } from '@radix-ui/themes'
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import type { ComponentType } from '../types'
import { PropsPanel, newItem, type RenderImageControl } from './PropsPanel'
import { headingType, kitchenSinkType, navbarType, sampleTokens } from './sampleData'

/** Renders the panel over a live props object, like the editor store would. */
function renderPanel(type: ComponentType, initial: Record<string, unknown> = {}, renderImageControl?: RenderImageControl) {
  const onChange = vi.fn()
  let current = initial
  function Harness() {
    const [props, setProps] = useState(initial)
    current = props
    return (
      <PropsPanel
        type={type}
        props={props}
        siteId="s1"
        tokens={sampleTokens}
        renderImageControl={renderImageControl}
        onChange={(name, value) => {
          onChange(name, value)
          setProps((p) => {
            const next = { ...p }
            if (value === null) delete next[name]
            else next[name] = value
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
  return { onChange, props: () => current }
}

describe('PropsPanel', { timeout: 30_000 }, () => {
  it('renders a text input that commits every keystroke, with defaults as placeholders', () => {
    const { onChange } = renderPanel(headingType)
    const input = screen.getByLabelText(/^Text/) as HTMLInputElement
    expect(input.value).toBe('')
    expect(input.placeholder).toBe('Heading')
    expect(input.getAttribute('aria-required')).toBe('true')
    fireEvent.change(input, { target: { value: 'B' } })
    fireEvent.change(input, { target: { value: 'Bo' } })
    expect(onChange.mock.calls).toEqual([
      ['text', 'B'],
      ['text', 'Bo'],
    ])
    fireEvent.change(input, { target: { value: '' } })
    expect(onChange).toHaveBeenLastCalledWith('text', null)
  })

  it('enforces maxLength in bytes', () => {
    const { onChange } = renderPanel(headingType)
    fireEvent.change(screen.getByLabelText(/^Text/), { target: { value: 'é'.repeat(300) } })
    expect(onChange).toHaveBeenLastCalledWith('text', 'é'.repeat(250))
    expect(screen.getByText('500/500')).toBeTruthy()
  })

  it('renders a select from the enum, showing integers as numbers and committing numbers', () => {
    const { onChange } = renderPanel(headingType)
    const trigger = screen.getByRole('combobox', { name: /Heading level/ })
    expect(trigger.textContent).toContain('2 (default)')
    fireEvent.keyDown(trigger, { key: 'ArrowDown' })
    const listbox = screen.getByRole('listbox')
    expect(within(listbox).getAllByRole('option').map((o) => o.textContent)).toEqual(['1', '2 (default)', '3', '4', '5', '6'])
    fireEvent.click(within(listbox).getByRole('option', { name: '3' }))
    expect(onChange).toHaveBeenLastCalledWith('level', 3)
    expect(screen.getByRole('combobox', { name: /Heading level/ }).textContent).toBe('3')
  })

  it('renders a toggle as a switch', () => {
    const { onChange } = renderPanel(navbarType)
    const sw = screen.getByRole('switch', { name: 'Stick to the top' })
    expect(sw.getAttribute('aria-checked')).toBe('false')
    fireEvent.click(sw)
    expect(onChange).toHaveBeenLastCalledWith('sticky', true)
    expect(sw.getAttribute('aria-checked')).toBe('true')
  })

  it('validates links inline and refuses javascript: URLs', () => {
    const { onChange } = renderPanel(navbarType)
    const link = screen.getByLabelText('Site name link') as HTMLInputElement
    expect(link.placeholder).toBe('/')
    fireEvent.change(link, { target: { value: 'javascript:alert(1)' } })
    expect(onChange).not.toHaveBeenCalled()
    expect(link.getAttribute('aria-invalid')).toBe('true')
    expect(screen.getByText(/“javascript:” addresses are not allowed/)).toBeTruthy()
    fireEvent.change(link, { target: { value: '#book' } })
    expect(onChange).toHaveBeenLastCalledWith('brandHref', '#book')
    expect(link.getAttribute('aria-invalid')).toBeNull()
  })

  it('edits an array of objects: add, edit, reorder, remove', () => {
    const { onChange, props } = renderPanel(navbarType, {
      links: [
        { label: 'Home', href: '/' },
        { label: 'Clinics', href: '/clinics' },
      ],
    })
    const list = screen.getByRole('list', { name: 'Links' })
    expect(within(list).getAllByRole('button', { expanded: false }).map((b) => b.getAttribute('aria-label'))).toEqual([
      'Link 1: Home',
      'Link 2: Clinics',
    ])

    // Add: a new item with valid-looking required fields, opened for editing.
    fireEvent.click(screen.getByRole('button', { name: 'Add link' }))
    expect(onChange).toHaveBeenLastCalledWith('links', [
      { label: 'Home', href: '/' },
      { label: 'Clinics', href: '/clinics' },
      { label: 'Label 3', href: '#' },
    ])
    const item3 = screen.getByRole('group', { name: 'Link 3' })
    fireEvent.change(within(item3).getByLabelText(/^Label/), { target: { value: 'Contact' } })
    fireEvent.change(within(item3).getByLabelText(/^Link/), { target: { value: 'mailto:hello@example.org' } })
    expect(props().links).toEqual([
      { label: 'Home', href: '/' },
      { label: 'Clinics', href: '/clinics' },
      { label: 'Contact', href: 'mailto:hello@example.org' },
    ])

    // Reorder: the first item moves down; focus follows the moved button.
    fireEvent.click(screen.getByRole('button', { name: 'Move link 1 down' }))
    expect((props().links as { label: string }[]).map((l) => l.label)).toEqual(['Clinics', 'Home', 'Contact'])
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Move link 2 down')
    fireEvent.click(screen.getByRole('button', { name: 'Move link 3 up' }))
    expect((props().links as { label: string }[]).map((l) => l.label)).toEqual(['Clinics', 'Contact', 'Home'])
    expect(screen.getByRole('button', { name: 'Move link 1 up' })).toHaveProperty('disabled', true)

    // Remove.
    fireEvent.click(screen.getByRole('button', { name: 'Remove link 2' }))
    expect(onChange).toHaveBeenLastCalledWith('links', [
      { label: 'Clinics', href: '/clinics' },
      { label: 'Home', href: '/' },
    ])
  })

  it('edits arrays of strings, starting from the default', () => {
    const { onChange } = renderPanel(kitchenSinkType)
    const first = screen.getByRole('textbox', { name: 'Item 1' }) as HTMLInputElement
    expect(first.value).toBe('First item')
    fireEvent.click(screen.getByRole('button', { name: 'Add item' }))
    expect(onChange).toHaveBeenLastCalledWith('items', ['First item', ''])
    fireEvent.change(screen.getByRole('textbox', { name: 'Item 2' }), { target: { value: 'Second' } })
    expect(onChange).toHaveBeenLastCalledWith('items', ['First item', 'Second'])
  })

  it('keeps numbers within their range', () => {
    const { onChange } = renderPanel(kitchenSinkType)
    const width = screen.getByLabelText(/^Width/)
    fireEvent.change(width, { target: { value: '0' } })
    expect(onChange).not.toHaveBeenCalled()
    expect(screen.getByText('At least 1.')).toBeTruthy()
    fireEvent.change(width, { target: { value: '640' } })
    expect(onChange).toHaveBeenLastCalledWith('width', 640)
    fireEvent.change(width, { target: { value: '' } })
    expect(onChange).toHaveBeenLastCalledWith('width', null)
  })

  it('shows the richtext hint, a colour input and a token control', async () => {
    const { onChange } = renderPanel(kitchenSinkType)
    expect(screen.getByText(/Double-click the text on the canvas to edit it with formatting/)).toBeTruthy()
    fireEvent.change(screen.getByLabelText(/^Accent colour/), { target: { value: '#12' } })
    expect(onChange).not.toHaveBeenCalled()
    fireEvent.change(screen.getByLabelText(/^Accent colour/), { target: { value: '#123456' } })
    expect(onChange).toHaveBeenLastCalledWith('accent', '#123456')

    fireEvent.click(screen.getByRole('button', { name: 'Choose a token for gap' }))
    const search = screen.getByRole('combobox', { name: /Search tokens/ })
    fireEvent.change(search, { target: { value: 'space.4' } })
    fireEvent.keyDown(search, { key: 'Enter' })
    expect(onChange).toHaveBeenLastCalledWith('gap', '{space.4}')
    // The chip replaces the input; its × goes back to the raw value.
    const chip = screen.getByRole('button', { name: 'Gap: token space.4. Change token' })
    expect(chip.textContent).toContain('1rem')
    fireEvent.click(screen.getByRole('button', { name: /Detach token from gap/ }))
    expect(onChange).toHaveBeenLastCalledWith('gap', '1rem')
    await act(() => new Promise((r) => setTimeout(r, 0)))
  })

  it('hands image props to the asset picker when one is given', () => {
    const renderImage = vi.fn<RenderImageControl>((value, set, ctx) => (
      <button type="button" id={ctx.id} onClick={() => set('/assets/new.png')}>
        Pick image ({value || 'none'}) for {ctx.siteId}
      </button>
    ))
    const { onChange } = renderPanel(kitchenSinkType, { src: '/assets/old.png' }, renderImage)
    // The field's label names the picker's control (it got the id).
    const picker = screen.getByRole('button', { name: 'Image' })
    expect(picker.textContent).toBe('Pick image (/assets/old.png) for s1')
    fireEvent.click(picker)
    expect(onChange).toHaveBeenLastCalledWith('src', '/assets/new.png')
  })

  it('falls back to a URL input for images', () => {
    const { onChange } = renderPanel(kitchenSinkType)
    const src = screen.getByLabelText(/^Image/)
    fireEvent.change(src, { target: { value: 'mailto:x@y.z' } })
    expect(onChange).not.toHaveBeenCalled()
    fireEvent.change(src, { target: { value: 'https://cdn.example.org/a.png' } })
    expect(onChange).toHaveBeenLastCalledWith('src', 'https://cdn.example.org/a.png')
  })

  it('makes new items for nested lists and objects', () => {
    expect(newItem({ type: 'array', items: { type: 'string' } }, 1)).toEqual([])
    expect(
      newItem(
        {
          type: 'object',
          properties: { name: { type: 'string', format: 'name' }, on: { type: 'boolean' }, n: { type: 'integer', minimum: 2 } },
          required: ['name', 'on', 'n'],
        },
        4,
      ),
    ).toEqual({ name: 'name-4', on: false, n: 2 })
  })
})
