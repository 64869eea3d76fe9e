import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Permission } from '../../api/types'
import { baseRoutes, categories, makeDetail, makeSite, makeTemplate, renderTemplatesApp, sentBodies, type Routes } from './testing'

configure({ asyncUtilTimeout: 5000 })
afterEach(() => vi.unstubAllGlobals())

const page = { id: 'p9', siteId: 's1', title: 'Flu clinic 2026', slug: 'flu-clinic-2026', status: 'draft' }

function routes(extra: Routes = {}, permissions?: Permission[]): Routes {
  return {
    ...baseRoutes(permissions),
    'GET /templates': { body: { items: [makeTemplate()], nextCursor: '', categories } },
    'GET /templates/t1': { body: makeDetail() },
    'GET /templates/t1/reviews': { body: { items: [], nextCursor: '', summary: { avg: 0, count: 0, histogram: [0, 0, 0, 0, 0] } } },
    'POST /templates/t1/install': { status: 201, body: { page, template: makeTemplate({ installCount: 1235 }) } },
    ...extra,
  }
}

async function openFromDetail() {
  fireEvent.click(await screen.findByRole('button', { name: /Use this template/ }))
  return screen.findByRole('dialog', { name: 'Use “Vaccination campaign”' })
}

describe('Install template dialog', () => {
  it('creates the page in the only site and opens it in the editor', async () => {
    const { fetchMock, router } = renderTemplatesApp('/templates/t1', routes())
    const dialog = await openFromDetail()
    // The only site is chosen; the title and slug come from the template.
    expect(within(dialog).getByRole('combobox', { name: 'Site' }).textContent).toBe('Riverside Clinics')
    const title = within(dialog).getByRole('textbox', { name: 'Page title' }) as HTMLInputElement
    expect(title.value).toBe('Vaccination campaign')
    fireEvent.change(title, { target: { value: 'Flu clinic 2026' } })
    expect((within(dialog).getByRole('textbox', { name: 'Slug (optional)' }) as HTMLInputElement).value).toBe('flu-clinic-2026')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create page' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/pages/p9/edit'))
    expect(sentBodies(fetchMock, 'POST', '/templates/t1/install')).toEqual([{ siteId: 's1', title: 'Flu clinic 2026', slug: 'flu-clinic-2026' }])
    expect(await screen.findByText('Page created from Vaccination campaign')).toBeTruthy()
  })

  it('asks for a site when there are several, from the card menu', async () => {
    const { fetchMock, router } = renderTemplatesApp(
      '/templates',
      routes({ 'GET /sites': { body: { items: [makeSite(), makeSite({ id: 's2', name: 'Hillside Hospital', slug: 'hillside' })], nextCursor: '' } } }),
    )
    fireEvent.keyDown(await screen.findByRole('button', { name: 'Actions for Vaccination campaign' }), { key: 'Enter' })
    fireEvent.click(await screen.findByRole('menuitem', { name: /Use this template/ }))
    const dialog = await screen.findByRole('dialog', { name: 'Use “Vaccination campaign”' })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create page' }))
    expect(await within(dialog).findByText('Choose a site.')).toBeTruthy()
    expect(sentBodies(fetchMock, 'POST', '/install')).toEqual([])
    const site = within(dialog).getByRole('combobox', { name: 'Site' })
    fireEvent.keyDown(site, { key: 'ArrowDown' })
    fireEvent.click(within(await screen.findByRole('listbox')).getByRole('option', { name: 'Hillside Hospital' }))
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create page' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/pages/p9/edit'))
    expect(sentBodies(fetchMock, 'POST', '/templates/t1/install')).toEqual([{ siteId: 's2', title: 'Vaccination campaign', slug: 'vaccination-campaign' }])
  })

  it('shows a taken slug on the slug field and stays open', async () => {
    const { router } = renderTemplatesApp(
      '/templates/t1',
      routes({
        'POST /templates/t1/install': {
          status: 409,
          body: {
            status: 409,
            code: 'page.slug_taken',
            detail: 'A page with this slug already exists in the site.',
            errors: [{ location: 'body.slug', message: 'is already used by another page', value: 'vaccination-campaign' }],
          },
        },
      }),
    )
    const dialog = await openFromDetail()
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create page' }))
    expect(await within(dialog).findByText('Is already used by another page.')).toBeTruthy()
    expect(within(dialog).getByRole('textbox', { name: 'Slug (optional)' }).getAttribute('aria-invalid')).toBe('true')
    expect(router.state.location.pathname).toBe('/templates/t1')
  })

  it('lists the design tokens the site is missing', async () => {
    renderTemplatesApp(
      '/templates/t1',
      routes({
        'POST /templates/t1/install': {
          status: 422,
          body: {
            status: 422,
            code: 'template.unknown_tokens',
            detail: 'The template uses design tokens the site does not define.',
            errors: [
              { location: 'body.siteId', message: 'unknown token', value: 'color.brand.accent' },
              { location: 'body.siteId', message: 'unknown token', value: 'space.18' },
            ],
          },
        },
      }),
    )
    const dialog = await openFromDetail()
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create page' }))
    const list = await within(dialog).findByRole('list', { name: 'Missing design tokens' })
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['color.brand.accent', 'space.18'])
    expect(within(dialog).getByText(/the design system of Riverside Clinics does not define/)).toBeTruthy()
    expect(within(dialog).getByRole('link', { name: 'Open the design system' }).getAttribute('href')).toBe('/sites/s1/design')
  })

  it('is not offered to people who cannot create pages', async () => {
    renderTemplatesApp('/templates/t1', routes({}, ['site:view', 'page:view', 'template:view']))
    expect(await screen.findByRole('heading', { level: 1, name: 'Vaccination campaign' })).toBeTruthy()
    await waitFor(() => expect(screen.queryByRole('button', { name: /Use this template/ })).toBeNull())
  })
})
