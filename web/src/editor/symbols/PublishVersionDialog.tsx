// "Publish new version": the edited copy becomes the component's next
// version. Semver follows the exposed props (removed or retyped: major,
// added: minor, else patch); the server has the last word and its message
// is shown when it refuses a number.
import { Button, Callout, Dialog, Flex, RadioGroup, Spinner, Text } from '@radix-ui/themes'
import { useQuery } from '@tanstack/react-query'
import { Info } from 'lucide-react'
import { useId, useMemo, useState, type FormEvent } from 'react'
import { ApiError } from '../../api/client'
import { ErrorCallout } from '../../components/ErrorCallout'
import { TextAreaField } from '../../components/Field'
import {
  componentQuery,
  componentVersionQuery,
  LIMITS,
  nextVersion,
  requiredBump,
  usePublishVersion,
  type Bump,
  type ComponentVersion,
} from '../../screens/components/api'
import type { EditorStore } from '../store/store'
import type { SymbolEdit } from './editing'
import { choiceId, ExposedPropsPicker, selectionErrors, toExposed, type ExposedSelection } from './ExposedPropsPicker'
import { componentDocument, exposableProps, typedExposed } from './symbols'
import './symbols.css'

const BUMPS: { bump: Bump; title: string; hint: string }[] = [
  { bump: 'patch', title: 'Patch', hint: 'Fixes and content changes; the props pages can change stay the same.' },
  { bump: 'minor', title: 'Minor', hint: 'Adds props pages can change.' },
  { bump: 'major', title: 'Major', hint: 'Removes props or changes their type: pages lose those values when they update.' },
]
const RANK: Record<Bump, number> = { patch: 0, minor: 1, major: 2 }

export interface PublishVersionDialogProps {
  store: EditorStore
  edit: SymbolEdit
  onPublished: (version: ComponentVersion) => void
  onClose: () => void
}

/** The edited version's exposed props, moved onto the copy's node ids. */
export function initialSelection(edit: SymbolEdit): ExposedSelection {
  const out: ExposedSelection = {}
  for (const e of edit.version.exposed) {
    const node = edit.idMap[e.node]
    if (node) out[choiceId(node, e.prop)] = { key: e.key, label: e.label || e.key }
  }
  return out
}

function quoteList(keys: string[]): string {
  const q = keys.map((k) => `“${k}”`)
  return q.length > 1 ? `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}` : (q[0] ?? '')
}

