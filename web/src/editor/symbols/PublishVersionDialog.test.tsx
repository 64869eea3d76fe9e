import { Dialog } from '@radix-ui/themes'
import { configure, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { PublishVersionRequest } from '../../screens/components/api'
import { renderWithProviders, stubFetch } from '../assets/testing'
import { startSymbolEdit } from './editing'
import { PublishVersionDialog } from './PublishVersionDialog'
import { COMPONENT_ID, instanceStore, makeComponent, makeVersion } from './testing'

configure({ asyncUtilTimeout: 5000 })
afterEach(() => vi.unstubAllGlobals())

const SEMVER = 'Removing the exposed prop “buttonText” is a breaking change: publish 2.0.0 or higher.'

function mount() {
  const store = instanceStore('1.0.0', { title: 'Only here' })
  const component = makeComponent()
  const v1 = makeVersion('1.0.0')
  const edit = startSymbolEdit(store, 'inst', component, v1)
  // The editor changes the copy's heading.
  store.apply([{ op: 'set', node: edit.idMap.t!, path: 'props/text', value: 'Open every day' }])
  const bodies: PublishVersionRequest[] = []
  stubFetch(({ method, path, body }) => {
    if (method === 'GET' && path === `/components/${COMPONENT_ID}`) return { body: { component, versions: [{ ...v1, document: undefined }] } }
    if (method === 'GET' && path === `/components/${COMPONENT_ID}/versions/1.0.0`) return { body: v1 }
    if (method === 'POST' && path === `/components/${COMPONENT_ID}/versions`) {
      const b = body as PublishVersionRequest
      bodies.push(b)
      if (b.version !== '2.0.0') {
        return { status: 422, body: { status: 422, code: 'component.semver', detail: SEMVER, errors: [{ location: 'body.version', message: SEMVER, value: b.version }] } }
      }
      return { status: 201, body: { ...makeVersion('2.0.0'), exposed: [{ ...v1.exposed[0]!, node: edit.idMap.t! }], document: undefined } }
    }
    return undefined
  })
  const onPublished = vi.fn()
  renderWithProviders(
    <Dialog.Root open>
      <PublishVersionDialog store={store} edit={edit} onPublished={onPublished} onClose={() => {}} />
    </Dialog.Root>,
  )
  return { store, edit, bodies, onPublished }
}

describe('Publish a new version', { timeout: 30_000 }, () => {
  it('prefills the exposed props, suggests the version semver needs and shows the server’s semver message', async () => {
    const { edit, bodies, onPublished } = mount()
    expect(screen.getByRole('heading', { name: 'Publish a new version of “Opening hours”' })).toBeTruthy()
    const title = screen.getByRole('checkbox', { name: 'Heading “Open every day” · Text' })
    expect(title.getAttribute('aria-checked')).toBe('true')
    expect((screen.getByLabelText('Key for Heading “Open every day” · Text') as HTMLInputElement).value).toBe('title')
    const button = screen.getByRole('checkbox', { name: 'Button “Call us” · Text' })
    expect(button.getAttribute('aria-checked')).toBe('true')
    // Same props: a patch.
    await waitFor(() => expect(screen.getByRole('radio', { name: /^1\.0\.1 · Patch/ }).getAttribute('aria-checked')).toBe('true'))
    expect(screen.getByText('The props pages can change are the same as in the latest version: a patch is enough.')).toBeTruthy()

    // Removing one is a major change.
    fireEvent.click(button)
    expect(screen.getByRole('radio', { name: /^2\.0\.0 · Major/ }).getAttribute('aria-checked')).toBe('true')
    expect(screen.getByText('Removing “buttonText” needs a major version.')).toBeTruthy()

    // Choosing too small a version: the server refuses and says why.
    fireEvent.click(screen.getByRole('radio', { name: /^1\.0\.1 · Patch/ }))
    fireEvent.change(screen.getByLabelText('What changed'), { target: { value: 'Open every day now.' } })
    fireEvent.click(screen.getByRole('button', { name: 'Publish 1.0.1' }))
    expect(await screen.findByText(SEMVER)).toBeTruthy()
    const sent = bodies[0]!
    expect(sent.version).toBe('1.0.1')
    expect(sent.notes).toBe('Open every day now.')
    expect(sent.exposed).toEqual([{ key: 'title', node: edit.idMap.t, prop: 'text', label: 'Title' }])
    const d = sent.document
    expect(Object.values(d.nodes).filter((n) => n.parent === d.root).map((n) => n.id)).toEqual([edit.copyRoot])
    expect(d.nodes[edit.idMap.t!]!.props!.text).toBe('Open every day')

    fireEvent.click(screen.getByRole('radio', { name: /^2\.0\.0 · Major/ }))
    expect(screen.queryByText(SEMVER)).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Publish 2.0.0' }))
    await waitFor(() => expect(onPublished).toHaveBeenCalledWith(expect.objectContaining({ version: '2.0.0' })))
  })
})
