// An environment's settings: name, addresses, API base URLs, feature flags,
// access and approval (saved together), then its secrets and deletion.
import {
  Badge,
  Box,
  Button,
  Callout,
  Card,
  CheckboxGroup,
  Code,
  Flex,
  Heading,
  IconButton,
  RadioGroup,
  Switch,
  Text,
  TextField,
} from '@radix-ui/themes'
import { useNavigate } from '@tanstack/react-router'
import { Info, Plus, Trash2, X } from 'lucide-react'
import { useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { ApiError } from '../../api/client'
import type { Role } from '../../api/types'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorCallout } from '../../components/ErrorCallout'
import { InputField } from '../../components/Field'
import { useToast } from '../../components/Toaster'
import {
  absoluteEnvUrl,
  splitFieldErrors,
  useDeleteEnvironment,
  useUpdateEnvironment,
  type AccessMode,
  type Environment,
} from './api'
import { SecretsSection } from './SecretsSection'
import { ROLE_OPTIONS, initialState, localErrors, toRequest, type ApiRow, type FlagRow, type FormState } from './settingsForm'

function Section({ title, description, children, testId }: { title: string; description: ReactNode; children: ReactNode; testId?: string }) {
  const id = useId()
  return (
    <Card size="3" asChild>
      <section aria-labelledby={id} data-testid={testId}>
        <Flex direction="column" gap="4">
          <Box>
            <Heading as="h2" size="4" id={id} mb="1">
              {title}
            </Heading>
            <Text as="p" size="2" color="gray">
              {description}
            </Text>
          </Box>
          {children}
        </Flex>
      </section>
    </Card>
  )
}

function RowError({ message }: { message?: string }) {
  if (!message) return null
  return (
    <Text size="1" color="red" role="alert">
      {message}
    </Text>
  )
}

export function EnvironmentSettings({ siteId, env, canEdit }: { siteId: string; env: Environment; canEdit: boolean }) {
  return (
    <Flex direction="column" gap="5" maxWidth="820px">
      {!canEdit && (
        <Callout.Root color="gray" variant="surface">
          <Callout.Icon>
            <Info size={16} />
          </Callout.Icon>
          <Callout.Text>Only Admins change environments. You can see how this one is set up.</Callout.Text>
        </Callout.Root>
      )}
      {/* A fresh form for each saved version of the environment. */}
      <SettingsForm key={`${env.id}-${env.updatedAt}`} siteId={siteId} env={env} canEdit={canEdit} />
      <SecretsSection siteId={siteId} env={env} canEdit={canEdit} />
      {canEdit && (env.kind === 'staging' || env.kind === 'preview') && <DangerZone siteId={siteId} env={env} />}
    </Flex>
  )
}

