import { fireEvent, screen } from '@testing-library/react'
import { useRef } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { renderWithProviders, stubFetch } from '../assets/testing'
import type { CanvasController } from '../canvas/controller'
import { EditorDialogs, type DialogKind, type EditorAbilities } from '../EditorDialogs'
import { SHORTCUTS, useShortcuts } from '../keyboard'
import type { Saver } from '../store/saver'
import type { EditorStore } from '../store/store'
import { pageStore } from './testing'

afterEach(() => vi.unstubAllGlobals())

const canvas = { inlineEditing: null, stopInlineEdit: () => {}, startInlineEdit: () => false } as unknown as CanvasController
const saver = { saveNow: vi.fn(async () => {}) } as unknown as Saver

function Keys({ store, openDialog, can }: { store: EditorStore; openDialog: (d: DialogKind) => void; can: boolean }) {
  const keyHandler = useRef<(e: KeyboardEvent) => void>(() => {})
  const clipboardHandler = useRef<(e: ClipboardEvent) => void>(() => {})
  useShortcuts({ store, canvas, saver, readOnly: false, openDialog, keyHandler, clipboardHandler, pageId: 'p1', canCreateComponent: can })
  return null
}

describe('Create component shortcut and commands', () => {
  it('Ctrl+Alt+K opens Create component for a selected part, and is listed', () => {
    const store = pageStore()
    const openDialog = vi.fn()
    renderWithProviders(<Keys store={store} openDialog={openDialog} can />)
    fireEvent.keyDown(window, { key: 'k', code: 'KeyK', ctrlKey: true, altKey: true })
    expect(openDialog).not.toHaveBeenCalled() // nothing selected
    store.select('sec')
    // On a Mac, Option+K types "˚": the physical key counts.
    fireEvent.keyDown(window, { key: '˚', code: 'KeyK', metaKey: true, altKey: true })
    expect(openDialog).toHaveBeenCalledWith('create-component')
    expect(SHORTCUTS.some((s) => s.keys.join('+') === 'Ctrl+Alt+K')).toBe(true)
  })

  it('needs component:create', () => {
    const store = pageStore()
    store.select('sec')
    const openDialog = vi.fn()
    renderWithProviders(<Keys store={store} openDialog={openDialog} can={false} />)
    fireEvent.keyDown(window, { key: 'k', code: 'KeyK', ctrlKey: true, altKey: true })
    expect(openDialog).not.toHaveBeenCalled()
  })

  it('the command palette offers the component and template actions, and no Instance to add', () => {
    stubFetch(() => undefined)
    const store = pageStore()
    store.select('sec')
    const abilities: EditorAbilities = { createComponent: true, editComponent: true, publishTemplate: true }
    const openDialog = vi.fn()
    renderWithProviders(
      <EditorDialogs
        kind="commands"
        onClose={() => {}}
        store={store}
        saver={saver}
        canvas={canvas}
        page={{ id: 'p1', name: 'Flu clinic', slug: 'flu', siteId: 's1' }}
        siteName="Riverside"
        readOnly={false}
        setDevice={() => {}}
        setZoom={() => {}}
        setTheme={() => {}}
        openDialog={openDialog}
        abilities={abilities}
        symbolEdit={null}
        onSymbolPublished={() => {}}
      />,
    )
    const options = screen.getAllByRole('option').map((o) => o.textContent)
    expect(options).toContain('Create component…Ctrl+Alt+K')
    expect(options).toContain('Publish as template…Page')
    expect(options).toContain('Publish section as template…Page')
    expect(options.some((o) => o?.startsWith('Add Instance'))).toBe(false)
    expect(options.some((o) => o?.startsWith('Add Heading'))).toBe(true)
  })
})
