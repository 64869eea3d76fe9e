// /components/$componentId: a component's details, a live preview of its
// latest version, its versions with notes and exposed props, the pages that
// use it, and the actions: edit details, deprecate, delete, update pages.
import { Badge, Box, Button, Callout, Card, Code, DataList, Flex, Heading, Link as RadixLink, Skeleton, Table, Text } from '@radix-ui/themes'
import { useQuery } from '@tanstack/react-query'
import { Link, useNavigate } from '@tanstack/react-router'
import { ArrowUpCircle, Component as ComponentIcon, Pencil, Trash2, TriangleAlert, Undo2 } from 'lucide-react'
import { useCallback, useId, useState, type SyntheticEvent } from 'react'
import { api, ApiError } from '../../api/client'
import { renderPublished, type RenderResult } from '../../api/designSystem'
import { siteQuery } from '../../api/queries'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { DetailError, DetailPending, ListBreadcrumb } from '../../components/DetailScreen'
import { ErrorCallout } from '../../components/ErrorCallout'
import { PageHeader } from '../../components/PageHeader'
import { useToast } from '../../components/Toaster'
import { srcdoc } from '../../editor/history/api'
import { formatDate, formatDateTime } from '../../lib/format'
import { useCan } from '../../lib/session'
import {
  compareSemver,
  componentQuery,
  componentUsageQuery,
  componentVersionQuery,
  usageLabel,
  useDeleteComponent,
  useUndeprecateComponent,
  visibilityLabel,
  type Component,
  type ComponentVersion,
  type PageUsage,
} from './api'
import { BulkUpdateDialog, pagesToUpdate } from './BulkUpdateDialog'
import { DeprecateDialog, EditComponentDialog } from './ComponentDialogs'
import './components.css'

function Breadcrumb({ current }: { current: string }) {
  return <ListBreadcrumb to="/components" label="Components" current={current} />
}

export function ComponentDetailScreen({ componentId }: { componentId: string }) {
  const detail = useQuery(componentQuery(componentId))
  if (detail.isPending) {
    return <DetailPending breadcrumb={<Breadcrumb current="…" />} label="Loading the component" height="320px" />
  }
  if (detail.isError) {
    return (
      <DetailError
        error={detail.error}
        breadcrumb={<Breadcrumb current="Component" />}
        noun="Component"
        icon={<ComponentIcon size={28} />}
        notFoundText="It may have been deleted or made private by its owner, or the link is wrong."
        back={<Link to="/components">Back to the library</Link>}
        onRetry={() => void detail.refetch()}
      />
    )
  }
  return <DetailView component={detail.data.component} versions={detail.data.versions} />
}

