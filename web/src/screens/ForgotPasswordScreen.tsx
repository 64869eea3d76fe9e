import { Button, Callout, Flex, Link as RadixLink, Text } from '@radix-ui/themes'
import { Link } from '@tanstack/react-router'
import { MailCheck } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { ApiError } from '../api/client'
import { useRequestPasswordReset } from '../api/members'
import { AuthLayout } from '../components/AuthLayout'
import { ErrorCallout } from '../components/ErrorCallout'
import { InputField } from '../components/Field'

export function ForgotPasswordScreen() {
  const request = useRequestPasswordReset()
  const [email, setEmail] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const [sentTo, setSentTo] = useState('')

  const serverErrors = request.error instanceof ApiError ? request.error.fieldErrors() : {}
  const emailError = (submitted && !email.trim() ? 'Enter the email you sign in with.' : null) ?? serverErrors.email

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    const value = email.trim()
    if (!value) return
    request.mutate(value, { onSuccess: () => setSentTo(value) })
  }

  const backToSignIn = (
    <RadixLink asChild>
      <Link to="/login">Back to sign in</Link>
    </RadixLink>
  )

  if (sentTo) {
    return (
      <AuthLayout title="Check your email" description={<>We received a request for {sentTo}.</>} footer={backToSignIn}>
        <Flex direction="column" gap="4">
          <Callout.Root color="green" variant="surface" role="status">
            <Callout.Icon>
              <MailCheck size={16} />
            </Callout.Icon>
            <Callout.Text>
              If an account exists for that email, we’ve sent a link to choose a new password. It works once and expires
              soon.
            </Callout.Text>
          </Callout.Root>
          <Text as="p" size="2" color="gray">
            Nothing arrived? Check your spam folder. If email isn’t set up on this Pagewright server, ask an Admin for a
            reset link instead.
          </Text>
          <Button type="button" variant="soft" color="gray" size="3" onClick={() => setSentTo('')}>
            Use another email
          </Button>
        </Flex>
      </AuthLayout>
    )
  }

  return (
    <AuthLayout
      title="Forgot your password?"
      description="Enter the email you sign in with and we’ll send you a link to choose a new one."
      footer={backToSignIn}
    >
      <form onSubmit={onSubmit} noValidate>
        <Flex direction="column" gap="4">
          {request.error && Object.keys(serverErrors).length === 0 && <ErrorCallout error={request.error} />}
          <InputField
            name="email"
            type="email"
            label="Email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={emailError}
            size="3"
            autoFocus
          />
          <Button type="submit" size="3" loading={request.isPending} mt="2">
            Send reset link
          </Button>
        </Flex>
      </form>
    </AuthLayout>
  )
}
