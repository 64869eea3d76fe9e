import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Op, PageDocument } from '../types'
import { Saver } from './saver'
import { EditorStore } from './store'
import { ctype, specDoc, type Spec } from './testdoc'

const makeDoc = (spec: Spec, title = 'Flu clinic') => specDoc(spec, { title })

const TYPES = [ctype('Page', { any: true, except: ['Page'] }), ctype('Section', { any: true, except: ['Page'] }), ctype('Text', 'none')]
const DOC = makeDoc(['root', 'Page', [['s1', 'Section', [['t1', 'Text', [], { props: { html: '<p>One</p>' } }]]]]])
const PAGE = 'pg1'
const OPS_URL = `/api/v1/pages/${PAGE}/document/ops`
const DOC_URL = `/api/v1/pages/${PAGE}/document`

const edit = (text: string): Op => ({ op: 'set', node: 't1', path: 'props/html', value: `<p>${text}</p>` })

function json(status: number, body: unknown, etag?: string): Response {
  const headers: Record<string, string> = { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' }
  if (etag) headers.ETag = etag
  return new Response(JSON.stringify(body), { status, headers })
}
const saved = (etag: string, revision = 2) => json(200, { revision }, etag)
const problem = (status: number, detail: string) => json(status, { status, title: 'Problem', detail, code: 'x.y' })

let fetchMock: ReturnType<typeof vi.fn<typeof fetch>>
let store: EditorStore
let saver: Saver

interface Sent {
  url: string
  method: string
  headers: Record<string, string>
  body: unknown
}
function sent(i: number): Sent {
  const [url, init] = fetchMock.mock.calls[i]!
  return {
    url: String(url),
    method: init?.method ?? 'GET',
    headers: (init?.headers ?? {}) as Record<string, string>,
    body: init?.body ? JSON.parse(String(init.body)) : undefined,
  }
}

beforeEach(() => {
  vi.useFakeTimers()
  fetchMock = vi.fn<typeof fetch>()
  vi.stubGlobal('fetch', fetchMock)
  store = new EditorStore(structuredClone(DOC), TYPES)
  saver = new Saver(store, PAGE, '"r1"')
})

afterEach(() => {
  saver.dispose()
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

describe('Saver autosave', () => {
  it('debounces edits into one POST of ops with If-Match, then uses the new ETag', async () => {
    const statuses: string[] = []
    saver.subscribe(() => statuses.push(saver.state.status))
    fetchMock.mockResolvedValueOnce(saved('"r2"')).mockResolvedValueOnce(saved('"r3"', 3))

    store.apply([edit('a')])
    expect(saver.state.status).toBe('pending')
    await vi.advanceTimersByTimeAsync(700)
    store.apply([edit('ab')])
    await vi.advanceTimersByTimeAsync(700) // the second edit restarted the wait
    expect(fetchMock).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(100)
    expect(fetchMock).toHaveBeenCalledTimes(1)
    await saver.saveNow()

    const first = sent(0)
    expect(first.url).toBe(OPS_URL)
    expect(first.method).toBe('POST')
    expect(first.headers['If-Match']).toBe('"r1"')
    expect(first.headers['Content-Type']).toBe('application/json')
    expect(first.body).toEqual({ ops: [edit('a'), edit('ab')] })
    expect(saver.state.status).toBe('saved')
    expect(saver.state.savedAt).not.toBeNull()
    expect(saver.etag).toBe('"r2"')
    expect(store.hasPending).toBe(false)

    store.apply([{ op: 'set', path: 'meta/title', value: 'New' }])
    await vi.advanceTimersByTimeAsync(800)
    await saver.saveNow()
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(sent(1).headers['If-Match']).toBe('"r2"')
    expect(sent(1).body).toEqual({ ops: [{ op: 'set', path: 'meta/title', value: 'New' }] })
    expect(saver.etag).toBe('"r3"')
    expect(statuses).toEqual(['pending', 'pending', 'saving', 'saved', 'pending', 'saving', 'saved'])
  })

  it('saveNow saves at once and does nothing with nothing to save', async () => {
    await saver.saveNow()
    expect(fetchMock).not.toHaveBeenCalled()
    fetchMock.mockResolvedValueOnce(saved('"r2"'))
    store.apply([edit('a')])
    await saver.saveNow()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(saver.state.status).toBe('saved')
    await vi.advanceTimersByTimeAsync(5000) // the debounce timer was cancelled
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })

  it('edits made while saving go out next, against the new ETag', async () => {
    let release!: (r: Response) => void
    fetchMock.mockImplementationOnce(() => new Promise<Response>((r) => (release = r))).mockResolvedValueOnce(saved('"r3"', 3))
    store.apply([edit('a')])
    const first = saver.saveNow()
    await vi.advanceTimersByTimeAsync(0)
    expect(saver.state.status).toBe('saving')
    store.apply([edit('b')])
    expect(saver.state.status).toBe('saving')
    release(saved('"r2"'))
    await first
    expect(saver.state.status).toBe('pending')
    await vi.advanceTimersByTimeAsync(800)
    await saver.saveNow()
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(sent(0).body).toEqual({ ops: [edit('a')] })
    expect(sent(1).body).toEqual({ ops: [edit('b')] })
    expect(sent(1).headers['If-Match']).toBe('"r2"')
    expect(saver.state.status).toBe('saved')
  })

  it('a 412 sets conflict, keeps the ops pending and stops saving', async () => {
    fetchMock.mockResolvedValueOnce(problem(412, 'Someone else saved this page.'))
    store.apply([edit('a')])
    await saver.saveNow()
    expect(saver.state).toMatchObject({ status: 'conflict', message: 'Someone else saved this page.' })
    expect(store.hasPending).toBe(true)

    store.apply([edit('b')])
    expect(saver.state.status).toBe('conflict')
    await vi.advanceTimersByTimeAsync(60_000)
    await saver.saveNow()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(store.takePending()).toEqual([edit('a'), edit('b')])
  })

  it('a network error sets offline, keeps the ops and retries with backoff', async () => {
    fetchMock
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(saved('"r2"'))
    store.apply([edit('a')])
    await saver.saveNow()
    expect(saver.state.status).toBe('offline')
    expect(saver.state.message).toMatch(/offline/)
    expect(store.hasPending).toBe(true)

    await vi.advanceTimersByTimeAsync(999)
    expect(fetchMock).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(saver.state.status).toBe('offline')
    await vi.advanceTimersByTimeAsync(1999) // the second wait is twice as long
    expect(fetchMock).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(1)
    expect(fetchMock).toHaveBeenCalledTimes(3)
    await saver.saveNow()
    expect(saver.state.status).toBe('saved')
    for (const i of [0, 1, 2]) expect(sent(i).body).toEqual({ ops: [edit('a')] })
    expect(store.hasPending).toBe(false)
  })

  it('coming back online saves at once', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch')).mockResolvedValueOnce(saved('"r2"'))
    store.apply([edit('a')])
    await saver.saveNow()
    expect(saver.state.status).toBe('offline')
    window.dispatchEvent(new Event('online'))
    await vi.advanceTimersByTimeAsync(0)
    expect(fetchMock).toHaveBeenCalledTimes(2)
    await saver.saveNow()
    expect(saver.state.status).toBe('saved')
  })

  it('a refused edit (422) is an error and is not retried', async () => {
    fetchMock.mockResolvedValueOnce(problem(422, 'ops[0] (set t1): no node t1 in the document'))
    store.apply([edit('a')])
    await saver.saveNow()
    expect(saver.state).toMatchObject({ status: 'error', message: 'ops[0] (set t1): no node t1 in the document' })
    expect(store.hasPending).toBe(true)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })

  it('a server error retries', async () => {
    fetchMock.mockResolvedValueOnce(problem(503, 'Busy')).mockResolvedValueOnce(saved('"r2"'))
    store.apply([edit('a')])
    await saver.saveNow()
    expect(saver.state).toMatchObject({ status: 'error', message: 'Busy' })
    await vi.advanceTimersByTimeAsync(1000)
    await saver.saveNow()
    expect(saver.state.status).toBe('saved')
  })

  it('dispose stops the pending save', async () => {
    store.apply([edit('a')])
    saver.dispose()
    await vi.advanceTimersByTimeAsync(5000)
    expect(fetchMock).not.toHaveBeenCalled()
  })
})

describe('Saver conflict resolution', () => {
  async function conflict() {
    fetchMock.mockResolvedValueOnce(problem(412, 'Someone else saved this page.'))
    store.apply([edit('mine')])
    await saver.saveNow()
    expect(saver.state.status).toBe('conflict')
  }

  it('overwrite GETs the current ETag and PUTs the store’s document with it', async () => {
    await conflict()
    const theirs = makeDoc(['root', 'Page'], 'Theirs')
    fetchMock.mockResolvedValueOnce(json(200, theirs, '"r9"')).mockResolvedValueOnce(json(200, { revision: 10 }, '"r10"'))
    await saver.overwrite()

    expect(sent(1)).toMatchObject({ url: DOC_URL, method: 'GET' })
    const put = sent(2)
    expect(put).toMatchObject({ url: DOC_URL, method: 'PUT' })
    expect(put.headers['If-Match']).toBe('"r9"')
    expect(put.body).toEqual(store.toDocument())
    expect((put.body as PageDocument).nodes.t1!.props).toEqual({ html: '<p>mine</p>' })
    expect(saver.state.status).toBe('saved')
    expect(saver.etag).toBe('"r10"')
    expect(store.hasPending).toBe(false)
    expect(store.node('t1')!.props).toEqual({ html: '<p>mine</p>' }) // ours stays

    // Saving carries on from the new revision.
    fetchMock.mockResolvedValueOnce(saved('"r11"', 11))
    store.apply([edit('after')])
    await vi.advanceTimersByTimeAsync(800)
    await saver.saveNow()
    expect(sent(3).headers['If-Match']).toBe('"r10"')
    expect(sent(3).body).toEqual({ ops: [edit('after')] })
  })

  it('a failed overwrite keeps the ops pending, so leaving still warns', async () => {
    await conflict()
    fetchMock.mockResolvedValueOnce(json(200, DOC, '"r9"')).mockResolvedValueOnce(problem(500, 'Database down'))
    await saver.overwrite()
    expect(saver.state.status).toBe('error')
    expect(store.hasPending).toBe(true)
    expect(store.takePending()).toEqual([edit('mine')])
  })

  it('an overwrite that loses another race is a conflict again', async () => {
    await conflict()
    fetchMock.mockResolvedValueOnce(json(200, DOC, '"r9"')).mockResolvedValueOnce(problem(412, 'Changed again'))
    await saver.overwrite()
    expect(saver.state.status).toBe('conflict')
    expect(store.hasPending).toBe(true)
  })

  it('reload resets the store to the server’s document and its ETag', async () => {
    await conflict()
    store.apply([{ op: 'delete', node: 's1' }]) // more unsaved work, dropped by the reload
    const theirs = makeDoc(['root', 'Page', [['x', 'Section', [['y', 'Text']]]]], 'Theirs')
    fetchMock.mockResolvedValueOnce(json(200, theirs, '"r7"'))
    await saver.reload()

    expect(sent(1)).toMatchObject({ url: DOC_URL, method: 'GET' })
    expect(store.toDocument()).toEqual(theirs)
    expect(store.children('x')).toEqual(['y'])
    expect(store.canUndo).toBe(false)
    expect(store.hasPending).toBe(false)
    expect(saver.state.status).toBe('saved')
    expect(saver.etag).toBe('"r7"')
    await vi.advanceTimersByTimeAsync(5000)
    expect(fetchMock).toHaveBeenCalledTimes(2)

    // Editing after the reload saves against the reloaded revision.
    fetchMock.mockResolvedValueOnce(saved('"r8"', 8))
    store.apply([{ op: 'set', node: 'y', path: 'label', value: 'Y' }])
    await saver.saveNow()
    expect(sent(2).headers['If-Match']).toBe('"r7"')
  })
})

describe('Saver on a branch', () => {
  const BRANCH_URL = `/api/v1/pages/${PAGE}/branches/winter%20hours/document`
  const branchSaved = (etag: string, id: string) => {
    const r = json(200, { id, number: 7 }, etag)
    r.headers.set('X-Version-Id', id)
    return r
  }
  let bsaver: Saver
  beforeEach(() => {
    saver.dispose()
    bsaver = new Saver(store, PAGE, '"5"', 'winter hours', 'v5')
    saver = bsaver
  })

  it('PUTs the whole document to the branch with If-Match and follows the head', async () => {
    fetchMock.mockResolvedValueOnce(branchSaved('"6"', 'v6'))
    store.apply([edit('branch copy')])
    await vi.advanceTimersByTimeAsync(800)
    await bsaver.saveNow()
    const s = sent(0)
    expect(s.url).toBe(BRANCH_URL)
    expect(s.method).toBe('PUT')
    expect(s.headers['If-Match']).toBe('"5"')
    expect((s.body as PageDocument).nodes.t1!.props).toEqual({ html: '<p>branch copy</p>' })
    expect(bsaver.etag).toBe('"6"')
    expect(bsaver.headVersionId).toBe('v6')
    expect(bsaver.state.status).toBe('saved')
  })

  it('saveVersion saves pending edits, then the document again with the message', async () => {
    fetchMock.mockResolvedValueOnce(branchSaved('"6"', 'v6')).mockResolvedValueOnce(branchSaved('"7"', 'v7'))
    store.apply([edit('x')])
    await bsaver.saveVersion('Ready for review')
    expect(sent(0).url).toBe(BRANCH_URL)
    expect(sent(1).url).toBe(`${BRANCH_URL}?message=Ready%20for%20review`)
    expect(sent(1).headers['If-Match']).toBe('"6"')
    expect(bsaver.etag).toBe('"7"')
    expect(bsaver.headVersionId).toBe('v7')
  })

  it('a 412 is a conflict and reload reads the branch, not the page', async () => {
    fetchMock.mockResolvedValueOnce(problem(412, 'stale'))
    store.apply([edit('x')])
    await bsaver.saveNow()
    expect(bsaver.state.status).toBe('conflict')
    const fresh = json(200, DOC, '"9"')
    fresh.headers.set('X-Version-Id', 'v9')
    fetchMock.mockResolvedValueOnce(fresh)
    await bsaver.reload()
    expect(sent(1).url).toBe(BRANCH_URL)
    expect(bsaver.etag).toBe('"9"')
    expect(bsaver.headVersionId).toBe('v9')
    expect(bsaver.state.status).toBe('saved')
  })

  it('the page saver has no saveVersion', async () => {
    const page = new Saver(store, PAGE, '"r1"')
    await expect(page.saveVersion('x')).rejects.toThrow()
    page.dispose()
  })
})
