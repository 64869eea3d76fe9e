import { Badge, Box, Button, Callout, Card, DataList, Flex, Heading, Link as RadixLink, Text } from '@radix-ui/themes'
import { Link } from '@tanstack/react-router'
import { MailCheck } from 'lucide-react'
import { useState, type FormEvent, type ReactNode } from 'react'
import { ApiError } from '../api/client'
import { useChangeEmail, useChangePassword, useUpdateProfile } from '../api/members'
import { CopyLink } from '../components/CopyLink'
import { ErrorCallout } from '../components/ErrorCallout'
import { InputField } from '../components/Field'
import { PageHeader } from '../components/PageHeader'
import { useToast } from '../components/Toaster'
import { absoluteUrl } from '../lib/links'
import { passwordError, passwordHint } from '../lib/password'
import { ROLE_COLOR, ROLE_LABEL } from '../lib/roles'
import { useSession } from '../lib/session'

function Section({ title, description, children }: { title: string; description: ReactNode; children: ReactNode }) {
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

function NameSection() {
  const session = useSession()
  const update = useUpdateProfile()
  const toast = useToast()
  const [name, setName] = useState(session.user.name)
  const [submitted, setSubmitted] = useState(false)
  const serverErrors = update.error instanceof ApiError ? update.error.fieldErrors() : {}
  const nameError = submitted && !name.trim() ? 'Enter your name.' : serverErrors.name
  const changed = name.trim() !== session.user.name

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (!name.trim() || !changed) return
    update.mutate(
      { name: name.trim() },
      {
        onSuccess: (s) => {
          setSubmitted(false)
          setName(s.user.name)
          toast.success('Name saved', 'Others see your new name from now on.')
        },
      },
    )
  }

  return (
    <Section title="Your details" description="How you appear to others in Pagewright and in the audit log.">
      <DataList.Root size="2">
        <DataList.Item>
          <DataList.Label minWidth="120px">Email</DataList.Label>
          <DataList.Value data-testid="profile-email">{session.user.email}</DataList.Value>
        </DataList.Item>
        <DataList.Item>
          <DataList.Label minWidth="120px">Role</DataList.Label>
          <DataList.Value>
            <Badge color={ROLE_COLOR[session.user.role]} variant="soft" radius="full">
              {ROLE_LABEL[session.user.role]}
            </Badge>
          </DataList.Value>
        </DataList.Item>
        <DataList.Item>
          <DataList.Label minWidth="120px">Organisation</DataList.Label>
          <DataList.Value>{session.organization.name}</DataList.Value>
        </DataList.Item>
      </DataList.Root>
      <form onSubmit={onSubmit} noValidate>
        <Flex direction="column" gap="3">
          {update.error && Object.keys(serverErrors).length === 0 && <ErrorCallout error={update.error} />}
          <InputField
            name="name"
            label="Name"
            autoComplete="name"
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={nameError}
          />
          <Flex justify="end">
            <Button type="submit" loading={update.isPending} disabled={!changed}>
              Save
            </Button>
          </Flex>
        </Flex>
      </form>
    </Section>
  )
}

