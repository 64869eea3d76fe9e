// The library's dialogs: edit a component's details, and deprecate it
// (with a message and, optionally, the component to use instead).
import { Button, Dialog, Flex, Select, Text } from '@radix-ui/themes'
import { useInfiniteQuery } from '@tanstack/react-query'
import { useId, useState, type FormEvent } from 'react'
import { ApiError } from '../../api/client'
import { ErrorCallout } from '../../components/ErrorCallout'
import { InputField, TextAreaField } from '../../components/Field'
import { useToast } from '../../components/Toaster'
import {
  componentsQuery,
  LIMITS,
  parseTags,
  tagsError,
  useDeprecateComponent,
  useUpdateComponent,
  type Component,
  type UpdateComponentRequest,
  type Visibility,
} from './api'
import { CategorySelect, TagsInput, VisibilityRadios } from './ComponentFields'

export function EditComponentDialog({ component: c, open, onOpenChange }: { component: Component; open: boolean; onOpenChange: (o: boolean) => void }) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Content maxWidth="560px">
        <Dialog.Title>Edit details of “{c.name}”</Dialog.Title>
        <Dialog.Description size="2" color="gray" mb="4">
          Names, tags and visibility change right away; the component itself changes only with a new version, published from the editor.
        </Dialog.Description>
        {open && <EditForm component={c} onClose={() => onOpenChange(false)} />}
      </Dialog.Content>
    </Dialog.Root>
  )
}

function EditForm({ component: c, onClose }: { component: Component; onClose: () => void }) {
  const toast = useToast()
  const update = useUpdateComponent(c.id)
  const [name, setName] = useState(c.name)
  const [description, setDescription] = useState(c.description)
  const [category, setCategory] = useState(c.category)
  const [tagsText, setTagsText] = useState(c.tags.join(', '))
  const [visibility, setVisibility] = useState<Visibility>(c.visibility)
  const tags = parseTags(tagsText)
  const server = update.error instanceof ApiError ? update.error.fieldErrors() : {}
  const localName = !name.trim() ? 'Enter a name.' : null
  const localTags = tagsError(tags)
  const shownServer = Boolean(server.name || server.description || server.category || server.tags || server.visibility)

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (localName || localTags) return
    const body: UpdateComponentRequest = {}
    if (name.trim() !== c.name) body.name = name.trim()
    if (description.trim() !== c.description) body.description = description.trim()
    if (category !== c.category) body.category = category
    if (tags.join('\n') !== c.tags.join('\n')) body.tags = tags
    if (visibility !== c.visibility) body.visibility = visibility
    if (!Object.keys(body).length) return onClose()
    update.mutate(body, {
      onSuccess: (u) => {
        toast.success('Details saved', `“${u.name}” is up to date in the library.`)
        onClose()
      },
    })
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Flex direction="column" gap="4">
        <InputField name="name" label="Name" value={name} maxLength={LIMITS.name} autoFocus autoComplete="off" error={localName ?? server.name} onChange={(e) => setName(e.target.value)} />
        <TextAreaField
          name="description"
          label="Description"
          rows={3}
          value={description}
          maxLength={LIMITS.description}
          error={server.description}
          hint={`${description.length}/${LIMITS.description}`}
          onChange={(e) => setDescription(e.target.value)}
        />
        <CategorySelect value={category} onChange={setCategory} error={server.category} />
        <TagsInput value={tagsText} onChange={setTagsText} error={localTags ?? server.tags} />
        <VisibilityRadios value={visibility} onChange={setVisibility} error={server.visibility} />
        {update.error && !shownServer ? <ErrorCallout error={update.error} title="Could not save the details." /> : null}
      </Flex>
      <Flex gap="3" mt="5" justify="end">
        <Dialog.Close>
          <Button type="button" variant="soft" color="gray">
            Cancel
          </Button>
        </Dialog.Close>
        <Button type="submit" loading={update.isPending}>
          Save details
        </Button>
      </Flex>
    </form>
  )
}

