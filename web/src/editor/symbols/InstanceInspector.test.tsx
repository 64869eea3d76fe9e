import { configure, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Component, ComponentVersion } from '../../screens/components/api'
import { renderWithProviders, stubFetch } from '../assets/testing'
import { EditorStore } from '../store/store'
import { ctype } from '../store/testdoc'
import { InstanceInspector, overridesType, RICH_HINT } from './InstanceInspector'
import { COMPONENT_ID, componentDoc, instanceStore, makeComponent, makeVersion, REPLACEMENT_ID, symbolTypes } from './testing'

configure({ asyncUtilTimeout: 5000 })
afterEach(() => vi.unstubAllGlobals())

const v1 = makeVersion('1.0.0')
const v2 = makeVersion('2.0.0', {
  notes: 'A shorter title; the button is fixed.',
  exposed: [{ key: 'title', node: 't', prop: 'text', label: 'Title', type: 'string' }],
  document: componentDoc('Open this week'),
})
const replacement = makeComponent({ id: REPLACEMENT_ID, name: 'Clinic card', latestVersion: '3.1.0' })
const replacementV = makeVersion('3.1.0', { componentId: REPLACEMENT_ID, exposed: [{ key: 'title', node: 't', prop: 'text', label: 'Heading', type: 'string' }] })

function mount(store: EditorStore, component: Component, versions: ComponentVersion[] = [v1], onEditComponent = vi.fn()) {
  const fetchMock = stubFetch(({ method, path }) => {
    if (method !== 'GET') return undefined
    const strip = ({ document: _d, ...rest }: ComponentVersion) => rest
    if (path === `/components/${COMPONENT_ID}`) return { body: { component, versions: versions.map(strip) } }
    if (path === `/components/${REPLACEMENT_ID}`) return { body: { component: replacement, versions: [strip(replacementV)] } }
    const m = path.match(/^\/components\/([^/]+)\/versions\/(.+)$/)
    if (m) {
      const all = m[1] === REPLACEMENT_ID ? [replacementV] : versions
      const v = all.find((x) => x.version === m[2])
      return v ? { body: v } : { status: 404, body: { status: 404, code: 'component.version_not_found', detail: 'No such version.' } }
    }
    return undefined
  })
  renderWithProviders(
    <InstanceInspector store={store} id="inst" siteId="s1" tokens={[]} readOnly={false} canEditComponent onEditComponent={onEditComponent} />,
  )
  return { fetchMock, onEditComponent }
}

const overrides = (store: EditorStore) => (store.node('inst')!.props as { overrides: Record<string, unknown> }).overrides

