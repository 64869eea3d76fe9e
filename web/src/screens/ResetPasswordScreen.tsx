import { Button, Callout, Flex, Link as RadixLink, Text } from '@radix-ui/themes'
import { Link } from '@tanstack/react-router'
import { CircleCheck } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { ApiError } from '../api/client'
import { useConfirmPasswordReset } from '../api/members'
import { AuthLayout } from '../components/AuthLayout'
import { AuthMessage } from '../components/AuthMessage'
import { ErrorCallout } from '../components/ErrorCallout'
import { InputField } from '../components/Field'
import { confirmPasswordError, passwordError, passwordHint } from '../lib/password'

/** Expired, used or tampered reset tokens (410), or one the request validation refuses. */
function isInvalidLink(err: unknown): boolean {
  if (!(err instanceof ApiError)) return false
  return err.status === 410 || err.code === 'reset.invalid' || (err.status === 422 && 'token' in err.fieldErrors())
}

export function ResetPasswordScreen({ token }: { token: string }) {
  const confirm = useConfirmPasswordReset()
  const [password, setPassword] = useState('')
  const [again, setAgain] = useState('')
  const [submitted, setSubmitted] = useState(false)

  if (isInvalidLink(confirm.error)) {
    return (
      <AuthMessage
        title="This reset link can’t be used"
        description="It may have expired or been used already."
        action={
          <Flex direction="column" gap="3">
            <Button asChild size="3">
              <Link to="/forgot-password">Send a new link</Link>
            </Button>
            <Button asChild size="3" variant="soft" color="gray">
              <Link to="/login">Go to sign in</Link>
            </Button>
          </Flex>
        }
      >
        <Text as="p" size="2" color="gray">
          Reset links work once and only for a short time. Ask for a new one, or ask an Admin to create one for you.
        </Text>
      </AuthMessage>
    )
  }

  if (confirm.isSuccess) {
    return (
      <AuthMessage title="Your password is changed" description="Sign in with your new password.">
        <Callout.Root color="green" variant="surface" role="status">
          <Callout.Icon>
            <CircleCheck size={16} />
          </Callout.Icon>
          <Callout.Text>For your safety, every device that was signed in to your account has been signed out.</Callout.Text>
        </Callout.Root>
      </AuthMessage>
    )
  }

  const serverErrors = confirm.error instanceof ApiError ? confirm.error.fieldErrors() : {}
  const localError = passwordError(password)
  const againError = confirmPasswordError(password, again)
  const passwordFieldError = (submitted || password.length >= 12 ? localError : null) ?? serverErrors.password
  const againFieldError = submitted || (again.length >= password.length && again.length > 0) ? againError : null

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (localError || againError) return
    confirm.mutate({ token, password })
  }

  return (
    <AuthLayout
      title="Choose a new password"
      description="You’ll use it to sign in from now on."
      footer={
        <RadixLink asChild>
          <Link to="/login">Back to sign in</Link>
        </RadixLink>
      }
    >
      <form onSubmit={onSubmit} noValidate>
        <Flex direction="column" gap="4">
          {confirm.error && Object.keys(serverErrors).length === 0 && <ErrorCallout error={confirm.error} />}
          <InputField
            name="password"
            type="password"
            label="New password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={passwordFieldError}
            hint={passwordHint(password)}
            size="3"
            autoFocus
          />
          <InputField
            name="confirmPassword"
            type="password"
            label="New password again"
            autoComplete="new-password"
            value={again}
            onChange={(e) => setAgain(e.target.value)}
            error={againFieldError}
            size="3"
          />
          <Button type="submit" size="3" loading={confirm.isPending} mt="2">
            Set new password
          </Button>
        </Flex>
      </form>
    </AuthLayout>
  )
}
