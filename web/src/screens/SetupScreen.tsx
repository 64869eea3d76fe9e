import { Button, Flex } from '@radix-ui/themes'
import { useQueryClient } from '@tanstack/react-query'
import { useNavigate } from '@tanstack/react-router'
import { useState, type ChangeEvent, type FormEvent } from 'react'
import { ApiError } from '../api/client'
import { keys, useSetup } from '../api/queries'
import { AuthLayout } from '../components/AuthLayout'
import { ErrorCallout } from '../components/ErrorCallout'
import { InputField } from '../components/Field'

export const MIN_PASSWORD_LENGTH = 12

export function SetupScreen() {
  const navigate = useNavigate()
  const setup = useSetup()
  const queryClient = useQueryClient()
  const [form, setForm] = useState({ organizationName: '', name: '', email: '', password: '' })
  const [submitted, setSubmitted] = useState(false)

  const serverErrors = setup.error instanceof ApiError ? setup.error.fieldErrors() : {}
  const passwordShort = form.password.length > 0 && form.password.length < MIN_PASSWORD_LENGTH
  const localErrors: Record<string, string> = {}
  if (submitted) {
    if (!form.organizationName.trim()) localErrors.organizationName = 'Enter your organisation’s name.'
    if (!form.name.trim()) localErrors.name = 'Enter your name.'
    if (!form.email.trim()) localErrors.email = 'Enter your email address.'
    if (form.password.length < MIN_PASSWORD_LENGTH)
      localErrors.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`
  }
  const err = (f: keyof typeof form) => localErrors[f] ?? serverErrors[f]

  const set = (f: keyof typeof form) => (e: ChangeEvent<HTMLInputElement>) =>
    setForm((prev) => ({ ...prev, [f]: e.target.value }))

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (
      !form.organizationName.trim() ||
      !form.name.trim() ||
      !form.email.trim() ||
      form.password.length < MIN_PASSWORD_LENGTH
    )
      return
    setup.mutate(
      { ...form, organizationName: form.organizationName.trim(), name: form.name.trim(), email: form.email.trim() },
      {
        onSuccess: () => void navigate({ to: '/sites', replace: true }),
        onError: (error) => {
          // Someone finished setup in the meantime: sign in instead.
          if (error instanceof ApiError && error.code === 'setup.already_done') {
            queryClient.setQueryData(keys.setup, { setupRequired: false })
            void navigate({ to: '/login', replace: true })
          }
        },
      },
    )
  }

  const showTopError = setup.error && Object.keys(serverErrors).length === 0

  return (
    <AuthLayout
      title="Welcome to Pagewright"
      description="Name your organisation and create the first administrator account. You can invite your team afterwards."
      footer="This account can manage everything: sites, members, API tokens and the audit log."
    >
      <form onSubmit={onSubmit} noValidate>
        <Flex direction="column" gap="4">
          {showTopError && <ErrorCallout error={setup.error} />}
          <InputField
            name="organizationName"
            label="Organisation name"
            placeholder="Riverside Clinics"
            autoComplete="organization"
            value={form.organizationName}
            onChange={set('organizationName')}
            error={err('organizationName')}
            size="3"
            autoFocus
          />
          <InputField
            name="name"
            label="Your name"
            placeholder="Maya Patel"
            autoComplete="name"
            value={form.name}
            onChange={set('name')}
            error={err('name')}
            size="3"
          />
          <InputField
            name="email"
            type="email"
            label="Email"
            placeholder="maya@riverside.example"
            autoComplete="email"
            value={form.email}
            onChange={set('email')}
            error={err('email')}
            size="3"
          />
          <InputField
            name="password"
            type="password"
            label="Password"
            autoComplete="new-password"
            value={form.password}
            onChange={set('password')}
            error={err('password')}
            hint={
              passwordShort
                ? `At least ${MIN_PASSWORD_LENGTH} characters — ${MIN_PASSWORD_LENGTH - form.password.length} to go.`
                : `At least ${MIN_PASSWORD_LENGTH} characters and not a common password. A short sentence is easy to remember and hard to guess.`
            }
            size="3"
          />
          <Button type="submit" size="3" loading={setup.isPending} mt="2">
            Create account
          </Button>
        </Flex>
      </form>
    </AuthLayout>
  )
}
