import { Button, Flex, Text } from '@radix-ui/themes'
import { Link } from '@tanstack/react-router'
import type { ReactNode } from 'react'
import { AuthLayout } from './AuthLayout'

/** A sign-in-layout page that only says something, e.g. "this link has expired". */
export function AuthMessage({
  title,
  description,
  children,
  action = 'sign-in',
}: {
  title: string
  description: ReactNode
  children?: ReactNode
  /** The main way on; "sign-in" links to /login. */
  action?: 'sign-in' | ReactNode
}) {
  return (
    <AuthLayout title={title} description={description}>
      <Flex direction="column" gap="4">
        {children}
        {action === 'sign-in' ? (
          <Button asChild size="3">
            <Link to="/login">Go to sign in</Link>
          </Button>
        ) : (
          action
        )}
      </Flex>
    </AuthLayout>
  )
}

/** A small centred line under an auth form, e.g. "Back to sign in". */
export function AuthFooterLink({ children }: { children: ReactNode }) {
  return (
    <Text as="p" size="2" align="center" mt="4">
      {children}
    </Text>
  )
}
