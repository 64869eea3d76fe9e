// The design system screen's dialogs: add a token, someone else saved
// (412), and the history of changes.
import { AlertDialog, Badge, Box, Button, Code, Dialog, Flex, ScrollArea, Select, Skeleton, Text } from '@radix-ui/themes'
import { useQuery } from '@tanstack/react-query'
import { useId, useState, type FormEvent } from 'react'
import { designSystemHistoryQuery, type DesignSystemHistoryEntry } from '../../api/designSystem'
import { ErrorCallout } from '../../components/ErrorCallout'
import { InputField } from '../../components/Field'
import { formatDateTime, relativeTime } from '../../lib/format'
import { themeLabel } from './editorContext'
import { addToken, pathError, textToValue, type NewToken, type TokenTree } from './tokenTree'

const TYPES: { value: string; label: string; placeholder: string }[] = [
  { value: 'color', label: 'Colour', placeholder: '#0f766e or {color.teal.700}' },
  { value: 'dimension', label: 'Dimension', placeholder: '1rem, 16px or {space.4}' },
  { value: 'fontFamily', label: 'Font family', placeholder: 'Inter, system-ui, sans-serif' },
  { value: 'fontWeight', label: 'Font weight', placeholder: '600' },
  { value: 'number', label: 'Number', placeholder: '1.5' },
  { value: 'duration', label: 'Duration', placeholder: '200ms' },
  { value: 'shadow', label: 'Shadow (JSON)', placeholder: '{"offsetX":"0","offsetY":"1px","blur":"2px","spread":"0","color":"{color.shadow}"}' },
  { value: 'typography', label: 'Text style (JSON)', placeholder: '{"fontFamily":"{font.family.sans}","fontSize":"{font.size.base}"}' },
  { value: '', label: 'No type (alias or plain value)', placeholder: '{color.primary}' },
]

