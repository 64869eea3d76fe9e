import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Asset } from '../../api/assets'
import { AssetLibrary } from './AssetLibrary'
import { FakeXHR, makeAsset, pngFile, renderWithProviders, stubFetch, type Handler } from './testing'

afterEach(() => {
  vi.unstubAllGlobals()
})

const ready = makeAsset()
const processing = makeAsset({ id: 'a2', name: 'poster.jpg', contentType: 'image/jpeg', width: 800, height: 1200, status: 'processing', variants: [] })

/** A fake assets API over a mutable list. */
function api(initial: Asset[], opts: { pageSize?: number } = {}) {
  let assets = [...initial]
  const calls: { method: string; path: string; query: URLSearchParams; body: unknown; headers: Headers }[] = []
  const handler: Handler = (req) => {
    calls.push(req)
    const { method, path, query, body } = req
    if (method === 'GET' && path === '/sites/s1/assets') {
      const q = (query.get('q') ?? '').toLowerCase()
      const all = assets.filter((a) => !q || a.name.toLowerCase().includes(q) || a.alt.toLowerCase().includes(q))
      const size = opts.pageSize ?? 48
      const start = Number(query.get('cursor') || 0)
      const items = all.slice(start, start + size)
      return { body: { items, nextCursor: start + size < all.length ? String(start + size) : '' } }
    }
    const m = path.match(/^\/assets\/([^/]+)$/)
    if (m) {
      const a = assets.find((x) => x.id === m[1])
      if (!a) return { status: 404, body: { status: 404, code: 'asset.not_found', detail: 'No such image.' } }
      if (method === 'GET') return { body: a }
      if (method === 'PATCH') {
        const next = { ...a, ...(body as Partial<Asset>) }
        assets = assets.map((x) => (x.id === a.id ? next : x))
        return { body: next }
      }
      if (method === 'DELETE') {
        assets = assets.filter((x) => x.id !== a.id)
        return { status: 204 }
      }
    }
    return undefined
  }
  return {
    calls,
    handler,
    add: (a: Asset) => {
      assets = [a, ...assets]
    },
  }
}

function tiles() {
  return screen.queryAllByTestId('asset-tile')
}