const NONE = '__none__'

export function DeprecateDialog({ component: c, open, onOpenChange }: { component: Component; open: boolean; onOpenChange: (o: boolean) => void }) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Content maxWidth="520px">
        <Dialog.Title>Deprecate “{c.name}”</Dialog.Title>
        <Dialog.Description size="2" color="gray" mb="4">
          Pages that use it keep working, but it leaves the editor’s Components tab and its instances show your message — with a button to swap to the
          replacement, if you choose one.
        </Dialog.Description>
        {open && <DeprecateForm component={c} onClose={() => onOpenChange(false)} />}
      </Dialog.Content>
    </Dialog.Root>
  )
}

function DeprecateForm({ component: c, onClose }: { component: Component; onClose: () => void }) {
  const toast = useToast()
  const deprecate = useDeprecateComponent(c.id)
  const others = useInfiniteQuery(componentsQuery({}, 200))
  const candidates = (others.data?.pages.flatMap((p) => p.items) ?? []).filter((x) => x.id !== c.id && !x.deprecated)
  const [message, setMessage] = useState('')
  const [replacement, setReplacement] = useState(NONE)
  const replacementId = useId()
  const server = deprecate.error instanceof ApiError ? deprecate.error.fieldErrors() : {}
  const tooLong = message.trim().length > LIMITS.message ? `Keep the message to ${LIMITS.message} characters.` : null
  const replacementName = candidates.find((x) => x.id === replacement)?.name

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (tooLong) return
    deprecate.mutate(
      { message: message.trim(), ...(replacement !== NONE ? { replacementId: replacement } : {}) },
      {
        onSuccess: () => {
          toast.success(`“${c.name}” is deprecated`, replacementName ? `Its instances suggest “${replacementName}” instead.` : 'Its instances show your message.')
          onClose()
        },
      },
    )
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Flex direction="column" gap="4">
        <TextAreaField
          name="message"
          label="Message"
          rows={3}
          autoFocus
          placeholder="The opening hours moved into the clinic card. Use “Clinic card” instead."
          value={message}
          maxLength={LIMITS.message}
          error={tooLong ?? server.message}
          hint={`Shown on every instance. ${message.length}/${LIMITS.message}`}
          onChange={(e) => setMessage(e.target.value)}
        />
        <Flex direction="column" gap="1">
          <Text as="label" size="2" weight="medium" id={replacementId}>
            Use instead (optional)
          </Text>
          <Select.Root value={replacement} onValueChange={setReplacement} disabled={others.isPending}>
            <Select.Trigger aria-labelledby={replacementId} placeholder={others.isPending ? 'Loading components…' : undefined} />
            <Select.Content position="popper">
              <Select.Item value={NONE}>No replacement</Select.Item>
              {candidates.map((x) => (
                <Select.Item key={x.id} value={x.id}>
                  {x.name} ({x.latestVersion})
                </Select.Item>
              ))}
            </Select.Content>
          </Select.Root>
          {server.replacementId ? (
            <Text size="1" color="red" role="alert">
              {server.replacementId}
            </Text>
          ) : (
            <Text size="1" color="gray">
              {candidates.length === 0 && !others.isPending ? 'No other component to suggest yet.' : 'Deprecated components cannot be suggested.'}
            </Text>
          )}
        </Flex>
        {deprecate.error && !server.message && !server.replacementId ? <ErrorCallout error={deprecate.error} title="Could not deprecate the component." /> : null}
      </Flex>
      <Flex gap="3" mt="5" justify="end">
        <Dialog.Close>
          <Button type="button" variant="soft" color="gray">
            Cancel
          </Button>
        </Dialog.Close>
        <Button type="submit" color="amber" loading={deprecate.isPending}>
          Deprecate
        </Button>
      </Flex>
    </form>
  )
}
