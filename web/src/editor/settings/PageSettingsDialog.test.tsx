import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/client'
import { makeAsset, renderWithProviders, stubFetch } from '../assets/testing'
import { PageSettingsDialog, type PageSettingsDialogProps } from './PageSettingsDialog'

afterEach(() => {
  vi.unstubAllGlobals()
})

const page = { id: 'p1', name: 'Flu clinic', slug: 'flu-clinic', siteId: 's1' }

function setup(overrides: Partial<PageSettingsDialogProps> = {}) {
  stubFetch(({ method, path }) => {
    if (method === 'GET' && path === '/sites/s1') return { body: { id: 's1', name: 'Riverside Clinics', slug: 'riverside' } }
    if (method === 'GET' && path === '/assets/og1') return { body: makeAsset({ id: 'og1', name: 'share.png' }) }
    return undefined
  })
  const onMetaChange = vi.fn()
  const onPageChange = vi.fn(async () => {})
  const onOpenChange = vi.fn()
  renderWithProviders(
    <PageSettingsDialog
      open
      onOpenChange={onOpenChange}
      page={page}
      meta={{ title: 'Flu clinic', description: '', lang: 'en' }}
      onMetaChange={onMetaChange}
      onPageChange={onPageChange}
      {...overrides}
    />,
  )
  return { onMetaChange, onPageChange: (overrides.onPageChange ?? onPageChange) as ReturnType<typeof vi.fn>, onOpenChange }
}

describe('PageSettingsDialog', () => {
  it('previews the search result with counts and warns past the limits', async () => {
    const { onMetaChange } = setup()
    const dialog = await screen.findByRole('dialog')
    const preview = within(dialog).getByTestId('search-preview')
    await waitFor(() => expect(preview.textContent).toContain('Riverside Clinics'))
    expect(preview.textContent).toContain('› flu-clinic')
    expect(within(dialog).getByText('10 / 60')).toBeTruthy()

    const long = 'Book your flu vaccination at Riverside Clinics before the winter rush starts'
    const title = within(dialog).getByLabelText('Title')
    fireEvent.change(title, { target: { value: long } })
    expect(within(dialog).getByText(`${long.length} / 60`)).toBeTruthy()
    expect(dialog.textContent).toContain('Search results usually cut titles after about 60 characters')
    const shown = within(dialog).getByTestId('search-preview-title').textContent!
    expect(shown.endsWith('…')).toBe(true)
    expect(shown.length).toBeLessThanOrEqual(60)

    // Committed once, when the field loses focus.
    expect(onMetaChange).not.toHaveBeenCalled()
    fireEvent.blur(title)
    expect(onMetaChange).toHaveBeenCalledWith('title', long)

    const description = within(dialog).getByLabelText('Description')
    fireEvent.change(description, { target: { value: 'x'.repeat(160) } })
    expect(within(dialog).getByText('160 / 155')).toBeTruthy()
    expect(dialog.textContent).toContain('Search results usually cut descriptions')
  })

  it('clears a meta field with null and offers language suggestions', async () => {
    const { onMetaChange } = setup()
    const dialog = await screen.findByRole('dialog')
    const title = within(dialog).getByLabelText('Title')
    fireEvent.change(title, { target: { value: '  ' } })
    fireEvent.blur(title)
    expect(onMetaChange).toHaveBeenCalledWith('title', null)
    expect(dialog.textContent).toContain('Untitled page')

    fireEvent.click(within(dialog).getByRole('button', { name: 'fr' }))
    expect(onMetaChange).toHaveBeenCalledWith('lang', 'fr')
    const lang = within(dialog).getByLabelText('Language tag (BCP 47)')
    fireEvent.change(lang, { target: { value: 'english please' } })
    expect(dialog.textContent).toContain('Use a language tag such as en, en-GB or fr')
  })

  it('shows the server’s slug error on the slug field and stays open', async () => {
    const onPageChange = vi.fn(async () => {
      throw new ApiError(409, { status: 409, code: 'page.slug_taken', detail: 'Another page of this site already uses /opening-hours.' })
    })
    const { onOpenChange } = setup({ onPageChange })
    const dialog = await screen.findByRole('dialog')
    const slug = within(dialog).getByLabelText('Slug')
    fireEvent.change(slug, { target: { value: 'opening-hours' } })
    fireEvent.blur(slug)
    await within(dialog).findByText('Another page of this site already uses /opening-hours.')
    expect(onPageChange).toHaveBeenCalledWith({ slug: 'opening-hours' })
    expect(slug.getAttribute('aria-invalid')).toBe('true')

    fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }))
    await waitFor(() => expect(onPageChange).toHaveBeenCalledTimes(2))
    expect(onOpenChange).not.toHaveBeenCalled()
  })

  it('maps field errors from the server onto name, then closes on Done once saved', async () => {
    let fail = true
    const onPageChange = vi.fn(async () => {
      if (fail) {
        fail = false
        throw new ApiError(422, { status: 422, detail: 'validation failed', errors: [{ location: 'body.title', message: 'expected length <= 200' }] })
      }
    })
    const { onOpenChange } = setup({ onPageChange })
    const dialog = await screen.findByRole('dialog')
    const name = within(dialog).getByLabelText('Name')
    fireEvent.change(name, { target: { value: 'Flu clinic and more' } })
    fireEvent.blur(name)
    await within(dialog).findByText('Expected length <= 200.')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }))
    await waitFor(() => expect(onOpenChange).toHaveBeenCalledWith(false))
    expect(onPageChange).toHaveBeenLastCalledWith({ name: 'Flu clinic and more' })
  })

  it('sets the social image from a pasted URL and shows it in the link preview', async () => {
    const { onMetaChange } = setup()
    const dialog = await screen.findByRole('dialog')
    const url = within(dialog).getByLabelText('or paste a URL')
    fireEvent.change(url, { target: { value: 'https://cdn.example.org/flu.jpg' } })
    fireEvent.keyDown(url, { key: 'Enter' })
    expect(onMetaChange).toHaveBeenCalledWith('ogImage', 'https://cdn.example.org/flu.jpg')
  })

  it('shows an asset social image in the link preview', async () => {
    setup({ meta: { title: 'Flu clinic', ogImage: 'asset:og1' } })
    const dialog = await screen.findByRole('dialog')
    const card = within(dialog).getByTestId('link-preview')
    expect(card.querySelector('img')!.getAttribute('src')).toBe('/api/v1/assets/og1/file?w=640')
    await within(dialog).findByText('share.png')
  })
})
