import {
  Badge,
  Box,
  Button,
  Card,
  Code,
  Dialog,
  Flex,
  Link as RadixLink,
  Separator,
  Skeleton,
  Table,
  Text,
} from '@radix-ui/themes'
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query'
import { Link, useNavigate } from '@tanstack/react-router'
import { ClipboardList, FilePlus2, FileText, Images, Pencil, PenTool, Plus, Rocket, Settings, Trash2 } from 'lucide-react'
import { Palette } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { ApiError } from '../api/client'
import { keys, pagesQuery, siteQuery, useCreatePage, useDeletePage, useDeleteSite, useUpdatePage, useUpdateSite } from '../api/queries'
import type { Page, Site } from '../api/types'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { ListBreadcrumb } from '../components/DetailScreen'
import { EmptyState } from '../components/EmptyState'
import { ErrorCallout } from '../components/ErrorCallout'
import { InputField, TextAreaField } from '../components/Field'
import { PageHeader } from '../components/PageHeader'
import { SlugField } from '../components/SlugField'
import { useToast } from '../components/Toaster'
import { formatDateTime, relativeTime } from '../lib/format'
import { useCan } from '../lib/session'
import { slugError, suggestSlug } from '../lib/slug'
import { VersionPolicySection } from './VersionPolicySection'

function Breadcrumb({ current }: { current: string }) {
  return <ListBreadcrumb to="/sites" label="Sites" current={current} />
}

/** Server field errors plus the *.slug_taken conflict mapped onto the slug field. */
function formErrors(error: unknown, slugTakenCode: string): Record<string, string> {
  if (!(error instanceof ApiError)) return {}
  const errs = error.fieldErrors()
  if (error.code === slugTakenCode && !errs.slug) errs.slug = error.detail
  return errs
}

// ---------- page create / rename ----------

interface PageFormDialogProps {
  siteId: string
  /** When set, the dialog renames this page; otherwise it creates one. */
  page?: Page
  open: boolean
  onOpenChange: (open: boolean) => void
}

function PageFormDialog({ siteId, page, open, onOpenChange }: PageFormDialogProps) {
  const toast = useToast()
  const create = useCreatePage(siteId)
  const update = useUpdatePage(siteId)
  const mutation = page ? update : create
  const [title, setTitle] = useState(page?.title ?? '')
  const [slug, setSlug] = useState(page?.slug ?? '')
  const [slugEdited, setSlugEdited] = useState(Boolean(page))
  const [submitted, setSubmitted] = useState(false)

  const serverErrors = formErrors(mutation.error, 'page.slug_taken')
  const titleError = submitted && !title.trim() ? 'Enter a title.' : serverErrors.title

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (!title.trim() || slugError(slug)) return
    if (page) {
      const body: { id: string; title?: string; slug?: string } = { id: page.id }
      if (title.trim() !== page.title) body.title = title.trim()
      if (slug !== page.slug) body.slug = slug
      if (!body.title && !body.slug) {
        onOpenChange(false)
        return
      }
      update.mutate(body, {
        onSuccess: (p) => {
          toast.success('Page updated', `Saved “${p.title}”.`)
          onOpenChange(false)
        },
      })
    } else {
      create.mutate(
        { title: title.trim(), slug },
        {
          onSuccess: (p) => {
            toast.success('Page created', `“${p.title}” was added as a draft.`)
            onOpenChange(false)
          },
        },
      )
    }
  }

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Content maxWidth="480px">
        <Dialog.Title>{page ? 'Rename page' : 'New page'}</Dialog.Title>
        <Dialog.Description size="2" color="gray" mb="4">
          {page
            ? 'Changing the slug changes the page’s address once it is published again.'
            : 'New pages start as drafts. Nothing is public until you publish.'}
        </Dialog.Description>
        <form onSubmit={onSubmit} noValidate>
          <Flex direction="column" gap="4">
            {mutation.error && Object.keys(serverErrors).length === 0 && <ErrorCallout error={mutation.error} />}
            <InputField
              name="title"
              label="Title"
              placeholder="Flu vaccination clinic"
              maxLength={200}
              value={title}
              autoFocus
              autoComplete="off"
              error={titleError}
              onChange={(e) => {
                setTitle(e.target.value)
                if (!slugEdited) setSlug(suggestSlug(e.target.value))
              }}
            />
            <SlugField
              value={slug}
              showErrors={submitted}
              serverError={serverErrors.slug}
              onChange={(v) => {
                setSlug(v)
                setSlugEdited(v !== '')
              }}
            />
          </Flex>
          <Flex gap="3" mt="5" justify="end">
            <Dialog.Close>
              <Button type="button" variant="soft" color="gray">
                Cancel
              </Button>
            </Dialog.Close>
            <Button type="submit" loading={mutation.isPending}>
              {page ? 'Save' : 'Create page'}
            </Button>
          </Flex>
        </form>
      </Dialog.Content>
    </Dialog.Root>
  )
}