export function AddTokenDialog({
  tree,
  prefix,
  type: initialType,
  onAdd,
  onClose,
}: {
  tree: TokenTree
  prefix: string
  type: string
  onAdd: (tree: TokenTree, path: string) => void
  onClose: () => void
}) {
  const [path, setPath] = useState(prefix)
  const [type, setType] = useState(TYPES.some((t) => t.value === initialType) ? initialType : '')
  const [value, setValue] = useState('')
  const [description, setDescription] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const typeId = useId()

  const parsed = textToValue(value, type)
  const pathErr = submitted ? pathError(path) : ''
  const valueErr = submitted ? parsed.error : ''
  const [addErr, setAddErr] = useState('')

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (pathError(path) || parsed.error) return
    const t: NewToken = { path, type: type || undefined, value: parsed.value, description }
    const r = addToken(tree, t)
    if (r.tree === null) {
      setAddErr(r.error)
      return
    }
    onAdd(r.tree, path)
  }

  return (
    <Dialog.Root open onOpenChange={(o) => !o && onClose()}>
      <Dialog.Content maxWidth="500px">
        <Dialog.Title>Add a token</Dialog.Title>
        <Dialog.Description size="2" color="gray" mb="4">
          Tokens are named by dotted paths. Pages refer to them as <Code variant="ghost">{'{path}'}</Code>.
        </Dialog.Description>
        <form onSubmit={onSubmit} noValidate>
          <Flex direction="column" gap="4">
            <InputField
              name="path"
              label="Path"
              value={path}
              autoFocus
              autoComplete="off"
              spellCheck={false}
              className="mono"
              error={pathErr || addErr}
              hint="For example color.brand.500 or space.section."
              onChange={(e) => {
                setPath(e.target.value)
                setAddErr('')
              }}
            />
            <Flex direction="column" gap="1">
              <Text as="label" htmlFor={typeId} size="2" weight="medium">
                Type
              </Text>
              <Select.Root value={type || 'none'} onValueChange={(v) => setType(v === 'none' ? '' : v)}>
                <Select.Trigger id={typeId} />
                <Select.Content position="popper">
                  {TYPES.map((t) => (
                    <Select.Item key={t.value || 'none'} value={t.value || 'none'}>
                      {t.label}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select.Root>
            </Flex>
            <InputField
              name="value"
              label="Value"
              value={value}
              autoComplete="off"
              spellCheck={false}
              className="mono"
              placeholder={TYPES.find((t) => t.value === type)?.placeholder}
              error={valueErr}
              hint="A value, or an alias of another token in braces."
              onChange={(e) => setValue(e.target.value)}
            />
            <InputField
              name="description"
              label="Description (optional)"
              value={description}
              autoComplete="off"
              onChange={(e) => setDescription(e.target.value)}
            />
          </Flex>
          <Flex gap="3" mt="5" justify="end">
            <Dialog.Close>
              <Button type="button" variant="soft" color="gray">
                Cancel
              </Button>
            </Dialog.Close>
            <Button type="submit">Add token</Button>
          </Flex>
        </form>
      </Dialog.Content>
    </Dialog.Root>
  )
}

/**
 * Someone saved after this draft was loaded: offer their version or ours,
 * never a silent overwrite.
 */
export function ConflictDialog({
  siteId,
  pending,
  error,
  onLoadTheirs,
  onOverwrite,
  onCancel,
}: {
  siteId: string
  pending: 'theirs' | 'mine' | null
  error: unknown
  onLoadTheirs: () => void
  onOverwrite: () => void
  onCancel: () => void
}) {
  const history = useQuery(designSystemHistoryQuery(siteId))
  // Cached history predates their save: wait for the fresh one.
  const latest = history.isFetching ? undefined : history.data?.[0]
  return (
    <AlertDialog.Root open onOpenChange={(o) => !o && !pending && onCancel()}>
      <AlertDialog.Content maxWidth="520px">
        <AlertDialog.Title>Someone else saved the design system</AlertDialog.Title>
        <AlertDialog.Description size="2">
          {latest ? (
            <>
              <strong>{latest.changedByName || 'Someone'}</strong> saved it {relativeTime(latest.changedAt)}, after you
              opened it. Nothing was overwritten.
            </>
          ) : (
            'It was saved after you opened it. Nothing was overwritten.'
          )}
        </AlertDialog.Description>
        {latest && latest.changes.length > 0 && (
          <Box mt="3">
            <Text size="1" color="gray">
              Their changes:
            </Text>
            <ChangeList entry={latest} max={6} />
          </Box>
        )}
        <Text as="p" size="2" mt="3" color="gray">
          Load their version to discard your unsaved changes, or save yours over theirs.
        </Text>
        {Boolean(error) && (
          <Box mt="3">
            <ErrorCallout error={error} />
          </Box>
        )}
        <Flex gap="3" mt="5" justify="end" wrap="wrap">
          <AlertDialog.Cancel>
            <Button variant="soft" color="gray" disabled={pending !== null}>
              Keep editing
            </Button>
          </AlertDialog.Cancel>
          <Button variant="soft" onClick={onLoadTheirs} loading={pending === 'theirs'} disabled={pending === 'mine'}>
            Load their version
          </Button>
          <Button color="red" onClick={onOverwrite} loading={pending === 'mine'} disabled={pending === 'theirs'}>
            Overwrite with mine
          </Button>
        </Flex>
      </AlertDialog.Content>
    </AlertDialog.Root>
  )
}

function ChangeList({ entry, max }: { entry: DesignSystemHistoryEntry; max?: number }) {
  const shown = max ? entry.changes.slice(0, max) : entry.changes
  return (
    <Flex asChild direction="column" gap="1" mt="1">
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {shown.map((c, i) => (
          <li key={i}>
            <Text size="1">
              {c.theme && (
                <Badge size="1" color="violet" variant="soft" mr="1">
                  {themeLabel(c.theme)}
                </Badge>
              )}
              <Code size="1" variant="ghost">
                {c.path}
                {c.field ? ` ${c.field}` : ''}
              </Code>{' '}
              <Text color="gray">
                {!c.before ? 'added' : !c.after ? 'removed' : (
                  <>
                    {short(c.before)} → {short(c.after)}
                  </>
                )}
              </Text>
            </Text>
          </li>
        ))}
        {max && entry.changes.length > max && (
          <li>
            <Text size="1" color="gray">
              and {entry.changes.length - max} more
            </Text>
          </li>
        )}
      </ul>
    </Flex>
  )
}

function short(s: string): string {
  const t = s.replace(/^"(.*)"$/, '$1')
  return t.length > 40 ? `${t.slice(0, 39)}…` : t
}

export function HistoryDialog({ siteId, onClose }: { siteId: string; onClose: () => void }) {
  const history = useQuery(designSystemHistoryQuery(siteId))
  return (
    <Dialog.Root open onOpenChange={(o) => !o && onClose()}>
      <Dialog.Content maxWidth="620px">
        <Dialog.Title>History</Dialog.Title>
        <Dialog.Description size="2" color="gray" mb="4">
          Every save of this design system: who, when and which tokens changed.
        </Dialog.Description>
        {history.isPending ? (
          <Flex direction="column" gap="2">
            <Skeleton height="18px" />
            <Skeleton height="18px" />
          </Flex>
        ) : history.isError ? (
          <ErrorCallout error={history.error} />
        ) : history.data.length === 0 ? (
          <Text size="2" color="gray">
            Not saved yet: the site uses Pagewright’s default design system.
          </Text>
        ) : (
          <ScrollArea type="auto" scrollbars="vertical" style={{ maxHeight: 440 }}>
            <Flex asChild direction="column" gap="4" pr="3">
              <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {history.data.map((h) => (
                  <li key={h.id}>
                    <Flex align="baseline" gap="2" wrap="wrap">
                      <Text size="2" weight="bold">
                        Revision {h.revision}
                      </Text>
                      <Text size="2">{h.changedByName || 'Someone'}</Text>
                      <Text size="1" color="gray" title={formatDateTime(h.changedAt)}>
                        {relativeTime(h.changedAt)}
                      </Text>
                    </Flex>
                    {h.changes.length === 0 ? (
                      <Text size="1" color="gray">
                        Saved without changes.
                      </Text>
                    ) : (
                      <ChangeList entry={h} max={12} />
                    )}
                  </li>
                ))}
              </ol>
            </Flex>
          </ScrollArea>
        )}
        <Flex justify="end" mt="4">
          <Dialog.Close>
            <Button variant="soft" color="gray">
              Close
            </Button>
          </Dialog.Close>
        </Flex>
      </Dialog.Content>
    </Dialog.Root>
  )
}
