import { Dialog } from '@radix-ui/themes'
import { configure, fireEvent, screen, within } from '@testing-library/react'
import axe from 'axe-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { renderWithProviders, stubFetch } from '../../editor/assets/testing'
import { CreateComponentDialog } from '../../editor/symbols/CreateComponentDialog'
import { InstanceInspector } from '../../editor/symbols/InstanceInspector'
import { COMPONENT_ID, instanceStore, makeComponent as makeEditorComponent, makeVersion, pageStore } from '../../editor/symbols/testing'
import { baseRoutes, makeComponent, makeUsage, renderComponentsApp } from './testing'

configure({ asyncUtilTimeout: 5000 })
afterEach(() => vi.unstubAllGlobals())

// Colour contrast needs real layout, which jsdom does not do.
async function violations(el: Element) {
  const r = await axe.run(el, { iframes: false, rules: { 'color-contrast': { enabled: false } } })
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

const routes = {
  ...baseRoutes(),
  'GET /components': { body: { items: [makeComponent(), makeComponent({ id: 'c2', name: 'Footer', deprecated: { message: 'Old', at: '', by: null } })], nextCursor: '' } },
  'GET /components/c1': { body: { component: makeComponent(), versions: [makeVersion('2.0.0'), makeVersion('1.0.0')].map(({ document: _d, ...v }) => v) } },
  'GET /components/c1/usage': { body: { items: [makeUsage(), makeUsage({ pageId: 'p2', title: 'Home', versions: ['2.0.0'] })] } },
  'GET /components/c1/versions/2.0.0': { body: makeVersion('2.0.0') },
  'POST /render': { body: { html: '<p>x</p>', css: '', scripts: [] } },
  'POST /components/c1/bulk-update/preview': { body: { pageId: 'p1', title: 'Flu clinic', revision: 7, version: '2.0.0', instances: 1, document: makeVersion().document, dropped: [] } },
  'GET /pages/p1/document': { body: makeVersion().document },
}

describe('component screens (axe)', { timeout: 30_000 }, () => {
  it('library', async () => {
    const { container } = renderComponentsApp('/components?deprecated=true', routes)
    await screen.findByRole('link', { name: 'Footer' })
    expect(await violations(container)).toEqual([])
  })

  it('detail and bulk update', async () => {
    const { container } = renderComponentsApp('/components/c1', routes)
    await screen.findByTitle('Preview of Opening hours 2.0.0')
    expect(await violations(container)).toEqual([])
    fireEvent.click(screen.getByRole('button', { name: 'Update pages to 2.0.0…' }))
    const dialog = await screen.findByRole('dialog')
    await within(dialog).findByTitle('Flu clinic after the update')
    expect(await violations(dialog)).toEqual([])
  })

  it('create component dialog and instance inspector', async () => {
    stubFetch(({ path }) => {
      if (path === `/components/${COMPONENT_ID}`) return { body: { component: makeEditorComponent(), versions: [] } }
      if (path === `/components/${COMPONENT_ID}/versions/1.0.0`) return { body: makeVersion() }
      return undefined
    })
    const store = pageStore()
    const { unmount } = renderWithProviders(
      <Dialog.Root open>
        <CreateComponentDialog store={store} siteId="s1" nodeId="sec" onClose={() => {}} />
      </Dialog.Root>,
    )
    fireEvent.click(screen.getByRole('checkbox', { name: 'Heading “Walk-in hours” · Text' }))
    expect(await violations(screen.getByRole('dialog'))).toEqual([])
    unmount()
    const { container } = renderWithProviders(<InstanceInspector store={instanceStore('1.0.0', { title: 'x' })} id="inst" siteId="s1" tokens={[]} readOnly={false} canEditComponent />)
    await screen.findByLabelText('Title')
    expect(await violations(container)).toEqual([])
  })
})
