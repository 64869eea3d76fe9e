import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeUser } from '../../test/renderApp'
import { baseRoutes, categories, makeDetail, makeReview, makeSite, renderTemplatesApp, sentBodies, type Routes } from './testing'

configure({ asyncUtilTimeout: 5000 })
afterEach(() => vi.unstubAllGlobals())

const summary = { avg: 4.5, count: 12, histogram: [0, 1, 1, 2, 8] }

function routes(extra: Routes = {}, detail = makeDetail()): Routes {
  return {
    ...baseRoutes(),
    'GET /sites': { body: { items: [makeSite(), makeSite({ id: 's2', name: 'Hillside Hospital', slug: 'hillside' })], nextCursor: '' } },
    'GET /templates': { body: { items: [], nextCursor: '', categories } },
    'GET /templates/t1': { body: detail },
    'GET /templates/t1/reviews': { body: { items: [makeReview()], nextCursor: '', summary } },
    'PUT /templates/t1/reviews/mine': (_url, init) => {
      const b = JSON.parse(String(init?.body)) as { rating: number; body: string }
      return { body: makeReview({ id: 'r9', user: { id: makeUser().id, name: makeUser().name }, ...b }) }
    },
    ...extra,
  }
}

function frame(): HTMLIFrameElement {
  const el = screen.getByTitle(/^Vaccination campaign at/)
  return el as HTMLIFrameElement
}

