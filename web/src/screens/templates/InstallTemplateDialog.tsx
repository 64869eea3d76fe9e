// "Use this template": creates a page from a template in one of the user's
// sites, then opens it in the editor.
import { Button, Callout, Code, Dialog, Flex, Link as RadixLink, Select, Skeleton, Text } from '@radix-ui/themes'
import { Link, useNavigate } from '@tanstack/react-router'
import { CircleAlert, Info } from 'lucide-react'
import { useId, useState, type FormEvent } from 'react'
import { ApiError } from '../../api/client'
import { ErrorCallout } from '../../components/ErrorCallout'
import { InputField } from '../../components/Field'
import { SlugField } from '../../components/SlugField'
import { useToast } from '../../components/Toaster'
import { slugError, suggestSlug } from '../../lib/slug'
import { unknownTokens, useInstallTemplate, type Template } from './api'
import { useSitesForTemplates } from './sites'

interface InstallTemplateDialogProps {
  template: Pick<Template, 'id' | 'name'>
  open: boolean
  onOpenChange: (open: boolean) => void
}

export function InstallTemplateDialog({ template, open, onOpenChange }: InstallTemplateDialogProps) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Content maxWidth="500px">
        <Dialog.Title>Use “{template.name}”</Dialog.Title>
        <Dialog.Description size="2" color="gray" mb="4">
          Creates a new draft page from the template, in your site’s design system. Nothing is public until you publish.
        </Dialog.Description>
        <InstallForm template={template} onClose={() => onOpenChange(false)} />
      </Dialog.Content>
    </Dialog.Root>
  )
}

