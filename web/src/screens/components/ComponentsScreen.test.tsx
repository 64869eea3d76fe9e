import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { baseRoutes, makeComponent, queries, renderComponentsApp, type Routes } from './testing'

configure({ asyncUtilTimeout: 5000 })
afterEach(() => vi.unstubAllGlobals())

const hours = makeComponent()
const cta = makeComponent({
  id: 'c2',
  name: 'Book a vaccination',
  description: '',
  category: 'Calls to action',
  visibility: 'organization',
  latestVersion: '1.0.0',
  owner: { id: 'u2', name: 'Sam Editor' },
  usage: { pages: 0, instances: 0 },
})
const old = makeComponent({
  id: 'c3',
  name: 'Old footer',
  category: 'Navigation',
  visibility: 'private',
  usage: { pages: 1, instances: 1 },
  deprecated: { message: 'Use the new footer.', at: '2025-03-01T00:00:00Z', by: null },
})

function routes(extra: Routes = {}): Routes {
  return {
    ...baseRoutes(),
    'GET /components': (url) => {
      const q = (url.searchParams.get('q') ?? '').toLowerCase()
      const category = url.searchParams.get('category') ?? ''
      let items = [cta, old, hours]
      if (url.searchParams.get('deprecated') !== 'true') items = items.filter((c) => !c.deprecated)
      if (q) items = items.filter((c) => c.name.toLowerCase().includes(q))
      if (category) items = items.filter((c) => c.category === category)
      return { body: { items, nextCursor: '' } }
    },
    ...extra,
  }
}

describe('Component library', { timeout: 30_000 }, () => {
  it('lists the components with their category, version, usage, visibility and owner', async () => {
    renderComponentsApp('/components', routes())
    expect(await screen.findByRole('heading', { level: 1, name: 'Components' })).toBeTruthy()
    const row = (await screen.findByRole('link', { name: 'Opening hours' })).closest('tr')!
    const cells = within(row).getAllByRole('cell').map((c) => c.textContent)
    expect(cells).toEqual(['Sections', '2.0.0', 'Used on 2 pages', 'Team', 'Maya Patel'])
    expect(within(row).getByText('When each clinic is open.')).toBeTruthy()
    const other = screen.getByRole('link', { name: 'Book a vaccination' }).closest('tr')!
    expect(within(other).getByText('Not used yet')).toBeTruthy()
    expect(within(other).getByText('Organization')).toBeTruthy()
    // Deprecated ones are hidden unless asked for.
    expect(screen.queryByRole('link', { name: 'Old footer' })).toBeNull()
    expect(screen.getByRole('navigation', { name: 'Main' }).textContent).toContain('Components')
  })

  it('shows deprecated components with a badge when asked', async () => {
    const { router, fetchMock } = renderComponentsApp('/components', routes())
    await screen.findByRole('link', { name: 'Opening hours' })
    fireEvent.click(screen.getByRole('switch', { name: 'Show deprecated' }))
    await waitFor(() => expect(router.state.location.search).toEqual({ deprecated: true }))
    const row = (await screen.findByRole('link', { name: 'Old footer' })).closest('tr')!
    expect(within(row).getByText('Deprecated')).toBeTruthy()
    expect(queries(fetchMock, '/components').some((p) => p.get('deprecated') === 'true')).toBe(true)
  })

  it('filters by category and search through the URL', async () => {
    const { router, fetchMock } = renderComponentsApp('/components', routes())
    await screen.findByRole('link', { name: 'Opening hours' })
    fireEvent.keyDown(screen.getByRole('combobox', { name: 'Category' }), { key: 'ArrowDown' })
    fireEvent.click(await screen.findByRole('option', { name: 'Calls to action' }))
    await waitFor(() => expect(router.state.location.search).toEqual({ category: 'Calls to action' }))
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Opening hours' })).toBeNull())
    expect(screen.getByRole('link', { name: 'Book a vaccination' })).toBeTruthy()

    fireEvent.change(screen.getByRole('searchbox', { name: 'Search components' }), { target: { value: 'zzz' } })
    await waitFor(() => expect(router.state.location.search).toEqual({ category: 'Calls to action', q: 'zzz' }))
    expect(await screen.findByText('No component in Calls to action matches “zzz”. Try another word, or clear the filters.')).toBeTruthy()
    expect(queries(fetchMock, '/components').some((p) => p.get('q') === 'zzz' && p.get('category') === 'Calls to action')).toBe(true)
    fireEvent.click(screen.getByRole('button', { name: 'Clear the filters' }))
    await waitFor(() => expect(router.state.location.search).toEqual({}))
    expect(await screen.findByRole('link', { name: 'Opening hours' })).toBeTruthy()
  })

  it('says what to do when the library is empty', async () => {
    renderComponentsApp('/components', routes({ 'GET /components': { body: { items: [], nextCursor: '' } } }))
    expect(await screen.findByRole('heading', { name: 'No components yet' })).toBeTruthy()
    expect(screen.getByText(/select a part of it you want to reuse/).textContent).toContain('Create component…')
    expect(screen.getByRole('link', { name: 'Go to your sites' })).toBeTruthy()
  })

  it('shows an error with a retry', async () => {
    renderComponentsApp('/components', routes({ 'GET /components': { status: 403, body: { status: 403, code: 'access.denied', detail: 'You cannot see the component library.' } } }))
    expect(await screen.findByText(/You cannot see the component library\./)).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy()
  })
})
