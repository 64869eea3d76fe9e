// Publish a page as a template's next version (Admins). Pages already made
// from the template keep what they were made from; installs take the new
// version from now on.
import { Button, Dialog, Flex, Select, Text } from '@radix-ui/themes'
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { useId, useState, type FormEvent } from 'react'
import { api, ApiError } from '../../api/client'
import { pagesQuery } from '../../api/queries'
import { ErrorCallout } from '../../components/ErrorCallout'
import { InputField, TextAreaField } from '../../components/Field'
import { useToast } from '../../components/Toaster'
import { templateKeys, type Template } from './api'
import { useSitesForTemplates } from './sites'

/** The version after v with its minor part raised ("1.2.3" → "1.3.0"). */
export function nextMinor(v: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v)
  return m ? `${m[1]}.${Number(m[2]) + 1}.0` : ''
}

export function NewVersionDialog({ template, open, onOpenChange }: { template: Template; open: boolean; onOpenChange: (o: boolean) => void }) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Content maxWidth="520px">
        <Dialog.Title>Publish a new version</Dialog.Title>
        <Dialog.Description size="2" color="gray" mb="4">
          Choose the page that becomes version {nextMinor(template.version) || 'next'} of “{template.name}”. Pages made from earlier
          versions do not change.
        </Dialog.Description>
        <VersionForm template={template} onClose={() => onOpenChange(false)} />
      </Dialog.Content>
    </Dialog.Root>
  )
}

function VersionForm({ template, onClose }: { template: Template; onClose: () => void }) {
  const toast = useToast()
  const qc = useQueryClient()
  const siteFieldId = useId()
  const pageFieldId = useId()
  const { sites } = useSitesForTemplates()
  const [siteId, setSiteId] = useState(template.siteId ?? '')
  const [pageId, setPageId] = useState('')
  const [version, setVersion] = useState('')
  const [notes, setNotes] = useState('')
  const pages = useInfiniteQuery({ ...pagesQuery(siteId), enabled: siteId !== '' })
  const pageList = pages.data?.pages.flatMap((p) => p.items) ?? []
  const publish = useMutation({
    mutationFn: () =>
      api.post<Template>(`/templates/${encodeURIComponent(template.id)}/versions`, {
        pageId,
        ...(version.trim() ? { version: version.trim() } : {}),
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      }),
    onSuccess: (t) => {
      void qc.invalidateQueries({ queryKey: templateKeys.detail(template.id) })
      toast.success(`Version ${t.version} published`, `New pages made from “${template.name}” use it.`)
      onClose()
    },
  })
  const server = publish.error instanceof ApiError ? publish.error.fieldErrors() : {}
  const [submitted, setSubmitted] = useState(false)
  const pageError = submitted && !pageId ? 'Choose the page to publish.' : server.pageId

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (!pageId) return
    publish.mutate()
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Flex direction="column" gap="4">
        <Flex direction="column" gap="1">
          <Text as="label" htmlFor={siteFieldId} size="2" weight="medium">
            Site
          </Text>
          <Select.Root
            value={siteId}
            onValueChange={(v) => {
              setSiteId(v)
              setPageId('')
            }}
          >
            <Select.Trigger id={siteFieldId} placeholder="Choose a site" />
            <Select.Content position="popper">
              {sites.map((s) => (
                <Select.Item key={s.id} value={s.id}>
                  {s.name}
                </Select.Item>
              ))}
            </Select.Content>
          </Select.Root>
        </Flex>
        <Flex direction="column" gap="1">
          <Text as="label" htmlFor={pageFieldId} size="2" weight="medium">
            Page
          </Text>
          <Select.Root value={pageId} onValueChange={setPageId} disabled={!siteId || pages.isPending}>
            <Select.Trigger
              id={pageFieldId}
              placeholder={!siteId ? 'Choose a site first' : pageList.length === 0 && !pages.isPending ? 'This site has no pages' : 'Choose a page'}
              aria-invalid={pageError ? true : undefined}
              aria-describedby={pageError ? `${pageFieldId}-error` : undefined}
              color={pageError ? 'red' : undefined}
            />
            <Select.Content position="popper">
              {pageList.map((p) => (
                <Select.Item key={p.id} value={p.id}>
                  {p.title}
                </Select.Item>
              ))}
            </Select.Content>
          </Select.Root>
          {pageError && (
            <Text id={`${pageFieldId}-error`} size="1" color="red" role="alert">
              {pageError}
            </Text>
          )}
        </Flex>
        <InputField
          name="version"
          label="Version"
          hint={`Leave empty for ${nextMinor(template.version) || 'the next minor version'}. It must come after ${template.version}.`}
          placeholder={nextMinor(template.version)}
          value={version}
          maxLength={32}
          autoComplete="off"
          error={server.version}
          onChange={(e) => setVersion(e.target.value)}
        />
        <TextAreaField
          name="notes"
          label="What changed (optional)"
          value={notes}
          maxLength={500}
          error={server.notes}
          onChange={(e) => setNotes(e.target.value)}
        />
        {publish.error && !server.version && !server.notes && !server.pageId && <ErrorCallout error={publish.error} />}
        <Flex gap="3" justify="end">
          <Dialog.Close>
            <Button type="button" variant="soft" color="gray">
              Cancel
            </Button>
          </Dialog.Close>
          <Button type="submit" loading={publish.isPending}>
            Publish version
          </Button>
        </Flex>
      </Flex>
    </form>
  )
}
