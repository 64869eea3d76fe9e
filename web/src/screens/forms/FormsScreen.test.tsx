import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Permission } from '../../api/types'
import { ALL_PERMISSIONS, makeSession, renderApp } from '../../test/renderApp'
import type { FormSummary, Submission } from './api'

const site = {
  id: 's1',
  name: 'Riverside Clinics',
  slug: 'riverside',
  description: '',
  pageCount: 2,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
}

const contact: FormSummary = {
  formId: 'contact',
  label: 'Contact the clinic',
  pages: ['/', '/contact/'],
  fields: [
    { name: 'email', label: 'Email', kind: 'email' },
    { name: 'message', label: 'Message', kind: 'textarea' },
  ],
  submissions: 2,
  lastSubmissionAt: '2026-03-01T09:00:00Z',
  settings: { formId: 'contact', successMessage: '', redirectUrl: '' },
}

function submission(id: string, email: string, message: string): Submission {
  return {
    id,
    formId: 'contact',
    environmentId: 'e-prod',
    environment: 'production',
    deploymentId: 'd1',
    pagePath: '/contact/',
    fields: ['email', 'message'],
    data: { email, message },
    userAgent: 'Firefox',
    createdAt: '2026-03-01T09:00:00Z',
  }
}

type Routes = Record<string, { status?: number; body?: unknown }>

function routes(permissions: Permission[] = ALL_PERMISSIONS, forms: FormSummary[] = [contact]): Routes {
  return {
    'GET /setup': { body: { setupRequired: false } },
    'GET /auth/me': { body: makeSession({ permissions }) },
    'GET /sites/s1': { body: site },
    'GET /sites/s1/forms': { body: { items: forms } },
    'GET /sites/s1/environments': { body: { items: [{ id: 'e-prod', slug: 'production', name: 'Production' }] } },
    'GET /sites/s1/forms/contact/submissions': {
      body: { items: [submission('sub-2', 'bea@riverside.example', 'Second'), submission('sub-1', 'ada@riverside.example', 'line one\nline two')], nextCursor: '' },
    },
    'DELETE /sites/s1/forms/contact/submissions/sub-2': { status: 204 },
    'PUT /sites/s1/forms/contact': { body: { formId: 'contact', successMessage: '', redirectUrl: '/thanks/' } },
  }
}

configure({ asyncUtilTimeout: 5000 })
afterEach(() => vi.unstubAllGlobals())

describe('Forms screen', () => {
  it('says what to do when no form was ever deployed', async () => {
    renderApp('/sites/s1/forms', routes(ALL_PERMISSIONS, []))
    expect(await screen.findByRole('heading', { level: 1, name: 'Forms' })).toBeTruthy()
    expect(await screen.findByText('Add a Form to a page and deploy it: what visitors send appears here.')).toBeTruthy()
  })

  it('lists the forms and the submissions, with columns per field and the CSV export', async () => {
    renderApp('/sites/s1/forms', routes())
    const forms = await screen.findByRole('table', { name: 'Forms' })
    expect(within(forms).getByText('Home page, /contact/')).toBeTruthy()
    expect(within(forms).getByText('2 submissions')).toBeTruthy()
    const table = await screen.findByRole('table', { name: 'Submissions of Contact the clinic' })
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent)
    expect(headers).toEqual(['Sent', 'Environment', 'Email', 'Message', 'Actions'])
    expect(within(table).getByText('line one line two')).toBeTruthy()
    const exportLink = screen.getByRole('link', { name: /Export CSV/ })
    expect(exportLink.getAttribute('href')).toBe('/api/v1/sites/s1/forms/contact/submissions.csv')
  })

  it('shows a submission in full and deletes one after confirmation', async () => {
    const { fetchMock } = renderApp('/sites/s1/forms', routes())
    const table = await screen.findByRole('table', { name: 'Submissions of Contact the clinic' })
    fireEvent.click(within(table).getAllByRole('button', { name: /^View/ })[1]!)
    const view = await screen.findByRole('dialog', { name: 'Submission' })
    expect(within(view).getByText((_, el) => el?.textContent === 'line one\nline two' && el.tagName === 'SPAN')).toBeTruthy()
    fireEvent.click(within(view).getByRole('button', { name: 'Close' }))

    fireEvent.click(within(table).getAllByRole('button', { name: /^Delete/ })[0]!)
    const confirm = await screen.findByRole('alertdialog', { name: 'Delete this submission?' })
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete submission' }))
    await waitFor(() => expect(screen.queryByText('bea@riverside.example')).toBeNull())
    expect(fetchMock.mock.calls.some(([url, init]) => String(url).endsWith('/submissions/sub-2') && init?.method === 'DELETE')).toBe(true)
    // The list was not read (and audited) again.
    const reads = fetchMock.mock.calls.filter(([url, init]) => String(url).includes('/submissions?') && (init?.method ?? 'GET') === 'GET')
    expect(reads.length).toBe(1)
  })

  it('checks the redirect before saving the settings', async () => {
    const { fetchMock } = renderApp('/sites/s1/forms', routes())
    await screen.findByRole('table', { name: 'Forms' })
    fireEvent.click(await screen.findByRole('button', { name: /Settings of Contact the clinic/ }))
    const dialog = await screen.findByRole('dialog', { name: /Settings of/ })
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Send visitors to another page' }))
    const input = within(dialog).getByRole('textbox', { name: 'Redirect to' })
    fireEvent.change(input, { target: { value: '//evil.example/' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save settings' }))
    expect(await within(dialog).findByRole('alert')).toBeTruthy()
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'PUT')).toBe(false)
    fireEvent.change(input, { target: { value: '/thanks/' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save settings' }))
    await waitFor(() => expect(screen.queryByRole('dialog', { name: /Settings of/ })).toBeNull())
    const put = fetchMock.mock.calls.find(([, init]) => init?.method === 'PUT')
    expect(JSON.parse(String(put?.[1]?.body))).toEqual({ successMessage: '', redirectUrl: '/thanks/' })
  })

  it('keeps submissions from members who are not Admins', async () => {
    const { fetchMock } = renderApp('/sites/s1/forms', routes(['site:view', 'page:view', 'page:create', 'page:edit']))
    expect(await screen.findByText(/Only Admins can read what visitors sent/)).toBeTruthy()
    expect(screen.queryByRole('button', { name: /Settings of/ })).toBeNull()
    expect(fetchMock.mock.calls.some(([url]) => String(url).includes('/submissions'))).toBe(false)
  })
})
