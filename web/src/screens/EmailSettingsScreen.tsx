import { Badge, Box, Button, Callout, Card, Flex, Grid, Heading, Select, Skeleton, Text } from '@radix-ui/themes'
import { useQuery } from '@tanstack/react-query'
import { CircleCheck, Info, Mail } from 'lucide-react'
import { useId, useState, type FormEvent, type ReactNode } from 'react'
import { ApiError } from '../api/client'
import { emailSettingsQuery, useSaveEmailSettings, useSendTestEmail } from '../api/members'
import type { EmailSettings, SmtpTlsMode, UpdateEmailSettingsRequest } from '../api/types'
import { EmptyState } from '../components/EmptyState'
import { ErrorCallout } from '../components/ErrorCallout'
import { InputField } from '../components/Field'
import { PageHeader } from '../components/PageHeader'
import { useToast } from '../components/Toaster'
import { useCan, useSession } from '../lib/session'

const TLS_OPTIONS: { value: SmtpTlsMode; label: string; hint: string; port: number }[] = [
  { value: 'starttls', label: 'STARTTLS', hint: 'Connects in plain text, then upgrades to TLS. Usually port 587.', port: 587 },
  { value: 'tls', label: 'TLS', hint: 'Encrypted from the start (SMTPS). Usually port 465.', port: 465 },
  { value: 'none', label: 'None', hint: 'No encryption. Only for a mail relay on a trusted network.', port: 25 },
]

const DEFAULT_PORTS = new Set(TLS_OPTIONS.map((o) => String(o.port)))

interface FormState {
  host: string
  port: string
  tls: SmtpTlsMode
  username: string
  password: string
  from: string
}

function toForm(s: EmailSettings): FormState {
  return {
    host: s.host ?? '',
    port: s.port ? String(s.port) : '587',
    tls: s.tls || 'starttls',
    username: s.username ?? '',
    password: '',
    from: s.from ?? '',
  }
}

function isDirty(form: FormState, saved: EmailSettings): boolean {
  const base = toForm(saved)
  return (
    form.password !== '' ||
    form.host.trim() !== base.host ||
    form.port.trim() !== base.port ||
    form.tls !== base.tls ||
    form.username.trim() !== base.username ||
    form.from.trim() !== base.from
  )
}

function validate(form: FormState): Record<string, string> {
  const errors: Record<string, string> = {}
  if (!form.host.trim()) errors.host = 'Enter your mail server’s host name, e.g. smtp.example.com.'
  const port = Number(form.port)
  if (!Number.isInteger(port) || port < 1 || port > 65535) errors.port = 'Enter a port between 1 and 65535.'
  if (!/^[^\s@]+@[^\s@]+$/.test(form.from.trim().replace(/^.*<(.+)>\s*$/, '$1'))) {
    errors.from = 'Enter the address emails come from, e.g. pagewright@example.com.'
  }
  return errors
}

function SettingsCard({ title, description, children }: { title: string; description: ReactNode; children: ReactNode }) {
  return (
    <Card size="3">
      <Flex direction="column" gap="4">
        <Box>
          <Heading as="h2" size="4">
            {title}
          </Heading>
          <Text as="p" size="2" color="gray" mt="1">
            {description}
          </Text>
        </Box>
        {children}
      </Flex>
    </Card>
  )
}