function InstallForm({ template, onClose }: { template: InstallTemplateDialogProps['template']; onClose: () => void }) {
  const toast = useToast()
  const navigate = useNavigate()
  const install = useInstallTemplate(template.id)
  const { installable, isPending, error: sitesError } = useSitesForTemplates()
  const [siteId, setSiteId] = useState('')
  const [title, setTitle] = useState(template.name)
  const [slug, setSlug] = useState(() => suggestSlug(template.name))
  const [slugEdited, setSlugEdited] = useState(false)
  const [submitted, setSubmitted] = useState(false)
  const siteFieldId = useId()

  const onlySite = installable.length === 1 ? installable[0] : undefined
  const chosenId = siteId || onlySite?.id || ''
  const chosen = installable.find((s) => s.id === chosenId)

  const err = install.error
  const server = err instanceof ApiError ? err.fieldErrors() : {}
  if (err instanceof ApiError && err.code === 'page.slug_taken' && !server.slug) server.slug = err.detail
  const tokens = unknownTokens(err)
  const siteError = (submitted && !chosenId ? 'Choose a site.' : null) ?? (tokens ? undefined : server.siteId)
  const titleError = (submitted && !title.trim() ? 'Enter a title.' : null) ?? server.title
  const slugLocal = slug === '' ? null : slugError(slug)
  const shownServer = Boolean(tokens || server.siteId || server.title || server.slug)

  if (isPending) {
    return (
      <Flex direction="column" gap="3" aria-busy="true" aria-label="Loading your sites">
        <Skeleton height="32px" />
        <Skeleton height="32px" />
        <Skeleton height="32px" />
      </Flex>
    )
  }

  if (sitesError) {
    return (
      <Flex direction="column" gap="4">
        <ErrorCallout error={sitesError} title="Could not load your sites." />
        <Flex justify="end">
          <Dialog.Close>
            <Button variant="soft" color="gray">
              Close
            </Button>
          </Dialog.Close>
        </Flex>
      </Flex>
    )
  }

  if (installable.length === 0) {
    return (
      <Flex direction="column" gap="4">
        <Callout.Root color="gray" variant="surface">
          <Callout.Icon>
            <Info size={16} />
          </Callout.Icon>
          <Callout.Text>You cannot create pages on any site. Ask an Admin for the Editor role on a site, or to create a site.</Callout.Text>
        </Callout.Root>
        <Flex justify="end">
          <Dialog.Close>
            <Button variant="soft" color="gray">
              Close
            </Button>
          </Dialog.Close>
        </Flex>
      </Flex>
    )
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (!chosenId || !title.trim() || slugLocal) return
    install.mutate(
      { siteId: chosenId, title: title.trim(), ...(slug ? { slug } : {}) },
      {
        onSuccess: ({ page, notes }) => {
          const made = `“${page.title}” is a draft${chosen ? ` in ${chosen.name}` : ''}.`
          toast.success(`Page created from ${template.name}`, [made, ...(notes ?? [])].join(' '))
          onClose()
          void navigate({ to: '/pages/$pageId/edit', params: { pageId: page.id } })
        },
      },
    )
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Flex direction="column" gap="4">
        <Flex direction="column" gap="1">
          <Text as="label" htmlFor={siteFieldId} size="2" weight="medium">
            Site
          </Text>
          <Select.Root
            value={chosenId}
            onValueChange={(v) => {
              setSiteId(v)
              install.reset()
            }}
            name="siteId"
          >
            <Select.Trigger
              id={siteFieldId}
              placeholder="Choose a site"
              aria-invalid={siteError ? true : undefined}
              aria-describedby={siteError ? `${siteFieldId}-error` : undefined}
              color={siteError ? 'red' : undefined}
            />
            <Select.Content position="popper">
              {installable.map((s) => (
                <Select.Item key={s.id} value={s.id}>
                  {s.name}
                </Select.Item>
              ))}
            </Select.Content>
          </Select.Root>
          {siteError && (
            <Text id={`${siteFieldId}-error`} size="1" color="red" role="alert">
              {siteError}
            </Text>
          )}
        </Flex>
        <InputField
          name="title"
          label="Page title"
          maxLength={200}
          value={title}
          autoComplete="off"
          error={titleError}
          onChange={(e) => {
            setTitle(e.target.value)
            if (!slugEdited) setSlug(suggestSlug(e.target.value))
          }}
        />
        <SlugField
          value={slug}
          optional
          showErrors={submitted}
          serverError={server.slug}
          onChange={(v) => {
            setSlug(v)
            setSlugEdited(v !== '')
          }}
        />
        {tokens && (
          <Callout.Root color="red" variant="surface" role="alert">
            <Callout.Icon>
              <CircleAlert size={16} />
            </Callout.Icon>
            <Flex direction="column" gap="2" className="pw-tpl-callout-body">
              <Text as="p" size="2">
                This template uses design tokens that the design system of {chosen ? chosen.name : 'this site'} does not define
                {tokens.length ? ':' : '.'}
              </Text>
              {tokens.length > 0 && (
                <ul className="pw-tpl-token-list" aria-label="Missing design tokens">
                  {tokens.map((t) => (
                    <li key={t}>
                      <Code variant="soft">{t}</Code>
                    </li>
                  ))}
                </ul>
              )}
              <Text as="p" size="2">
                Add {tokens.length === 1 ? 'it' : 'them'} to the design system, or choose another site.{' '}
                {chosen && (
                  <RadixLink asChild>
                    <Link to="/sites/$siteId/design" params={{ siteId: chosen.id }} onClick={onClose}>
                      Open the design system
                    </Link>
                  </RadixLink>
                )}
              </Text>
            </Flex>
          </Callout.Root>
        )}
        {err && !shownServer && <ErrorCallout error={err} title="Could not create the page." />}
      </Flex>
      <Flex gap="3" mt="5" justify="end">
        <Dialog.Close>
          <Button type="button" variant="soft" color="gray">
            Cancel
          </Button>
        </Dialog.Close>
        <Button type="submit" loading={install.isPending}>
          Create page
        </Button>
      </Flex>
    </form>
  )
}
