import { configure, fireEvent, screen, within } from '@testing-library/react'
import axe from 'axe-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { baseRoutes, categories, makeDetail, makeReview, makeTemplate, renderTemplatesApp } from './testing'

configure({ asyncUtilTimeout: 5000 })
afterEach(() => vi.unstubAllGlobals())

// Colour contrast needs real layout, which jsdom does not do; the frames'
// documents are the renderer's (checked by its own tests).
async function violations(el: Element) {
  const r = await axe.run(el, { iframes: false, rules: { 'color-contrast': { enabled: false } } })
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

const routes = {
  ...baseRoutes(),
  'GET /templates': {
    body: {
      items: [makeTemplate({ thumbnailUrl: '/thumb.png' }), makeTemplate({ id: 't2', name: 'Opening hours', kind: 'section', builtin: false, author: { id: 'u2', name: 'Sam' } })],
      nextCursor: 'c2',
      categories,
    },
  },
  'GET /templates/t1': { body: makeDetail({ canEdit: true, builtin: false, author: { id: 'u1', name: 'Maya Patel' } }) },
  'GET /templates/t1/reviews': { body: { items: [makeReview()], nextCursor: '', summary: { avg: 5, count: 1, histogram: [0, 0, 0, 0, 1] } } },
}

describe('template screens (axe)', { timeout: 30_000 }, () => {
  it('marketplace', async () => {
    const { container } = renderTemplatesApp('/templates', routes)
    await screen.findByRole('link', { name: 'Opening hours' })
    expect(await violations(container)).toEqual([])
  })

  it('detail', async () => {
    const { container } = renderTemplatesApp('/templates/t1', routes)
    await screen.findByText('Saved us a day.')
    expect(await violations(container)).toEqual([])
  })

  it('install and edit dialogs', async () => {
    renderTemplatesApp('/templates/t1', routes)
    fireEvent.click(await screen.findByRole('button', { name: /Use this template/ }))
    const install = await screen.findByRole('dialog')
    await within(install).findByRole('textbox', { name: 'Page title' })
    expect(await violations(install)).toEqual([])
    fireEvent.keyDown(install, { key: 'Escape' })
    fireEvent.click(await screen.findByRole('button', { name: /Edit details/ }))
    const edit = await screen.findByRole('dialog', { name: 'Edit details' })
    expect(await violations(edit)).toEqual([])
  })
})