function DetailView({ component: c, versions }: { component: Component; versions: ComponentVersion[] }) {
  const can = useCan()
  const toast = useToast()
  const navigate = useNavigate()
  const usage = useQuery(componentUsageQuery(c.id))
  const site = useQuery({ ...siteQuery(c.siteId), enabled: !!c.siteId, retry: false })
  const undeprecate = useUndeprecateComponent(c.id)
  const del = useDeleteComponent(c.id)
  const [editing, setEditing] = useState(false)
  const [deprecating, setDeprecating] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const [bulk, setBulk] = useState(false)
  const canEdit = can('component:edit')
  const canDelete = can('component:delete')
  const outdated = pagesToUpdate(usage.data ?? [], c.latestVersion)
  const pagesUsing = usage.data?.length ?? c.usage.pages
  const deleteReason = pagesUsing > 0 ? `Used on ${pagesUsing} ${pagesUsing === 1 ? 'page' : 'pages'}: detach or replace its instances there first.` : ''

  return (
    <>
      <PageHeader
        eyebrow={<Breadcrumb current={c.name} />}
        title={c.name}
        description={c.description || undefined}
        actions={
          <>
            {canEdit && (
              <Button variant="soft" color="gray" onClick={() => setEditing(true)}>
                <Pencil size={14} aria-hidden="true" /> Edit details
              </Button>
            )}
            {canEdit &&
              (c.deprecated ? (
                <Button
                  variant="soft"
                  color="gray"
                  loading={undeprecate.isPending}
                  onClick={() =>
                    undeprecate.mutate(undefined, {
                      onSuccess: () => toast.success('Deprecation lifted', `“${c.name}” is back in the editor’s Components tab.`),
                      onError: (e) => toast.error('Could not lift the deprecation', e instanceof Error ? e.message : undefined),
                    })
                  }
                >
                  <Undo2 size={14} aria-hidden="true" /> Lift deprecation
                </Button>
              ) : (
                <Button variant="soft" color="amber" onClick={() => setDeprecating(true)}>
                  <TriangleAlert size={14} aria-hidden="true" /> Deprecate…
                </Button>
              ))}
            {outdated.length > 0 && (
              <Button onClick={() => setBulk(true)}>
                <ArrowUpCircle size={14} aria-hidden="true" /> Update pages to {c.latestVersion}…
              </Button>
            )}
          </>
        }
      />

      {c.deprecated && (
        <Box mb="4">
          <Callout.Root color="amber" variant="surface">
            <Callout.Icon>
              <TriangleAlert size={16} />
            </Callout.Icon>
            <Callout.Text>
              <Text weight="bold">Deprecated{c.deprecated.by ? ` by ${c.deprecated.by.name}` : ''} on {formatDate(c.deprecated.at)}.</Text> {c.deprecated.message}
              {c.deprecated.replacementId && (
                <>
                  {' '}
                  Use{' '}
                  <RadixLink asChild highContrast>
                    <Link to="/components/$componentId" params={{ componentId: c.deprecated.replacementId }}>
                      {c.deprecated.replacementName || 'the replacement'}
                    </Link>
                  </RadixLink>{' '}
                  instead.
                </>
              )}
            </Callout.Text>
          </Callout.Root>
        </Box>
      )}

      <div className="pw-cmp-detail">
        <Flex direction="column" gap="4" minWidth="0">
          <Preview component={c} />
          <Versions component={c} versions={versions} />
        </Flex>
        <Flex direction="column" gap="4" minWidth="0">
          <Card size="2">
            <DataList.Root size="2" orientation={{ initial: 'vertical', sm: 'horizontal' }}>
              <DataList.Item>
                <DataList.Label>Category</DataList.Label>
                <DataList.Value>{c.category}</DataList.Value>
              </DataList.Item>
              <DataList.Item>
                <DataList.Label>Latest version</DataList.Label>
                <DataList.Value>{c.latestVersion}</DataList.Value>
              </DataList.Item>
              <DataList.Item>
                <DataList.Label>Who can use it</DataList.Label>
                <DataList.Value>{visibilityLabel(c.visibility)}</DataList.Value>
              </DataList.Item>
              <DataList.Item>
                <DataList.Label>Owner</DataList.Label>
                <DataList.Value>{c.owner?.name ?? '—'}</DataList.Value>
              </DataList.Item>
              <DataList.Item>
                <DataList.Label>Made in</DataList.Label>
                <DataList.Value>
                  {site.data ? (
                    <RadixLink asChild highContrast>
                      <Link to="/sites/$siteId" params={{ siteId: c.siteId }}>
                        {site.data.name}
                      </Link>
                    </RadixLink>
                  ) : (
                    'a site you cannot open'
                  )}
                </DataList.Value>
              </DataList.Item>
              <DataList.Item>
                <DataList.Label>Used</DataList.Label>
                <DataList.Value>
                  {usageLabel(c.usage)}
                  {c.usage.instances > c.usage.pages ? ` (${c.usage.instances} instances)` : ''}
                </DataList.Value>
              </DataList.Item>
              {c.tags.length > 0 && (
                <DataList.Item>
                  <DataList.Label>Tags</DataList.Label>
                  <DataList.Value>
                    <Flex gap="1" wrap="wrap">
                      {c.tags.map((t) => (
                        <Badge key={t} variant="soft" radius="full">
                          {t}
                        </Badge>
                      ))}
                    </Flex>
                  </DataList.Value>
                </DataList.Item>
              )}
              <DataList.Item>
                <DataList.Label>Updated</DataList.Label>
                <DataList.Value>{formatDateTime(c.updatedAt)}</DataList.Value>
              </DataList.Item>
            </DataList.Root>
          </Card>
          <Usage component={c} usage={usage.data} loading={usage.isPending} error={usage.error} />
          {canDelete && (
            <Card size="2">
              <Heading as="h2" size="3" mb="1">
                Delete
              </Heading>
              <Text as="p" size="2" color="gray" mb="3">
                Removes “{c.name}” and all its versions from the library.
              </Text>
              <Button color="red" variant="soft" disabled={!!deleteReason || usage.isPending} onClick={() => setDeleting(true)} aria-describedby="pw-cmp-delete-reason">
                <Trash2 size={14} aria-hidden="true" /> Delete component
              </Button>
              {deleteReason && (
                <Text as="p" size="1" color="gray" mt="2" id="pw-cmp-delete-reason">
                  {deleteReason}
                </Text>
              )}
            </Card>
          )}
        </Flex>
      </div>

      <EditComponentDialog component={c} open={editing} onOpenChange={setEditing} />
      <DeprecateDialog component={c} open={deprecating} onOpenChange={setDeprecating} />
      <BulkUpdateDialog component={c} versions={versions} open={bulk} onOpenChange={setBulk} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={(o) => {
          setDeleting(o)
          if (!o) del.reset()
        }}
        title={`Delete “${c.name}”?`}
        description="It and all its versions leave the library for good. No page uses it, so no page changes."
        confirmLabel="Delete component"
        pending={del.isPending}
        error={del.error}
        onConfirm={() =>
          del.mutate(undefined, {
            onSuccess: () => {
              toast.success('Component deleted', `“${c.name}” is no longer in the library.`)
              void navigate({ to: '/components' })
            },
          })
        }
      />
    </>
  )
}

