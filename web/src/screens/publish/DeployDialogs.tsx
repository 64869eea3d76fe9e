// The dialogs that start deployments: Deploy, Promote and Roll back.
import { Callout, Code, Dialog, Flex, Button, Select, Text, Link as RadixLink } from '@radix-ui/themes'
import { useNavigate } from '@tanstack/react-router'
import { ShieldCheck } from 'lucide-react'
import { useId, useState, type FormEvent } from 'react'
import { ApiError } from '../../api/client'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorCallout } from '../../components/ErrorCallout'
import { TextAreaField } from '../../components/Field'
import { useToast } from '../../components/Toaster'
import { formatDateTime } from '../../lib/format'
import {
  absoluteEnvUrl,
  displayUrl,
  useDeploy,
  usePromote,
  useRollback,
  type Deployment,
  type Environment,
} from './api'

function ApprovalNote({ env }: { env: Environment }) {
  if (!env.requiresApproval) return null
  return (
    <Callout.Root color="amber" variant="surface" highContrast size="1">
      <Callout.Icon>
        <ShieldCheck size={16} />
      </Callout.Icon>
      <Callout.Text>
        {env.name} requires approval: the deployment waits until another Admin approves it, and nothing changes there until
        then.
      </Callout.Text>
    </Callout.Root>
  )
}

const MESSAGE_MAX = 1000

/** Deploy the site's current pages to an environment; then open the deployment. */
export function DeployDialog({
  siteId,
  env,
  open,
  onOpenChange,
}: {
  siteId: string
  env: Environment
  open: boolean
  onOpenChange: (open: boolean) => void
}) {
  const navigate = useNavigate()
  const deploy = useDeploy(siteId)
  const [message, setMessage] = useState('')
  const fieldErr = deploy.error instanceof ApiError ? deploy.error.fieldErrors().message : undefined

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    deploy.mutate(
      { env: env.slug, message: message.trim() },
      {
        onSuccess: (d) => {
          onOpenChange(false)
          void navigate({ to: '/sites/$siteId/deployments/$deploymentId', params: { siteId, deploymentId: d.id } })
        },
      },
    )
  }

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Content maxWidth="500px">
        <Dialog.Title>Deploy to {env.name}</Dialog.Title>
        <Dialog.Description size="2" color="gray" mb="4">
          Builds the site’s current pages and puts them live at{' '}
          <Code variant="ghost">{displayUrl(absoluteEnvUrl(env.url))}</Code>. What is there now keeps being served until the new
          build is ready and checked.
        </Dialog.Description>
        <form onSubmit={onSubmit} noValidate>
          <Flex direction="column" gap="4">
            <ApprovalNote env={env} />
            <TextAreaField
              name="message"
              label="Message (optional)"
              placeholder="What changed? For example: new opening hours for Hillside"
              maxLength={MESSAGE_MAX}
              rows={3}
              value={message}
              autoFocus
              error={fieldErr}
              hint="Shown in the deployment history, so the team knows what went out."
              onChange={(e) => setMessage(e.target.value)}
            />
            {deploy.error && !fieldErr && <ErrorCallout error={deploy.error} title="Could not start the deployment." />}
          </Flex>
          <Flex gap="3" mt="5" justify="end">
            <Dialog.Close>
              <Button type="button" variant="soft" color="gray">
                Cancel
              </Button>
            </Dialog.Close>
            <Button type="submit" loading={deploy.isPending} highContrast>
              {env.requiresApproval ? 'Request deployment' : 'Deploy'}
            </Button>
          </Flex>
        </form>
      </Dialog.Content>
    </Dialog.Root>
  )
}

