import { Dialog } from '@radix-ui/themes'
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { renderWithProviders, stubFetch, type Handler } from '../assets/testing'
import { branchNameError, type Branch, type MergeConflict } from './api'
import { BranchesPanel } from './BranchesPanel'

afterEach(() => {
  vi.unstubAllGlobals()
})

function br(name: string, over: Partial<Branch> = {}): Branch {
  return { name, forkVersionId: 'v1', forkNumber: 1, headVersionId: 'v2', headNumber: 2, merged: false, createdAt: new Date().toISOString(), ...over }
}

const conflict: MergeConflict = {
  id: 'h1/props.text',
  node: 'h1',
  type: 'heading',
  label: 'Heading',
  path: 'Page › Heading',
  field: 'props.text',
  base: 'Hello',
  ours: 'Main title',
  theirs: 'Summer title',
  taken: 'ours',
}

function mount(opts: { branches: Branch[]; conflicts?: MergeConflict[]; mergeStatus?: number; mergeCode?: string }) {
  let branches = [br('main', { forkNumber: undefined }), ...opts.branches]
  const calls: { method: string; path: string; body: unknown; headers: Headers }[] = []
  const handler: Handler = (req) => {
    calls.push(req)
    const { method, path, body } = req
    if (path === '/pages/p1/branches' && method === 'GET') return { body: { items: branches } }
    if (path === '/pages/p1/branches' && method === 'POST') {
      const b = br((body as { name: string }).name, { headNumber: 1 })
      branches = [...branches, b]
      return { status: 201, body: b }
    }
    if (path === '/pages/p1/versions' && method === 'GET') {
      return { body: { items: [{ id: 'v1', number: 1, branch: 'main', kind: 'manual', message: 'First', author: null, tags: [], size: 1, createdAt: '' }], nextCursor: '' } }
    }
    const m = path.match(/^\/pages\/p1\/branches\/([a-z0-9-]+)\/merge$/)
    if (m && method === 'GET') {
      return {
        body: {
          branch: branches.find((b) => b.name === m[1]),
          mainHeadId: 'v9',
          revision: 7,
          conflicts: opts.conflicts ?? [],
          changes: { changes: [{ kind: 'changed', node: 'h1', label: 'Heading', path: 'Page › Heading', fields: [{ field: 'props.text', before: 'Hello', after: 'Summer' }] }], summary: {} },
        },
      }
    }
    if (m && method === 'POST') {
      if (opts.mergeStatus) return { status: opts.mergeStatus, body: { status: opts.mergeStatus, code: opts.mergeCode, detail: 'no' } }
      branches = branches.map((b) => (b.name === m[1] ? { ...b, merged: true, mergedAt: new Date().toISOString(), mergedBy: { id: 'u1', name: 'Ada' } } : b))
      return { body: { version: { id: 'v10', number: 10 }, revision: 8, branch: branches.find((b) => b.name === m[1]) } }
    }
    return undefined
  }
  stubFetch(handler)
  const saver = { etag: '"7"', saveNow: vi.fn(async () => {}), reload: vi.fn(async () => {}) }
  renderWithProviders(
    <Dialog.Root open>
      <Dialog.Content aria-describedby={undefined}>
        <Dialog.Title>t</Dialog.Title>
        <BranchesPanel pageId="p1" saver={saver} />
      </Dialog.Content>
    </Dialog.Root>,
  )
  return { calls, saver }
}

describe('branchNameError', () => {
  it.each([
    ['empty', '', 'Enter a name.'],
    ['upper case', 'Summer', 'Use only lowercase letters, digits and hyphens.'],
    ['space', 'a b', 'Use only lowercase letters, digits and hyphens.'],
    ['too long', 'a'.repeat(51), 'A branch name has at most 50 characters.'],
    ['main', 'main', '“main” is the page itself; choose another name.'],
    ['good', 'summer-2026', ''],
  ])('%s', (_, name, want) => {
    expect(branchNameError(name)).toBe(want)
  })
})

