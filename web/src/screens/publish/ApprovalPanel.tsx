// Approve or reject a deployment that waits for approval.
import { Box, Button, Callout, Card, Flex, Heading, Text } from '@radix-ui/themes'
import { ShieldAlert, ShieldCheck } from 'lucide-react'
import { useId, useState } from 'react'
import { ApiError } from '../../api/client'
import { ErrorCallout } from '../../components/ErrorCallout'
import { TextAreaField } from '../../components/Field'
import { useToast } from '../../components/Toaster'
import { useDecide, type Deployment } from './api'

export function ApprovalPanel({
  deployment,
  envName,
  canApprove,
  userId,
}: {
  deployment: Deployment
  envName: string
  canApprove: boolean
  userId: string
}) {
  const toast = useToast()
  const decide = useDecide()
  const [comment, setComment] = useState('')
  const [rejectTried, setRejectTried] = useState(false)
  const [decision, setDecision] = useState<'approve' | 'reject' | null>(null)
  const headingId = useId()
  const mine = deployment.triggeredBy?.id === userId
  const selfApproval = decide.error instanceof ApiError && decide.error.code === 'deployment.self_approval'
  const commentError =
    rejectTried && !comment.trim()
      ? 'Say why you reject it, so the author knows what to change.'
      : decide.error instanceof ApiError
        ? decide.error.fieldErrors().comment
        : undefined

  const send = (approve: boolean) => {
    if (!approve) {
      setRejectTried(true)
      if (!comment.trim()) return
    }
    setDecision(approve ? 'approve' : 'reject')
    decide.mutate(
      { id: deployment.id, approve, comment: comment.trim() },
      {
        onSuccess: () =>
          approve
            ? toast.success('Deployment approved', `It is on its way to ${envName}.`)
            : toast.success('Deployment rejected', 'Nothing changes in ' + envName + '.'),
      },
    )
  }

  return (
    <Card size="3" asChild>
      <section aria-labelledby={headingId} data-testid="approval">
        <Flex direction="column" gap="4">
          <Flex gap="3" align="start">
            <Text color="amber" style={{ display: 'flex', paddingTop: 2 }} aria-hidden="true">
              <ShieldCheck size={20} />
            </Text>
            <Box>
              <Heading as="h2" size="4" id={headingId} mb="1">
                Waiting for approval
              </Heading>
              <Text as="p" size="2" color="gray">
                {envName} requires an Admin to approve each deployment before it starts. Nothing changes in {envName} until
                then.
              </Text>
            </Box>
          </Flex>
          {!canApprove ? (
            <Text size="2" color="gray">
              An Admin other than {deployment.triggeredBy?.name ?? 'the person who started it'} approves or rejects it.
            </Text>
          ) : (
            <>
              {mine && (
                <Callout.Root color="amber" variant="surface" highContrast size="1" data-testid="self-approval-note">
                  <Callout.Icon>
                    <ShieldAlert size={16} />
                  </Callout.Icon>
                  <Callout.Text>
                    You started this deployment, so another Admin must approve it. You can still reject it to withdraw it.
                  </Callout.Text>
                </Callout.Root>
              )}
              <TextAreaField
                name="comment"
                label="Comment"
                hint="Optional when approving; required when rejecting."
                rows={2}
                maxLength={1000}
                value={comment}
                error={commentError}
                onChange={(e) => setComment(e.target.value)}
              />
              {decide.error && !commentError && (
                <ErrorCallout
                  error={decide.error}
                  title={selfApproval ? 'You cannot approve your own deployment.' : 'Could not record the decision.'}
                />
              )}
              <Flex gap="3" justify="end">
                <Button
                  variant="soft"
                  color="red"
                  highContrast
                  loading={decide.isPending && decision === 'reject'}
                  disabled={decide.isPending}
                  onClick={() => send(false)}
                >
                  Reject
                </Button>
                <Button
                  color="green"
                  highContrast
                  loading={decide.isPending && decision === 'approve'}
                  disabled={decide.isPending || mine}
                  onClick={() => send(true)}
                >
                  Approve and deploy
                </Button>
              </Flex>
            </>
          )}
        </Flex>
      </section>
    </Card>
  )
}
