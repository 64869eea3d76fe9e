import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ImagePropControl, imageUrlError } from './ImagePropControl'
import { makeAsset, renderWithProviders, stubFetch } from './testing'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('imageUrlError', () => {
  const cases: [string, boolean][] = [
    ['https://cdn.example.org/a.png', true],
    ['http://cdn.example.org/a.png', true],
    ['/images/a.png', true],
    ['', true],
    ['//cdn.example.org/a.png', false],
    ['javascript:alert(1)', false],
    ['data:image/png;base64,AAAA', false],
    ['https://cdn.example.org/a b.png', false],
    ['cdn.example.org/a.png', false],
  ]
  for (const [v, ok] of cases) it(JSON.stringify(v), () => expect(imageUrlError(v) === null).toBe(ok))
})

describe('ImagePropControl', () => {
  it('shows the library image of an asset reference, and removes it', async () => {
    stubFetch(({ path }) => (path === '/assets/a1' ? { body: makeAsset() } : undefined))
    const onChange = vi.fn()
    renderWithProviders(<ImagePropControl siteId="s1" value="asset:a1" onChange={onChange} />)
    const control = screen.getByTestId('image-prop-control')
    expect(control.querySelector('img')!.getAttribute('src')).toBe('/api/v1/assets/a1/file?w=320')
    await waitFor(() => expect(within(control).getByTestId('image-prop-name').textContent).toContain('flu-clinic.png'))
    expect(within(control).getByText('No alt')).toBeTruthy()
    fireEvent.click(within(control).getByRole('button', { name: 'Remove' }))
    expect(onChange).toHaveBeenCalledWith(null)
  })

  it('says when the referenced image was deleted', async () => {
    stubFetch(() => ({ status: 404, body: { status: 404, detail: 'gone' } }))
    renderWithProviders(<ImagePropControl siteId="s1" value="asset:gone" onChange={() => {}} />)
    expect(await screen.findByText('This image was deleted from the library.')).toBeTruthy()
  })

  it('shows a plain URL as is and accepts a pasted one', () => {
    stubFetch(() => undefined)
    const onChange = vi.fn()
    renderWithProviders(<ImagePropControl siteId="s1" value="https://cdn.example.org/a.png" onChange={onChange} />)
    const control = screen.getByTestId('image-prop-control')
    expect(control.querySelector('img')!.getAttribute('src')).toBe('https://cdn.example.org/a.png')
    const input = within(control).getByLabelText('or paste a URL')
    expect((input as HTMLInputElement).value).toBe('https://cdn.example.org/a.png')
    fireEvent.change(input, { target: { value: 'javascript:alert(1)' } })
    fireEvent.blur(input)
    expect(onChange).not.toHaveBeenCalled()
    expect(within(control).getByRole('alert').textContent).toContain('https://')
    fireEvent.change(input, { target: { value: '/img/b.png' } })
    fireEvent.blur(input)
    expect(onChange).toHaveBeenCalledWith('/img/b.png')
  })

  it('picks from the library and sets an asset reference', async () => {
    stubFetch(({ method, path }) =>
      method === 'GET' && path === '/sites/s1/assets' ? { body: { items: [makeAsset({ id: 'p9', name: 'pick-me.png' })], nextCursor: '' } } : undefined,
    )
    const onChange = vi.fn()
    renderWithProviders(<ImagePropControl siteId="s1" value={undefined} onChange={onChange} />)
    expect(screen.getByText('No image')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Choose image…' }))
    const dialog = await screen.findByRole('dialog')
    expect(within(dialog).getByText('Choose an image')).toBeTruthy()
    fireEvent.click(await within(dialog).findByTestId('asset-tile'))
    fireEvent.click(await within(dialog).findByRole('button', { name: /Use image/ }))
    expect(onChange).toHaveBeenCalledWith('asset:p9')
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
  })
})