describe('Template detail', () => {
  it('shows the facts, versions and tags; built-ins cannot be edited or deleted', async () => {
    renderTemplatesApp('/templates/t1', routes())
    expect(await screen.findByRole('heading', { level: 1, name: 'Vaccination campaign' })).toBeTruthy()
    expect(screen.getByText('A hero, the clinics and a booking form.')).toBeTruthy()
    expect(screen.getByText('Campaigns')).toBeTruthy()
    expect(within(screen.getByRole('list', { name: 'Tags' })).getAllByRole('listitem').map((l) => l.textContent)).toEqual(['vaccination', 'flu'])
    const facts = document.querySelector('.pw-tpl-facts') as HTMLElement
    expect(within(facts).getByText('Pagewright')).toBeTruthy()
    expect(within(facts).getByText('1.2.0')).toBeTruthy()
    expect(within(facts).getByText('1.2k installs')).toBeTruthy()
    const versions = screen.getByRole('table', { name: 'Versions of Vaccination campaign' })
    const rows = within(versions).getAllByRole('row').slice(1)
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]?.textContent)).toEqual(['Adds opening hours', 'First release'])
    expect(within(rows[0]!).getByText('Current')).toBeTruthy()
    expect(screen.getByRole('button', { name: /Use this template/ })).toBeTruthy()
    expect(screen.queryByRole('button', { name: /Edit details/ })).toBeNull()
    expect(screen.queryByRole('button', { name: /^Delete$/ })).toBeNull()
  })

  it('changes the preview width with the device toggle and previews with a site', async () => {
    renderTemplatesApp('/templates/t1', routes())
    await screen.findByRole('heading', { level: 1, name: 'Vaccination campaign' })
    expect(frame().getAttribute('width')).toBe('1280')
    expect(frame().getAttribute('sandbox')).toBe('')
    expect(frame().getAttribute('src')).toBe('/api/v1/templates/t1/preview')
    const group = screen.getByRole('radiogroup', { name: 'Preview width' })
    fireEvent.click(within(group).getByRole('radio', { name: 'Mobile (375 px)' }))
    await waitFor(() => expect(frame().getAttribute('width')).toBe('375'))
    expect(frame().getAttribute('height')).toBe('812')
    fireEvent.click(within(group).getByRole('radio', { name: 'Tablet (768 px)' }))
    await waitFor(() => expect(frame().getAttribute('width')).toBe('768'))

    const site = await screen.findByRole('combobox', { name: 'Preview with site' })
    fireEvent.keyDown(site, { key: 'ArrowDown' })
    fireEvent.click(within(await screen.findByRole('listbox')).getByRole('option', { name: 'Hillside Hospital' }))
    await waitFor(() => expect(frame().getAttribute('src')).toBe('/api/v1/templates/t1/preview?site=s2'))
  })

  it('renders the rating histogram and the reviews', async () => {
    renderTemplatesApp('/templates/t1', routes())
    const histogram = await screen.findByRole('list', { name: 'Ratings by number of stars' })
    const rows = within(histogram).getAllByRole('listitem')
    expect(rows.map((r) => r.getAttribute('data-stars'))).toEqual(['5', '4', '3', '2', '1'])
    expect(rows[0]!.textContent).toContain('5 stars')
    expect(rows[0]!.textContent).toContain('8 ratings (67%)')
    expect(rows[4]!.textContent).toContain('0 ratings (0%)')
    expect((rows[0]!.querySelector('.pw-tpl-hist-fill') as HTMLElement).style.width).toBe('67%')
    expect(screen.getByRole('img', { name: 'Average 4.5 out of 5' })).toBeTruthy()
    expect(await screen.findByText('Saved us a day.')).toBeTruthy()
  })

  it('saves the user’s rating and review', async () => {
    const { fetchMock } = renderTemplatesApp('/templates/t1', routes())
    const form = await screen.findByRole('form', { name: 'Your review' })
    fireEvent.click(within(form).getByRole('button', { name: 'Save review' }))
    expect(await within(form).findByText('Choose a rating from 1 to 5 stars.')).toBeTruthy()
    expect(sentBodies(fetchMock, 'PUT', '/reviews/mine')).toEqual([])

    fireEvent.click(within(form).getByRole('radio', { name: '4 stars' }))
    expect((within(form).getByRole('radio', { name: '4 stars' }) as HTMLInputElement).checked).toBe(true)
    fireEvent.change(within(form).getByRole('textbox', { name: 'Review (optional)' }), { target: { value: '  Clear and quick.  ' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Save review' }))
    await waitFor(() => expect(sentBodies(fetchMock, 'PUT', '/templates/t1/reviews/mine')).toEqual([{ rating: 4, body: 'Clear and quick.' }]))
    expect(await screen.findByText('Review saved')).toBeTruthy()
  })

  it('prefills the user’s own review and deletes it', async () => {
    const me = makeUser()
    const { fetchMock } = renderTemplatesApp(
      '/templates/t1',
      routes(
        {
          'GET /templates/t1/reviews': {
            body: { items: [makeReview({ id: 'r2', user: { id: me.id, name: me.name }, rating: 3, body: 'Good start.' }), makeReview()], nextCursor: '', summary },
          },
          'DELETE /templates/t1/reviews/mine': { status: 204 },
        },
        makeDetail({ myRating: 3 }),
      ),
    )
    const form = await screen.findByRole('form', { name: 'Your review' })
    await waitFor(() => expect((within(form).getByRole('radio', { name: '3 stars' }) as HTMLInputElement).checked).toBe(true))
    expect((within(form).getByRole('textbox', { name: 'Review (optional)' }) as HTMLTextAreaElement).value).toBe('Good start.')
    fireEvent.click(within(form).getByRole('button', { name: 'Delete review' }))
    const confirm = await screen.findByRole('alertdialog', { name: 'Delete your review?' })
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete review' }))
    await waitFor(() =>
      expect(fetchMock.mock.calls.some(([url, init]) => String(url).endsWith('/templates/t1/reviews/mine') && init?.method === 'DELETE')).toBe(true),
    )
    expect(await screen.findByText('Review deleted')).toBeTruthy()
    // Confirming did not also submit the review form.
    expect(sentBodies(fetchMock, 'PUT', '/reviews/mine')).toEqual([])
  })

  it('lets editors change the details and delete the template', async () => {
    const detail = makeDetail({ builtin: false, canEdit: true, author: { id: 'u1', name: 'Maya Patel' }, visibility: 'team' })
    const { fetchMock, router } = renderTemplatesApp(
      '/templates/t1',
      routes(
        {
          'PATCH /templates/t1': (_url, init) => ({ body: { ...detail, ...JSON.parse(String(init?.body)) } }),
          'DELETE /templates/t1': { status: 204 },
        },
        detail,
      ),
    )
    fireEvent.click(await screen.findByRole('button', { name: /Edit details/ }))
    const dialog = await screen.findByRole('dialog', { name: 'Edit details' })
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Name' }), { target: { value: 'Flu campaign' } })
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Tags' }), { target: { value: 'flu, vaccination, winter' } })
    fireEvent.click(within(dialog).getByRole('radio', { name: /Organization/ }))
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save details' }))
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Edit details' })).toBeNull())
    expect(sentBodies(fetchMock, 'PATCH', '/templates/t1')).toEqual([{ name: 'Flu campaign', tags: ['flu', 'vaccination', 'winter'], visibility: 'organization' }])

    fireEvent.click(screen.getByRole('button', { name: /^Delete$/ }))
    const confirm = await screen.findByRole('alertdialog', { name: /^Delete “/ })
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete template' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/templates'))
  })

  it('says when the template does not exist', async () => {
    renderTemplatesApp('/templates/t1', routes({ 'GET /templates/t1': { status: 404, body: { status: 404, code: 'template.not_found', detail: 'Not found.' } } }))
    expect(await screen.findByText('This template does not exist')).toBeTruthy()
  })
})
