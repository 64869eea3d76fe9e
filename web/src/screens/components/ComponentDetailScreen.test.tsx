import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { baseRoutes, makeComponent, makeUsage, renderComponentsApp, sent, type Routes } from './testing'

configure({ asyncUtilTimeout: 5000 })
afterEach(() => vi.unstubAllGlobals())

const doc = { schemaVersion: 1, root: 'root', meta: {}, nodes: { root: { id: 'root', type: 'Page', props: {} } } }
const versions = [
  {
    componentId: 'c1',
    version: '2.0.0',
    notes: 'The button is gone.',
    exposed: [{ key: 'title', node: 't', prop: 'text', label: 'Title', type: 'string' }],
    createdAt: '2025-02-01T00:00:00Z',
    createdBy: { id: 'u2', name: 'Sam Editor' },
  },
  { componentId: 'c1', version: '1.0.0', notes: '', exposed: null, createdAt: '2025-01-01T00:00:00Z', createdBy: null },
]
const other = makeComponent({ id: 'c2', name: 'Clinic card', latestVersion: '1.0.0' })

function routes(extra: Routes = {}): Routes {
  return {
    ...baseRoutes(),
    'GET /components/c1': { body: { component: makeComponent(), versions } },
    'GET /components/c1/usage': { body: { items: [makeUsage(), makeUsage({ pageId: 'p2', title: 'Home', versions: ['2.0.0'], revision: 2 })] } },
    'GET /components/c1/versions/2.0.0': { body: { ...versions[0], document: doc } },
    'GET /sites/s1': { body: { id: 's1', name: 'Riverside Clinics', slug: 'riverside', description: '', pageCount: 2, createdAt: '', updatedAt: '' } },
    'POST /render': { body: { html: '<p>Open today</p>', css: '', scripts: [] } },
    'GET /components': { body: { items: [makeComponent(), other], nextCursor: '' } },
    'POST /components/c1/deprecate': (_u, body) => ({
      body: makeComponent({ deprecated: { message: (body as { message: string }).message, replacementId: 'c2', replacementName: 'Clinic card', at: '2025-03-01T00:00:00Z', by: null } }),
    }),
    ...extra,
  }
}

describe('Component detail', { timeout: 30_000 }, () => {
  it('shows the preview, versions, usage and what can be done', async () => {
    renderComponentsApp('/components/c1', routes())
    expect(await screen.findByRole('heading', { level: 1, name: 'Opening hours' })).toBeTruthy()
    const preview = (await screen.findByTitle('Preview of Opening hours 2.0.0')) as HTMLIFrameElement
    expect(preview.getAttribute('srcdoc')).toContain('<p>Open today</p>')

    const v = screen.getByRole('region', { name: 'Versions' })
    expect(within(v).getByText('The button is gone.')).toBeTruthy()
    expect(within(v).getByText(/Pages can change:/).textContent).toContain('Title title (string)')
    expect(within(v).getByText('Pages can change nothing: it looks the same everywhere.')).toBeTruthy()

    const usage = screen.getByRole('region', { name: 'Where it is used' })
    expect(within(usage).getByRole('link', { name: 'Flu clinic' }).getAttribute('href')).toBe('/pages/p1/edit')
    expect(await screen.findByRole('link', { name: 'Riverside Clinics' })).toBeTruthy()

    const del = screen.getByRole('button', { name: 'Delete component' }) as HTMLButtonElement
    await waitFor(() => expect(screen.getByText('Used on 2 pages: detach or replace its instances there first.')).toBeTruthy())
    expect(del.disabled).toBe(true)

    fireEvent.click(screen.getByRole('button', { name: 'Update pages to 2.0.0…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Update pages to Opening hours 2.0.0' })
    expect(await within(dialog).findByRole('checkbox', { name: 'Update Flu clinic' })).toBeTruthy()
    expect(within(dialog).queryByRole('checkbox', { name: 'Update Home' })).toBeNull()
  })

  it('deprecates with a message and a replacement', async () => {
    const { fetchMock } = renderComponentsApp('/components/c1', routes())
    fireEvent.click(await screen.findByRole('button', { name: 'Deprecate…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Deprecate “Opening hours”' })
    fireEvent.change(within(dialog).getByLabelText('Message'), { target: { value: 'Use the clinic card.' } })
    const picker = within(dialog).getByRole('combobox', { name: 'Use instead (optional)' })
    await waitFor(() => expect((picker as HTMLButtonElement).disabled).toBe(false))
    fireEvent.keyDown(picker, { key: 'ArrowDown' })
    fireEvent.click(await screen.findByRole('option', { name: 'Clinic card (1.0.0)' }))
    fireEvent.click(within(dialog).getByRole('button', { name: 'Deprecate' }))
    await waitFor(() => expect(sent(fetchMock, 'POST', '/components/c1/deprecate')).toEqual([{ message: 'Use the clinic card.', replacementId: 'c2' }]))
    expect(await screen.findByText('“Opening hours” is deprecated')).toBeTruthy()
  })

  it('says when the component does not exist', async () => {
    renderComponentsApp('/components/c9', routes({ 'GET /components/c9': { status: 404, body: { status: 404, code: 'component.not_found', detail: 'No such component.' } } }))
    expect(await screen.findByRole('heading', { name: 'This component does not exist' })).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Back to the library' })).toBeTruthy()
  })
})
