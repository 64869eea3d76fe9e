import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { NewVersionDialog, nextMinor } from './NewVersionDialog'
import { makeTemplate, renderWithRouter, sentBodies, type Routes } from './testing'

configure({ asyncUtilTimeout: 5000 })
afterEach(() => vi.unstubAllGlobals())

const template = makeTemplate({ id: 't1', name: 'Clinic contact', builtin: false, version: '1.2.0', siteId: 's1' })

function routes(extra: Routes = {}): Routes {
  return {
    'GET /sites': { body: { items: [{ id: 's1', name: 'Riverside', slug: 'riverside' }], nextCursor: '' } },
    'GET /sites/s1/pages': { body: { items: [{ id: 'p1', siteId: 's1', title: 'Contact', slug: 'contact' }], nextCursor: '' } },
    'POST /templates/t1/versions': { status: 201, body: { ...template, version: '1.3.0', warnings: [] } },
    ...extra,
  }
}

async function choosePage(dialog: HTMLElement) {
  const trigger = within(dialog).getByRole('combobox', { name: 'Page' })
  await waitFor(() => expect(trigger.hasAttribute('data-disabled')).toBe(false))
  fireEvent.keyDown(trigger, { key: 'ArrowDown' })
  fireEvent.click(within(await screen.findByRole('listbox')).getByRole('option', { name: 'Contact' }))
}

describe('New version dialog', () => {
  it('suggests the next minor version', () => {
    expect(nextMinor('1.2.3')).toBe('1.3.0')
    expect(nextMinor('x')).toBe('')
  })

  it('needs a page, then publishes it with the notes', async () => {
    const { fetchMock } = renderWithRouter(() => <NewVersionDialog template={template} open onOpenChange={() => {}} />, routes())
    const dialog = await screen.findByRole('dialog', { name: 'Publish a new version' })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Publish version' }))
    expect(await within(dialog).findByText('Choose the page to publish.')).toBeTruthy()
    await choosePage(dialog)
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'What changed (optional)' }), { target: { value: 'Shorter form' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Publish version' }))
    await waitFor(() => expect(sentBodies(fetchMock, 'POST', '/templates/t1/versions')).toEqual([{ pageId: 'p1', notes: 'Shorter form' }]))
  })

  it('shows the server’s version error on the field', async () => {
    renderWithRouter(
      () => <NewVersionDialog template={template} open onOpenChange={() => {}} />,
      routes({
        'POST /templates/t1/versions': {
          status: 422,
          body: { title: 'Unprocessable Entity', status: 422, code: 'template.invalid', detail: 'Some fields need attention.', errors: [{ location: 'body.version', message: 'Choose a version after 1.2.0.' }] },
        },
      }),
    )
    const dialog = await screen.findByRole('dialog', { name: 'Publish a new version' })
    await choosePage(dialog)
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Version/ }), { target: { value: '1.1.0' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Publish version' }))
    expect(await within(dialog).findByText('Choose a version after 1.2.0.')).toBeTruthy()
  })
})