/** The preview frame's height range: a small component does not sit in a tall empty box, a long one scrolls. */
export const PREVIEW_MIN = 160
export const PREVIEW_MAX = 600

/**
 * How tall a rendered page's content is. The page layout stretches <main>
 * to the window (min-height: 100vh), so the document's own height is the
 * frame's: measure the bottom of what is in it instead.
 */
export function contentHeight(d: Document | null): number {
  if (!d?.body) return 0
  const page = d.querySelector('.pw-page') ?? d.body
  let bottom = 0
  for (const el of Array.from(page.children)) {
    if (el.classList.contains('pw-skip') || el.tagName === 'SCRIPT') continue
    const parts = el.tagName === 'MAIN' ? Array.from(el.children) : [el]
    for (const p of parts) bottom = Math.max(bottom, p.getBoundingClientRect().bottom)
  }
  return bottom > 0 ? Math.ceil(bottom + 24) : 0
}

function Preview({ component: c }: { component: Component }) {
  const headingId = useId()
  const [height, setHeight] = useState<number | null>(null)
  // The frame is same-origin (sandbox allow-same-origin, no scripts): fit it to what it shows.
  const fitPreview = useCallback((e: SyntheticEvent<HTMLIFrameElement>) => {
    const h = contentHeight(e.currentTarget.contentDocument)
    if (h > 0) setHeight(Math.min(PREVIEW_MAX, Math.max(PREVIEW_MIN, h)))
  }, [])
  const version = useQuery(componentVersionQuery(c.id, c.latestVersion))
  const html = useQuery({
    queryKey: ['components', 'render', c.id, c.latestVersion, c.siteId],
    queryFn: async ({ signal }) => {
      const d = version.data!.document!
      try {
        return { html: srcdoc(await renderPublished(d, c.siteId, signal)), ownSite: true }
      } catch (e) {
        // A component shared with the organisation may come from a site the
        // reader cannot open: show it in the default design system then.
        if (!(e instanceof ApiError) || (e.status !== 403 && e.status !== 404)) throw e
        return { html: srcdoc(await api.post<RenderResult>('/render', { document: d, mode: 'published' }, { signal })), ownSite: false }
      }
    },
    enabled: !!version.data?.document,
    staleTime: Infinity,
    retry: false,
  })
  const error = version.error ?? html.error
  return (
    <Card size="2" asChild>
      <section aria-labelledby={headingId}>
        <Flex justify="between" align="baseline" mb="2" gap="2" wrap="wrap">
          <Heading as="h2" size="4" id={headingId}>
            Preview
          </Heading>
          <Text size="1" color="gray">
            Version {c.latestVersion}, with its own values, in {html.data?.ownSite === false ? 'the default design system' : 'the design system of the site it was made in'}.
          </Text>
        </Flex>
        {error ? (
          <ErrorCallout error={error} title="Could not render the preview." />
        ) : html.data === undefined ? (
          <Skeleton height="320px" />
        ) : (
          <iframe
            className="pw-cmp-preview"
            title={`Preview of ${c.name} ${c.latestVersion}`}
            srcDoc={html.data.html}
            sandbox="allow-same-origin"
            onLoad={fitPreview}
            style={height ? { height } : undefined}
          />
        )}
      </section>
    </Card>
  )
}

