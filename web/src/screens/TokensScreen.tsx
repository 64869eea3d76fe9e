import { Badge, Button, Callout, Card, Code, Dialog, Flex, Select, Skeleton, Table, Text, TextField } from '@radix-ui/themes'
import { useQuery } from '@tanstack/react-query'
import { Check, Copy, KeyRound, Plus, TriangleAlert } from 'lucide-react'
import { useId, useState, type FormEvent } from 'react'
import { ApiError } from '../api/client'
import { tokensQuery, useCreateToken, useRevokeToken } from '../api/queries'
import type { ApiToken, CreatedToken } from '../api/types'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { EmptyState } from '../components/EmptyState'
import { ErrorCallout } from '../components/ErrorCallout'
import { InputField } from '../components/Field'
import { PageHeader } from '../components/PageHeader'
import { useToast } from '../components/Toaster'
import { formatDate, formatDateTime, isPast, relativeTime } from '../lib/format'
import { useCan } from '../lib/session'

const EXPIRY_OPTIONS = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never' },
]

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}

function SecretReveal({ created, onDone }: { created: CreatedToken; onDone: () => void }) {
  const [copied, setCopied] = useState(false)
  const [copyFailed, setCopyFailed] = useState(false)
  const inputId = useId()
  return (
    <>
      <Dialog.Title>Copy your new token</Dialog.Title>
      <Dialog.Description size="2" color="gray" mb="4">
        “{created.token.name}” is ready. Use it as a bearer token: <Code variant="ghost" style={{ whiteSpace: 'nowrap' }}>Authorization: Bearer …</Code>
      </Dialog.Description>
      <Flex direction="column" gap="4">
        <Callout.Root color="amber" variant="surface">
          <Callout.Icon>
            <TriangleAlert size={16} />
          </Callout.Icon>
          <Callout.Text>
            Copy this token now and store it somewhere safe. <strong>It won’t be shown again.</strong>
          </Callout.Text>
        </Callout.Root>
        <Flex direction="column" gap="1">
          <Text as="label" htmlFor={inputId} size="2" weight="medium">
            API token
          </Text>
          <Flex gap="2">
            <TextField.Root
              id={inputId}
              name="secret"
              readOnly
              value={created.secret}
              className="mono"
              style={{ flexGrow: 1 }}
              onFocus={(e) => e.currentTarget.select()}
              data-testid="token-secret"
            />
            <Button
              type="button"
              variant="soft"
              onClick={async () => {
                const ok = await copyText(created.secret)
                setCopied(ok)
                setCopyFailed(!ok)
              }}
            >
              {copied ? <Check size={14} /> : <Copy size={14} />} {copied ? 'Copied' : 'Copy'}
            </Button>
          </Flex>
          {copyFailed && (
            <Text size="1" color="red">
              Your browser blocked copying. Select the token and copy it yourself.
            </Text>
          )}
        </Flex>
      </Flex>
      <Flex justify="end" mt="5">
        <Button type="button" onClick={onDone}>
          Done
        </Button>
      </Flex>
    </>
  )
}

function CreateTokenDialog({ onClose }: { onClose: () => void }) {
  const create = useCreateToken()
  const [name, setName] = useState('')
  const [expiry, setExpiry] = useState('90')
  const [submitted, setSubmitted] = useState(false)
  const [created, setCreated] = useState<CreatedToken | null>(null)
  const expiryId = useId()

  const serverErrors = create.error instanceof ApiError ? create.error.fieldErrors() : {}
  const nameError = submitted && !name.trim() ? 'Enter a name so you can recognise this token later.' : serverErrors.name

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (!name.trim()) return
    create.mutate(
      { name: name.trim(), expiresInDays: expiry === 'never' ? undefined : Number(expiry) },
      { onSuccess: setCreated },
    )
  }

  return (
    <Dialog.Root
      open
      onOpenChange={(o) => {
        if (!o) onClose()
      }}
    >
      <Dialog.Content
        maxWidth="520px"
        // Once the secret is on screen, closing needs a deliberate "Done".
        onInteractOutside={(e) => created && e.preventDefault()}
      >
        {created ? (
          <SecretReveal created={created} onDone={onClose} />
        ) : (
          <>
            <Dialog.Title>New API token</Dialog.Title>
            <Dialog.Description size="2" color="gray" mb="4">
              Tokens let scripts and integrations call the Pagewright API as you, with your permissions.
            </Dialog.Description>
            <form onSubmit={onSubmit} noValidate>
              <Flex direction="column" gap="4">
                {create.error && Object.keys(serverErrors).length === 0 && <ErrorCallout error={create.error} />}
                <InputField
                  name="name"
                  label="Name"
                  placeholder="CI deploy script"
                  value={name}
                  autoFocus
                  autoComplete="off"
                  error={nameError}
                  onChange={(e) => setName(e.target.value)}
                />
                <Flex direction="column" gap="1">
                  <Text as="label" htmlFor={expiryId} size="2" weight="medium">
                    Expires after
                  </Text>
                  <Select.Root value={expiry} onValueChange={setExpiry} name="expiresInDays">
                    <Select.Trigger id={expiryId} />
                    <Select.Content position="popper">
                      {EXPIRY_OPTIONS.map((o) => (
                        <Select.Item key={o.value} value={o.value}>
                          {o.label}
                        </Select.Item>
                      ))}
                    </Select.Content>
                  </Select.Root>
                  {serverErrors.expiresInDays && (
                    <Text size="1" color="red">
                      {serverErrors.expiresInDays}
                    </Text>
                  )}
                </Flex>
              </Flex>
              <Flex gap="3" mt="5" justify="end">
                <Dialog.Close>
                  <Button type="button" variant="soft" color="gray">
                    Cancel
                  </Button>
                </Dialog.Close>
                <Button type="submit" loading={create.isPending}>
                  Create token
                </Button>
              </Flex>
            </form>
          </>
        )}
      </Dialog.Content>
    </Dialog.Root>
  )
}