function DeletePageDialog({ siteId, page, onClose }: { siteId: string; page: Page; onClose: () => void }) {
  const toast = useToast()
  const del = useDeletePage(siteId)
  return (
    <ConfirmDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={`Delete “${page.title}”?`}
      description={
        <>
          The page <Code variant="ghost">/{page.slug}</Code> and its content will be deleted. This cannot be undone.
        </>
      }
      confirmLabel="Delete"
      pending={del.isPending}
      error={del.error}
      onConfirm={() =>
        del.mutate(page.id, {
          onSuccess: () => {
            toast.success('Page deleted', `“${page.title}” was deleted.`)
            onClose()
          },
        })
      }
    />
  )
}

// ---------- site settings ----------

function SiteSettingsDialog({ site, open, onOpenChange }: { site: Site; open: boolean; onOpenChange: (o: boolean) => void }) {
  const toast = useToast()
  const navigate = useNavigate()
  const can = useCan()
  const update = useUpdateSite(site.id)
  const del = useDeleteSite(site.id)
  const queryClient = useQueryClient()
  const [name, setName] = useState(site.name)
  const [slug, setSlug] = useState(site.slug)
  const [description, setDescription] = useState(site.description)
  const [submitted, setSubmitted] = useState(false)
  const [confirmName, setConfirmName] = useState('')
  const [confirming, setConfirming] = useState(false)

  const serverErrors = formErrors(update.error, 'site.slug_taken')
  const nameError = submitted && !name.trim() ? 'Enter a name for the site.' : serverErrors.name

  const onSave = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (!name.trim() || slugError(slug)) return
    const body: { name?: string; slug?: string; description?: string } = {}
    if (name.trim() !== site.name) body.name = name.trim()
    if (slug !== site.slug) body.slug = slug
    if (description.trim() !== site.description) body.description = description.trim()
    if (Object.keys(body).length === 0) {
      onOpenChange(false)
      return
    }
    update.mutate(body, {
      onSuccess: () => {
        toast.success('Site settings saved')
        onOpenChange(false)
      },
    })
  }

  return (
    <>
      <Dialog.Root open={open && !confirming} onOpenChange={onOpenChange}>
        <Dialog.Content maxWidth="520px">
          <Dialog.Title>Site settings</Dialog.Title>
          <Dialog.Description size="2" color="gray" mb="4">
            Rename “{site.name}” or change its address.
          </Dialog.Description>
          {can('site:edit') && (
            <form onSubmit={onSave} noValidate>
              <Flex direction="column" gap="4">
                {update.error && Object.keys(serverErrors).length === 0 && <ErrorCallout error={update.error} />}
                <InputField
                  name="name"
                  label="Name"
                  maxLength={200}
                  value={name}
                  autoComplete="off"
                  error={nameError}
                  onChange={(e) => setName(e.target.value)}
                />
                <SlugField
                  value={slug}
                  previewPrefix=""
                  showErrors={submitted}
                  serverError={serverErrors.slug}
                  onChange={setSlug}
                />
                <TextAreaField
                  name="description"
                  label="Description"
                  maxLength={2000}
                  value={description}
                  rows={3}
                  error={serverErrors.description}
                  onChange={(e) => setDescription(e.target.value)}
                />
              </Flex>
              <Flex gap="3" mt="5" justify="end">
                <Dialog.Close>
                  <Button type="button" variant="soft" color="gray">
                    Cancel
                  </Button>
                </Dialog.Close>
                <Button type="submit" loading={update.isPending}>
                  Save
                </Button>
              </Flex>
            </form>
          )}
          <Separator size="4" my="5" />
          <VersionPolicySection siteId={site.id} canEdit={can('site:edit')} />
          {can('site:delete') && (
            <>
              <Separator size="4" my="5" />
              <Card variant="surface" className="danger-zone">
                <Flex align="center" justify="between" gap="4">
                  <Box>
                    <Text as="div" size="2" weight="bold">
                      Delete this site
                    </Text>
                    <Text as="div" size="1" color="gray">
                      Deletes the site and all {site.pageCount} {site.pageCount === 1 ? 'page' : 'pages'} in it.
                    </Text>
                  </Box>
                  <Button type="button" color="red" variant="soft" onClick={() => setConfirming(true)}>
                    <Trash2 size={14} /> Delete site
                  </Button>
                </Flex>
              </Card>
            </>
          )}
        </Dialog.Content>
      </Dialog.Root>
      <ConfirmDialog
        open={open && confirming}
        onOpenChange={(o) => {
          if (!o) {
            setConfirming(false)
            setConfirmName('')
            del.reset()
          }
        }}
        title={`Delete “${site.name}”?`}
        description={`This permanently deletes the site and all ${site.pageCount} ${site.pageCount === 1 ? 'page' : 'pages'} in it. This cannot be undone.`}
        confirmLabel="Delete"
        confirmDisabled={confirmName !== site.name}
        pending={del.isPending}
        error={del.error}
        onConfirm={() =>
          del.mutate(undefined, {
            onSuccess: async () => {
              toast.success('Site deleted', `“${site.name}” was deleted.`)
              await navigate({ to: '/sites', replace: true })
              queryClient.removeQueries({ queryKey: keys.site(site.id) })
              queryClient.removeQueries({ queryKey: keys.pages(site.id) })
            },
          })
        }
      >
        <InputField
          name="confirmName"
          label={`Type “${site.name}” to confirm`}
          value={confirmName}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setConfirmName(e.target.value)}
        />
      </ConfirmDialog>
    </>
  )
}