describe('BranchesPanel', () => {
  it('lists branches without main, with fork, head and merged info', async () => {
    mount({ branches: [br('summer'), br('old', { merged: true, mergedAt: new Date().toISOString(), mergedBy: { id: 'u', name: 'Ada' } })] })
    const rows = await screen.findAllByTestId('branch')
    expect(rows.map((r) => r.getAttribute('data-name'))).toEqual(['summer', 'old'])
    expect(within(rows[0]!).getByText(/Forked from version 1 · head version 2/)).toBeTruthy()
    expect(within(rows[1]!).getByText('Merged')).toBeTruthy()
    expect(within(rows[1]!).getByText(/Merged by Ada/)).toBeTruthy()
    expect(within(rows[1]!).queryByRole('button', { name: /Merge old/ })).toBeNull()
  })

  it('validates the name and creates a branch from the current page', async () => {
    const { calls, saver } = mount({ branches: [] })
    fireEvent.click(await screen.findByRole('button', { name: 'New branch…' }))
    fireEvent.change(screen.getByLabelText('Branch name'), { target: { value: 'Summer' } })
    fireEvent.click(screen.getByRole('button', { name: 'Create branch' }))
    expect(await screen.findByText(/Use only lowercase/)).toBeTruthy()
    fireEvent.change(screen.getByLabelText('Branch name'), { target: { value: 'summer' } })
    fireEvent.click(screen.getByRole('button', { name: 'Create branch' }))
    expect(await screen.findByText('Branch summer created.')).toBeTruthy()
    expect(saver.saveNow).toHaveBeenCalled()
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'summer' })
    expect((await screen.findAllByTestId('branch')).length).toBe(1)
  })

  it('merges without conflicts, showing the changes, and reloads the editor', async () => {
    const { calls, saver } = mount({ branches: [br('summer')] })
    fireEvent.click(await screen.findByRole('button', { name: 'Merge summer into main' }))
    expect(await screen.findByText(/No conflicts/)).toBeTruthy()
    expect(screen.getByText('props.text:', { exact: false })).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Merge' }))
    await waitFor(() => expect(saver.reload).toHaveBeenCalled())
    const post = calls.find((c) => c.method === 'POST' && c.path.endsWith('/merge'))
    expect(post?.body).toEqual({ ifMatch: 'v9', choices: {} })
    expect(post?.headers.get('If-Match')).toBe('"7"')
    expect(await screen.findByText(/Merged summer into main \(version 10\)/)).toBeTruthy()
  })

  it('needs a choice for every conflict before merging', async () => {
    const { calls } = mount({ branches: [br('summer')], conflicts: [conflict] })
    fireEvent.click(await screen.findByRole('button', { name: 'Merge summer into main' }))
    const row = await screen.findByTestId('conflict')
    expect(within(row).getByText(/Page › Heading · props.text/)).toBeTruthy()
    const merge = screen.getByRole('button', { name: 'Merge' }) as HTMLButtonElement
    expect(merge.disabled).toBe(true)
    fireEvent.click(within(row).getByRole('radio', { name: /Take branch's: Summer title/ }))
    await waitFor(() => expect(merge.disabled).toBe(false))
    fireEvent.click(merge)
    await waitFor(() => expect(calls.find((c) => c.method === 'POST' && c.path.endsWith('/merge'))?.body).toEqual({ ifMatch: 'v9', choices: { 'h1/props.text': 'theirs' } }))
  })

  it.each([
    ['stale main', 412, 'branch.stale', /The page changed since this merge was prepared/],
    ['already merged', 409, 'branch.merged', /already merged/],
  ])('shows %s clearly', async (_, status, code, text) => {
    const { saver } = mount({ branches: [br('summer')], mergeStatus: status, mergeCode: code })
    fireEvent.click(await screen.findByRole('button', { name: 'Merge summer into main' }))
    await screen.findByText(/No conflicts/)
    fireEvent.click(screen.getByRole('button', { name: 'Merge' }))
    expect(await screen.findByText(text)).toBeTruthy()
    if (status === 412) {
      fireEvent.click(screen.getByRole('button', { name: 'Reload and look again' }))
      await waitFor(() => expect(saver.reload).toHaveBeenCalled())
    }
  })
})
