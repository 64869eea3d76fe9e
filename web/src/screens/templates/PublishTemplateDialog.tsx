// "Publish as template": turns a page (or one section of it, `node`) into a
// template others can start from. Mounted by the editor.
import { Button, Callout, Dialog, Flex, Text } from '@radix-ui/themes'
import { Link } from '@tanstack/react-router'
import { CircleCheck } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { ApiError } from '../../api/client'
import { ErrorCallout } from '../../components/ErrorCallout'
import { InputField, TextAreaField } from '../../components/Field'
import { useToast } from '../../components/Toaster'
import { usePublishTemplate, type Template, type Visibility } from './api'
import { fieldError, parseTags, tagsError } from './helpers'
import { CategoryField, TagsField, VisibilityField } from './TemplateFields'

export interface PublishTemplateDialogProps {
  pageId: string
  /** Publish only this node's subtree (a section template). */
  node?: string
  /** What the node is called in the editor, e.g. "Hero". */
  nodeLabel?: string
  open: boolean
  onOpenChange: (open: boolean) => void
}

export const NAME_MAX = 100
export const DESCRIPTION_MAX = 500

export function PublishTemplateDialog({ pageId, node, nodeLabel, open, onOpenChange }: PublishTemplateDialogProps) {
  const what = node ? `“${nodeLabel || 'this section'}”` : 'this page'
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Content maxWidth="560px">
        <Dialog.Title>{node ? 'Publish section as a template' : 'Publish page as a template'}</Dialog.Title>
        <Dialog.Description size="2" color="gray" mb="4">
          People start new pages from {what}. It keeps its layout and content and wears each site’s design system.
        </Dialog.Description>
        <PublishForm pageId={pageId} node={node} nodeLabel={nodeLabel} onClose={() => onOpenChange(false)} />
      </Dialog.Content>
    </Dialog.Root>
  )
}

function PublishForm({ pageId, node, nodeLabel, onClose }: { pageId: string; node?: string; nodeLabel?: string; onClose: () => void }) {
  const toast = useToast()
  const publish = usePublishTemplate()
  const [name, setName] = useState(nodeLabel ?? '')
  const [description, setDescription] = useState('')
  const [category, setCategory] = useState('')
  const [tagsText, setTagsText] = useState('')
  const [visibility, setVisibility] = useState<Visibility>('team')
  const [submitted, setSubmitted] = useState(false)
  const [published, setPublished] = useState<Template | null>(null)

  const tags = parseTags(tagsText)
  const server = publish.error instanceof ApiError ? publish.error.fieldErrors() : {}
  const localName = !name.trim() ? 'Enter a name.' : null
  const localCategory = !category ? 'Choose a category.' : null
  const localTags = tagsError(tags)
  const errors = {
    name: (submitted ? localName : null) ?? server.name,
    description: server.description,
    category: (submitted ? localCategory : null) ?? server.category,
    tags: localTags ?? fieldError(server, 'tags'),
    visibility: server.visibility,
  }
  const shownServer = Boolean(server.name || server.description || server.category || fieldError(server, 'tags') || server.visibility)

  if (published) {
    return (
      <Flex direction="column" gap="4">
        <Callout.Root color="green" variant="surface" role="status">
          <Callout.Icon>
            <CircleCheck size={16} />
          </Callout.Icon>
          <Callout.Text>
            <Text weight="bold">“{published.name}” is published.</Text> It is listed in the template marketplace
            {published.visibility === 'private' ? ' for you only.' : published.visibility === 'team' ? ' for people who can see this site.' : ' for everyone.'}
          </Callout.Text>
        </Callout.Root>
        <Flex gap="3" justify="end">
          <Button asChild variant="soft" color="gray">
            <Link to="/templates/$templateId" params={{ templateId: published.id }}>
              View template
            </Link>
          </Button>
          <Button type="button" onClick={onClose} autoFocus>
            Done
          </Button>
        </Flex>
      </Flex>
    )
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (localName || localCategory || localTags) return
    publish.mutate(
      { pageId, ...(node ? { node } : {}), name: name.trim(), description: description.trim(), category, tags, visibility },
      {
        onSuccess: (t) => {
          toast.success('Template published', `“${t.name}” is in the template marketplace.`)
          setPublished(t)
        },
      },
    )
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Flex direction="column" gap="4">
        <InputField
          name="name"
          label="Name"
          placeholder="Vaccination campaign"
          maxLength={NAME_MAX}
          value={name}
          autoFocus
          autoComplete="off"
          error={errors.name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextAreaField
          name="description"
          label="Description"
          placeholder="What the template is for and what it contains."
          maxLength={DESCRIPTION_MAX}
          rows={3}
          value={description}
          error={errors.description}
          hint={`${description.length}/${DESCRIPTION_MAX}`}
          onChange={(e) => setDescription(e.target.value)}
        />
        <CategoryField value={category} onChange={setCategory} error={errors.category} />
        <TagsField value={tagsText} onChange={setTagsText} error={errors.tags} />
        <VisibilityField value={visibility} onChange={setVisibility} error={errors.visibility} />
        {publish.error && !shownServer && <ErrorCallout error={publish.error} title="Could not publish the template." />}
      </Flex>
      <Flex gap="3" mt="5" justify="end">
        <Dialog.Close>
          <Button type="button" variant="soft" color="gray">
            Cancel
          </Button>
        </Dialog.Close>
        <Button type="submit" loading={publish.isPending}>
          Publish template
        </Button>
      </Flex>
    </form>
  )
}