function EmailSection() {
  const session = useSession()
  const change = useChangeEmail()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const [result, setResult] = useState<{ email: string; link?: string } | null>(null)

  const serverErrors = change.error instanceof ApiError ? change.error.fieldErrors() : {}
  // The server's field message is terse ("not right"); its detail says which password.
  if (change.error instanceof ApiError && change.error.code === 'auth.wrong_password') {
    serverErrors.password = change.error.detail
  }
  if (change.error instanceof ApiError && change.error.code === 'member.exists') serverErrors.email = change.error.detail
  const emailError =
    (submitted && !email.trim()
      ? 'Enter your new email address.'
      : submitted && email.trim().toLowerCase() === session.user.email.toLowerCase()
        ? 'That is already your email address.'
        : null) ?? serverErrors.email
  const passwordFieldError = (submitted && !password ? 'Enter your current password.' : null) ?? serverErrors.password
  const shownInPlace = Object.keys(serverErrors).length > 0

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    const value = email.trim()
    if (!value || !password || value.toLowerCase() === session.user.email.toLowerCase()) return
    change.mutate(
      { email: value, password },
      {
        onSuccess: (res) => {
          setResult({ email: value, link: res.link })
          setEmail('')
          setPassword('')
          setSubmitted(false)
        },
        // The password is asked again; the server's message stays under it.
        onError: () => {
          setPassword('')
          setSubmitted(false)
        },
      },
    )
  }

  return (
    <Section
      title="Email address"
      description={
        <>
          You sign in with <strong>{session.user.email}</strong>. To change it, confirm the new address from a link we send
          there.
        </>
      }
    >
      {result &&
        (result.link ? (
          <Flex direction="column" gap="3" data-testid="email-change-result">
            <Callout.Root color="amber" variant="surface">
              <Callout.Text>
                Email is not set up on this server, so open this link to confirm <strong>{result.email}</strong>. It works
                once.
              </Callout.Text>
            </Callout.Root>
            <CopyLink link={result.link} testId="email-confirm-link" label="Confirmation link" />
            <Flex>
              <Button asChild variant="soft">
                <a href={absoluteUrl(result.link)}>Confirm now</a>
              </Button>
            </Flex>
          </Flex>
        ) : (
          <Callout.Root color="green" variant="surface" role="status" data-testid="email-change-result">
            <Callout.Icon>
              <MailCheck size={16} />
            </Callout.Icon>
            <Callout.Text>
              We sent a confirmation link to <strong>{result.email}</strong>. Your email changes when you open it.
            </Callout.Text>
          </Callout.Root>
        ))}
      <form onSubmit={onSubmit} noValidate>
        <Flex direction="column" gap="3">
          {change.error && !shownInPlace && <ErrorCallout error={change.error} />}
          <InputField
            name="email"
            type="email"
            label="New email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={emailError}
          />
          <InputField
            name="password"
            type="password"
            label="Current password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={passwordFieldError}
          />
          <Flex justify="end">
            <Button type="submit" loading={change.isPending}>
              Send confirmation link
            </Button>
          </Flex>
        </Flex>
      </form>
    </Section>
  )
}

function PasswordSection() {
  const change = useChangePassword()
  const toast = useToast()
  const [currentPassword, setCurrent] = useState('')
  const [newPassword, setNew] = useState('')
  const [submitted, setSubmitted] = useState(false)

  const serverErrors = change.error instanceof ApiError ? change.error.fieldErrors() : {}
  if (serverErrors.password && !serverErrors.newPassword) serverErrors.newPassword = serverErrors.password
  if (change.error instanceof ApiError && change.error.code === 'auth.wrong_password') {
    serverErrors.currentPassword = change.error.detail
  }
  const localNewError = passwordError(newPassword)
  const currentError = (submitted && !currentPassword ? 'Enter your current password.' : null) ?? serverErrors.currentPassword
  const newError = (submitted || newPassword.length >= 12 ? localNewError : null) ?? serverErrors.newPassword
  const shownInPlace = Boolean(serverErrors.currentPassword || serverErrors.newPassword)

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (!currentPassword || localNewError) return
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrent('')
          setNew('')
          setSubmitted(false)
          toast.success('Password changed', 'Every other device signed in to your account was signed out.')
        },
        onError: () => {
          setCurrent('')
          setSubmitted(false)
        },
      },
    )
  }

  return (
    <Section
      title="Password"
      description="Changing it signs you out everywhere else. This browser stays signed in."
    >
      <form onSubmit={onSubmit} noValidate>
        <Flex direction="column" gap="3">
          {change.error && !shownInPlace && <ErrorCallout error={change.error} />}
          <InputField
            name="currentPassword"
            type="password"
            label="Current password"
            autoComplete="current-password"
            value={currentPassword}
            onChange={(e) => setCurrent(e.target.value)}
            error={currentError}
          />
          <InputField
            name="newPassword"
            type="password"
            label="New password"
            autoComplete="new-password"
            value={newPassword}
            onChange={(e) => setNew(e.target.value)}
            error={newError}
            hint={passwordHint(newPassword)}
          />
          <Flex justify="between" align="center" gap="3">
            <Text size="1" color="gray">
              Forgot it?{' '}
              <RadixLink asChild size="1">
                <Link to="/forgot-password">Reset it by email</Link>
              </RadixLink>
            </Text>
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Flex>
        </Flex>
      </form>
    </Section>
  )
}

export function ProfileScreen() {
  return (
    <>
      <PageHeader title="Profile" description="Your name, email address and password." />
      <Flex direction="column" gap="5" maxWidth="680px">
        <NameSection />
        <EmailSection />
        <PasswordSection />
      </Flex>
    </>
  )
}
