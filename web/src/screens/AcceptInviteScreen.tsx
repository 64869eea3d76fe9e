import { Button, Flex, Link as RadixLink, Spinner, Text } from '@radix-ui/themes'
import { useQuery } from '@tanstack/react-query'
import { Link, useNavigate } from '@tanstack/react-router'
import { useState, type FormEvent } from 'react'
import { ApiError } from '../api/client'
import { invitationPreviewQuery, useAcceptInvitation } from '../api/members'
import { AuthLayout } from '../components/AuthLayout'
import { AuthMessage } from '../components/AuthMessage'
import { ErrorCallout } from '../components/ErrorCallout'
import { InputField } from '../components/Field'
import { inviterName } from '../lib/members'
import { passwordError, passwordHint } from '../lib/password'
import { ROLE_LABEL } from '../lib/roles'

const INVITED_ROLE: Record<string, string> = {
  admin: 'As an Admin you can do everything, including managing members and settings.',
  editor: 'As an Editor you can create and edit pages.',
  viewer: 'As a Viewer you can read everything but not change it.',
}

/**
 * The answer for expired, used, revoked or tampered invitation tokens: 410,
 * or a token the request validation already refuses (e.g. far too long).
 */
function isInvalidLink(err: unknown): boolean {
  if (!(err instanceof ApiError)) return false
  return err.status === 410 || err.status === 404 || (err.status === 422 && 'token' in err.fieldErrors())
}

export function InvalidInvitation() {
  return (
    <AuthMessage
      title="This invitation link can’t be used"
      description="It may have expired, been used already or been revoked."
    >
      <Text as="p" size="2" color="gray">
        Ask the person who invited you to send a new invitation. If you have already joined, sign in with your email and
        password.
      </Text>
    </AuthMessage>
  )
}

export function AcceptInviteScreen({ token }: { token: string }) {
  const navigate = useNavigate()
  const preview = useQuery(invitationPreviewQuery(token))
  const accept = useAcceptInvitation()
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  const [submitted, setSubmitted] = useState(false)

  if (preview.isPending) {
    return (
      <Flex minHeight="100vh" align="center" justify="center" gap="3" role="status">
        <Spinner size="3" />
        <Text color="gray">Checking your invitation…</Text>
      </Flex>
    )
  }
  if (isInvalidLink(preview.error) || isInvalidLink(accept.error)) return <InvalidInvitation />
  if (preview.isError) {
    return (
      <AuthMessage
        title="Could not open your invitation"
        description="Pagewright did not answer as expected."
        action={
          <Button size="3" onClick={() => void preview.refetch()} loading={preview.isFetching}>
            Try again
          </Button>
        }
      >
        <ErrorCallout error={preview.error} />
      </AuthMessage>
    )
  }

  const invitation = preview.data
  const roleLabel = ROLE_LABEL[invitation.role] ?? invitation.role
  const inviter = inviterName(invitation.invitedBy)
  const serverErrors = accept.error instanceof ApiError ? accept.error.fieldErrors() : {}
  const nameError = submitted && !name.trim() ? 'Enter your name.' : serverErrors.name
  const localPasswordError = passwordError(password)
  const passwordFieldError = (submitted || password.length >= 12 ? localPasswordError : null) ?? serverErrors.password
  const showTopError = accept.error && Object.keys(serverErrors).length === 0

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (!name.trim() || localPasswordError) return
    accept.mutate(
      { token, name: name.trim(), password },
      { onSuccess: () => void navigate({ to: '/sites', replace: true }) },
    )
  }

  return (
    <AuthLayout
      title={`Join ${invitation.organizationName} as ${roleLabel}`}
      description={
        <>
          {inviter ? `${inviter} invited you to Pagewright. ` : 'You are invited to Pagewright. '}
          {INVITED_ROLE[invitation.role] ?? ''}
        </>
      }
      footer={
        <>
          Already have an account?{' '}
          <RadixLink asChild>
            <Link to="/login">Sign in</Link>
          </RadixLink>
        </>
      }
    >
      <form onSubmit={onSubmit} noValidate>
        <Flex direction="column" gap="4">
          {showTopError && <ErrorCallout error={accept.error} />}
          <InputField
            name="email"
            type="email"
            label="Email"
            value={invitation.email}
            readOnly
            autoComplete="username"
            hint="You sign in with this address."
            size="3"
          />
          <InputField
            name="name"
            label="Your name"
            autoComplete="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={nameError}
            size="3"
            autoFocus
          />
          <InputField
            name="password"
            type="password"
            label="Choose a password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={passwordFieldError}
            hint={passwordHint(password)}
            size="3"
          />
          <Button type="submit" size="3" loading={accept.isPending} mt="2">
            Join
          </Button>
        </Flex>
      </form>
    </AuthLayout>
  )
}