describe('AssetLibrary', () => {
  it('shows a grid of lazy thumbnails with names, dimensions and a processing badge', async () => {
    const fake = api([ready, processing])
    stubFetch(fake.handler)
    renderWithProviders(<AssetLibrary siteId="s1" mode="manage" />)
    await waitFor(() => expect(tiles()).toHaveLength(2))
    const [first, second] = tiles() as [HTMLElement, HTMLElement]
    expect(first.textContent).toContain('flu-clinic.png')
    expect(first.textContent).toContain('1200 × 800')
    const img = first.querySelector('img')!
    expect(img.getAttribute('src')).toBe('/api/v1/assets/a1/file?w=320')
    expect(img.getAttribute('loading')).toBe('lazy')
    expect(second.textContent).toContain('Processing')
    expect(first.textContent).not.toContain('Processing')
  })

  it('says what to do when there are no images', async () => {
    stubFetch(api([]).handler)
    renderWithProviders(<AssetLibrary siteId="s1" mode="manage" />)
    expect(await screen.findByText('No images yet')).toBeTruthy()
    expect(screen.getByText(/Drop files here or click Upload/)).toBeTruthy()
  })

  it('searches on the server after typing stops', async () => {
    const fake = api([ready, processing])
    stubFetch(fake.handler)
    renderWithProviders(<AssetLibrary siteId="s1" mode="manage" />)
    await waitFor(() => expect(tiles()).toHaveLength(2))
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search images' }), { target: { value: 'post' } })
    await waitFor(() => expect(tiles()).toHaveLength(1))
    expect(tiles()[0]!.textContent).toContain('poster.jpg')
    const searches = fake.calls.filter((c) => c.path === '/sites/s1/assets' && c.query.get('q'))
    // One request for the settled text, not one per keystroke.
    expect(searches.map((c) => c.query.get('q'))).toEqual(['post'])
  })

  it('loads more pages on request', async () => {
    const many = Array.from({ length: 5 }, (_, i) => makeAsset({ id: `m${i}`, name: `img-${i}.png` }))
    const fake = api(many, { pageSize: 3 })
    stubFetch(fake.handler)
    renderWithProviders(<AssetLibrary siteId="s1" mode="manage" />)
    await waitFor(() => expect(tiles()).toHaveLength(3))
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }))
    await waitFor(() => expect(tiles()).toHaveLength(5))
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull()
    expect(fake.calls.some((c) => c.query.get('cursor') === '3')).toBe(true)
  })

  it('shows details of the selected image and saves alt text on blur', async () => {
    const fake = api([ready])
    stubFetch(fake.handler)
    renderWithProviders(<AssetLibrary siteId="s1" mode="manage" />)
    await waitFor(() => expect(tiles()).toHaveLength(1))
    fireEvent.click(tiles()[0]!)
    const details = await screen.findByTestId('asset-details')
    expect(within(details).getByTestId('asset-dimensions').textContent).toBe('1200 × 800 px')
    expect(within(details).getByTestId('asset-variants').textContent).toMatch(/640 × 427 WEBP/)
    expect(within(details).getByTestId('asset-ref').textContent).toBe('asset:a1')
    expect(within(details).getByTestId('decorative-note').textContent).toContain('Decorative image (no alt)')
    expect(details.querySelector('img')!.getAttribute('src')).toBe('/api/v1/assets/a1/file?w=640')

    const alt = within(details).getByLabelText('Alt text')
    fireEvent.change(alt, { target: { value: '  Nurse giving a flu shot ' } })
    fireEvent.blur(alt)
    await within(details).findByText('Alt text saved')
    const patch = fake.calls.find((c) => c.method === 'PATCH')!
    expect(patch.path).toBe('/assets/a1')
    expect(patch.body).toEqual({ alt: 'Nurse giving a flu shot' })
    expect(patch.headers.get('X-CSRF-Token')).toBe('csrf-test')
    expect(within(details).queryByTestId('decorative-note')).toBeNull()
    // Blurring again without a change sends nothing.
    fireEvent.blur(alt)
    expect(fake.calls.filter((c) => c.method === 'PATCH')).toHaveLength(1)
  })

  it('deletes after confirming', async () => {
    const fake = api([ready, processing])
    stubFetch(fake.handler)
    renderWithProviders(<AssetLibrary siteId="s1" mode="manage" />)
    await waitFor(() => expect(tiles()).toHaveLength(2))
    fireEvent.click(tiles()[0]!)
    fireEvent.click(await screen.findByRole('button', { name: /Delete image/ }))
    const dialog = await screen.findByRole('alertdialog')
    expect(dialog.textContent).toContain('Delete “flu-clinic.png”?')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }))
    await waitFor(() => expect(tiles()).toHaveLength(1))
    expect(fake.calls.some((c) => c.method === 'DELETE' && c.path === '/assets/a1')).toBe(true)
    expect(screen.queryByTestId('asset-details')).toBeNull()
  })

  it('uploads with a progress bar per file, then shows the new image', async () => {
    FakeXHR.install()
    const fake = api([])
    stubFetch(fake.handler)
    renderWithProviders(<AssetLibrary siteId="s1" mode="manage" />)
    await screen.findByText('No images yet')
    const input = screen.getByTestId('asset-file-input') as HTMLInputElement
    fireEvent.change(input, { target: { files: [pngFile('clinic.png', 4000)] } })

    await waitFor(() => expect(FakeXHR.instances).toHaveLength(1))
    const xhr = FakeXHR.last()
    expect(xhr.url).toBe('/api/v1/sites/s1/assets')
    expect(xhr.headers['X-CSRF-Token']).toBe('csrf-test')
    xhr.progress(1000, 4000)
    const row = await screen.findByTestId('upload-row')
    await waitFor(() => expect(row.textContent).toContain('25% of 3.9 KB'))
    expect(within(row).getByRole('progressbar', { name: 'Uploading clinic.png' }).getAttribute('aria-valuenow')).toBe('25')

    const created = makeAsset({ id: 'new1', name: 'clinic.png', status: 'processing', variants: [] })
    fake.add(created)
    xhr.respond(201, created)
    await waitFor(() => expect(row.textContent).toContain('Uploaded'))
    await waitFor(() => expect(tiles()).toHaveLength(1))
    // The first upload is selected, ready for its alt text.
    expect((await screen.findByTestId('asset-details')).textContent).toContain('clinic.png')
  })

  it('shows the server’s reason when an upload is refused, and SVGs without sending them', async () => {
    FakeXHR.install()
    stubFetch(api([ready]).handler)
    renderWithProviders(<AssetLibrary siteId="s1" mode="manage" />)
    await waitFor(() => expect(tiles()).toHaveLength(1))
    const input = screen.getByTestId('asset-file-input') as HTMLInputElement
    fireEvent.change(input, {
      target: {
        files: [
          new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' }),
          new File([new Uint8Array(10)], 'huge.png', { type: 'image/png' }),
        ],
      },
    })
    await waitFor(() => expect(FakeXHR.instances).toHaveLength(1))
    FakeXHR.last().respond(422, {
      status: 422,
      code: 'asset.too_many_pixels',
      detail: 'That image is 30000 × 30000 pixels; the limit is 50 megapixels.',
    })
    await waitFor(() => expect(screen.getAllByTestId('upload-error')).toHaveLength(2))
    const errors = screen.getAllByTestId('upload-error').map((e) => e.textContent)
    expect(errors).toEqual([
      'SVG images are not accepted: an SVG file can carry scripts. Export it as PNG or WebP instead.',
      'That image is 30000 × 30000 pixels; the limit is 50 megapixels.',
    ])
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss logo.svg' }))
    await waitFor(() => expect(screen.getAllByTestId('upload-error')).toHaveLength(1))
  })

  it('is read-only for viewers', async () => {
    stubFetch(api([ready]).handler)
    renderWithProviders(<AssetLibrary siteId="s1" mode="manage" />, ['site:view', 'page:view', 'token:manage'])
    await waitFor(() => expect(tiles()).toHaveLength(1))
    expect(screen.queryByRole('button', { name: /Upload/ })).toBeNull()
    expect(screen.queryByTestId('asset-file-input')).toBeNull()
    fireEvent.click(tiles()[0]!)
    const details = await screen.findByTestId('asset-details')
    expect(within(details).queryByLabelText('Alt text')).toBeNull()
    expect(within(details).queryByRole('button', { name: /Delete/ })).toBeNull()
    expect(within(details).getByText('Copy reference')).toBeTruthy()
  })

  it('picks an image in pick mode', async () => {
    stubFetch(api([ready, processing]).handler)
    const onPick = vi.fn()
    renderWithProviders(<AssetLibrary siteId="s1" mode="pick" onPick={onPick} selectedId="a2" />)
    const details = await screen.findByTestId('asset-details')
    expect(details.textContent).toContain('poster.jpg')
    fireEvent.click(within(details).getByRole('button', { name: /Use image/ }))
    expect(onPick).toHaveBeenCalledWith(expect.objectContaining({ id: 'a2' }))
  })

  it('fetches a preselected image that is not on the first page', async () => {
    const other = makeAsset({ id: 'far', name: 'far-away.png' })
    const fake = api([ready])
    stubFetch((req) => (req.path === '/assets/far' ? { body: other } : fake.handler(req)))
    renderWithProviders(<AssetLibrary siteId="s1" mode="pick" onPick={() => {}} selectedId="far" />)
    expect((await screen.findByTestId('asset-details')).textContent).toContain('far-away.png')
  })
})
