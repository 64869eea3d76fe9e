import { Dialog } from '@radix-ui/themes'
import { configure, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CreateComponentRequest } from '../../screens/components/api'
import { renderWithProviders, stubFetch } from '../assets/testing'
import { CreateComponentDialog } from './CreateComponentDialog'
import { COMPONENT_ID, makeComponent, pageStore } from './testing'

configure({ asyncUtilTimeout: 5000 })
afterEach(() => vi.unstubAllGlobals())

function mount(reply: { status?: number; body?: unknown } = { status: 201, body: makeComponent({ latestVersion: '1.0.0' }) }) {
  const store = pageStore()
  store.select('sec')
  const sent: CreateComponentRequest[] = []
  const fetchMock = stubFetch((req) => {
    if (req.method === 'POST' && req.path === '/components') {
      sent.push(req.body as CreateComponentRequest)
      return reply
    }
    return undefined
  })
  const onClose = vi.fn()
  renderWithProviders(
    <Dialog.Root open>
      <CreateComponentDialog store={store} siteId="s1" nodeId="sec" onClose={onClose} />
    </Dialog.Root>,
  )
  return { store, sent, onClose, fetchMock }
}

describe('Create component', { timeout: 30_000 }, () => {
  it('lists the props of the selection’s nodes from their schemas, without Embed nodes', () => {
    mount()
    expect(screen.getByRole('heading', { name: 'Create component' })).toBeTruthy()
    const boxes = screen.getAllByRole('checkbox').map((b) => b.getAttribute('aria-label') ?? b.closest('label')?.textContent)
    expect(boxes).toEqual([
      'Heading “Walk-in hours” · Text',
      'Heading “Walk-in hours” · Heading level',
      'Button “Book now” · Text',
      'Button “Book now” · Link',
      'Button “Book now” · Style',
    ])
    expect(screen.queryByText(/Embed/)).toBeNull()
    // The name starts as the layer name; the category is guessed from the type.
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Opening hours')
    expect(screen.getByRole('combobox', { name: 'Category' }).textContent).toBe('Sections')
  })

  it('prefills keys, checks them like the server and blocks a bad one', async () => {
    const { sent } = mount()
    fireEvent.click(screen.getByRole('checkbox', { name: 'Heading “Walk-in hours” · Text' }))
    const key = screen.getByLabelText('Key for Heading “Walk-in hours” · Text') as HTMLInputElement
    expect(key.value).toBe('headingText')
    expect((screen.getByLabelText('Label for Heading “Walk-in hours” · Text') as HTMLInputElement).value).toBe('Heading text')
    fireEvent.change(key, { target: { value: '2 titles' } })
    expect(await screen.findByText('Use a letter, then up to 39 letters and digits (no spaces).')).toBeTruthy()
    fireEvent.click(screen.getByRole('checkbox', { name: 'Button “Book now” · Text' }))
    fireEvent.change(screen.getByLabelText('Key for Button “Book now” · Text'), { target: { value: 'Headingtext' } })
    fireEvent.change(key, { target: { value: 'headingText' } })
    expect(await screen.findAllByText('Another prop already uses this key.')).toHaveLength(2)
    fireEvent.click(screen.getByRole('button', { name: 'Create component' }))
    await new Promise((r) => setTimeout(r, 50))
    expect(sent).toHaveLength(0)
  })

  it('posts the subtree as a one-child page with the exposed props, then puts an instance in its place', async () => {
    const { sent, store, onClose } = mount()
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: ' Opening hours ' } })
    fireEvent.change(screen.getByLabelText('Tags'), { target: { value: 'hours, clinic, Hours' } })
    fireEvent.click(screen.getByRole('radio', { name: /Organization/ }))
    fireEvent.click(screen.getByRole('checkbox', { name: 'Heading “Walk-in hours” · Text' }))
    fireEvent.change(screen.getByLabelText('Key for Heading “Walk-in hours” · Text'), { target: { value: 'title' } })
    fireEvent.change(screen.getByLabelText('Label for Heading “Walk-in hours” · Text'), { target: { value: 'Title' } })
    fireEvent.click(screen.getByRole('checkbox', { name: 'Button “Book now” · Link' }))
    fireEvent.click(screen.getByRole('button', { name: 'Create component' }))
    await waitFor(() => expect(sent).toHaveLength(1))
    const body = sent[0]!
    expect(body).toMatchObject({ siteId: 's1', name: 'Opening hours', category: 'Sections', tags: ['hours', 'clinic'], visibility: 'organization' })
    expect(body.exposed).toEqual([
      { key: 'title', node: 'h1', prop: 'text', label: 'Title' },
      { key: 'buttonHref', node: 'btn', prop: 'href', label: 'Button link' },
    ])
    const d = body.document
    expect(d.schemaVersion).toBe(1)
    expect(d.nodes[d.root]!.type).toBe('Page')
    expect(Object.values(d.nodes).filter((n) => n.parent === d.root).map((n) => n.id)).toEqual(['sec'])
    expect(Object.keys(d.nodes).sort()).toEqual(['btn', 'emb', 'h1', 'root', 'sec'])

    await waitFor(() => expect(onClose).toHaveBeenCalled())
    expect(store.node('sec')).toBeUndefined()
    const inst = store.node(store.children('root')[0]!)!
    expect(inst).toMatchObject({ type: 'Instance', label: 'Opening hours', props: { component: `${COMPONENT_ID}@1.0.0`, overrides: {} } })
    expect(store.selection).toBe(inst.id)
    expect(store.historySize).toBe(1)
    expect(await screen.findByText('Created “Opening hours”')).toBeTruthy()
  })

  it('shows the server’s field errors next to the field', async () => {
    mount({
      status: 422,
      body: {
        status: 422,
        code: 'component.invalid',
        detail: 'Some fields need attention',
        errors: [{ location: 'body.exposed[0].prop', message: 'A Heading has no prop “text”.' }],
      },
    })
    fireEvent.click(screen.getByRole('checkbox', { name: 'Heading “Walk-in hours” · Text' }))
    fireEvent.click(screen.getByRole('button', { name: 'Create component' }))
    expect(await screen.findByText('A Heading has no prop “text”.')).toBeTruthy()
  })
})
