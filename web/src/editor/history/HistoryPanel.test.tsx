import { Dialog } from '@radix-ui/themes'
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { renderWithProviders, stubFetch, type Handler } from '../assets/testing'
import type { PageDocument } from '../types'
import type { Version } from './api'
import { HistoryPanel } from './HistoryPanel'

afterEach(() => {
  vi.unstubAllGlobals()
})

function ver(n: number, over: Partial<Version> = {}): Version {
  return {
    id: `v${n}`,
    pageId: 'p1',
    number: n,
    branch: 'main',
    kind: 'manual',
    message: `Message ${n}`,
    author: { id: 'u1', name: 'Ada' },
    tags: [],
    size: 100,
    createdAt: new Date(Date.now() - 120_000).toISOString(),
    ...over,
  }
}

function fakeApi(initial: Version[]) {
  let versions = [...initial]
  const calls: { method: string; path: string; query: URLSearchParams; body: unknown; headers: Headers }[] = []
  const handler: Handler = (req) => {
    calls.push(req)
    const { method, path, query, body } = req
    if (path === '/pages/p1/versions' && method === 'GET') {
      const kind = query.get('kind')
      return { body: { items: versions.filter((v) => !kind || v.kind === kind), nextCursor: '' } }
    }
    if (path === '/pages/p1/versions' && method === 'POST') {
      const v = ver(versions.length + 1, { message: (body as { message: string }).message })
      versions = [v, ...versions]
      return { body: v }
    }
    const tag = path.match(/^\/versions\/(\w+)\/tags\/(.+)$/)
    if (tag && method === 'POST') {
      if (tag[2] === 'taken' && query.get('move') !== 'true') return { status: 409, body: { status: 409, code: 'tag.exists', detail: 'Another version has this tag.' } }
      versions = versions.map((v) => (v.id === tag[1] ? { ...v, tags: [...(v.tags ?? []), decodeURIComponent(tag[2]!)] } : v))
      return { body: versions.find((v) => v.id === tag[1]) }
    }
    const restore = path.match(/^\/versions\/(\w+)\/restore$/)
    if (restore) {
      if (req.headers.get('If-Match') !== '"7"') return { status: 412, body: { status: 412, code: 'page.stale', detail: 'stale' } }
      const v = ver(versions.length + 1, { kind: 'restore', message: 'Restored' })
      versions = [v, ...versions]
      return { body: { version: v, revision: 8 } }
    }
    return undefined
  }
  return { calls, handler }
}

function mount(initial: Version[], etag = '"7"') {
  const f = fakeApi(initial)
  stubFetch(f.handler)
  const saver = { etag, saveNow: vi.fn(async () => {}), reload: vi.fn(async () => {}) }
  const doc = { schemaVersion: 1 } as unknown as PageDocument
  renderWithProviders(
    <Dialog.Root open>
      <HistoryPanel pageId="p1" siteId="s1" saver={saver} currentDocument={() => doc} onClose={() => {}} />
    </Dialog.Root>,
  )
  return { ...f, saver }
}

describe('HistoryPanel', () => {
  it('shows the empty state', async () => {
    mount([])
    expect(await screen.findByText(/No versions yet\. Versions are saved automatically/)).toBeTruthy()
  })

  it('lists versions newest first with kind, message, author and tags', async () => {
    mount([ver(2, { kind: 'autosave', message: 'Autosave', tags: ['live'] }), ver(1)])
    const rows = await screen.findAllByTestId('version')
    expect(rows.map((r) => r.getAttribute('data-number'))).toEqual(['2', '1'])
    expect(within(rows[0]!).getByText('live')).toBeTruthy()
    expect(within(rows[1]!).getByText('Message 1')).toBeTruthy()
    expect(within(rows[1]!).getByText(/Ada/)).toBeTruthy()
    expect(within(rows[1]!).getByText(/2 minutes ago/)).toBeTruthy()
  })

  it('saves a version with a required message after flushing edits', async () => {
    const { calls, saver } = mount([])
    fireEvent.click(await screen.findByRole('button', { name: 'Save version…' }))
    const save = screen.getByRole('button', { name: 'Save' })
    expect((save as HTMLButtonElement).disabled).toBe(true)
    fireEvent.change(screen.getByLabelText('Version message'), { target: { value: 'Winter hours' } })
    fireEvent.click(save)
    await screen.findByText('Winter hours')
    expect(saver.saveNow).toHaveBeenCalled()
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ message: 'Winter hours' })
  })

  it('validates tags and shows server errors', async () => {
    const { calls } = mount([ver(1)])
    fireEvent.click(await screen.findByRole('button', { name: 'Add a tag to version 1' }))
    const input = screen.getByLabelText('Tag for version 1')
    fireEvent.change(input, { target: { value: 'bad tag' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add tag' }))
    expect(await screen.findByText(/Use only letters, digits/)).toBeTruthy()
    fireEvent.change(input, { target: { value: 'other' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add tag' }))
    expect(await screen.findByText('other')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Add a tag to version 1' }))
    const again = screen.getByLabelText('Tag for version 1')
    fireEvent.change(again, { target: { value: 'taken' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add tag' }))
    expect(await screen.findByText('Another version of this page has the tag “taken”.')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Move the tag taken to version 1' }))
    expect(await screen.findByText('Moved the tag taken.')).toBeTruthy()
    expect(calls.some((c) => c.path === '/versions/v1/tags/taken' && c.query.get('move') === 'true')).toBe(true)
  })

  it('offers to move a tag only for the tag that was taken', async () => {
    mount([ver(1)])
    fireEvent.click(await screen.findByRole('button', { name: 'Add a tag to version 1' }))
    const input = screen.getByLabelText('Tag for version 1')
    fireEvent.change(input, { target: { value: 'taken' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add tag' }))
    expect(await screen.findByRole('button', { name: 'Move the tag taken to version 1' })).toBeTruthy()
    fireEvent.change(input, { target: { value: 'v1.0' } })
    expect(screen.queryByRole('button', { name: 'Move the tag taken to version 1' })).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Add tag' }))
    expect(await screen.findByText('v1.0')).toBeTruthy()
  })

  it('restores with If-Match and reloads the editor', async () => {
    const { calls, saver } = mount([ver(1)])
    fireEvent.click(await screen.findByRole('button', { name: 'Restore version 1' }))
    expect(await screen.findByText('Your current page is kept in the history too.')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Restore' }))
    await waitFor(() => expect(saver.reload).toHaveBeenCalled())
    expect(calls.find((c) => c.path === '/versions/v1/restore')?.headers.get('If-Match')).toBe('"7"')
    expect(await screen.findByText('Restored version 1.')).toBeTruthy()
  })

  it('tells the user when the page changed (412) and offers to reload', async () => {
    const { saver } = mount([ver(1)], '"3"')
    fireEvent.click(await screen.findByRole('button', { name: 'Restore version 1' }))
    fireEvent.click(await screen.findByRole('button', { name: 'Restore' }))
    expect(await screen.findByText(/The page changed since you opened it/)).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Reload the page' }))
    await waitFor(() => expect(saver.reload).toHaveBeenCalled())
  })
})
