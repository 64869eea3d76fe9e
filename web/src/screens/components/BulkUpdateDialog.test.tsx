import { Theme } from '@radix-ui/themes'
import { QueryClientProvider } from '@tanstack/react-query'
import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createQueryClient } from '../../App'
import { setCsrfToken } from '../../api/client'
import { Toaster } from '../../components/Toaster'
import { BulkUpdateDialog, pagesToUpdate } from './BulkUpdateDialog'
import { makeComponent, makeUsage, sent, stubRoutes, type Routes } from './testing'

configure({ asyncUtilTimeout: 5000 })
afterEach(() => vi.unstubAllGlobals())

const usage = [
  makeUsage({ pageId: 'p1', title: 'Flu clinic', revision: 7, versions: ['1.0.0'], instances: 1 }),
  makeUsage({ pageId: 'p2', title: 'Travel vaccines', revision: 3, versions: ['1.0.0', '2.0.0'], instances: 2 }),
  makeUsage({ pageId: 'p3', title: 'Home', revision: 12, versions: ['2.0.0'], instances: 1 }),
]

const pageDoc = (title: string) => ({ schemaVersion: 1, root: 'root', meta: { title }, nodes: { root: { id: 'root', type: 'Page', props: {} } } })

function routes(extra: Routes = {}): Routes {
  return {
    'GET /components/c1/usage': { body: { items: usage } },
    'POST /components/c1/bulk-update/preview': (_url, body) => {
      const { page, version } = body as { page: string; version: string }
      const u = usage.find((x) => x.pageId === page)!
      return {
        body: {
          pageId: page,
          title: u.title,
          revision: u.revision,
          version,
          instances: u.instances,
          document: pageDoc(`${u.title} after`),
          dropped: page === 'p1' ? [{ node: 'i1', key: 'buttonText', reason: '“buttonText” is no longer exposed in 2.0.0' }] : [],
        },
      }
    },
    'GET /pages/p1/document': { body: pageDoc('Flu clinic') },
    'GET /pages/p2/document': { body: pageDoc('Travel vaccines') },
    'POST /render': (_url, body) => ({ body: { html: `<h1>${(body as { document: { meta: { title: string } } }).document.meta.title}</h1>`, css: '', scripts: [] } }),
    'POST /components/c1/bulk-update': { body: { pages: [{ id: 'p1', revision: 8 }] } },
    ...extra,
  }
}

function mount(r: Routes = routes()) {
  const fetchMock = stubRoutes(r)
  setCsrfToken('csrf-test')
  const onOpenChange = vi.fn()
  const queryClient = createQueryClient()
  render(
    <Theme>
      <QueryClientProvider client={queryClient}>
        <Toaster>
          <BulkUpdateDialog
            component={makeComponent({ id: 'c1', latestVersion: '2.0.0' })}
            versions={[
              { version: '2.0.0', notes: 'A shorter title.' },
              { version: '1.0.0', notes: 'First version.' },
            ]}
            open
            onOpenChange={onOpenChange}
          />
        </Toaster>
      </QueryClientProvider>
    </Theme>,
  )
  return { fetchMock, onOpenChange }
}

describe('Bulk update', { timeout: 30_000 }, () => {
  it('picks the pages on older versions', () => {
    expect(pagesToUpdate(usage, '2.0.0').map((u) => u.pageId)).toEqual(['p1', 'p2'])
    expect(pagesToUpdate(usage, '2.0.0', 'p1').map((u) => u.pageId)).toEqual(['p2'])
    expect(pagesToUpdate(usage, '1.0.0').map((u) => u.pageId)).toEqual(['p2', 'p3'])
  })

  it('lists the pages to update, checked, and previews the focused one before and after', async () => {
    const { fetchMock } = mount()
    expect(await screen.findByRole('checkbox', { name: 'Update Flu clinic' })).toBeTruthy()
    const list = screen.getByRole('region', { name: 'Pages to update' })
    expect(within(list).getAllByRole('checkbox').map((c) => c.getAttribute('aria-checked'))).toEqual(['true', 'true', 'true'])
    expect(within(list).queryByText('Home')).toBeNull()
    expect(screen.getByText('A shorter title.')).toBeTruthy()

    // The first page is previewed: the preview request, both renders, and what it loses.
    await waitFor(() => expect(sent(fetchMock, 'POST', '/components/c1/bulk-update/preview')).toEqual([{ version: '2.0.0', page: 'p1' }]))
    const preview = screen.getByRole('region', { name: 'Preview of Flu clinic' })
    expect(await within(preview).findByTitle('Flu clinic now')).toBeTruthy()
    const after = (await within(preview).findByTitle('Flu clinic after the update')) as HTMLIFrameElement
    expect(after.getAttribute('srcdoc')).toContain('<h1>Flu clinic after</h1>')
    expect(within(preview).getByRole('list', { name: 'Values the update removes' }).textContent).toContain('buttonText: “buttonText” is no longer exposed in 2.0.0')
    expect(sent(fetchMock, 'POST', '/render').every((b) => (b as { mode: string; site: string }).mode === 'published' && (b as { site: string }).site === 's1')).toBe(true)

    fireEvent.click(screen.getByRole('button', { name: 'Preview Travel vaccines' }))
    await waitFor(() => expect(sent(fetchMock, 'POST', '/components/c1/bulk-update/preview')).toContainEqual({ version: '2.0.0', page: 'p2' }))
    expect(await screen.findByTitle('Travel vaccines after the update')).toBeTruthy()
    expect(screen.getByText('Every value this page set still applies in 2.0.0.')).toBeTruthy()
  })

  it('applies the update to the checked pages at the revisions it listed', async () => {
    const { fetchMock, onOpenChange } = mount()
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Update Travel vaccines' }))
    const apply = screen.getByRole('button', { name: 'Update 1 page' })
    fireEvent.click(apply)
    await waitFor(() => expect(sent(fetchMock, 'POST', '/components/c1/bulk-update')).toEqual([{ version: '2.0.0', pages: [{ id: 'p1', revision: 7 }] }]))
    expect(await screen.findByText('Updated 1 page to Opening hours 2.0.0')).toBeTruthy()
    expect(screen.getByText(/1 instance now uses|1 instance now use/)).toBeTruthy()
    expect(onOpenChange).toHaveBeenCalledWith(false)
  })

  it('names the page that changed meanwhile and reloads the list', async () => {
    const { fetchMock } = mount(
      routes({
        'POST /components/c1/bulk-update': {
          status: 412,
          body: {
            status: 412,
            code: 'page.stale',
            detail: 'The page “Travel vaccines” was saved after you loaded the list. Reload and try again; no page was changed.',
          },
        },
      }),
    )
    fireEvent.click(await screen.findByRole('button', { name: 'Update 2 pages' }))
    const alert = await screen.findByText('The page “Travel vaccines” was saved after you loaded the list. Reload and try again; no page was changed.')
    expect(alert).toBeTruthy()
    expect((screen.getByRole('button', { name: 'Update 2 pages' }) as HTMLButtonElement).disabled).toBe(true)
    const before = fetchMock.mock.calls.filter(([u]) => String(u).endsWith('/components/c1/usage')).length
    fireEvent.click(screen.getByRole('button', { name: 'Reload the list' }))
    await waitFor(() => expect(fetchMock.mock.calls.filter(([u]) => String(u).endsWith('/components/c1/usage')).length).toBe(before + 1))
    await waitFor(() => expect(screen.queryByText(/was saved after you loaded the list/)).toBeNull())
    expect((screen.getByRole('button', { name: 'Update 2 pages' }) as HTMLButtonElement).disabled).toBe(false)
  })
})
