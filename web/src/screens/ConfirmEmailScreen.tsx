import { Button, Card, Flex, Heading, Spinner, Text } from '@radix-ui/themes'
import { Link } from '@tanstack/react-router'
import { CircleAlert, CircleCheck } from 'lucide-react'
import { useEffect, useRef } from 'react'
import { ApiError } from '../api/client'
import { useConfirmEmail } from '../api/members'
import { ErrorCallout } from '../components/ErrorCallout'

/** Opened from the link sent to a new email address: applies the change once. */
export function ConfirmEmailScreen({ token }: { token: string }) {
  const confirm = useConfirmEmail()
  const { mutate } = confirm
  // The token is single-use: StrictMode's second effect run must not spend it twice.
  const sentFor = useRef('')
  useEffect(() => {
    if (sentFor.current === token) return
    sentFor.current = token
    mutate(token)
  }, [token, mutate])

  const invalid =
    confirm.error instanceof ApiError &&
    (confirm.error.status === 410 || (confirm.error.status === 422 && 'token' in confirm.error.fieldErrors()))

  return (
    <Flex justify="center" pt={{ initial: '2', sm: '6' }}>
      <Card size="4" style={{ maxWidth: 480, width: '100%' }}>
        {confirm.isSuccess ? (
          <Flex direction="column" gap="3" align="start" role="status">
            <Text color="green" style={{ display: 'flex' }}>
              <CircleCheck size={28} />
            </Text>
            <Heading as="h1" size="5">
              Your email is changed
            </Heading>
            <Text as="p" size="2" color="gray">
              From now on you sign in with <strong data-testid="confirmed-email">{confirm.data.user.email}</strong>.
            </Text>
            <Button asChild mt="2">
              <Link to="/profile">Back to your profile</Link>
            </Button>
          </Flex>
        ) : confirm.isError ? (
          <Flex direction="column" gap="3" align="start">
            <Text color="red" style={{ display: 'flex' }}>
              <CircleAlert size={28} />
            </Text>
            <Heading as="h1" size="5">
              {invalid ? 'This confirmation link can’t be used' : 'Could not confirm your email'}
            </Heading>
            {invalid ? (
              <Text as="p" size="2" color="gray">
                It may have expired, been used already, or belong to another account. Your email has not changed; you can
                ask for a new link from your profile.
              </Text>
            ) : (
              <ErrorCallout error={confirm.error} />
            )}
            <Flex gap="3" mt="2">
              <Button asChild>
                <Link to="/profile">Go to your profile</Link>
              </Button>
              {!invalid && (
                <Button variant="soft" color="gray" onClick={() => mutate(token)}>
                  Try again
                </Button>
              )}
            </Flex>
          </Flex>
        ) : (
          <Flex align="center" gap="3" role="status">
            <Spinner size="3" />
            <Heading as="h1" size="4" weight="regular">
              Confirming your new email…
            </Heading>
          </Flex>
        )}
      </Card>
    </Flex>
  )
}
