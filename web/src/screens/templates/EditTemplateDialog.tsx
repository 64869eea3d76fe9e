// Edit a template's details: name, description, category, tags, visibility.
import { Button, Dialog, Flex } from '@radix-ui/themes'
import { useState, type FormEvent } from 'react'
import { ApiError } from '../../api/client'
import { ErrorCallout } from '../../components/ErrorCallout'
import { InputField, TextAreaField } from '../../components/Field'
import { useToast } from '../../components/Toaster'
import { useUpdateTemplate, type Template, type UpdateTemplateRequest, type Visibility } from './api'
import { fieldError, parseTags, tagsError } from './helpers'
import { DESCRIPTION_MAX, NAME_MAX } from './PublishTemplateDialog'
import { CategoryField, TagsField, VisibilityField } from './TemplateFields'

export function EditTemplateDialog({ template, open, onOpenChange }: { template: Template; open: boolean; onOpenChange: (o: boolean) => void }) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Content maxWidth="560px">
        <Dialog.Title>Edit details</Dialog.Title>
        <Dialog.Description size="2" color="gray" mb="4">
          How “{template.name}” is listed in the marketplace. Pages already made from it do not change.
        </Dialog.Description>
        <EditForm template={template} onClose={() => onOpenChange(false)} />
      </Dialog.Content>
    </Dialog.Root>
  )
}

function sameTags(a: string[], b: string[]) {
  return a.length === b.length && a.every((t, i) => t === b[i])
}

function EditForm({ template, onClose }: { template: Template; onClose: () => void }) {
  const toast = useToast()
  const update = useUpdateTemplate(template.id)
  const [name, setName] = useState(template.name)
  const [description, setDescription] = useState(template.description)
  const [category, setCategory] = useState(template.category)
  const [tagsText, setTagsText] = useState(template.tags.join(', '))
  const [visibility, setVisibility] = useState<Visibility>(template.visibility)
  const [submitted, setSubmitted] = useState(false)

  const tags = parseTags(tagsText)
  const server = update.error instanceof ApiError ? update.error.fieldErrors() : {}
  const localName = !name.trim() ? 'Enter a name.' : null
  const localTags = tagsError(tags)
  const errors = {
    name: (submitted ? localName : null) ?? server.name,
    description: server.description,
    category: server.category,
    tags: localTags ?? fieldError(server, 'tags'),
    visibility: server.visibility,
  }
  const shownServer = Boolean(server.name || server.description || server.category || fieldError(server, 'tags') || server.visibility)

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (localName || localTags) return
    const body: UpdateTemplateRequest = {}
    if (name.trim() !== template.name) body.name = name.trim()
    if (description.trim() !== template.description) body.description = description.trim()
    if (category !== template.category) body.category = category
    if (!sameTags(tags, template.tags)) body.tags = tags
    if (visibility !== template.visibility) body.visibility = visibility
    if (Object.keys(body).length === 0) {
      onClose()
      return
    }
    update.mutate(body, {
      onSuccess: (t) => {
        toast.success('Template updated', `Saved “${t.name}”.`)
        onClose()
      },
    })
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Flex direction="column" gap="4">
        <InputField
          name="name"
          label="Name"
          maxLength={NAME_MAX}
          value={name}
          autoComplete="off"
          error={errors.name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextAreaField
          name="description"
          label="Description"
          maxLength={DESCRIPTION_MAX}
          rows={3}
          value={description}
          error={errors.description}
          hint={`${description.length}/${DESCRIPTION_MAX}`}
          onChange={(e) => setDescription(e.target.value)}
        />
        <CategoryField value={category} onChange={setCategory} error={errors.category} />
        <TagsField value={tagsText} onChange={setTagsText} error={errors.tags} />
        {!template.builtin && <VisibilityField value={visibility} onChange={setVisibility} error={errors.visibility} />}
        {update.error && !shownServer && <ErrorCallout error={update.error} title="Could not save the details." />}
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
