import { afterEach, describe, expect, it, vi } from 'vitest'
import { assetFileUrl, assetRef, parseAssetRef, uploadAsset, xhrError } from '../../api/assets'
import { ApiError, setCsrfToken } from '../../api/client'
import { FakeXHR, makeAsset, pngFile, stubFetch } from './testing'
import { formatBytes, precheckFile, progressPercent, uploadErrorMessage } from './upload'

afterEach(() => {
  vi.unstubAllGlobals()
})

const SVG = 'SVG images are not accepted: an SVG file can carry scripts. Export it as PNG or WebP instead.'

describe('precheckFile', () => {
  const cases: { name: string; file: File; want: string | null }[] = [
    { name: 'png passes', file: pngFile(), want: null },
    { name: 'svg by type', file: new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' }), want: SVG },
    { name: 'svg by name without a type', file: new File(['<svg/>'], 'LOGO.SVG', { type: '' }), want: SVG },
    { name: 'pdf', file: new File(['%PDF'], 'leaflet.pdf', { type: 'application/pdf' }), want: 'That file is not a JPEG, PNG, GIF or WebP image (it is application/pdf).' },
    { name: 'avif', file: new File(['x'], 'photo.avif', { type: 'image/avif' }), want: 'That file is not a JPEG, PNG, GIF or WebP image (it is image/avif).' },
    { name: 'unknown type goes to the server', file: new File(['x'], 'photo.heic', { type: '' }), want: null },
    { name: 'other image types go to the server', file: new File(['x'], 'photo.jfif', { type: 'image/pjpeg' }), want: null },
    { name: 'empty', file: new File([], 'empty.png', { type: 'image/png' }), want: 'That file is empty.' },
  ]
  for (const c of cases) {
    it(c.name, () => expect(precheckFile(c.file)).toBe(c.want))
  }
  it('too large', () => {
    expect(precheckFile(pngFile('big.png', 3 * 1024 * 1024), 2 * 1024 * 1024)).toBe(
      'That file is 3.0 MB; images can be at most 2.0 MB.',
    )
  })
})

describe('formatBytes and progressPercent', () => {
  const bytes: [number, string][] = [
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KB'],
    [48_213, '47 KB'],
    [5 * 1024 * 1024, '5.0 MB'],
    [-1, '—'],
  ]
  for (const [n, want] of bytes) it(`formatBytes(${n})`, () => expect(formatBytes(n)).toBe(want))

  const progress: [string, { loaded: number; total: number } | null, number][] = [
    ['none yet', null, 0],
    ['unknown total', { loaded: 10, total: 0 }, 0],
    ['half', { loaded: 50, total: 100 }, 50],
    ['rounds', { loaded: 1, total: 3 }, 33],
    ['never above 100', { loaded: 120, total: 100 }, 100],
  ]
  for (const [name, p, want] of progress) it(`progressPercent: ${name}`, () => expect(progressPercent(p)).toBe(want))
})

describe('xhrError and uploadErrorMessage', () => {
  it('parses problem+json into the client’s ApiError, detail first', () => {
    const err = xhrError(
      415,
      'Unsupported Media Type',
      JSON.stringify({
        status: 415,
        title: 'Unsupported Media Type',
        code: 'asset.unsupported_type',
        detail: 'That file is an SVG, which can carry scripts; upload PNG, JPEG, GIF or WebP',
      }),
    )
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(415)
    expect(err.code).toBe('asset.unsupported_type')
    expect(uploadErrorMessage(err)).toBe('That file is an SVG, which can carry scripts; upload PNG, JPEG, GIF or WebP')
  })
  it('a proxy’s HTML 413 still says the file is too large', () => {
    const err = xhrError(413, 'Request Entity Too Large', '<html><body>nginx</body></html>')
    expect(err.code).toBe('asset.too_large')
    expect(uploadErrorMessage(err)).toBe('That file is too large to upload.')
  })
  it('a code without a detail gets a sentence for it', () => {
    const err = xhrError(422, '', JSON.stringify({ code: 'asset.too_many_pixels' }))
    expect(uploadErrorMessage(err)).toBe('That image has too many pixels; make it smaller and try again.')
  })
  it('a bare 500 falls back to the status line', () => {
    expect(uploadErrorMessage(xhrError(500, 'Internal Server Error', ''))).toBe('Internal Server Error')
  })
  it('field errors survive', () => {
    const err = xhrError(422, '', JSON.stringify({ detail: 'bad', errors: [{ location: 'body.alt', message: 'too long' }] }))
    expect(err.fieldErrors()).toEqual({ alt: 'Too long.' })
  })
})

describe('asset references', () => {
  const cases: [string | undefined, string | null][] = [
    ['asset:abc', 'abc'],
    ['asset:', null],
    ['https://cdn.example.org/a.png', null],
    [undefined, null],
    ['', null],
  ]
  for (const [v, want] of cases) it(`parseAssetRef(${JSON.stringify(v)})`, () => expect(parseAssetRef(v)).toBe(want))
  it('round-trips and builds file URLs', () => {
    expect(parseAssetRef(assetRef('a/b'))).toBe('a/b')
    expect(assetFileUrl('a1', 320)).toBe('/api/v1/assets/a1/file?w=320')
    expect(assetFileUrl('a1')).toBe('/api/v1/assets/a1/file')
  })
})

describe('uploadAsset', () => {
  it('posts multipart with the CSRF token and reports progress', async () => {
    FakeXHR.install()
    setCsrfToken('tok-1')
    const progress: number[] = []
    const file = pngFile('clinic.png', 1000)
    const done = uploadAsset('s 1', file, { alt: 'A clinic', onProgress: (p) => progress.push(p.loaded / p.total) })
    const xhr = FakeXHR.last()
    expect(xhr.method).toBe('POST')
    expect(xhr.url).toBe('/api/v1/sites/s%201/assets')
    expect(xhr.headers['X-CSRF-Token']).toBe('tok-1')
    const form = xhr.body as FormData
    expect((form.get('file') as File).name).toBe('clinic.png')
    expect(form.get('alt')).toBe('A clinic')
    xhr.progress(250, 1000)
    xhr.progress(1000, 1000)
    xhr.respond(201, { ...makeAsset(), alt: null, variants: null })
    const asset = await done
    expect(progress).toEqual([0.25, 1])
    expect(asset.alt).toBe('')
    expect(asset.variants).toEqual([])
  })

  it('rejects with ApiError carrying the server’s detail', async () => {
    FakeXHR.install()
    const done = uploadAsset('s1', pngFile())
    FakeXHR.last().respond(422, { status: 422, code: 'asset.too_many_pixels', detail: 'That image is 20000 × 20000 pixels; the limit is 50 megapixels.' })
    await expect(done).rejects.toMatchObject({ status: 422, code: 'asset.too_many_pixels', detail: 'That image is 20000 × 20000 pixels; the limit is 50 megapixels.' })
  })

  it('turns a network failure into a readable error', async () => {
    FakeXHR.install()
    const done = uploadAsset('s1', pngFile())
    FakeXHR.last().fail()
    await expect(done).rejects.toMatchObject({ status: 0, code: 'network.unreachable' })
  })

  it('refreshes a stale CSRF token once and retries', async () => {
    FakeXHR.install()
    setCsrfToken('stale')
    stubFetch(({ method, path }) => (method === 'GET' && path === '/auth/me' ? { body: { csrfToken: 'fresh' } } : undefined))
    const done = uploadAsset('s1', pngFile())
    FakeXHR.last().respond(403, { status: 403, code: 'auth.csrf_failed', detail: 'CSRF' })
    await vi.waitFor(() => expect(FakeXHR.instances).toHaveLength(2))
    const retry = FakeXHR.last()
    expect(retry.headers['X-CSRF-Token']).toBe('fresh')
    retry.respond(201, makeAsset())
    await expect(done).resolves.toMatchObject({ id: 'a1' })
  })

  it('aborts through the signal', async () => {
    FakeXHR.install()
    const ctrl = new AbortController()
    const done = uploadAsset('s1', pngFile(), { signal: ctrl.signal })
    ctrl.abort()
    await expect(done).rejects.toMatchObject({ name: 'AbortError' })
    expect(FakeXHR.last().aborted).toBe(true)
  })
})
