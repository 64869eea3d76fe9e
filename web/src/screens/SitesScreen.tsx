import { Badge, Box, Button, Card, Dialog, Flex, Grid, Heading, Skeleton, Text } from '@radix-ui/themes'
import { useInfiniteQuery } from '@tanstack/react-query'
import { Link, useNavigate } from '@tanstack/react-router'
import { FileText, Globe, Plus } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { ApiError } from '../api/client'
import { sitesQuery, useCreateSite } from '../api/queries'
import type { Site } from '../api/types'
import { EmptyState } from '../components/EmptyState'
import { ErrorCallout } from '../components/ErrorCallout'
import { InputField, TextAreaField } from '../components/Field'
import { PageHeader } from '../components/PageHeader'
import { SlugField } from '../components/SlugField'
import { useToast } from '../components/Toaster'
import { formatDateTime, relativeTime } from '../lib/format'
import { useCan } from '../lib/session'
import { slugError, suggestSlug } from '../lib/slug'

function SiteCard({ site }: { site: Site }) {
  return (
    <Card asChild size="2" className="site-card" data-testid="site-card">
      <Link to="/sites/$siteId" params={{ siteId: site.id }}>
        <Flex direction="column" gap="3" height="100%">
          <Flex align="center" gap="3">
            <Flex className="site-card-icon" align="center" justify="center" flexShrink="0">
              <Globe size={18} />
            </Flex>
            <Box minWidth="0">
              <Heading as="h2" size="3" truncate>
                {site.name}
              </Heading>
              <Text as="div" size="1" color="gray" truncate className="mono">
                {site.slug}
              </Text>
            </Box>
          </Flex>
          <Text as="p" size="2" color="gray" className="clamp-2" style={{ minHeight: '2.6em' }}>
            {site.description || 'No description'}
          </Text>
          <Flex align="center" justify="between" mt="auto" pt="2" className="site-card-footer">
            <Badge variant="soft" color="gray" radius="full">
              <FileText size={12} /> {site.pageCount} {site.pageCount === 1 ? 'page' : 'pages'}
            </Badge>
            <Text size="1" color="gray" title={formatDateTime(site.updatedAt)}>
              Updated {relativeTime(site.updatedAt)}
            </Text>
          </Flex>
        </Flex>
      </Link>
    </Card>
  )
}

export function NewSiteDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const navigate = useNavigate()
  const toast = useToast()
  const create = useCreateSite()
  const [name, setName] = useState('')
  const [slug, setSlug] = useState('')
  const [slugEdited, setSlugEdited] = useState(false)
  const [description, setDescription] = useState('')
  const [submitted, setSubmitted] = useState(false)

  const reset = () => {
    setName('')
    setSlug('')
    setSlugEdited(false)
    setDescription('')
    setSubmitted(false)
    create.reset()
  }

  const serverErrors = create.error instanceof ApiError ? create.error.fieldErrors() : {}
  if (create.error instanceof ApiError && create.error.code === 'site.slug_taken' && !serverErrors.slug) {
    serverErrors.slug = create.error.detail
  }
  const nameError = submitted && !name.trim() ? 'Enter a name for the site.' : serverErrors.name

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (!name.trim() || (slug !== '' && slugError(slug))) return
    create.mutate(
      { name: name.trim(), slug: slug || undefined, description: description.trim() || undefined },
      {
        onSuccess: (site) => {
          toast.success('Site created', `“${site.name}” is ready for its first page.`)
          onOpenChange(false)
          reset()
          void navigate({ to: '/sites/$siteId', params: { siteId: site.id } })
        },
      },
    )
  }

  const fieldErrorShown = Object.keys(serverErrors).length > 0

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(o) => {
        onOpenChange(o)
        if (!o) reset()
      }}
    >
      <Dialog.Content maxWidth="500px">
        <Dialog.Title>New site</Dialog.Title>
        <Dialog.Description size="2" color="gray" mb="4">
          A site groups pages that are published together, such as a clinic’s public website.
        </Dialog.Description>
        <form onSubmit={onSubmit} noValidate>
          <Flex direction="column" gap="4">
            {create.error && !fieldErrorShown && <ErrorCallout error={create.error} />}
            <InputField
              name="name"
              label="Name"
              placeholder="Riverside Clinics"
              maxLength={200}
              value={name}
              autoFocus
              autoComplete="off"
              error={nameError}
              onChange={(e) => {
                setName(e.target.value)
                if (!slugEdited) setSlug(suggestSlug(e.target.value))
              }}
            />
            <SlugField
              value={slug}
              optional
              previewPrefix=""
              showErrors={submitted}
              serverError={serverErrors.slug}
              onChange={(v) => {
                setSlug(v)
                setSlugEdited(v !== '')
              }}
            />
            <TextAreaField
              name="description"
              label="Description (optional)"
              placeholder="Opening hours, services and patient information for our five clinics."
              value={description}
              maxLength={2000}
              error={serverErrors.description}
              onChange={(e) => setDescription(e.target.value)}
              rows={3}
            />
          </Flex>
          <Flex gap="3" mt="5" justify="end">
            <Dialog.Close>
              <Button type="button" variant="soft" color="gray">
                Cancel
              </Button>
            </Dialog.Close>
            <Button type="submit" loading={create.isPending}>
              Create site
            </Button>
          </Flex>
        </form>
      </Dialog.Content>
    </Dialog.Root>
  )
}

