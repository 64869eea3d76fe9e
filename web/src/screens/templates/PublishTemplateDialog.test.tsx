import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Template } from './api'
import { PublishTemplateDialog } from './PublishTemplateDialog'
import { categories, makeTemplate, renderWithRouter, sentBodies, type Routes } from './testing'

configure({ asyncUtilTimeout: 5000 })
afterEach(() => vi.unstubAllGlobals())

function Harness({ node, nodeLabel }: { node?: string; nodeLabel?: string }) {
  const [open, setOpen] = useState(true)
  return open ? <PublishTemplateDialog pageId="p1" node={node} nodeLabel={nodeLabel} open onOpenChange={setOpen} /> : <p>Closed</p>
}

function routes(extra: Routes = {}): Routes {
  return {
    'GET /templates': { body: { items: [], nextCursor: '', categories } },
    'POST /templates': (_url, init) => {
      const b = JSON.parse(String(init?.body)) as Partial<Template>
      return { status: 201, body: makeTemplate({ id: 't7', builtin: false, name: b.name, tags: b.tags, visibility: b.visibility, category: b.category }) }
    },
    ...extra,
  }
}

async function chooseCategory(dialog: HTMLElement, label: string) {
  const trigger = within(dialog).getByRole('combobox', { name: 'Category' })
  await waitFor(() => expect(trigger.hasAttribute('data-disabled')).toBe(false))
  fireEvent.keyDown(trigger, { key: 'ArrowDown' })
  fireEvent.click(within(await screen.findByRole('listbox')).getByRole('option', { name: label }))
}

describe('Publish as template dialog', () => {
  it('requires a name and a category', async () => {
    const { fetchMock } = renderWithRouter(() => <Harness />, routes())
    const dialog = await screen.findByRole('dialog', { name: 'Publish page as a template' })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Publish template' }))
    expect(await within(dialog).findByText('Enter a name.')).toBeTruthy()
    expect(within(dialog).getByText('Choose a category.')).toBeTruthy()
    expect(within(dialog).getByRole('textbox', { name: 'Name' }).getAttribute('aria-invalid')).toBe('true')
    expect(sentBodies(fetchMock, 'POST', '/templates')).toEqual([])
  })

  it('parses the tags into chips and publishes a section', async () => {
    const { fetchMock, router } = renderWithRouter(() => <Harness node="hero1" nodeLabel="Hero" />, routes())
    const dialog = await screen.findByRole('dialog', { name: 'Publish section as a template' })
    expect((within(dialog).getByRole('textbox', { name: 'Name' }) as HTMLInputElement).value).toBe('Hero')
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Name' }), { target: { value: 'Campaign hero' } })
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Description' }), { target: { value: 'A big welcome.' } })
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Tags' }), { target: { value: 'Flu, vaccination ,, flu ,  Clinic   hours ' } })
    const chips = within(dialog).getByRole('list', { name: 'Tags' })
    expect(within(chips).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Flu', 'vaccination', 'Clinic hours'])
    fireEvent.click(within(chips).getByRole('button', { name: 'Remove tag vaccination' }))
    expect((within(dialog).getByRole('textbox', { name: 'Tags' }) as HTMLInputElement).value).toBe('Flu, Clinic hours')
    await chooseCategory(dialog, 'Clinics')
    fireEvent.click(within(dialog).getByRole('radio', { name: /Organization/ }))
    fireEvent.click(within(dialog).getByRole('button', { name: 'Publish template' }))

    expect(await within(dialog).findByText('“Campaign hero” is published.')).toBeTruthy()
    expect(sentBodies(fetchMock, 'POST', '/templates')).toEqual([
      {
        pageId: 'p1',
        node: 'hero1',
        name: 'Campaign hero',
        description: 'A big welcome.',
        category: 'clinics',
        tags: ['Flu', 'Clinic hours'],
        visibility: 'organization',
      },
    ])
    expect(screen.getByText('Template published')).toBeTruthy()
    fireEvent.click(within(dialog).getByRole('link', { name: 'View template' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/templates/t7'))
  })

  it('shows the server’s field errors', async () => {
    renderWithRouter(
      () => <Harness />,
      routes({
        'POST /templates': {
          status: 422,
          body: { status: 422, code: 'template.invalid', detail: 'Some fields need attention.', errors: [{ location: 'body.tags[1]', message: 'is too long' }] },
        },
      }),
    )
    const dialog = await screen.findByRole('dialog', { name: 'Publish page as a template' })
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Name' }), { target: { value: 'Clinic page' } })
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Tags' }), { target: { value: 'a, b' } })
    await chooseCategory(dialog, 'Campaigns')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Publish template' }))
    expect(await within(dialog).findByText('Is too long.')).toBeTruthy()
  })
})
