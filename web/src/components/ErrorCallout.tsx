import { Callout, Text } from '@radix-ui/themes'
import { CircleAlert } from 'lucide-react'
import { ApiError, errorMessage } from '../api/client'

/**
 * Shows an error in place: the problem's detail and, when the fault is on
 * the server's side, the request id to quote to support. A wrong password
 * or a taken slug needs no request id.
 */
export function ErrorCallout({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null
  const requestId = error instanceof ApiError && (error.status >= 500 || error.status === 0) ? error.requestId : ''
  return (
    <Callout.Root color="red" role="alert" variant="surface">
      <Callout.Icon>
        <CircleAlert size={16} />
      </Callout.Icon>
      <Callout.Text>
        {title && (
          <Text as="span" weight="bold">
            {title}{' '}
          </Text>
        )}
        {errorMessage(error)}
        {requestId && (
          <Text as="span" color="gray" size="1" style={{ display: 'block', marginTop: 4 }}>
            Request ID: {requestId}
          </Text>
        )}
      </Callout.Text>
    </Callout.Root>
  )
}