function SettingsForm({ siteId, env, canEdit }: { siteId: string; env: Environment; canEdit: boolean }) {
  const toast = useToast()
  const update = useUpdateEnvironment(siteId, env.slug)
  const keyRef = useRef(0)
  const nextKey = () => ++keyRef.current
  const [initial] = useState(() => initialState(env, nextKey))
  const [s, setS] = useState<FormState>(initial)
  const [submitted, setSubmitted] = useState(false)
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setS((prev) => ({ ...prev, [k]: v }))
  const rolesId = useId()
  const modeId = useId()

  const dirty = useMemo(() => JSON.stringify(toRequest(s)) !== JSON.stringify(toRequest(initial)), [s, initial])
  const local = localErrors(s)
  const server = update.error instanceof ApiError ? splitFieldErrors(update.error.fieldErrors()) : { fields: {}, apis: {}, flags: {} }
  const fieldError = (k: string) => (submitted ? local.fields[k] : undefined) ?? server.fields[k]
  const apiError = (r: ApiRow) => (submitted ? local.apis[r.key] : undefined) ?? server.apis[r.name.trim()]
  const flagError = (r: FlagRow) => (submitted ? local.flags[r.key] : undefined) ?? server.flags[r.name.trim()]
  const serverShown = Object.keys(server.fields).length + Object.keys(server.apis).length + Object.keys(server.flags).length > 0
  const hasLocal = Object.keys(local.fields).length + Object.keys(local.apis).length + Object.keys(local.flags).length > 0

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (hasLocal) return
    update.mutate(toRequest(s), {
      onSuccess: (saved) => toast.success('Settings saved', `${saved.name} is updated. Deploy again for pages to pick up configuration changes.`),
    })
  }

  const servedAt = absoluteEnvUrl(env.url)

  return (
    <form onSubmit={onSubmit} noValidate aria-label={`${env.name} settings`}>
      <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Flex direction="column" gap="5">
          <Section title="General" description="The environment’s name and where it is served.">
            <InputField
              name="name"
              label="Name"
              maxLength={100}
              value={s.name}
              autoComplete="off"
              error={fieldError('name')}
              onChange={(e) => set('name', e.target.value)}
            />
            <InputField
              name="domain"
              label="Domain"
              placeholder="www.riverside.example"
              maxLength={253}
              value={s.domain}
              autoComplete="off"
              spellCheck={false}
              error={fieldError('domain')}
              hint="A host name for this environment. Point its DNS at Pagewright; the site server then answers for it. Leave empty for none."
              onChange={(e) => set('domain', e.target.value)}
            />
            <InputField
              name="baseUrl"
              label="Base URL"
              placeholder="https://cdn.riverside.example"
              maxLength={2000}
              value={s.baseUrl}
              autoComplete="off"
              spellCheck={false}
              error={fieldError('config.baseUrl')}
              hint={
                <>
                  Only when a CDN or proxy serves this environment elsewhere. Served now at <Code variant="ghost">{servedAt}</Code>
                </>
              }
              onChange={(e) => set('baseUrl', e.target.value)}
            />
          </Section>

          <Section title="Access" description="Who may see the pages this environment serves.">
            <Flex direction="column" gap="2">
              <Text id={modeId} size="2" weight="medium">
                Visible to
              </Text>
              <RadioGroup.Root
                value={s.mode}
                onValueChange={(v) => set('mode', v as AccessMode)}
                aria-labelledby={modeId}
                name="access.mode"
              >
                <RadioGroup.Item value="public">
                  <Text weight="medium">Public</Text> <Text color="gray">— anyone with the link</Text>
                </RadioGroup.Item>
                <RadioGroup.Item value="login">
                  <Text weight="medium">Team members, signed in</Text> <Text color="gray">— any member of your organisation</Text>
                </RadioGroup.Item>
                <RadioGroup.Item value="roles">
                  <Text weight="medium">Only these roles</Text> <Text color="gray">— signed-in members with a chosen role</Text>
                </RadioGroup.Item>
              </RadioGroup.Root>
              {s.mode === 'roles' && (
                <Box pl="5" pt="1">
                  <Text id={rolesId} size="2" weight="medium" as="div" mb="1">
                    Roles allowed
                  </Text>
                  <CheckboxGroup.Root
                    value={s.roles}
                    onValueChange={(v) => set('roles', v as Role[])}
                    aria-labelledby={rolesId}
                    name="access.roles"
                  >
                    <Flex gap="4" wrap="wrap">
                      {ROLE_OPTIONS.map((r) => (
                        <CheckboxGroup.Item key={r.value} value={r.value}>
                          {r.label}
                        </CheckboxGroup.Item>
                      ))}
                    </Flex>
                  </CheckboxGroup.Root>
                  <RowError message={fieldError('access.roles')} />
                </Box>
              )}
              <RowError message={fieldError('access.mode')} />
            </Flex>
          </Section>

          <Section title="Deploys" description="How changes reach this environment.">
            <Text as="label" size="2">
              <Flex gap="3" align="start">
                <Switch
                  checked={s.requiresApproval}
                  onCheckedChange={(v) => set('requiresApproval', v)}
                  data-testid="requires-approval"
                  mt="1"
                />
                <Flex direction="column">
                  <Text weight="medium">Require approval</Text>
                  <Text color="gray" size="1">
                    Deployments wait until an Admin other than the one who started them approves. Rollbacks still take effect
                    at once.
                  </Text>
                </Flex>
              </Flex>
            </Text>
          </Section>

          <Section
            title="API base URLs"
            description="The base URL each named API has in this environment, for pages that show data from it."
            testId="api-urls"
          >
            {s.apis.length === 0 ? (
              <Text size="2" color="gray">
                No APIs yet.
              </Text>
            ) : (
              <Flex direction="column" gap="2">
                {s.apis.map((r, i) => (
                  <Flex key={r.key} direction="column" gap="1">
                    <div className="pw-kv-row">
                      <TextField.Root
                        value={r.name}
                        placeholder="appointments"
                        aria-label={`API ${i + 1} name`}
                        aria-invalid={apiError(r) ? true : undefined}
                        color={apiError(r) ? 'red' : undefined}
                        autoComplete="off"
                        spellCheck={false}
                        maxLength={64}
                        onChange={(e) => set('apis', s.apis.map((x) => (x.key === r.key ? { ...x, name: e.target.value } : x)))}
                      />
                      <TextField.Root
                        value={r.url}
                        placeholder="https://api.riverside.example/v1"
                        aria-label={`API ${i + 1} base URL`}
                        aria-invalid={apiError(r) ? true : undefined}
                        color={apiError(r) ? 'red' : undefined}
                        autoComplete="off"
                        spellCheck={false}
                        maxLength={2000}
                        onChange={(e) => set('apis', s.apis.map((x) => (x.key === r.key ? { ...x, url: e.target.value } : x)))}
                      />
                      <IconButton
                        type="button"
                        variant="ghost"
                        color="gray"
                        aria-label={`Remove API ${r.name || i + 1}`}
                        onClick={() => set('apis', s.apis.filter((x) => x.key !== r.key))}
                      >
                        <X size={15} />
                      </IconButton>
                    </div>
                    <RowError message={apiError(r)} />
                  </Flex>
                ))}
              </Flex>
            )}
            <RowError message={fieldError('config.apiBaseUrls')} />
            <Box>
              <Button type="button" variant="soft" color="gray" onClick={() => set('apis', [...s.apis, { key: nextKey(), name: '', url: '' }])}>
                <Plus size={14} /> Add API
              </Button>
            </Box>
          </Section>

          <Section title="Feature flags" description="Switches the pages of this environment can test, to show or hide parts of them." testId="feature-flags">
            {s.flags.length === 0 ? (
              <Text size="2" color="gray">
                No feature flags yet.
              </Text>
            ) : (
              <Flex direction="column" gap="2">
                {s.flags.map((r, i) => (
                  <Flex key={r.key} direction="column" gap="1">
                    <div className="pw-flag-row">
                      <TextField.Root
                        value={r.name}
                        placeholder="newBookingForm"
                        aria-label={`Flag ${i + 1} name`}
                        aria-invalid={flagError(r) ? true : undefined}
                        color={flagError(r) ? 'red' : undefined}
                        autoComplete="off"
                        spellCheck={false}
                        maxLength={64}
                        onChange={(e) => set('flags', s.flags.map((x) => (x.key === r.key ? { ...x, name: e.target.value } : x)))}
                      />
                      <Flex gap="2" align="center">
                        <Switch
                          checked={r.on}
                          aria-label={`${r.name.trim() || `Flag ${i + 1}`} on`}
                          onCheckedChange={(v) => set('flags', s.flags.map((x) => (x.key === r.key ? { ...x, on: v } : x)))}
                        />
                        <Text size="2" color="gray" aria-hidden="true" style={{ minWidth: '3ch' }}>
                          {r.on ? 'On' : 'Off'}
                        </Text>
                      </Flex>
                      <IconButton
                        type="button"
                        variant="ghost"
                        color="gray"
                        aria-label={`Remove flag ${r.name || i + 1}`}
                        onClick={() => set('flags', s.flags.filter((x) => x.key !== r.key))}
                      >
                        <X size={15} />
                      </IconButton>
                    </div>
                    <RowError message={flagError(r)} />
                  </Flex>
                ))}
              </Flex>
            )}
            <RowError message={fieldError('config.features')} />
            <Box>
              <Button type="button" variant="soft" color="gray" onClick={() => set('flags', [...s.flags, { key: nextKey(), name: '', on: true }])}>
                <Plus size={14} /> Add flag
              </Button>
            </Box>
          </Section>

          {canEdit && (
            <Card size="2" className="pw-save-bar" data-dirty={dirty ? 'true' : 'false'}>
              <Flex align="center" justify="between" gap="3" wrap="wrap">
                <Flex align="center" gap="2">
                  {dirty ? (
                    <Badge color="amber" variant="soft" radius="full" data-testid="unsaved">
                      Unsaved changes
                    </Badge>
                  ) : (
                    <Text size="2" color="gray">
                      No changes.
                    </Text>
                  )}
                </Flex>
                <Flex gap="2">
                  <Button type="button" variant="soft" color="gray" disabled={!dirty || update.isPending} onClick={() => {
                    setS(initial)
                    setSubmitted(false)
                    update.reset()
                  }}>
                    Discard
                  </Button>
                  <Button type="submit" loading={update.isPending} disabled={!dirty} highContrast>
                    Save settings
                  </Button>
                </Flex>
              </Flex>
              {(update.error && !serverShown) || (submitted && hasLocal) ? (
                <Box mt="3">
                  {update.error && !serverShown ? (
                    <ErrorCallout error={update.error} title="Could not save." />
                  ) : (
                    <Text size="2" color="red" role="alert">
                      Check the highlighted fields.
                    </Text>
                  )}
                </Box>
              ) : serverShown ? (
                <Box mt="3">
                  <Text size="2" color="red" role="alert">
                    {update.error instanceof ApiError ? update.error.detail : 'Check the highlighted fields.'}
                  </Text>
                </Box>
              ) : null}
            </Card>
          )}
        </Flex>
      </fieldset>
    </form>
  )
}

