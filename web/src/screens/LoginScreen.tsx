import { Button, Flex, Link as RadixLink } from '@radix-ui/themes'
import { Link, useRouter } from '@tanstack/react-router'
import { useState, type FormEvent } from 'react'
import { ApiError } from '../api/client'
import { useLogin } from '../api/queries'
import { AuthLayout } from '../components/AuthLayout'
import { ErrorCallout } from '../components/ErrorCallout'
import { InputField } from '../components/Field'

/** Only same-app paths are allowed as redirect targets (no open redirects). */
export function safeRedirect(target: string | undefined): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return '/sites'
  if (target.startsWith('/login') || target.startsWith('/setup')) return '/sites'
  return target
}

/** Paths the server answers itself: a full page load, not a route. */
export function servedByServer(path: string): boolean {
  return path.startsWith('/s/') || path.startsWith('/_pw/')
}

export function LoginScreen({ redirect }: { redirect?: string }) {
  const router = useRouter()
  const login = useLogin()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')

  const fieldErrors = login.error instanceof ApiError ? login.error.fieldErrors() : {}

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    login.mutate(
      { email: email.trim(), password },
      {
        onSuccess: () => {
          const to = safeRedirect(redirect)
          // Published sites, and signing in on a site's own domain, are
          // the server's, not this app's.
          if (servedByServer(to)) window.location.assign(to)
          else router.history.replace(to)
        },
        onError: () => setPassword(''),
      },
    )
  }

  return (
    <AuthLayout
      title="Sign in to Pagewright"
      description={
        redirect && servedByServer(redirect)
          ? 'This site is for members of your organisation. Sign in to see it.'
          : redirect
            ? 'Your session has ended. Sign in again to continue where you were.'
            : 'Use your email address and the password you chose.'
      }
      footer={
        <RadixLink asChild size="2">
          <Link to="/forgot-password">Forgot your password?</Link>
        </RadixLink>
      }
    >
      <form onSubmit={onSubmit}>
        <Flex direction="column" gap="4">
          {login.error && Object.keys(fieldErrors).length === 0 && (
            <ErrorCallout
              error={login.error}
              title={
                login.error instanceof ApiError && login.error.code === 'auth.rate_limited'
                  ? 'Too many attempts.'
                  : undefined
              }
            />
          )}
          <InputField
            name="email"
            type="email"
            label="Email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fieldErrors.email}
            required
            size="3"
            autoFocus
          />
          <InputField
            name="password"
            type="password"
            label="Password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldErrors.password}
            required
            size="3"
          />
          <Button type="submit" size="3" loading={login.isPending} mt="2">
            Sign in
          </Button>
        </Flex>
      </form>
    </AuthLayout>
  )
}