function EmailSettingsForm({ settings }: { settings: EmailSettings }) {
  const session = useSession()
  const toast = useToast()
  const save = useSaveEmailSettings()
  const test = useSendTestEmail()
  const [form, setForm] = useState<FormState>(() => toForm(settings))
  const [submitted, setSubmitted] = useState(false)
  const [to, setTo] = useState(session.user.email)
  const [testedTo, setTestedTo] = useState('')
  const tlsId = useId()

  const localErrors = submitted ? validate(form) : {}
  const serverErrors = save.error instanceof ApiError ? save.error.fieldErrors() : {}
  const err = (f: keyof FormState) => localErrors[f] ?? serverErrors[f]
  const dirty = isDirty(form, settings)
  const tlsHint = TLS_OPTIONS.find((o) => o.value === form.tls)?.hint
  const testFieldErrors = test.error instanceof ApiError ? test.error.fieldErrors() : {}

  const set = (f: keyof FormState) => (e: { target: { value: string } }) => setForm((p) => ({ ...p, [f]: e.target.value }))

  const body = (): UpdateEmailSettingsRequest => {
    const b: UpdateEmailSettingsRequest = {
      host: form.host.trim(),
      port: Number(form.port),
      tls: form.tls,
      username: form.username.trim(),
      from: form.from.trim(),
    }
    // Write-only: leaving it blank keeps the saved one.
    if (form.password !== '') b.password = form.password
    return b
  }

  const doSave = async (): Promise<boolean> => {
    setSubmitted(true)
    if (Object.keys(validate(form)).length > 0) return false
    try {
      await save.mutateAsync(body())
    } catch {
      return false
    }
    setSubmitted(false)
    setForm((p) => ({ ...p, password: '' }))
    return true
  }

  const onSave = async (e: FormEvent) => {
    e.preventDefault()
    test.reset()
    setTestedTo('')
    if (await doSave()) toast.success('Email settings saved', 'Pagewright sends invitations and reset links with them.')
  }

  const onTest = async (e: FormEvent) => {
    e.preventDefault()
    setTestedTo('')
    test.reset()
    const address = to.trim()
    if (!address) return
    // Test what is on screen: unsaved changes are saved first.
    if (dirty && !(await doSave())) return
    test.mutate(address, { onSuccess: () => setTestedTo(address) })
  }

  return (
    <Flex direction="column" gap="5" maxWidth="720px">
      {!settings.configured && (
        <Callout.Root color="blue" variant="surface">
          <Callout.Icon>
            <Info size={16} />
          </Callout.Icon>
          <Callout.Text>
            Email is not set up yet. Until it is, Pagewright shows invitation and password reset links for you to send
            yourself.
          </Callout.Text>
        </Callout.Root>
      )}
      <SettingsCard
        title="Mail server (SMTP)"
        description="Pagewright sends invitations, password reset links and email confirmations through this server."
      >
        <form onSubmit={onSave} noValidate>
          <Flex direction="column" gap="4">
            {save.error && Object.keys(serverErrors).length === 0 && <ErrorCallout error={save.error} />}
            <Grid columns={{ initial: '1', sm: '3fr 1fr' }} gap="4">
              <InputField
                name="host"
                label="Host"
                placeholder="smtp.example.com"
                autoComplete="off"
                spellCheck={false}
                value={form.host}
                onChange={set('host')}
                error={err('host')}
              />
              <InputField
                name="port"
                label="Port"
                type="number"
                inputMode="numeric"
                min={1}
                max={65535}
                value={form.port}
                onChange={set('port')}
                error={err('port')}
              />
            </Grid>
            <Flex direction="column" gap="1">
              <Text as="label" htmlFor={tlsId} size="2" weight="medium">
                Encryption
              </Text>
              <Select.Root
                name="tls"
                value={form.tls}
                onValueChange={(v) =>
                  setForm((p) => {
                    const tls = v as SmtpTlsMode
                    const port = DEFAULT_PORTS.has(p.port.trim()) || !p.port.trim()
                      ? String(TLS_OPTIONS.find((o) => o.value === tls)?.port ?? p.port)
                      : p.port
                    return { ...p, tls, port }
                  })
                }
              >
                <Select.Trigger id={tlsId} />
                <Select.Content position="popper">
                  {TLS_OPTIONS.map((o) => (
                    <Select.Item key={o.value} value={o.value}>
                      {o.label}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select.Root>
              {err('tls') ? (
                <Text size="1" color="red" role="alert">
                  {err('tls')}
                </Text>
              ) : (
                <Text size="1" color="gray">
                  {tlsHint}
                </Text>
              )}
            </Flex>
            <Grid columns={{ initial: '1', sm: '2' }} gap="4">
              <InputField
                name="username"
                label="Username"
                autoComplete="off"
                spellCheck={false}
                value={form.username}
                onChange={set('username')}
                error={err('username')}
                hint="Leave blank if the server needs no sign-in."
              />
              <InputField
                name="password"
                label="Password"
                type="password"
                // Not the admin's own password: keep the browser from filling it in.
                autoComplete="new-password"
                placeholder={settings.passwordSet ? '•••••••• (saved)' : ''}
                value={form.password}
                onChange={set('password')}
                error={err('password')}
                hint={settings.passwordSet ? 'Leave blank to keep the saved password.' : 'Stored encrypted. It is never shown again.'}
              />
            </Grid>
            <InputField
              name="from"
              label="Sender address"
              placeholder="Pagewright <pagewright@example.com>"
              autoComplete="off"
              spellCheck={false}
              value={form.from}
              onChange={set('from')}
              error={err('from')}
              hint="Emails come from this address. Your mail server must allow sending as it."
            />
            <Flex justify="end" align="center" gap="3">
              {dirty && (
                <Text size="1" color="gray">
                  Unsaved changes
                </Text>
              )}
              <Button type="submit" loading={save.isPending && !test.isPending}>
                Save
              </Button>
            </Flex>
          </Flex>
        </form>
      </SettingsCard>

      <SettingsCard
        title="Send a test email"
        description={dirty ? 'Your changes are saved first, then a test email is sent with them.' : 'Check that the settings work before inviting anyone.'}
      >
        <form onSubmit={onTest} noValidate>
          <Flex direction="column" gap="3">
            <Flex gap="3" align="end" wrap="wrap">
              <Box flexGrow="1" minWidth="240px">
                <InputField
                  name="to"
                  type="email"
                  label="Send to"
                  autoComplete="email"
                  value={to}
                  onChange={(e) => setTo(e.target.value)}
                  error={testFieldErrors.to}
                />
              </Box>
              <Button type="submit" variant="soft" loading={test.isPending} disabled={!to.trim()}>
                <Mail size={15} /> Send test email
              </Button>
            </Flex>
            {testedTo && (
              <Callout.Root color="green" variant="surface" role="status" data-testid="test-email-result">
                <Callout.Icon>
                  <CircleCheck size={16} />
                </Callout.Icon>
                <Callout.Text>
                  Test email sent to <strong>{testedTo}</strong>. Check that inbox (and its spam folder).
                </Callout.Text>
              </Callout.Root>
            )}
            {test.error && !testFieldErrors.to && (
              <ErrorCallout
                error={
                  test.error instanceof ApiError && test.error.code === 'email.not_configured'
                    ? new Error('Save the mail server settings above first, then send a test email.')
                    : test.error
                }
                title={
                  test.error instanceof ApiError && test.error.code === 'email.send_failed'
                    ? 'The test email could not be sent.'
                    : undefined
                }
              />
            )}
          </Flex>
        </form>
      </SettingsCard>
    </Flex>
  )
}

export function EmailSettingsScreen() {
  const can = useCan()
  const isAdmin = can('member:manage')
  const settings = useQuery({ ...emailSettingsQuery, enabled: isAdmin })

  const status =
    settings.data &&
    (settings.data.configured ? (
      <Badge color="green" variant="soft" radius="full" size="2">
        <CircleCheck size={13} /> Set up
      </Badge>
    ) : (
      <Badge color="gray" variant="soft" radius="full" size="2">
        Not set up
      </Badge>
    ))

  return (
    <>
      <PageHeader title="Email" description="How Pagewright sends email to your members." actions={status} />
      {!isAdmin ? (
        <EmptyState
          icon={<Mail size={28} />}
          title="Only Admins can change email settings"
          description="Ask an Admin in your organisation if email needs to be set up."
        />
      ) : settings.isPending ? (
        <Card size="3" aria-busy="true" aria-label="Loading email settings" style={{ maxWidth: 720 }}>
          <Flex direction="column" gap="4">
            <Skeleton height="20px" width="40%" />
            <Skeleton height="32px" />
            <Skeleton height="32px" />
            <Skeleton height="32px" />
          </Flex>
        </Card>
      ) : settings.isError ? (
        <ErrorCallout error={settings.error} title="Could not load the email settings." />
      ) : (
        <EmailSettingsForm settings={settings.data} />
      )}
    </>
  )
}
