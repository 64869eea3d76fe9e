// An environment's secrets: names only (values never leave the server),
// set or replace one in a dialog, delete with a confirmation.
import { Box, Button, Card, Code, Dialog, Flex, Heading, Table, Text } from '@radix-ui/themes'
import { KeyRound, Plus, Trash2 } from 'lucide-react'
import { useId, useState, type FormEvent } from 'react'
import { ApiError } from '../../api/client'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorCallout } from '../../components/ErrorCallout'
import { InputField } from '../../components/Field'
import { useToast } from '../../components/Toaster'
import { formatDateTime, relativeTime } from '../../lib/format'
import { SECRET_NAME, useDeleteSecret, usePutSecret, type Environment } from './api'

function SecretDialog({
  siteId,
  env,
  name: fixedName,
  onClose,
}: {
  siteId: string
  env: Environment
  /** Replacing this secret; otherwise a new one. */
  name?: string
  onClose: () => void
}) {
  const toast = useToast()
  const put = usePutSecret(siteId, env.slug)
  const [name, setName] = useState(fixedName ?? '')
  const [value, setValue] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const serverErrs = put.error instanceof ApiError ? put.error.fieldErrors() : {}
  const exists = !fixedName && env.secrets.some((s) => s.name === name)

  const nameError = fixedName
    ? undefined
    : (submitted || name) && !SECRET_NAME.test(name)
      ? 'Use capital letters, digits and underscores, starting with a letter (e.g. BOOKING_API_KEY).'
      : serverErrs.name
  const valueError = submitted && !value ? 'Enter the value.' : serverErrs.value

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (!SECRET_NAME.test(name) || !value) return
    put.mutate(
      { name, value },
      {
        onSuccess: () => {
          toast.success(fixedName || exists ? 'Secret replaced' : 'Secret set', `${name} is sealed; its value is never shown again.`)
          onClose()
        },
      },
    )
  }

  return (
    <Dialog.Root open onOpenChange={(o) => !o && onClose()}>
      <Dialog.Content maxWidth="480px">
        <Dialog.Title>{fixedName ? `Replace ${fixedName}` : 'Set secret'}</Dialog.Title>
        <Dialog.Description size="2" color="gray" mb="4">
          Secrets of {env.name} are sealed at rest and never shown again, not even to Admins. Pages and data bindings use them
          by name.
        </Dialog.Description>
        <form onSubmit={onSubmit} noValidate>
          <Flex direction="column" gap="4">
            {!fixedName && (
              <InputField
                name="name"
                label="Name"
                placeholder="BOOKING_API_KEY"
                maxLength={64}
                value={name}
                autoFocus
                autoComplete="off"
                spellCheck={false}
                error={nameError}
                hint={exists ? `${name} exists: saving replaces its value.` : 'Capital letters, digits and underscores.'}
                onChange={(e) => setName(e.target.value.toUpperCase().replace(/[^A-Z0-9_]/g, '_'))}
              />
            )}
            <InputField
              name="value"
              label="Value"
              type="password"
              autoComplete="new-password"
              autoFocus={Boolean(fixedName)}
              maxLength={8192}
              value={value}
              error={valueError}
              onChange={(e) => setValue(e.target.value)}
            />
            {put.error && !serverErrs.name && !serverErrs.value && <ErrorCallout error={put.error} />}
          </Flex>
          <Flex gap="3" mt="5" justify="end">
            <Dialog.Close>
              <Button type="button" variant="soft" color="gray">
                Cancel
              </Button>
            </Dialog.Close>
            <Button type="submit" loading={put.isPending} highContrast>
              {fixedName || exists ? 'Replace secret' : 'Set secret'}
            </Button>
          </Flex>
        </form>
      </Dialog.Content>
    </Dialog.Root>
  )
}

function DeleteSecretDialog({ siteId, env, name, onClose }: { siteId: string; env: Environment; name: string; onClose: () => void }) {
  const toast = useToast()
  const del = useDeleteSecret(siteId, env.slug)
  return (
    <ConfirmDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={`Delete ${name}?`}
      description={`Pages and data bindings in ${env.name} that use ${name} stop getting it at their next deployment. The value cannot be recovered.`}
      confirmLabel="Delete secret"
      pending={del.isPending}
      error={del.error}
      onConfirm={() =>
        del.mutate(name, {
          onSuccess: () => {
            toast.success('Secret deleted', `${name} was deleted from ${env.name}.`)
            onClose()
          },
        })
      }
    />
  )
}

export function SecretsSection({ siteId, env, canEdit }: { siteId: string; env: Environment; canEdit: boolean }) {
  const headingId = useId()
  const [setting, setSetting] = useState<{ name?: string } | null>(null)
  const [deleting, setDeleting] = useState<string | null>(null)
  const secrets = [...env.secrets].sort((a, b) => a.name.localeCompare(b.name))
  return (
    <Card size="3" asChild>
      <section aria-labelledby={headingId} data-testid="secrets">
        <Flex direction="column" gap="4">
          <Flex justify="between" align="start" gap="3" wrap="wrap">
            <Box>
              <Heading as="h2" size="4" id={headingId} mb="1">
                Secrets
              </Heading>
              <Text as="p" size="2" color="gray">
                API keys and passwords this environment’s data bindings use. Only the names are shown.
              </Text>
            </Box>
            {canEdit && (
              <Button variant="soft" onClick={() => setSetting({})}>
                <Plus size={14} /> Set secret…
              </Button>
            )}
          </Flex>
          {secrets.length === 0 ? (
            <Flex align="center" gap="2">
              <Text color="gray" style={{ display: 'flex' }} aria-hidden="true">
                <KeyRound size={16} />
              </Text>
              <Text size="2" color="gray">
                No secrets yet.
              </Text>
            </Flex>
          ) : (
            <Box className="table-card" style={{ border: '1px solid var(--gray-a5)', borderRadius: 'var(--radius-3)' }}>
              <Table.Root variant="ghost" size="1">
                <Table.Header>
                  <Table.Row>
                    <Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell>
                    <Table.ColumnHeaderCell>Updated</Table.ColumnHeaderCell>
                    {canEdit && (
                      <Table.ColumnHeaderCell>
                        <span className="visually-hidden">Actions</span>
                      </Table.ColumnHeaderCell>
                    )}
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {secrets.map((s) => (
                    <Table.Row key={s.name} align="center" data-testid="secret-row">
                      <Table.RowHeaderCell>
                        <Code variant="ghost">{s.name}</Code>
                      </Table.RowHeaderCell>
                      <Table.Cell>
                        <Text size="1" color="gray" title={formatDateTime(s.updatedAt)}>
                          {relativeTime(s.updatedAt)}
                        </Text>
                      </Table.Cell>
                      {canEdit && (
                        <Table.Cell justify="end">
                          <Flex gap="2" justify="end">
                            <Button size="1" variant="ghost" onClick={() => setSetting({ name: s.name })} aria-label={`Replace ${s.name}`}>
                              Replace…
                            </Button>
                            <Button size="1" variant="ghost" color="red" onClick={() => setDeleting(s.name)} aria-label={`Delete ${s.name}`}>
                              <Trash2 size={13} /> Delete
                            </Button>
                          </Flex>
                        </Table.Cell>
                      )}
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table.Root>
            </Box>
          )}
        </Flex>
        {setting && <SecretDialog siteId={siteId} env={env} name={setting.name} onClose={() => setSetting(null)} />}
        {deleting && <DeleteSecretDialog siteId={siteId} env={env} name={deleting} onClose={() => setDeleting(null)} />}
      </section>
    </Card>
  )
}
