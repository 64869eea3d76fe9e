// Add a staging or preview environment, optionally copying another's settings.
import { Code, Dialog, Flex, Button, RadioCards, Select, Text } from '@radix-ui/themes'
import { useId, useState, type FormEvent } from 'react'
import { ApiError } from '../../api/client'
import { ErrorCallout } from '../../components/ErrorCallout'
import { InputField } from '../../components/Field'
import { useToast } from '../../components/Toaster'
import { ENV_SLUG, envSlugFrom, useCreateEnvironment, type Environment } from './api'

const NO_COPY = '__none__'

export function NewEnvironmentDialog({
  siteId,
  siteSlug,
  environments,
  open,
  onOpenChange,
}: {
  siteId: string
  siteSlug: string
  environments: Environment[]
  open: boolean
  onOpenChange: (open: boolean) => void
}) {
  const toast = useToast()
  const create = useCreateEnvironment(siteId)
  const hasStaging = environments.some((e) => e.kind === 'staging')
  const [kind, setKind] = useState<'staging' | 'preview'>(hasStaging ? 'preview' : 'staging')
  const [name, setName] = useState(hasStaging ? '' : 'Staging')
  const [slug, setSlug] = useState('')
  const [from, setFrom] = useState(NO_COPY)
  const [submitted, setSubmitted] = useState(false)
  const kindId = useId()
  const fromId = useId()

  const serverErrs = create.error instanceof ApiError ? create.error.fieldErrors() : {}
  const effectiveSlug = slug || envSlugFrom(name)
  const nameError = submitted && !name.trim() ? 'Enter a name.' : serverErrs.name
  const slugLocal = slug && !ENV_SLUG.test(slug) ? 'Use lowercase letters, digits and hyphens (up to 40), not starting or ending with a hyphen.' : null
  const slugError = slugLocal ?? serverErrs.slug
  const kindError = serverErrs.kind
  const shownServer = Boolean(serverErrs.name || serverErrs.slug || serverErrs.kind || serverErrs.from)

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (!name.trim() || slugLocal) return
    create.mutate(
      { name: name.trim(), kind, slug: slug || undefined, from: from === NO_COPY ? undefined : from },
      {
        onSuccess: (env) => {
          toast.success('Environment added', `${env.name} is ready for its first deployment.`)
          onOpenChange(false)
        },
      },
    )
  }

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Content maxWidth="540px">
        <Dialog.Title>New environment</Dialog.Title>
        <Dialog.Description size="2" color="gray" mb="4">
          Development and production exist for every site. Add a staging environment to check a release before production, or
          preview environments for reviews.
        </Dialog.Description>
        <form onSubmit={onSubmit} noValidate>
          <Flex direction="column" gap="4">
            <Flex direction="column" gap="1">
              <Text id={kindId} size="2" weight="medium">
                Kind
              </Text>
              <RadioCards.Root
                value={kind}
                onValueChange={(v) => {
                  const k = v as 'staging' | 'preview'
                  setKind(k)
                  if (k === 'staging' && !name) setName('Staging')
                  if (k === 'preview' && name === 'Staging') setName('')
                }}
                columns="2"
                size="1"
                aria-labelledby={kindId}
              >
                <RadioCards.Item value="staging" disabled={hasStaging}>
                  <Flex direction="column" width="100%">
                    <Text weight="bold">Staging</Text>
                    <Text size="1" color="gray">
                      {hasStaging ? 'This site has one already.' : 'One per site; the last check before production.'}
                    </Text>
                  </Flex>
                </RadioCards.Item>
                <RadioCards.Item value="preview">
                  <Flex direction="column" width="100%">
                    <Text weight="bold">Preview</Text>
                    <Text size="1" color="gray">
                      As many as you need, e.g. for a campaign’s review.
                    </Text>
                  </Flex>
                </RadioCards.Item>
              </RadioCards.Root>
              {kindError && (
                <Text size="1" color="red" role="alert">
                  {kindError}
                </Text>
              )}
            </Flex>
            <InputField
              name="name"
              label="Name"
              placeholder={kind === 'staging' ? 'Staging' : 'Winter campaign review'}
              maxLength={100}
              value={name}
              autoComplete="off"
              error={nameError}
              onChange={(e) => setName(e.target.value)}
            />
            <InputField
              name="slug"
              label="Slug (optional)"
              placeholder={envSlugFrom(name) || 'made from the name'}
              maxLength={40}
              value={slug}
              autoComplete="off"
              spellCheck={false}
              error={slugError}
              hint={
                effectiveSlug ? (
                  <>
                    Served at <Code variant="ghost">/s/{siteSlug}/{effectiveSlug}/</Code>
                  </>
                ) : (
                  'Made from the name when empty.'
                )
              }
              onChange={(e) => setSlug(e.target.value)}
            />
            <Flex direction="column" gap="1">
              <Text as="label" htmlFor={fromId} size="2" weight="medium">
                Copy settings from
              </Text>
              <Select.Root value={from} onValueChange={setFrom} name="from">
                <Select.Trigger id={fromId} />
                <Select.Content position="popper">
                  <Select.Item value={NO_COPY}>Nothing — start with the defaults</Select.Item>
                  {environments.map((e) => (
                    <Select.Item key={e.id} value={e.slug}>
                      {e.name}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select.Root>
              <Text size="1" color={serverErrs.from ? 'red' : 'gray'} role={serverErrs.from ? 'alert' : undefined}>
                {serverErrs.from ??
                  'Copies the API base URLs, feature flags, access and approval rule. Secrets are never copied: set them again.'}
              </Text>
            </Flex>
            {create.error && !shownServer && <ErrorCallout error={create.error} />}
          </Flex>
          <Flex gap="3" mt="5" justify="end">
            <Dialog.Close>
              <Button type="button" variant="soft" color="gray">
                Cancel
              </Button>
            </Dialog.Close>
            <Button type="submit" loading={create.isPending} highContrast>
              Add environment
            </Button>
          </Flex>
        </form>
      </Dialog.Content>
    </Dialog.Root>
  )
}