// ---------- pages table ----------

function StatusBadge({ status }: { status: Page['status'] }) {
  return status === 'published' ? (
    <Badge color="green" variant="soft" radius="full">
      Published
    </Badge>
  ) : (
    <Badge color="gray" variant="soft" radius="full">
      Draft
    </Badge>
  )
}

function PagesSkeleton() {
  return (
    <Card size="1" aria-busy="true" aria-label="Loading pages">
      <Flex direction="column" gap="3" p="2">
        {[0, 1, 2, 3].map((i) => (
          <Flex key={i} gap="4" align="center">
            <Skeleton height="16px" width="30%" />
            <Skeleton height="16px" width="20%" />
            <Skeleton height="16px" width="10%" />
            <Skeleton height="16px" width="20%" />
          </Flex>
        ))}
      </Flex>
    </Card>
  )
}

export function SiteScreen({ siteId }: { siteId: string }) {
  const can = useCan()
  const site = useQuery(siteQuery(siteId))
  const pages = useInfiniteQuery(pagesQuery(siteId))
  const [creating, setCreating] = useState(false)
  const [renaming, setRenaming] = useState<Page | null>(null)
  const [deleting, setDeleting] = useState<Page | null>(null)
  const [settingsOpen, setSettingsOpen] = useState(false)

  if (site.isError) {
    const notFound = site.error instanceof ApiError && site.error.status === 404
    return (
      <>
        <PageHeader title={notFound ? 'Site not found' : 'Could not load site'} eyebrow={<Breadcrumb current="Site" />} />
        {notFound ? (
          <EmptyState
            icon={<FileText size={28} />}
            title="This site does not exist"
            description="It may have been deleted, or the link is wrong."
            action={
              <Button asChild variant="soft">
                <Link to="/sites">Back to sites</Link>
              </Button>
            }
          />
        ) : (
          <ErrorCallout error={site.error} />
        )}
      </>
    )
  }

  const items = pages.data?.pages.flatMap((p) => p.items) ?? []
  const canCreate = can('page:create')
  const canEdit = can('page:edit')
  const canDelete = can('page:delete')
  const canSettings = can('site:edit') || can('site:delete')

  return (
    <>
      <PageHeader
        eyebrow={<Breadcrumb current={site.data?.name ?? '…'} />}
        title={site.data ? site.data.name : <Skeleton width="240px" height="32px" />}
        description={
          site.data ? (
            <>
              <Code variant="ghost" color="gray">
                {site.data.slug}
              </Code>
              {site.data.description && <> · {site.data.description}</>}
            </>
          ) : (
            <Skeleton width="320px" height="16px" />
          )
        }
        actions={
          <>
            <Button asChild variant="soft" color="gray">
              <Link to="/sites/$siteId/assets" params={{ siteId }}>
                <Images size={16} /> Images
              </Link>
            </Button>
            <Button asChild variant="soft" color="gray">
              <Link to="/sites/$siteId/design" params={{ siteId }}>
                <Palette size={16} /> Design system
              </Link>
            </Button>
            <Button asChild variant="soft" color="gray">
              <Link to="/sites/$siteId/publish" params={{ siteId }}>
                <Rocket size={16} /> Publish
              </Link>
            </Button>
            <Button asChild variant="soft" color="gray">
              <Link to="/sites/$siteId/forms" params={{ siteId }}>
                <ClipboardList size={16} /> Forms
              </Link>
            </Button>
            {canSettings && site.data && (
              <Button variant="soft" color="gray" onClick={() => setSettingsOpen(true)}>
                <Settings size={16} /> Settings
              </Button>
            )}
            {canCreate && (
              <Button onClick={() => setCreating(true)}>
                <Plus size={16} /> New page
              </Button>
            )}
          </>
        }
      />

      {pages.isPending ? (
        <PagesSkeleton />
      ) : pages.isError ? (
        <ErrorCallout error={pages.error} title="Could not load pages." />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<FilePlus2 size={28} />}
          title="No pages yet"
          description={
            canCreate
              ? 'Add the first page to this site — for example a home page, a clinic’s opening hours or a patient form.'
              : 'This site has no pages yet. Editors can add pages; they will appear here.'
          }
          action={
            canCreate && (
              <Button size="3" onClick={() => setCreating(true)}>
                <Plus size={16} /> Create your first page
              </Button>
            )
          }
        />
      ) : (
        <Card size="1" className="table-card">
          <Table.Root variant="ghost" size="2">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>Title</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Address</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Status</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Updated</Table.ColumnHeaderCell>
                {(canEdit || canDelete) && (
                  <Table.ColumnHeaderCell>
                    <span className="visually-hidden">Actions</span>
                  </Table.ColumnHeaderCell>
                )}
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {items.map((page) => (
                <Table.Row key={page.id} data-testid="page-row" align="center">
                  <Table.RowHeaderCell>
                    <Flex align="center" gap="2">
                      <Text color="gray" style={{ display: 'flex' }}>
                        <FileText size={15} />
                      </Text>
                      <RadixLink asChild weight="medium" highContrast underline="hover">
                        <Link to="/pages/$pageId/edit" params={{ pageId: page.id }} data-testid="open-editor">
                          {page.title}
                        </Link>
                      </RadixLink>
                    </Flex>
                  </Table.RowHeaderCell>
                  <Table.Cell>
                    <Code variant="ghost" color="gray">
                      /{page.slug}
                    </Code>
                  </Table.Cell>
                  <Table.Cell>
                    <StatusBadge status={page.status} />
                  </Table.Cell>
                  <Table.Cell>
                    <Text as="div" size="2" title={formatDateTime(page.updatedAt)}>
                      {relativeTime(page.updatedAt)}
                    </Text>
                    {page.updatedBy?.name && (
                      <Text as="div" size="1" color="gray">
                        by {page.updatedBy.name}
                      </Text>
                    )}
                  </Table.Cell>
                  {(canEdit || canDelete) && (
                    <Table.Cell justify="end">
                      <Flex gap="2" justify="end">
                        {canEdit && (
                          <Button size="1" variant="soft" asChild>
                            <Link to="/pages/$pageId/edit" params={{ pageId: page.id }} aria-label={`Edit ${page.title}`}>
                              <PenTool size={13} /> Edit
                            </Link>
                          </Button>
                        )}
                        {canEdit && (
                          <Button
                            size="1"
                            variant="ghost"
                            color="gray"
                            aria-label={`Rename ${page.title}`}
                            onClick={() => setRenaming(page)}
                          >
                            <Pencil size={13} /> Rename
                          </Button>
                        )}
                        {canDelete && (
                          <Button
                            size="1"
                            variant="ghost"
                            color="red"
                            aria-label={`Delete ${page.title}`}
                            onClick={() => setDeleting(page)}
                          >
                            <Trash2 size={13} /> Delete
                          </Button>
                        )}
                      </Flex>
                    </Table.Cell>
                  )}
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
          {pages.hasNextPage && (
            <Flex justify="center" py="3">
              <Button
                variant="soft"
                color="gray"
                loading={pages.isFetchingNextPage}
                onClick={() => void pages.fetchNextPage()}
              >
                Load more
              </Button>
            </Flex>
          )}
        </Card>
      )}

      {creating && <PageFormDialog siteId={siteId} open onOpenChange={(o) => !o && setCreating(false)} />}
      {renaming && (
        <PageFormDialog
          key={renaming.id}
          siteId={siteId}
          page={renaming}
          open
          onOpenChange={(o) => !o && setRenaming(null)}
        />
      )}
      {deleting && <DeletePageDialog siteId={siteId} page={deleting} onClose={() => setDeleting(null)} />}
      {settingsOpen && site.data && (
        <SiteSettingsDialog site={site.data} open onOpenChange={(o) => !o && setSettingsOpen(false)} />
      )}
    </>
  )
}