function ExpiryCell({ token }: { token: ApiToken }) {
  if (!token.expiresAt) return <Text color="gray">Never</Text>
  if (isPast(token.expiresAt))
    return (
      <Badge color="red" variant="soft" radius="full" title={formatDateTime(token.expiresAt)}>
        Expired
      </Badge>
    )
  return <Text title={formatDateTime(token.expiresAt)}>{formatDate(token.expiresAt)}</Text>
}

export function TokensScreen() {
  const can = useCan()
  const toast = useToast()
  const tokens = useQuery(tokensQuery)
  const revoke = useRevokeToken()
  const [creating, setCreating] = useState(false)
  const [revoking, setRevoking] = useState<ApiToken | null>(null)
  const canManage = can('token:manage')
  const items = tokens.data?.items ?? []

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Personal tokens for scripts and integrations. A token acts as you, with your permissions."
        actions={
          canManage && (
            <Button onClick={() => setCreating(true)}>
              <Plus size={16} /> New token
            </Button>
          )
        }
      />
      {!canManage && (
        <Callout.Root color="gray" variant="surface" mb="4">
          <Callout.Text>Your role cannot create or revoke API tokens.</Callout.Text>
        </Callout.Root>
      )}
      {tokens.isPending ? (
        <Card aria-busy="true" aria-label="Loading tokens">
          <Flex direction="column" gap="3" p="2">
            <Skeleton height="16px" />
            <Skeleton height="16px" />
          </Flex>
        </Card>
      ) : tokens.isError ? (
        <ErrorCallout error={tokens.error} title="Could not load tokens." />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<KeyRound size={28} />}
          title="No API tokens"
          description="Create a token to call the Pagewright API from a script, a CI pipeline or another system."
          action={
            canManage && (
              <Button size="3" onClick={() => setCreating(true)}>
                <Plus size={16} /> Create a token
              </Button>
            )
          }
        />
      ) : (
        <Card size="1" className="table-card">
          <Table.Root variant="ghost">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Token</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Created</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Last used</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Expires</Table.ColumnHeaderCell>
                {canManage && (
                  <Table.ColumnHeaderCell>
                    <span className="visually-hidden">Actions</span>
                  </Table.ColumnHeaderCell>
                )}
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {items.map((t) => (
                <Table.Row key={t.id} align="center" data-testid="token-row">
                  <Table.RowHeaderCell>
                    <Text weight="medium">{t.name}</Text>
                  </Table.RowHeaderCell>
                  <Table.Cell>
                    <Code variant="ghost" color="gray">
                      {t.prefix}…
                    </Code>
                  </Table.Cell>
                  <Table.Cell title={formatDateTime(t.createdAt)}>{formatDate(t.createdAt)}</Table.Cell>
                  <Table.Cell>
                    {t.lastUsedAt ? (
                      <span title={formatDateTime(t.lastUsedAt)}>{relativeTime(t.lastUsedAt)}</span>
                    ) : (
                      <Text color="gray">Never</Text>
                    )}
                  </Table.Cell>
                  <Table.Cell>
                    <ExpiryCell token={t} />
                  </Table.Cell>
                  {canManage && (
                    <Table.Cell justify="end">
                      <Button size="1" variant="ghost" color="red" aria-label={`Revoke ${t.name}`} onClick={() => setRevoking(t)}>
                        Revoke
                      </Button>
                    </Table.Cell>
                  )}
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        </Card>
      )}

      {creating && <CreateTokenDialog onClose={() => setCreating(false)} />}
      {revoking && (
        <ConfirmDialog
          open
          onOpenChange={(o) => {
            if (!o) {
              setRevoking(null)
              revoke.reset()
            }
          }}
          title={`Revoke “${revoking.name}”?`}
          description="Anything using this token will stop working immediately. This cannot be undone."
          confirmLabel="Revoke"
          pending={revoke.isPending}
          error={revoke.error}
          onConfirm={() =>
            revoke.mutate(revoking.id, {
              onSuccess: () => {
                toast.success('Token revoked', `“${revoking.name}” no longer works.`)
                setRevoking(null)
              },
            })
          }
        />
      )}
    </>
  )
}