function DangerZone({ siteId, env }: { siteId: string; env: Environment }) {
  const toast = useToast()
  const navigate = useNavigate()
  const del = useDeleteEnvironment(siteId, env.slug)
  const [confirming, setConfirming] = useState(false)
  return (
    <Card size="3" className="danger-zone" asChild>
      <section aria-label="Delete environment">
        <Flex align="center" justify="between" gap="4" wrap="wrap">
          <Box>
            <Text as="div" size="2" weight="bold">
              Delete this environment
            </Text>
            <Text as="div" size="1" color="gray">
              Stops serving {env.name} and deletes its settings, secrets and deployment history.
            </Text>
          </Box>
          <Button type="button" color="red" variant="soft" onClick={() => setConfirming(true)}>
            <Trash2 size={14} /> Delete environment
          </Button>
        </Flex>
        <ConfirmDialog
          open={confirming}
          onOpenChange={(o) => {
            setConfirming(o)
            if (!o) del.reset()
          }}
          title={`Delete ${env.name}?`}
          description={`${env.name} stops being served at once, and its settings, secrets and deployment history are deleted. This cannot be undone.`}
          confirmLabel="Delete environment"
          pending={del.isPending}
          error={del.error}
          onConfirm={() =>
            del.mutate(undefined, {
              onSuccess: () => {
                toast.success('Environment deleted', `${env.name} was deleted.`)
                void navigate({ to: '/sites/$siteId/publish', params: { siteId }, replace: true })
              },
            })
          }
        />
      </section>
    </Card>
  )
}
