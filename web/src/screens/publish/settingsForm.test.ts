import { describe, expect, it } from 'vitest'
import { initialState, localErrors, toRequest } from './settingsForm'
import { makeEnvironment } from './testing'

function keys() {
  let n = 0
  return () => ++n
}

describe('environment settings form', () => {
  const env = makeEnvironment({
    config: { baseUrl: '', apiBaseUrls: { booking: 'https://api.example.org' }, features: { newForm: true } },
    access: { mode: 'roles', roles: ['editor'] },
    domain: 'www.riverside.example',
  })

  it('round-trips an environment into the PATCH body', () => {
    expect(toRequest(initialState(env, keys()))).toEqual({
      name: 'Production',
      domain: 'www.riverside.example',
      config: { baseUrl: '', apiBaseUrls: { booking: 'https://api.example.org' }, features: { newForm: true } },
      access: { mode: 'roles', roles: ['editor'] },
      requiresApproval: false,
    })
  })

  it('sends no roles unless the mode is roles, and skips empty rows', () => {
    const s = initialState(env, keys())
    s.mode = 'public'
    s.apis.push({ key: 99, name: ' ', url: '' })
    s.flags.push({ key: 100, name: '', on: true })
    const body = toRequest(s)
    expect(body.access).toEqual({ mode: 'public', roles: [] })
    expect(Object.keys(body.config!.apiBaseUrls)).toEqual(['booking'])
    expect(Object.keys(body.config!.features)).toEqual(['newForm'])
  })

  it('finds what the server would refuse', () => {
    const s = initialState(env, keys())
    s.name = ' '
    s.baseUrl = 'cdn.example.org'
    s.roles = []
    s.apis.push({ key: 50, name: 'booking', url: 'https://b.example.org' }, { key: 51, name: 'crm', url: 'nope' })
    s.flags.push({ key: 60, name: '9lives', on: false })
    const e = localErrors(s)
    expect(Object.keys(e.fields).sort()).toEqual(['access.roles', 'config.baseUrl', 'name'])
    expect(e.apis[50]).toMatch(/twice/)
    expect(e.apis[51]).toMatch(/http/)
    expect(e.flags[60]).toMatch(/starting with a letter/)
    expect(localErrors(initialState(env, keys()))).toEqual({ fields: {}, apis: {}, flags: {} })
  })
})
