// The environment settings form's state and its pure rules.
import type { Role } from '../../api/types'
import { FLAG_NAME, isHttpUrl, type AccessMode, type Environment, type UpdateEnvironmentRequest } from './api'

export interface ApiRow {
  key: number
  name: string
  url: string
}
export interface FlagRow {
  key: number
  name: string
  on: boolean
}

export interface FormState {
  name: string
  baseUrl: string
  domain: string
  apis: ApiRow[]
  flags: FlagRow[]
  mode: AccessMode
  roles: Role[]
  requiresApproval: boolean
}

export const ROLE_OPTIONS: { value: Role; label: string }[] = [
  { value: 'viewer', label: 'Viewers' },
  { value: 'editor', label: 'Editors' },
  { value: 'admin', label: 'Admins' },
]

export function initialState(env: Environment, nextKey: () => number): FormState {
  return {
    name: env.name,
    baseUrl: env.config.baseUrl,
    domain: env.domain ?? '',
    apis: Object.entries(env.config.apiBaseUrls)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, url]) => ({ key: nextKey(), name, url })),
    flags: Object.entries(env.config.features)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, on]) => ({ key: nextKey(), name, on })),
    mode: env.access.mode,
    roles: env.access.roles,
    requiresApproval: env.requiresApproval,
  }
}

/** The PATCH body for a form state. */
export function toRequest(s: FormState): UpdateEnvironmentRequest {
  const apiBaseUrls: Record<string, string> = {}
  for (const r of s.apis) if (r.name.trim()) apiBaseUrls[r.name.trim()] = r.url.trim()
  const features: Record<string, boolean> = {}
  for (const r of s.flags) if (r.name.trim()) features[r.name.trim()] = r.on
  return {
    name: s.name.trim(),
    domain: s.domain.trim(),
    config: { baseUrl: s.baseUrl.trim(), apiBaseUrls, features },
    access: { mode: s.mode, roles: s.mode === 'roles' ? [...s.roles].sort() : [] },
    requiresApproval: s.requiresApproval,
  }
}

/** Problems the server would refuse, found before sending. */
export function localErrors(s: FormState): {
  fields: Record<string, string>
  apis: Record<number, string>
  flags: Record<number, string>
} {
  const fields: Record<string, string> = {}
  const apis: Record<number, string> = {}
  const flags: Record<number, string> = {}
  if (!s.name.trim()) fields.name = 'Enter a name.'
  if (s.baseUrl.trim() && !isHttpUrl(s.baseUrl.trim())) fields['config.baseUrl'] = 'Enter an http(s) URL such as https://www.example.org.'
  if (s.mode === 'roles' && s.roles.length === 0) fields['access.roles'] = 'Choose at least one role.'
  const seenApi = new Set<string>()
  for (const r of s.apis) {
    const n = r.name.trim()
    if (!n && !r.url.trim()) continue
    if (!FLAG_NAME.test(n)) apis[r.key] = 'Name the API with letters, digits, “.”, “-” or “_”, starting with a letter.'
    else if (seenApi.has(n)) apis[r.key] = `“${n}” is listed twice.`
    else if (!isHttpUrl(r.url.trim())) apis[r.key] = 'Enter an http(s) URL.'
    seenApi.add(n)
  }
  const seenFlag = new Set<string>()
  for (const r of s.flags) {
    const n = r.name.trim()
    if (!n) continue
    if (!FLAG_NAME.test(n)) flags[r.key] = 'Name the flag with letters, digits, “.”, “-” or “_”, starting with a letter.'
    else if (seenFlag.has(n)) flags[r.key] = `“${n}” is listed twice.`
    seenFlag.add(n)
  }
  return { fields, apis, flags }
}
