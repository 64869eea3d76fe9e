import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Permission } from '../../api/types'
import { ALL_PERMISSIONS, makeSession, renderApp } from '../../test/renderApp'

afterEach(() => {
  vi.unstubAllGlobals()
})

// The screen is a lazily loaded chunk with many rows: on a busy machine it
// takes more than the default second to answer.
configure({ asyncUtilTimeout: 5000 })

const tokens = {
  color: {
    $type: 'color',
    white: { $value: '#ffffff' },
    teal: { '500': { $value: '#14b8a6' }, '700': { $value: '#0f766e' } },
    slate: { '800': { $value: '#1e293b' }, '200': { $value: '#e2e8f0' }, '900': { $value: '#0f172a' } },
    primary: { $value: '{color.teal.700}' },
    text: { default: { $value: '{color.slate.800}' } },
    background: { default: { $value: '{color.white}' } },
  },
  space: { $type: 'dimension', '4': { $value: '1rem' } },
}
const themes = {
  dark: { color: { text: { default: { $value: '{color.slate.200}' } }, background: { default: { $value: '{color.slate.900}' } } } },
}

const ds = (revision: number, warnings: unknown[] = []) => ({ tokens, themes, revision, warnings })

const tokenInfos = {
  items: [
    { path: 'color.text.default', type: 'color', value: '#1e293b', cssVar: '--pw-color-text-default', themes: { dark: '#e2e8f0' } },
    { path: 'color.background.default', type: 'color', value: '#ffffff', cssVar: '--pw-color-background-default', themes: { dark: '#0f172a' } },
  ],
  breakpoints: [],
  themes: ['light', 'dark'],
}

function routesFor(permissions: Permission[] = ALL_PERMISSIONS) {
  return {
    'GET /setup': { body: { setupRequired: false } },
    'GET /auth/me': { body: makeSession({ permissions }) },
    'GET /sites/s1': { body: { id: 's1', name: 'Riverside Clinics', slug: 'riverside', description: '', pageCount: 0 } },
    'GET /sites/s1/design-system': { body: ds(0) } as { status?: number; body?: unknown },
    'GET /sites/s1/design-system/tokens': { body: tokenInfos },
    'GET /sites/s1/design-system/history': { body: { items: [] } },
    'GET /sites/s1/design-system/export': { body: ':root{}' },
    'POST /render': { body: { html: '<!doctype html><html lang="en"><head><link rel="stylesheet" href="/__pw_stylesheet__.css"></head><body><h1>Sample</h1></body></html>', css: 'h1{color:red}', scripts: [] } },
    'PUT /sites/s1/design-system': { body: ds(1) } as { status?: number; body?: unknown },
  }
}

/** Waits for the screen (a lazily loaded chunk) to show its heading. */
function opened() {
  return screen.findByRole('heading', { name: 'Design system' }, { timeout: 10_000 })
}

function valueInput(path: string): HTMLInputElement {
  return screen.getByRole('textbox', { name: `Value of ${path}` }) as HTMLInputElement
}

function puts(fetchMock: ReturnType<typeof vi.fn>) {
  return fetchMock.mock.calls
    .filter(([, init]) => (init as RequestInit | undefined)?.method === 'PUT')
    .map(([, init]) => {
      const i = init as RequestInit
      return { body: JSON.parse(String(i.body)), ifMatch: (i.headers as Record<string, string>)['If-Match'] }
    })
}