export function PublishVersionDialog({ store, edit, onPublished, onClose }: PublishVersionDialogProps) {
  const c = edit.component
  const detail = useQuery({ ...componentQuery(c.id), refetchOnMount: 'always' })
  const latestVersion = detail.data?.component.latestVersion ?? c.latestVersion
  const latest = useQuery(componentVersionQuery(c.id, latestVersion))
  const publish = usePublishVersion(c.id)
  const candidates = useMemo(() => (store.node(edit.copyRoot) ? exposableProps(store, edit.copyRoot) : []), [store, edit.copyRoot])
  const [selection, setSelection] = useState<ExposedSelection>(() => initialSelection(edit))
  const [chosen, setChosen] = useState<Bump | null>(null)
  const [notes, setNotes] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const radiosId = useId()

  const exposed = toExposed(selection, candidates)
  const need = requiredBump(latest.data?.exposed ?? edit.version.exposed, typedExposed(store, exposed))
  const bump = chosen ?? need.bump
  const version = nextVersion(latestVersion, bump)
  const server = publish.error instanceof ApiError ? publish.error.fieldErrors() : {}
  const semverMessage = publish.error instanceof ApiError && publish.error.code === 'component.semver' ? (server.version ?? publish.error.detail) : server.version
  const pickerErrors = selectionErrors(selection)
  const exposedIds = exposed.map((e) => choiceId(e.node, e.prop))
  for (const [field, msg] of Object.entries(server)) {
    const m = /^exposed\[(\d+)\]/.exec(field)
    const id = m ? exposedIds[Number(m[1])] : undefined
    if (id && !pickerErrors[id]) pickerErrors[id] = msg
  }
  const notesError = notes.trim().length > LIMITS.notes ? `Keep the notes to ${LIMITS.notes} characters.` : (server.notes ?? null)
  const shownServer = Boolean(semverMessage || server.notes || Object.keys(server).some((k) => k.startsWith('exposed')))

  const majorWhy = [need.removed.length ? `removing ${quoteList(need.removed)}` : '', need.retyped.length ? `changing the type of ${quoteList(need.retyped)}` : '']
    .filter(Boolean)
    .join(' and ')
  const why =
    need.bump === 'major'
      ? `${majorWhy.charAt(0).toUpperCase()}${majorWhy.slice(1)} needs a major version.`
      : need.bump === 'minor'
        ? `Adding ${quoteList(need.added)} needs at least a minor version.`
        : 'The props pages can change are the same as in the latest version: a patch is enough.'

  if (!store.node(edit.copyRoot)) {
    return (
      <Dialog.Content maxWidth="460px">
        <Dialog.Title>Nothing to publish</Dialog.Title>
        <Dialog.Description size="2">
          The editable copy of “{c.name}” is no longer on the page (it was deleted or undone). Cancel editing, then choose Edit component again.
        </Dialog.Description>
        <Flex justify="end" mt="4">
          <Dialog.Close>
            <Button variant="soft">Close</Button>
          </Dialog.Close>
        </Flex>
      </Dialog.Content>
    )
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (Object.keys(selectionErrors(selection)).length || notesError) return
    publish.mutate(
      { version, document: componentDocument(store, edit.copyRoot, c.name), exposed, notes: notes.trim() || undefined },
      { onSuccess: (v) => onPublished(v) },
    )
  }

  return (
    <Dialog.Content maxWidth="640px" className="pw-sym-dialog">
      <Dialog.Title>Publish a new version of “{c.name}”</Dialog.Title>
      <Dialog.Description size="2" color="gray" mb="4">
        Pages keep the version they use until they are updated. After publishing, this page uses the new version and you can update the other pages.
      </Dialog.Description>
      {edit.version.version !== latestVersion && (
        <Callout.Root size="1" color="amber" mb="4">
          <Callout.Icon>
            <Info size={14} />
          </Callout.Icon>
          <Callout.Text>
            You edited version {edit.version.version}, but {latestVersion} is the latest. Publishing makes your copy the newest version: changes made in{' '}
            {latestVersion} that your copy lacks are not carried over.
          </Callout.Text>
        </Callout.Root>
      )}
      <form onSubmit={onSubmit} noValidate>
        <Flex direction="column" gap="4">
          <Flex direction="column" gap="2">
            <Text id={radiosId} size="2" weight="medium">
              Version {latest.isPending && <Spinner size="1" style={{ display: 'inline-block', verticalAlign: 'middle' }} />}
            </Text>
            <RadioGroup.Root value={bump} onValueChange={(v) => {
                setChosen(v as Bump)
                publish.reset()
              }} aria-labelledby={radiosId} name="bump">
              {BUMPS.map((b) => (
                <RadioGroup.Item key={b.bump} value={b.bump}>
                  <Text weight="medium">
                    {nextVersion(latestVersion, b.bump)} · {b.title}
                  </Text>{' '}
                  <Text color="gray">— {b.hint}</Text>
                  {RANK[b.bump] < RANK[need.bump] && (
                    <Text color="amber" size="1">
                      {' '}
                      (too small for these changes)
                    </Text>
                  )}
                </RadioGroup.Item>
              ))}
            </RadioGroup.Root>
            {semverMessage ? (
              <Text size="1" color="red" role="alert">
                {semverMessage}
              </Text>
            ) : (
              <Text size="1" color="gray">
                {why}
              </Text>
            )}
          </Flex>
          <TextAreaField
            name="notes"
            label="What changed"
            placeholder="Adds the Saturday hours row; the phone number is now a link."
            rows={2}
            maxLength={LIMITS.notes}
            value={notes}
            error={notesError}
            hint="People see these notes when they update their pages."
            onChange={(e) => setNotes(e.target.value)}
          />
          <ExposedPropsPicker candidates={candidates} value={selection} onChange={setSelection} errors={pickerErrors} showErrors={submitted} />
          {publish.error && !shownServer ? <ErrorCallout error={publish.error} title="Could not publish the version." /> : null}
        </Flex>
        <Flex gap="3" mt="5" justify="end">
          <Button type="button" variant="soft" color="gray" onClick={onClose}>
            Keep editing
          </Button>
          <Button type="submit" loading={publish.isPending} disabled={latest.isPending}>
            Publish {version}
          </Button>
        </Flex>
      </form>
    </Dialog.Content>
  )
}
