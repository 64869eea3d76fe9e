// "Update pages to x.y.z…": the pages that use older versions of a
// component, each with a checkbox; the focused one previewed before and
// after side by side (both through the one Go renderer), with the
// overrides the update would drop. Apply moves every checked page in one
// transaction: if any page changed since the list was loaded, nothing is
// changed and the list can be reloaded.
import { Badge, Button, Callout, Checkbox, Dialog, Flex, Select, Spinner, Text } from '@radix-ui/themes'
import { useQuery } from '@tanstack/react-query'
import { CircleAlert, ExternalLink, Eye, RefreshCw } from 'lucide-react'
import { useId, useMemo, useState } from 'react'
import { api, ApiError, errorMessage } from '../../api/client'
import { renderPublished } from '../../api/designSystem'
import { ErrorCallout } from '../../components/ErrorCallout'
import { useToast } from '../../components/Toaster'
import { srcdoc } from '../../editor/history/api'
import type { PageDocument } from '../../editor/types'
import {
  compareSemver,
  componentUsageQuery,
  fetchBulkPreview,
  LIMITS,
  useBulkUpdate,
  type Component,
  type ComponentVersion,
  type PageUsage,
} from './api'
import './components.css'

export interface BulkUpdateDialogProps {
  component: Pick<Component, 'id' | 'name' | 'latestVersion'>
  /** The versions to offer as the target (newest first); the latest by default. */
  versions?: Pick<ComponentVersion, 'version' | 'notes'>[]
  open: boolean
  onOpenChange: (open: boolean) => void
  /** A page left out of the list: the one open in the editor, updated there. */
  excludePageId?: string
}

/** The pages whose instances do not all use version. */
export function pagesToUpdate(usage: PageUsage[], version: string, exclude?: string): PageUsage[] {
  return usage.filter((u) => u.pageId !== exclude && u.versions.some((v) => v !== version))
}

export function BulkUpdateDialog(p: BulkUpdateDialogProps) {
  return (
    <Dialog.Root open={p.open} onOpenChange={p.onOpenChange}>
      {p.open && <BulkUpdateContent {...p} />}
    </Dialog.Root>
  )
}