function SitesSkeleton() {
  return (
    <Grid columns={{ initial: '1', sm: '2', md: '3' }} gap="4" aria-busy="true" aria-label="Loading sites">
      {[0, 1, 2].map((i) => (
        <Card key={i} size="2">
          <Flex direction="column" gap="3">
            <Flex gap="3" align="center">
              <Skeleton width="36px" height="36px" />
              <Box flexGrow="1">
                <Skeleton height="16px" width="60%" mb="2" />
                <Skeleton height="12px" width="40%" />
              </Box>
            </Flex>
            <Skeleton height="32px" />
            <Skeleton height="20px" width="50%" />
          </Flex>
        </Card>
      ))}
    </Grid>
  )
}

export function SitesScreen() {
  const can = useCan()
  const sites = useInfiniteQuery(sitesQuery)
  const [creating, setCreating] = useState(false)
  const items = sites.data?.pages.flatMap((p) => p.items) ?? []
  const canCreate = can('site:create')

  const newSiteButton = canCreate && (
    <Button onClick={() => setCreating(true)}>
      <Plus size={16} /> New site
    </Button>
  )

  return (
    <>
      <PageHeader
        title="Sites"
        description="Each site holds a set of pages that are published together."
        actions={newSiteButton}
      />
      {sites.isPending ? (
        <SitesSkeleton />
      ) : sites.isError ? (
        <ErrorCallout error={sites.error} title="Could not load sites." />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<Globe size={28} />}
          title="No sites yet"
          description={
            canCreate
              ? 'Create your first site to start building pages.'
              : 'There are no sites yet. An Admin can create one; it will appear here.'
          }
          action={
            canCreate && (
              <Button size="3" onClick={() => setCreating(true)}>
                <Plus size={16} /> Create your first site
              </Button>
            )
          }
        />
      ) : (
        <>
          <Grid columns={{ initial: '1', sm: '2', md: '3' }} gap="4">
            {items.map((site) => (
              <SiteCard key={site.id} site={site} />
            ))}
          </Grid>
          {sites.hasNextPage && (
            <Flex justify="center" mt="5">
              <Button variant="soft" color="gray" loading={sites.isFetchingNextPage} onClick={() => void sites.fetchNextPage()}>
                Load more
              </Button>
            </Flex>
          )}
        </>
      )}
      {canCreate && <NewSiteDialog open={creating} onOpenChange={setCreating} />}
    </>
  )
}
