// "Create component…": saves the selected part of the page to the
// component library (version 1.0.0) with the props people may change on
// each use, then puts an instance of it where the selection was.
import { Button, Dialog, Flex, Text } from '@radix-ui/themes'
import { useMemo, useState, type FormEvent } from 'react'
import { ApiError } from '../../api/client'
import { ErrorCallout } from '../../components/ErrorCallout'
import { InputField, TextAreaField } from '../../components/Field'
import { useToast } from '../../components/Toaster'
import { formatRef, LIMITS, parseTags, tagsError, useCreateComponent, type Visibility } from '../../screens/components/api'
import { CategorySelect, guessCategory, TagsInput, VisibilityRadios } from '../../screens/components/ComponentFields'
import { typeTitle } from '../palette/Palette'
import type { EditorStore } from '../store/store'
import { ExposedPropsPicker, selectionErrors, toExposed, type ExposedSelection } from './ExposedPropsPicker'
import { componentDocument, exposableProps, nodeQuote, replaceWithInstance } from './symbols'
import './symbols.css'

export interface CreateComponentDialogProps {
  store: EditorStore
  siteId: string
  /** The top node of the part to save (not the page root). */
  nodeId: string
  onClose: () => void
}

/** Server field errors of exposed[i].… mapped to the picker's ids. */
function exposedServerErrors(err: unknown, ids: string[]): Record<string, string> {
  if (!(err instanceof ApiError)) return {}
  const out: Record<string, string> = {}
  for (const [field, msg] of Object.entries(err.fieldErrors())) {
    const m = /^exposed\[(\d+)\]/.exec(field)
    const id = m ? ids[Number(m[1])] : undefined
    if (id && !out[id]) out[id] = msg
  }
  return out
}

export function CreateComponentDialog({ store, siteId, nodeId, onClose }: CreateComponentDialogProps) {
  const node = store.node(nodeId)
  const toast = useToast()
  const create = useCreateComponent()
  const candidates = useMemo(() => exposableProps(store, nodeId), [store, nodeId])
  const [name, setName] = useState(node?.label ?? '')
  const [description, setDescription] = useState('')
  const [category, setCategory] = useState(() => guessCategory(node?.type ?? ''))
  const [tagsText, setTagsText] = useState('')
  const [visibility, setVisibility] = useState<Visibility>('team')
  const [selection, setSelection] = useState<ExposedSelection>({})
  const [submitted, setSubmitted] = useState(false)

  const what = node ? `${node.label || typeTitle(node.type)}${nodeQuote(node) ? ` “${nodeQuote(node)}”` : ''}` : ''
  const tags = parseTags(tagsText)
  const exposed = toExposed(selection, candidates)
  const exposedIds = exposed.map((e) => `${e.node}/${e.prop}`)
  const server = create.error instanceof ApiError ? create.error.fieldErrors() : {}
  const localName = !name.trim() ? 'Enter a name, e.g. “Opening hours”.' : name.trim().length > LIMITS.name ? `Keep the name to ${LIMITS.name} characters.` : null
  const localTags = tagsError(tags)
  const pickerErrors = { ...exposedServerErrors(create.error, exposedIds), ...selectionErrors(selection) }
  const errors = {
    name: (submitted ? localName : null) ?? server.name,
    description: server.description,
    category: server.category,
    tags: localTags ?? server.tags,
    visibility: server.visibility,
  }
  const shownServer = Boolean(errors.name || errors.description || errors.category || errors.tags || errors.visibility || Object.keys(exposedServerErrors(create.error, exposedIds)).length)

  if (!node) {
    return (
      <Dialog.Content maxWidth="440px">
        <Dialog.Title>Create component</Dialog.Title>
        <Dialog.Description size="2">Select the part of the page to save as a component first: a section, a card or a group of elements.</Dialog.Description>
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
    if (localName || localTags || Object.keys(selectionErrors(selection)).length) return
    const document = componentDocument(store, nodeId, name.trim())
    create.mutate(
      {
        siteId,
        name: name.trim(),
        description: description.trim() || undefined,
        category,
        tags,
        visibility,
        document,
        exposed,
      },
      {
        onSuccess: (c) => {
          try {
            replaceWithInstance(store, nodeId, formatRef(c.id, c.latestVersion || '1.0.0'), { label: c.name, undoLabel: `Create component ${c.name}` })
            toast.success(`Created “${c.name}”`, 'It replaced the selection here. Find it under Components in the left panel to use it on other pages.')
          } catch (err) {
            toast.error(`“${c.name}” is in the library, but could not replace the selection`, err instanceof Error ? err.message : undefined)
          }
          onClose()
        },
      },
    )
  }

  return (
    <Dialog.Content maxWidth="640px" className="pw-sym-dialog">
      <Dialog.Title>Create component</Dialog.Title>
      <Dialog.Description size="2" color="gray" mb="4">
        Saves {what} to the component library. Use it on any page; when you publish a new version, you choose which pages to update.
      </Dialog.Description>
      <form onSubmit={onSubmit} noValidate>
        <Flex direction="column" gap="4">
          <InputField
            name="name"
            label="Name"
            placeholder="Opening hours"
            maxLength={LIMITS.name}
            value={name}
            autoFocus
            autoComplete="off"
            error={errors.name}
            onChange={(e) => setName(e.target.value)}
          />
          <TextAreaField
            name="description"
            label="Description"
            placeholder="What it is for, and when to use it."
            maxLength={LIMITS.description}
            rows={2}
            value={description}
            error={errors.description}
            hint={`${description.length}/${LIMITS.description}`}
            onChange={(e) => setDescription(e.target.value)}
          />
          <Flex gap="4" direction={{ initial: 'column', sm: 'row' }}>
            <div style={{ flex: 1 }}>
              <CategorySelect value={category} onChange={setCategory} error={errors.category} />
            </div>
            <div style={{ flex: 2 }}>
              <TagsInput value={tagsText} onChange={setTagsText} error={errors.tags} />
            </div>
          </Flex>
          <VisibilityRadios value={visibility} onChange={setVisibility} error={errors.visibility} />
          <ExposedPropsPicker candidates={candidates} value={selection} onChange={setSelection} errors={pickerErrors} showErrors={submitted} />
          {create.error && !shownServer ? <ErrorCallout error={create.error} title="Could not create the component." /> : null}
        </Flex>
        <Flex gap="3" mt="5" justify="between" align="center" wrap="wrap">
          <Text size="1" color="gray">
            {exposed.length > 0 ? `Pages can change: ${exposed.map((x) => x.key).join(', ')}` : ''}
          </Text>
          <Flex gap="3">
            <Dialog.Close>
              <Button type="button" variant="soft" color="gray">
                Cancel
              </Button>
            </Dialog.Close>
            <Button type="submit" loading={create.isPending}>
              Create component
            </Button>
          </Flex>
        </Flex>
      </form>
    </Dialog.Content>
  )
}