describe('Instance inspector', { timeout: 30_000 }, () => {
  it('shows one control per exposed prop that writes this page’s override, with a reset', async () => {
    const store = instanceStore('1.0.0')
    mount(store, makeComponent())
    expect(await screen.findByText('Component · version 1.0.0 (latest)')).toBeTruthy()
    const title = (await screen.findByLabelText('Title')) as HTMLInputElement
    // Empty: the component's own value shows as the placeholder.
    expect(title.value).toBe('')
    expect(title.placeholder).toBe('Open today')
    expect((screen.getByLabelText('Button text') as HTMLInputElement).placeholder).toBe('Call us')
    const reset = screen.getByRole('button', { name: 'Reset Title to the component’s value' }) as HTMLButtonElement
    expect(reset.disabled).toBe(true)

    fireEvent.change(title, { target: { value: 'Open late on Thursdays' } })
    expect(overrides(store)).toEqual({ title: 'Open late on Thursdays' })
    expect(store.node('inst')!.props!.component).toBe(`${COMPONENT_ID}@1.0.0`)
    await waitFor(() => expect(reset.disabled).toBe(false))

    fireEvent.click(reset)
    expect(overrides(store)).toEqual({})
    await waitFor(() => expect((screen.getByLabelText('Title') as HTMLInputElement).value).toBe(''))
    // Both edits are undoable.
    store.undo()
    expect(overrides(store)).toEqual({ title: 'Open late on Thursdays' })
  })

  it('offers the latest version and keeps only the overrides it still exposes', async () => {
    const store = instanceStore('1.0.0', { title: 'Only here', buttonText: 'Ring us' })
    mount(store, makeComponent({ latestVersion: '2.0.0' }), [v2, v1])
    expect(await screen.findByText('2.0.0 is newer. A shorter title; the button is fixed.')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Update to 2.0.0' }))
    await waitFor(() => expect(store.node('inst')!.props!.component).toBe(`${COMPONENT_ID}@2.0.0`))
    expect(overrides(store)).toEqual({ title: 'Only here' })
    expect(await screen.findByText(/Removed this page’s values for “Button text”: 2.0.0 does not let pages change them\./)).toBeTruthy()
    expect(await screen.findByText('Component · version 2.0.0 (latest)')).toBeTruthy()
    expect(screen.queryByLabelText('Button text')).toBeNull()
    // One undo step brings back the version and the overrides.
    store.undo()
    expect(store.node('inst')!.props).toEqual({ component: `${COMPONENT_ID}@1.0.0`, overrides: { title: 'Only here', buttonText: 'Ring us' } })
  })

  it('shows the deprecation and swaps to the replacement’s latest version', async () => {
    const store = instanceStore('1.0.0', { title: 'Only here' })
    mount(
      store,
      makeComponent({
        deprecated: { message: 'The hours moved into the clinic card.', replacementId: REPLACEMENT_ID, replacementName: 'Clinic card', at: '2025-03-01T00:00:00Z', by: null },
      }),
    )
    const note = await screen.findByRole('note')
    expect(note.textContent).toContain('“Opening hours” is deprecated.')
    expect(note.textContent).toContain('The hours moved into the clinic card.')
    expect(note.textContent).toContain('Use “Clinic card” instead.')
    fireEvent.click(screen.getByRole('button', { name: 'Swap to Clinic card' }))
    await waitFor(() => expect(store.node('inst')!.props!.component).toBe(`${REPLACEMENT_ID}@3.1.0`))
    expect(store.node('inst')!.label).toBe('Clinic card')
    expect(overrides(store)).toEqual({ title: 'Only here' })
  })

  it('detaches into a copy of the component with this page’s values', async () => {
    const store = instanceStore('1.0.0', { buttonText: 'Ring us' })
    mount(store, makeComponent())
    fireEvent.click(await screen.findByRole('button', { name: 'Detach' }))
    expect(store.node('inst')).toBeUndefined()
    const copy = store.children('root')[1]!
    expect(store.node(copy)!.type).toBe('Section')
    expect(store.selection).toBe(copy)
    const [t, b] = store.children(copy)
    expect(store.node(t!)!.props!.text).toBe('Open today')
    expect(store.node(b!)!.props!.text).toBe('Ring us')
    expect(await screen.findByText('Detached “Opening hours”')).toBeTruthy()
  })

  it('hands the instance to Edit component', async () => {
    const store = instanceStore('1.0.0')
    const { onEditComponent } = mount(store, makeComponent())
    fireEvent.click(await screen.findByRole('button', { name: 'Edit component' }))
    expect(onEditComponent).toHaveBeenCalledWith('inst', expect.objectContaining({ id: COMPONENT_ID }), expect.objectContaining({ version: '1.0.0' }))
  })

  it('says so when the component is gone', async () => {
    const store = instanceStore('1.0.0')
    stubFetch(() => ({ status: 404, body: { status: 404, code: 'component.not_found', detail: 'No such component.' } }))
    renderWithProviders(<InstanceInspector store={store} id="inst" siteId="s1" tokens={[]} readOnly={false} canEditComponent />)
    expect(await screen.findByText(/is not in the library any more, or you cannot see it/)).toBeTruthy()
  })

  it('types an exposed rich text as HTML, without the canvas hint (instances are not edited on the canvas)', () => {
    const textType = {
      ...ctype('Text', 'none'),
      props: {
        type: 'object' as const,
        properties: { html: { type: 'string' as const, title: 'Text', 'x-control': 'richtext' } },
        required: [],
        additionalProperties: false,
        'x-order': ['html'],
      },
    }
    const store = new EditorStore(instanceStore().toDocument(), [...symbolTypes, textType])
    const doc = componentDoc()
    doc.nodes.p = { id: 'p', type: 'Text', parent: 's', pos: 'a2', props: { html: '<p>Mon–Fri</p>' } }
    const t = overridesType(store, makeVersion('1.0.0', { document: doc, exposed: [{ key: 'hours', node: 'p', prop: 'html', label: 'Hours', type: 'string' }] }))
    expect(t.props.properties.hours).toMatchObject({ title: 'Hours', 'x-control': 'textarea', description: RICH_HINT })
    expect(t.defaults).toEqual({ hours: '<p>Mon–Fri</p>' })
  })
})
