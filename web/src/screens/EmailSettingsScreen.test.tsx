import { fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeSession, renderApp } from '../test/renderApp'

afterEach(() => {
  vi.unstubAllGlobals()
})

const saved = {
  configured: true,
  host: 'smtp.riverside.example',
  port: 587,
  tls: 'starttls',
  username: 'pagewright',
  passwordSet: true,
  from: 'pagewright@riverside.example',
}

function input(name: string): HTMLInputElement {
  const el = document.querySelector<HTMLInputElement>(`input[name="${name}"]`)
  if (!el) throw new Error(`no input ${name}`)
  return el
}

describe('Email settings', () => {
  it('keeps the saved password when the field is left blank', async () => {
    const { fetchMock } = renderApp('/settings/email', {
      'GET /setup': { body: { setupRequired: false } },
      'GET /auth/me': { body: makeSession() },
      'GET /settings/email': { body: saved },
      'PUT /settings/email': { body: { ...saved, host: 'mail.riverside.example' } },
    })
    await waitFor(() => expect(input('host').value).toBe('smtp.riverside.example'))
    expect(input('password').placeholder).toBe('•••••••• (saved)')
    expect(input('password').value).toBe('')
    expect(input('to').value).toBe('maya@riverside.example')
    fireEvent.change(input('host'), { target: { value: 'mail.riverside.example' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('Email settings saved')).toBeTruthy()
    const put = fetchMock.mock.calls.find(([, init]) => init?.method === 'PUT')
    expect(JSON.parse(String(put?.[1]?.body))).toEqual({
      host: 'mail.riverside.example',
      port: 587,
      tls: 'starttls',
      username: 'pagewright',
      from: 'pagewright@riverside.example',
    })
  })

  it('shows the mail server’s answer when the test email fails', async () => {
    renderApp('/settings/email', {
      'GET /setup': { body: { setupRequired: false } },
      'GET /auth/me': { body: makeSession() },
      'GET /settings/email': { body: saved },
      'POST /settings/email/test': {
        status: 502,
        body: { status: 502, code: 'email.send_failed', detail: '535 5.7.8 Authentication credentials invalid' },
      },
    })
    fireEvent.click(await screen.findByRole('button', { name: /Send test email/ }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('535 5.7.8 Authentication credentials invalid')
  })
})
