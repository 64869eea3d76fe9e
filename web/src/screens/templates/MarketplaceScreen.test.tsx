import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { baseRoutes, categories, getQueries, makeTemplate, renderTemplatesApp, type Routes } from './testing'

configure({ asyncUtilTimeout: 5000 })
afterEach(() => vi.unstubAllGlobals())

const builtin = makeTemplate({ thumbnailUrl: '/api/v1/templates/t1/thumbnail.png' })
const section = makeTemplate({
  id: 't2',
  name: 'Opening hours',
  category: 'clinics',
  kind: 'section',
  builtin: false,
  author: { id: 'u2', name: 'Sam Editor' },
  installCount: 3,
  ratingAvg: 0,
  ratingCount: 0,
  tags: [],
})

function routes(extra: Routes = {}): Routes {
  return {
    ...baseRoutes(),
    'GET /templates': (url) => {
      const q = url.searchParams.get('q') ?? ''
      const category = url.searchParams.get('category') ?? ''
      let items = [builtin, section]
      if (q) items = items.filter((t) => t.name.toLowerCase().includes(q.toLowerCase()))
      if (category) items = items.filter((t) => t.category === category)
      return { body: { items, nextCursor: '', categories } }
    },
    ...extra,
  }
}

describe('Template marketplace', () => {
  it('shows the templates as cards with their facts and previews', async () => {
    renderTemplatesApp('/templates', routes())
    expect(await screen.findByRole('heading', { level: 1, name: 'Templates' })).toBeTruthy()
    const card = (await screen.findByRole('link', { name: 'Vaccination campaign' })).closest('article')!
    expect(within(card).getByText('Campaigns')).toBeTruthy()
    expect(within(card).getByText('1.2k installs')).toBeTruthy()
    expect(within(card).getByText('Built-in')).toBeTruthy()
    expect(within(card).getByRole('img', { name: 'Rated 4.5 out of 5' })).toBeTruthy()
    const img = card.querySelector('img')!
    expect(img.getAttribute('src')).toBe('/api/v1/templates/t1/thumbnail.png')
    expect(img.getAttribute('loading')).toBe('lazy')
    expect(img.getAttribute('width')).toBeTruthy()
    expect(img.getAttribute('height')).toBeTruthy()

    const other = screen.getByRole('link', { name: 'Opening hours' }).closest('article')!
    expect(within(other).getByText('Section')).toBeTruthy()
    expect(within(other).getByText('by Sam Editor')).toBeTruthy()
    expect(within(other).getByText('3 installs')).toBeTruthy()
    expect(within(other).getByText('No ratings yet')).toBeTruthy()
    // No thumbnail yet: a live, sandboxed, unfocusable preview instead.
    const frame = other.querySelector('iframe')!
    expect(frame.getAttribute('src')).toBe('/api/v1/templates/t2/preview')
    expect(frame.getAttribute('sandbox')).toBe('')
    expect(frame.getAttribute('loading')).toBe('lazy')
    expect(frame.getAttribute('tabindex')).toBe('-1')
    expect(frame.getAttribute('aria-hidden')).toBe('true')
    expect(frame.getAttribute('width')).toBe('1280')
    expect(frame.getAttribute('height')).toBe('960')

    // Categories with counts, "All templates" first.
    const nav = screen.getByRole('navigation', { name: 'Template categories' })
    const links = within(nav).getAllByRole('link')
    expect(links.map((l) => l.textContent)).toEqual(['All templates3 templates', 'Campaigns2 templates', 'Clinics1 template'])
    expect(links[0]!.getAttribute('aria-current')).toBe('page')
    expect(screen.getByTestId('template-count').textContent).toBe('3 templates')
  })

  it('filters by category through the URL', async () => {
    const { router, fetchMock } = renderTemplatesApp('/templates', routes())
    const nav = await screen.findByRole('navigation', { name: 'Template categories' })
    fireEvent.click(await within(nav).findByRole('link', { name: /^Clinics/ }))
    await waitFor(() => expect(router.state.location.search).toEqual({ category: 'clinics' }))
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Vaccination campaign' })).toBeNull())
    expect(screen.getByRole('link', { name: 'Opening hours' })).toBeTruthy()
    expect(screen.getByRole('heading', { level: 2, name: 'Clinics' })).toBeTruthy()
    expect(within(nav).getByRole('link', { name: /^Clinics/ }).getAttribute('aria-current')).toBe('page')
    expect(getQueries(fetchMock, '/templates').some((p) => p.get('category') === 'clinics' && p.get('sort') === 'popular')).toBe(true)
  })

  it('searches after a pause, sorting by best match', async () => {
    const { router, fetchMock } = renderTemplatesApp('/templates', routes())
    await screen.findByRole('link', { name: 'Vaccination campaign' })
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search templates' }), { target: { value: 'opening' } })
    await waitFor(() => expect(router.state.location.search).toEqual({ q: 'opening' }))
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Vaccination campaign' })).toBeNull())
    const sent = getQueries(fetchMock, '/templates').find((p) => p.get('q') === 'opening')!
    expect(sent.get('sort')).toBe('relevance')
    expect(screen.getByRole('combobox', { name: 'Sort by' }).textContent).toBe('Best match')
    expect(screen.getByTestId('template-count').textContent).toContain('for “opening”')
  })

  it('sorts from the select', async () => {
    const { router, fetchMock } = renderTemplatesApp('/templates?category=campaigns', routes())
    await screen.findByRole('link', { name: 'Vaccination campaign' })
    const trigger = screen.getByRole('combobox', { name: 'Sort by' })
    expect(trigger.textContent).toBe('Most popular')
    fireEvent.keyDown(trigger, { key: 'ArrowDown' })
    const listbox = await screen.findByRole('listbox')
    // Best match is only offered while searching.
    expect(within(listbox).getAllByRole('option').map((o) => o.textContent)).toEqual(['Most popular', 'Highest rated', 'Newest', 'Name'])
    fireEvent.click(within(listbox).getByRole('option', { name: 'Highest rated' }))
    await waitFor(() => expect(router.state.location.search).toEqual({ category: 'campaigns', sort: 'rating' }))
    await waitFor(() => expect(getQueries(fetchMock, '/templates').some((p) => p.get('sort') === 'rating' && p.get('category') === 'campaigns')).toBe(true))
  })

  it('says when nothing matches and clears the search', async () => {
    const { router } = renderTemplatesApp('/templates?q=zzz', routes())
    expect(await screen.findByText('No templates match “zzz”. Clear the search or try another category.')).toBeTruthy()
    expect((screen.getByRole('searchbox', { name: 'Search templates' }) as HTMLInputElement).value).toBe('zzz')
    fireEvent.click(screen.getByRole('button', { name: 'Clear the search' }))
    await waitFor(() => expect(router.state.location.search).toEqual({}))
    expect(await screen.findByRole('link', { name: 'Vaccination campaign' })).toBeTruthy()
    expect((screen.getByRole('searchbox', { name: 'Search templates' }) as HTMLInputElement).value).toBe('')
  })

  it('loads more with the cursor', async () => {
    const { fetchMock } = renderTemplatesApp(
      '/templates',
      routes({
        'GET /templates': (url) =>
          url.searchParams.get('cursor') === 'c2'
            ? { body: { items: [section], nextCursor: '', categories } }
            : { body: { items: [builtin], nextCursor: 'c2', categories } },
      }),
    )
    await screen.findByRole('link', { name: 'Vaccination campaign' })
    fireEvent.click(screen.getByRole('button', { name: 'Load more templates' }))
    expect(await screen.findByRole('link', { name: 'Opening hours' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Load more templates' })).toBeNull()
    expect(getQueries(fetchMock, '/templates').some((p) => p.get('cursor') === 'c2')).toBe(true)
  })

  it('shows an error with a retry', async () => {
    renderTemplatesApp('/templates', routes({ 'GET /templates': { status: 403, body: { status: 403, code: 'access.denied', detail: 'You cannot see templates.' } } }))
    expect(await screen.findByText('You cannot see templates.')).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy()
  })

  it('opens the detail from a card', async () => {
    const { router } = renderTemplatesApp('/templates', routes())
    fireEvent.click(await screen.findByRole('link', { name: 'Opening hours' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/templates/t2'))
  })
})