/** Ship a successful deployment's artifact to another environment. */
export function PromoteDialog({
  siteId,
  source,
  sourceEnv,
  environments,
  open,
  onOpenChange,
}: {
  siteId: string
  source: Deployment
  sourceEnv: Environment
  environments: Environment[]
  open: boolean
  onOpenChange: (open: boolean) => void
}) {
  const navigate = useNavigate()
  const promote = usePromote()
  const targets = environments.filter((e) => e.id !== sourceEnv.id)
  // The next environment along (by position) is the usual target.
  const next = targets.find((e) => e.position > sourceEnv.position) ?? targets[0]
  const [to, setTo] = useState(next?.slug ?? '')
  const [message, setMessage] = useState('')
  const selectId = useId()
  const target = targets.find((e) => e.slug === to)
  const fieldErrs = promote.error instanceof ApiError ? promote.error.fieldErrors() : {}

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (!to) return
    promote.mutate(
      { id: source.id, to, message: message.trim() },
      {
        onSuccess: (d) => {
          onOpenChange(false)
          void navigate({ to: '/sites/$siteId/deployments/$deploymentId', params: { siteId, deploymentId: d.id } })
        },
      },
    )
  }

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Content maxWidth="500px">
        <Dialog.Title>Promote from {sourceEnv.name}</Dialog.Title>
        <Dialog.Description size="2" color="gray" mb="4">
          Ships exactly what {sourceEnv.name} serves{source.message ? <> (“{source.message}”)</> : null}, deployed{' '}
          {formatDateTime(source.finishedAt ?? source.createdAt)}, to another environment. Nothing is rebuilt.
        </Dialog.Description>
        {targets.length === 0 ? (
          <Flex direction="column" gap="4">
            <Text size="2">This site has no other environment to promote to. Add a staging or preview environment first.</Text>
            <Flex justify="end">
              <Dialog.Close>
                <Button variant="soft" color="gray">
                  Close
                </Button>
              </Dialog.Close>
            </Flex>
          </Flex>
        ) : (
          <form onSubmit={onSubmit} noValidate>
            <Flex direction="column" gap="4">
              <Flex direction="column" gap="1">
                <Text as="label" htmlFor={selectId} size="2" weight="medium">
                  To environment
                </Text>
                <Select.Root value={to} onValueChange={setTo} name="to">
                  <Select.Trigger id={selectId} color={fieldErrs.to ? 'red' : undefined} />
                  <Select.Content position="popper">
                    {targets.map((e) => (
                      <Select.Item key={e.id} value={e.slug}>
                        {e.name}
                      </Select.Item>
                    ))}
                  </Select.Content>
                </Select.Root>
                {fieldErrs.to ? (
                  <Text size="1" color="red" role="alert">
                    {fieldErrs.to}
                  </Text>
                ) : target ? (
                  <Text size="1" color="gray">
                    Served at{' '}
                    <RadixLink href={absoluteEnvUrl(target.url)} target="_blank" rel="noopener noreferrer">
                      {displayUrl(absoluteEnvUrl(target.url))}
                    </RadixLink>
                  </Text>
                ) : null}
              </Flex>
              {target && <ApprovalNote env={target} />}
              <TextAreaField
                name="message"
                label="Message (optional)"
                placeholder={`Promoted from ${sourceEnv.name}`}
                maxLength={MESSAGE_MAX}
                rows={2}
                value={message}
                error={fieldErrs.message}
                onChange={(e) => setMessage(e.target.value)}
              />
              {promote.error && !fieldErrs.to && !fieldErrs.message && (
                <ErrorCallout error={promote.error} title="Could not promote." />
              )}
            </Flex>
            <Flex gap="3" mt="5" justify="end">
              <Dialog.Close>
                <Button type="button" variant="soft" color="gray">
                  Cancel
                </Button>
              </Dialog.Close>
              <Button type="submit" loading={promote.isPending} disabled={!to} highContrast>
                Promote{target ? ` to ${target.name}` : ''}
              </Button>
            </Flex>
          </form>
        )}
      </Dialog.Content>
    </Dialog.Root>
  )
}

/** "Make this deployment live again?" — a rollback takes effect at once. */
export function RollbackDialog({
  deployment,
  envName,
  onClose,
  onDone,
}: {
  deployment: Deployment
  envName: string
  onClose: () => void
  onDone?: (d: Deployment) => void
}) {
  const toast = useToast()
  const rollback = useRollback()
  return (
    <ConfirmDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title="Make this deployment live again?"
      description={
        <>
          It takes effect at once: {envName} serves the deployment of {formatDateTime(deployment.createdAt)}
          {deployment.message ? <> (“{deployment.message}”)</> : null} again, instead of what it serves now.
        </>
      }
      confirmLabel="Roll back"
      pending={rollback.isPending}
      error={rollback.error}
      onConfirm={() =>
        rollback.mutate(deployment.id, {
          onSuccess: (d) => {
            toast.success('Rolled back', `${envName} serves the earlier deployment again.`)
            onClose()
            onDone?.(d)
          },
        })
      }
    />
  )
}