function Versions({ component: c, versions }: { component: Component; versions: ComponentVersion[] }) {
  const headingId = useId()
  return (
    <Card size="2" asChild>
      <section aria-labelledby={headingId}>
        <Heading as="h2" size="4" id={headingId} mb="3">
          Versions
        </Heading>
        <ol className="pw-cmp-versions">
          {versions.map((v) => (
            <li key={v.version}>
              <Flex gap="2" align="baseline" wrap="wrap">
                <Text weight="bold" className="pw-cmp-num">
                  {v.version}
                </Text>
                {v.version === c.latestVersion && (
                  <Badge color="green" variant="soft">
                    Latest
                  </Badge>
                )}
                <Text size="1" color="gray">
                  {formatDateTime(v.createdAt)}
                  {v.createdBy ? ` · ${v.createdBy.name}` : ''}
                </Text>
              </Flex>
              <Text as="p" size="2" color={v.notes ? undefined : 'gray'} mt="1">
                {v.notes || 'No notes.'}
              </Text>
              {v.exposed.length > 0 ? (
                <Text as="p" size="1" color="gray" mt="1">
                  Pages can change:{' '}
                  {v.exposed.map((e, i) => (
                    <span key={e.key}>
                      {i > 0 && ', '}
                      {e.label} <Code size="1" variant="ghost">{e.key}</Code> <span className="pw-cmp-type">({e.type})</span>
                    </span>
                  ))}
                </Text>
              ) : (
                <Text as="p" size="1" color="gray" mt="1">
                  Pages can change nothing: it looks the same everywhere.
                </Text>
              )}
            </li>
          ))}
        </ol>
      </section>
    </Card>
  )
}

function Usage({ component: c, usage, loading, error }: { component: Component; usage?: PageUsage[]; loading: boolean; error: unknown }) {
  const headingId = useId()
  return (
    <Card size="2" asChild>
      <section aria-labelledby={headingId}>
        <Heading as="h2" size="4" id={headingId} mb="3">
          Where it is used
        </Heading>
        {loading ? (
          <Skeleton height="80px" />
        ) : error ? (
          <ErrorCallout error={error} title="Could not load the pages that use it." />
        ) : !usage || usage.length === 0 ? (
          <Text as="p" size="2" color="gray">
            No page you can see uses “{c.name}” yet. In the editor, drag it from the Components tab onto a page.
          </Text>
        ) : (
          <Table.Root size="1">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>Page</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Versions</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell justify="end">Instances</Table.ColumnHeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {usage.map((u) => (
                <Table.Row key={u.pageId}>
                  <Table.RowHeaderCell>
                    <RadixLink asChild highContrast weight="medium" title={`Open ${u.title} in the editor`}>
                      <Link to="/pages/$pageId/edit" params={{ pageId: u.pageId }}>
                        {u.title}
                      </Link>
                    </RadixLink>
                  </Table.RowHeaderCell>
                  <Table.Cell>
                    <Flex gap="1" wrap="wrap">
                      {u.versions.map((v) => (
                        <Badge key={v} size="1" variant="soft" highContrast color={compareSemver(v, c.latestVersion) < 0 ? 'amber' : 'green'} title={compareSemver(v, c.latestVersion) < 0 ? 'Older than the latest' : 'Latest'}>
                          {v}
                        </Badge>
                      ))}
                    </Flex>
                  </Table.Cell>
                  <Table.Cell justify="end">{u.instances}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        )}
      </section>
    </Card>
  )
}