describe('Design system screen', { timeout: 30_000 }, () => {
  it('edits a token, saves it with If-Match and shows the contrast warnings', async () => {
    const routes = routesFor()
    routes['PUT /sites/s1/design-system'] = {
      body: ds(1, [
        { theme: 'dark', foreground: 'color.text.default', background: 'color.background.default', ratio: 2.1, level: 'fail', need: 'AA', message: 'x' },
      ]),
    }
    const { fetchMock } = renderApp('/sites/s1/design', routes)

    expect(await opened()).toBeTruthy()
    // The empty contrast state, from the GET.
    expect(await screen.findByText('All text/background pairs pass WCAG AA')).toBeTruthy()
    const save = screen.getByRole('button', { name: /Save/ }) as HTMLButtonElement
    expect(save.disabled).toBe(true)

    // The semantic colour shows its alias as a chip.
    const row = document.querySelector<HTMLElement>('[data-testid="token-row"][data-path="color.primary"]')!
    expect(within(row).getByText('color.teal.700')).toBeTruthy()

    fireEvent.change(valueInput('color.primary'), { target: { value: '#0f4c81' } })
    expect(screen.getByText('Unsaved changes')).toBeTruthy()
    expect(save.disabled).toBe(false)
    fireEvent.click(save)

    expect(await screen.findByText('Design system saved')).toBeTruthy()
    const [put] = puts(fetchMock)
    expect(put?.ifMatch).toBe('"0"')
    expect(put?.body.tokens.color.primary).toEqual({ $value: '#0f4c81' })
    expect(put?.body.themes).toEqual(themes)
    const warning = await screen.findByTestId('contrast-warning')
    expect(warning.textContent).toContain('2.10:1')
    expect(warning.textContent).toContain('needs AA')
  })

  it('edits a theme override and can go back to the base value', async () => {
    const { fetchMock } = renderApp('/sites/s1/design', routesFor())
    await opened()
    fireEvent.click(screen.getByRole('radio', { name: 'Dark' }))
    await waitFor(() => expect(valueInput('color.text.default').value).toBe('{color.slate.200}'))
    fireEvent.change(valueInput('color.primary'), { target: { value: '{color.teal.500}' } })
    expect(screen.getByText('Unsaved changes')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Use the base value for color.primary' }))
    expect(screen.queryByText('Unsaved changes')).toBeNull()
    fireEvent.change(valueInput('color.primary'), { target: { value: '{color.teal.500}' } })
    fireEvent.click(screen.getByRole('button', { name: /Save/ }))
    await screen.findByText('Design system saved')
    const [put] = puts(fetchMock)
    expect(put?.body.themes.dark.color.primary).toEqual({ $value: '{color.teal.500}' })
    expect(put?.body.tokens).toEqual(tokens)
  })

  it('asks before overwriting someone else’s save', async () => {
    const routes = routesFor()
    routes['PUT /sites/s1/design-system'] = {
      status: 412,
      body: { status: 412, code: 'design_system.stale', detail: 'Someone saved this design system after you loaded it.' },
    }
    const { fetchMock } = renderApp('/sites/s1/design', routes)
    await opened()
    fireEvent.change(valueInput('color.primary'), { target: { value: '#000000' } })
    fireEvent.click(screen.getByRole('button', { name: /Save/ }))

    const dialog = await screen.findByRole('alertdialog')
    expect(within(dialog).getByText('Someone else saved the design system')).toBeTruthy()
    // Theirs is now revision 4; overwriting re-reads it and sends its ETag.
    routes['GET /sites/s1/design-system'] = { body: ds(4) }
    routes['PUT /sites/s1/design-system'] = { body: ds(5) }
    fireEvent.click(within(dialog).getByRole('button', { name: 'Overwrite with mine' }))
    await screen.findByText('Design system saved')
    const sent = puts(fetchMock)
    expect(sent.map((p) => p.ifMatch)).toEqual(['"0"', '"4"'])
    expect(sent[1]?.body.tokens.color.primary).toEqual({ $value: '#000000' })
  })

  it('shows the server’s field errors on the token', async () => {
    const routes = routesFor()
    routes['PUT /sites/s1/design-system'] = {
      status: 422,
      body: {
        status: 422,
        code: 'design_system.invalid',
        detail: 'The design system has problems',
        errors: [{ location: 'body.tokens.color.primary', message: 'alias {color.nope} does not exist' }],
      },
    }
    renderApp('/sites/s1/design', routes)
    await opened()
    fireEvent.change(valueInput('color.primary'), { target: { value: '{color.nope}' } })
    fireEvent.click(screen.getByRole('button', { name: /Save/ }))
    expect((await screen.findByTestId('save-problems')).textContent).toContain('alias {color.nope} does not exist')
    const input = valueInput('color.primary')
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(document.getElementById(input.getAttribute('aria-describedby')!)?.textContent).toContain('does not exist')
  })

  it('adds and deletes tokens, warning about tokens that refer to one', async () => {
    const { fetchMock } = renderApp('/sites/s1/design', routesFor())
    await opened()
    fireEvent.mouseDown(screen.getByRole('tab', { name: /Spacing/ }), { button: 0 })
    fireEvent.click(await screen.findByRole('button', { name: 'Add a token to space' }))
    const dialog = await screen.findByRole('dialog')
    const path = within(dialog).getByRole('textbox', { name: 'Path' }) as HTMLInputElement
    expect(path.value).toBe('space.')
    fireEvent.change(path, { target: { value: 'space.4' } })
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Value' }), { target: { value: '5rem' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add token' }))
    expect(within(dialog).getByText('space.4 already exists.')).toBeTruthy()
    fireEvent.change(path, { target: { value: 'space.20' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add token' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(valueInput('space.20').value).toBe('5rem')

    fireEvent.mouseDown(screen.getByRole('tab', { name: /Colours/ }), { button: 0 })
    fireEvent.click(await screen.findByRole('button', { name: 'Delete color.teal.700' }))
    const confirm = await screen.findByRole('alertdialog')
    expect(confirm.textContent).toContain('1 token refers to it (color.primary)')
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete' }))
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull())

    fireEvent.click(screen.getByRole('button', { name: /Save/ }))
    await screen.findByText('Design system saved')
    const [put] = puts(fetchMock)
    expect(put?.body.tokens.space['20']).toEqual({ $value: '5rem' })
    expect(put?.body.tokens.color.teal).toEqual({ '500': { $value: '#14b8a6' } })
  })

  it('edits the raw JSON, holding Save while it does not parse', async () => {
    const { fetchMock } = renderApp('/sites/s1/design', routesFor())
    await opened()
    fireEvent.mouseDown(screen.getByRole('tab', { name: /Advanced \(JSON\)/ }), { button: 0 })
    const area = (await screen.findByTestId('json-editor')) as HTMLTextAreaElement
    expect(JSON.parse(area.value)).toEqual(tokens)
    const save = screen.getByRole('button', { name: /Save/ }) as HTMLButtonElement
    fireEvent.change(area, { target: { value: '{"color": ' } })
    expect(await screen.findByText(/Not valid JSON yet/)).toBeTruthy()
    expect(save.disabled).toBe(true)
    const next = { ...tokens, space: { $type: 'dimension', '4': { $value: '1.5rem' } } }
    fireEvent.change(area, { target: { value: JSON.stringify(next, null, 2) } })
    await waitFor(() => expect(save.disabled).toBe(false))
    fireEvent.click(save)
    await screen.findByText('Design system saved')
    expect(puts(fetchMock)[0]?.body.tokens).toEqual(next)
  })

  it('is read-only for viewers', async () => {
    renderApp('/sites/s1/design', routesFor(['site:view', 'page:view']))
    await opened()
    expect(screen.queryByRole('button', { name: /Save/ })).toBeNull()
    expect(valueInput('color.primary').disabled).toBe(true)
    expect(screen.queryByRole('button', { name: /Delete / })).toBeNull()
    expect(screen.getByText(/Only people who can edit the site can change it/)).toBeTruthy()
  })
})