function BulkUpdateContent({ component: c, versions, onOpenChange, excludePageId }: BulkUpdateDialogProps) {
  const toast = useToast()
  const usage = useQuery({ ...componentUsageQuery(c.id), refetchOnMount: 'always' })
  const bulk = useBulkUpdate(c.id)
  const [target, setTarget] = useState(c.latestVersion)
  const [unchecked, setUnchecked] = useState<Set<string>>(() => new Set())
  const [focused, setFocused] = useState<string | null>(null)
  const targetId = useId()

  const pages = useMemo(() => pagesToUpdate(usage.data ?? [], target, excludePageId), [usage.data, target, excludePageId])
  const excluded = (usage.data ?? []).some((u) => u.pageId === excludePageId && u.versions.some((v) => v !== target))
  const selected = pages.filter((u) => !unchecked.has(u.pageId))
  const focus = pages.find((u) => u.pageId === focused) ?? pages[0] ?? null
  const tooMany = selected.length > LIMITS.bulkPages
  const stale = bulk.error instanceof ApiError && (bulk.error.status === 412 || bulk.error.code === 'page.stale')
  const allChecked = pages.length > 0 && selected.length === pages.length

  const toggle = (id: string, on: boolean) =>
    setUnchecked((s) => {
      const n = new Set(s)
      if (on) n.delete(id)
      else n.add(id)
      return n
    })

  const apply = () => {
    const body = { version: target, pages: selected.map((u) => ({ id: u.pageId, revision: u.revision })) }
    const instances = selected.reduce((n, u) => n + u.instances, 0)
    bulk.mutate(body, {
      onSuccess: () => {
        toast.success(
          `Updated ${body.pages.length} ${body.pages.length === 1 ? 'page' : 'pages'} to ${c.name} ${target}`,
          `${instances} ${instances === 1 ? 'instance' : 'instances'} now use ${target}. Each page keeps its own values where the new version allows them.`,
        )
        onOpenChange(false)
      },
    })
  }

  const reload = () => {
    bulk.reset()
    void usage.refetch()
  }

  return (
    <Dialog.Content maxWidth="1200px" className="pw-cmp-bulk" aria-describedby={undefined}>
      <Dialog.Title>Update pages to {c.name} {target}</Dialog.Title>
      {usage.isPending ? (
        <Flex align="center" gap="2" py="6" justify="center" role="status">
          <Spinner /> <Text color="gray">Finding the pages that use “{c.name}”…</Text>
        </Flex>
      ) : usage.isError ? (
        <Flex direction="column" gap="3" align="start">
          <ErrorCallout error={usage.error} title="Could not load the pages that use the component." />
          <Button variant="soft" onClick={() => void usage.refetch()}>
            Try again
          </Button>
        </Flex>
      ) : (
        <>
          <Flex align="center" gap="3" wrap="wrap" mb="3">
            {versions && versions.length > 1 && (
              <Flex align="center" gap="2">
                <Text size="2" id={targetId}>
                  Update to
                </Text>
                <Select.Root
                  size="1"
                  value={target}
                  onValueChange={(v) => {
                    setTarget(v)
                    bulk.reset()
                  }}
                  disabled={bulk.isPending}
                >
                  <Select.Trigger aria-labelledby={targetId} />
                  <Select.Content position="popper">
                    {versions.map((v) => (
                      <Select.Item key={v.version} value={v.version}>
                        {v.version}
                        {v.version === c.latestVersion ? ' (latest)' : ''}
                      </Select.Item>
                    ))}
                  </Select.Content>
                </Select.Root>
              </Flex>
            )}
            <Text size="2" color="gray">
              {versions?.find((v) => v.version === target)?.notes || `Pages below use an older (or other) version of “${c.name}”.`}
            </Text>
          </Flex>
          {pages.length === 0 ? (
            <Callout.Root color="green" variant="surface">
              <Callout.Text>
                {excluded
                  ? `No other page needs updating: every page that uses “${c.name}” is on ${target}, apart from the one open in the editor (update it there).`
                  : `Every page that uses “${c.name}” is already on ${target}. Nothing to update.`}
              </Callout.Text>
            </Callout.Root>
          ) : (
            <div className="pw-cmp-bulk-grid">
              <section aria-label="Pages to update" className="pw-cmp-bulk-pages">
                {pages.length > 1 ? (
                  <Text as="label" size="2" weight="medium" className="pw-cmp-bulk-all">
                    <Checkbox
                      checked={allChecked ? true : selected.length === 0 ? false : 'indeterminate'}
                      onCheckedChange={(v) => setUnchecked(v === true ? new Set() : new Set(pages.map((u) => u.pageId)))}
                      disabled={bulk.isPending}
                    />
                    All {pages.length} pages
                  </Text>
                ) : (
                  <Text as="p" size="2" weight="medium">
                    1 page to update
                  </Text>
                )}
                <ul>
                  {pages.map((u) => {
                    const on = !unchecked.has(u.pageId)
                    const isFocus = focus?.pageId === u.pageId
                    return (
                      <li key={u.pageId} data-focused={isFocus || undefined} className="pw-cmp-bulk-page">
                        <Text as="label" size="2" className="pw-cmp-bulk-check">
                          <Checkbox checked={on} onCheckedChange={(v) => toggle(u.pageId, v === true)} disabled={bulk.isPending} aria-label={`Update ${u.title}`} />
                          <span className="pw-cmp-bulk-title">{u.title}</span>
                        </Text>
                        <Flex gap="1" align="center" wrap="wrap" className="pw-cmp-bulk-meta">
                          {u.versions.map((v) => (
                            <Badge key={v} size="1" color={v === target ? 'green' : compareSemver(v, target) < 0 ? 'amber' : 'gray'} variant="soft" highContrast>
                              {v}
                            </Badge>
                          ))}
                          <Text size="1" color="gray">
                            {u.instances} {u.instances === 1 ? 'instance' : 'instances'}
                          </Text>
                        </Flex>
                        <Flex gap="2" className="pw-cmp-bulk-actions">
                          <Button
                            size="1"
                            variant={isFocus ? 'solid' : 'soft'}
                            color="gray"
                            aria-pressed={isFocus}
                            aria-label={`Preview ${u.title}`}
                            onClick={() => setFocused(u.pageId)}
                          >
                            <Eye size={12} aria-hidden="true" /> Preview
                          </Button>
                          <a
                            className="pw-cmp-link"
                            href={`/pages/${encodeURIComponent(u.pageId)}/edit`}
                            target="_blank"
                            rel="noopener"
                            aria-label={`Open ${u.title} in the editor (new tab)`}
                          >
                            Open <ExternalLink size={11} aria-hidden="true" />
                          </a>
                        </Flex>
                      </li>
                    )
                  })}
                </ul>
                {excluded && (
                  <Text as="p" size="1" color="gray" mt="2">
                    The page open in the editor is not listed: update its instances there.
                  </Text>
                )}
              </section>
              {focus && <PagePreview key={`${focus.pageId}/${target}/${focus.revision}`} componentId={c.id} page={focus} version={target} />}
            </div>
          )}
          {stale && (
            <Callout.Root color="red" role="alert" mt="3">
              <Callout.Icon>
                <CircleAlert size={16} />
              </Callout.Icon>
              <Callout.Text>{bulk.error instanceof ApiError ? bulk.error.detail : ''}</Callout.Text>
              <Button size="1" variant="soft" color="red" onClick={reload} style={{ justifySelf: 'start' }}>
                <RefreshCw size={12} aria-hidden="true" /> Reload the list
              </Button>
            </Callout.Root>
          )}
          {bulk.error && !stale ? (
            <div style={{ marginTop: 12 }}>
              <ErrorCallout error={bulk.error} title="No page was updated." />
            </div>
          ) : null}
          {tooMany && (
            <Text as="p" size="2" color="red" mt="3">
              Update at most {LIMITS.bulkPages} pages at a time: uncheck {selected.length - LIMITS.bulkPages}.
            </Text>
          )}
        </>
      )}
      <Flex gap="3" mt="4" justify="end" align="center">
        {bulk.isPending && (
          <Flex align="center" gap="2" role="status" mr="auto">
            <Spinner />
            <Text size="2" color="gray">
              Updating {selected.length} {selected.length === 1 ? 'page' : 'pages'}…
            </Text>
          </Flex>
        )}
        <Dialog.Close>
          <Button variant="soft" color="gray" disabled={bulk.isPending}>
            {pages.length === 0 ? 'Close' : 'Cancel'}
          </Button>
        </Dialog.Close>
        {pages.length > 0 && (
          <Button onClick={apply} disabled={selected.length === 0 || tooMany || bulk.isPending || stale} loading={bulk.isPending}>
            Update {selected.length} {selected.length === 1 ? 'page' : 'pages'}
          </Button>
        )}
      </Flex>
    </Dialog.Content>
  )
}

/** The focused page now and after the update, side by side, with what the update drops. */
function PagePreview({ componentId, page, version }: { componentId: string; page: PageUsage; version: string }) {
  const preview = useQuery({
    queryKey: ['components', 'bulk-preview', componentId, version, page.pageId, page.revision],
    queryFn: ({ signal }) => fetchBulkPreview(componentId, version, page.pageId, signal),
    staleTime: Infinity,
    retry: false,
  })
  const before = useQuery({
    queryKey: ['components', 'page-render', page.pageId, page.revision],
    queryFn: async ({ signal }) => srcdoc(await renderPublished(await api.get<PageDocument>(`/pages/${encodeURIComponent(page.pageId)}/document`, { signal }), page.siteId, signal)),
    staleTime: Infinity,
    retry: false,
  })
  const after = useQuery({
    queryKey: ['components', 'preview-render', componentId, version, page.pageId, page.revision],
    queryFn: async ({ signal }) => srcdoc(await renderPublished(preview.data!.document, page.siteId, signal)),
    enabled: !!preview.data,
    staleTime: Infinity,
    retry: false,
  })
  const dropped = preview.data?.dropped ?? []
  return (
    <section className="pw-cmp-bulk-preview" aria-label={`Preview of ${page.title}`}>
      <Text as="p" size="2" mb="2">
        <strong>{page.title}</strong>
        {preview.data ? ` — ${preview.data.instances} ${preview.data.instances === 1 ? 'instance changes' : 'instances change'}.` : ''}
      </Text>
      {preview.isError && <ErrorCallout error={preview.error} title="Could not preview this page." />}
      {dropped.length > 0 && (
        <Callout.Root color="amber" size="1" mb="2">
          <Callout.Text>
            <Text weight="bold">This page loses {dropped.length === 1 ? 'one of its values' : `${dropped.length} of its values`}:</Text>
          </Callout.Text>
          <ul className="pw-cmp-dropped" aria-label="Values the update removes">
            {dropped.map((d) => (
              <li key={`${d.node}/${d.key}`}>
                <code>{d.key}</code>: {d.reason}
              </li>
            ))}
          </ul>
        </Callout.Root>
      )}
      {preview.data && dropped.length === 0 && (
        <Text as="p" size="1" color="gray" mb="2">
          Every value this page set still applies in {version}.
        </Text>
      )}
      <div className="pw-cmp-frames">
        <figure>
          <figcaption>Now ({page.versions.join(', ')})</figcaption>
          {before.isError ? (
            <div className="pw-cmp-frame-msg" role="alert">
              {errorMessage(before.error)}
            </div>
          ) : before.data === undefined ? (
            <div className="pw-cmp-frame-msg">Rendering…</div>
          ) : (
            <iframe title={`${page.title} now`} srcDoc={before.data} sandbox="allow-same-origin" />
          )}
        </figure>
        <figure>
          <figcaption>After the update ({version})</figcaption>
          {after.isError ? (
            <div className="pw-cmp-frame-msg" role="alert">
              {errorMessage(after.error)}
            </div>
          ) : after.data === undefined ? (
            <div className="pw-cmp-frame-msg">{preview.isError ? 'No preview' : 'Rendering…'}</div>
          ) : (
            <iframe title={`${page.title} after the update`} srcDoc={after.data} sandbox="allow-same-origin" />
          )}
        </figure>
      </div>
    </section>
  )
}
