import { Badge, Box, Button, Callout, Card, Code, DataList, Flex, Grid, IconButton, Skeleton, Table, Text } from '@radix-ui/themes'
import { useInfiniteQuery } from '@tanstack/react-query'
import { ChevronDown, ChevronRight, Filter, Lock, ScrollText, X } from 'lucide-react'
import { Fragment, useState, type FormEvent } from 'react'
import { auditQuery } from '../api/queries'
import type { AuditEntry, AuditQuery } from '../api/types'
import { EmptyState } from '../components/EmptyState'
import { ErrorCallout } from '../components/ErrorCallout'
import { InputField } from '../components/Field'
import { PageHeader } from '../components/PageHeader'
import { formatDateTime } from '../lib/format'
import { useCan } from '../lib/session'

const RESOURCE_TYPES = ['site', 'page', 'token', 'user', 'organization', 'session']

interface FilterForm {
  action: string
  resourceType: string
  from: string
  to: string
}

const EMPTY_FILTERS: FilterForm = { action: '', resourceType: '', from: '', to: '' }

/** Converts the date inputs (local days) into the RFC 3339 range the API expects. */
export function toAuditQuery(f: FilterForm, actor?: { id: string }): AuditQuery {
  const q: AuditQuery = {}
  if (f.action.trim()) q.action = f.action.trim()
  if (f.resourceType.trim()) q.resourceType = f.resourceType.trim()
  if (f.from) q.from = new Date(`${f.from}T00:00:00`).toISOString()
  if (f.to) q.to = new Date(`${f.to}T23:59:59.999`).toISOString()
  if (actor) q.actor = actor.id
  return q
}

function show(v: unknown): string {
  if (v === undefined) return '—'
  if (typeof v === 'string') return v === '' ? '""' : v
  return JSON.stringify(v)
}

/** Field-by-field "before → after" for an entry's recorded changes. */
function ChangesTable({ changes }: { changes: NonNullable<AuditEntry['changes']> }) {
  const before = changes.before ?? {}
  const after = changes.after ?? {}
  const fields = Array.from(new Set([...Object.keys(before), ...Object.keys(after)])).sort()
  if (fields.length === 0) {
    return (
      <Text size="1" color="gray">
        No field changes recorded.
      </Text>
    )
  }
  return (
    <Table.Root size="1" variant="surface" className="changes-table">
      <Table.Header>
        <Table.Row>
          <Table.ColumnHeaderCell>Field</Table.ColumnHeaderCell>
          <Table.ColumnHeaderCell>Before</Table.ColumnHeaderCell>
          <Table.ColumnHeaderCell>After</Table.ColumnHeaderCell>
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {fields.map((f) => (
          <Table.Row key={f}>
            <Table.RowHeaderCell>
              <Code variant="ghost">{f}</Code>
            </Table.RowHeaderCell>
            <Table.Cell className="change-before">{show(before[f])}</Table.Cell>
            <Table.Cell className="change-after">{show(after[f])}</Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table.Root>
  )
}

function EntryDetails({ entry }: { entry: AuditEntry }) {
  return (
    <Grid columns={{ initial: '1', md: '2' }} gap="5" py="2">
      <DataList.Root size="1">
        <DataList.Item>
          <DataList.Label>Request ID</DataList.Label>
          <DataList.Value>
            <Code variant="ghost">{entry.requestId || '—'}</Code>
          </DataList.Value>
        </DataList.Item>
        {entry.error && (
          <DataList.Item>
            <DataList.Label>Error</DataList.Label>
            <DataList.Value>
              <Text color="red">{entry.error}</Text>
            </DataList.Value>
          </DataList.Item>
        )}
        <DataList.Item>
          <DataList.Label>Category</DataList.Label>
          <DataList.Value>{entry.category || '—'}</DataList.Value>
        </DataList.Item>
        <DataList.Item>
          <DataList.Label>Severity</DataList.Label>
          <DataList.Value>{entry.severity || '—'}</DataList.Value>
        </DataList.Item>
        <DataList.Item>
          <DataList.Label>Resource ID</DataList.Label>
          <DataList.Value>
            <Code variant="ghost">{entry.resource.id || '—'}</Code>
          </DataList.Value>
        </DataList.Item>
        <DataList.Item>
          <DataList.Label>User agent</DataList.Label>
          <DataList.Value>
            <Text size="1" style={{ wordBreak: 'break-word' }}>
              {entry.userAgent || '—'}
            </Text>
          </DataList.Value>
        </DataList.Item>
      </DataList.Root>
      <Box minWidth="0">
        <Text as="div" size="1" color="gray" mb="2">
          Changes
        </Text>
        {entry.changes ? (
          <ChangesTable changes={entry.changes} />
        ) : (
          <Text size="1" color="gray">
            No field changes recorded.
          </Text>
        )}
      </Box>
    </Grid>
  )
}

export function AuditScreen() {
  const can = useCan()
  const [form, setForm] = useState<FilterForm>(EMPTY_FILTERS)
  const [applied, setApplied] = useState<FilterForm>(EMPTY_FILTERS)
  const [actor, setActor] = useState<{ id: string; name: string } | undefined>()
  const [expanded, setExpanded] = useState<Set<string>>(new Set())
  const allowed = can('audit:view')
  const audit = useInfiniteQuery({ ...auditQuery(toAuditQuery(applied, actor)), enabled: allowed })

  if (!allowed) {
    return (
      <>
        <PageHeader title="Audit log" />
        <Callout.Root color="gray" variant="surface">
          <Callout.Icon>
            <Lock size={16} />
          </Callout.Icon>
          <Callout.Text>Your role does not include access to the audit log. Ask an administrator if you need it.</Callout.Text>
        </Callout.Root>
      </>
    )
  }

  const items = audit.data?.pages.flatMap((p) => p.items) ?? []
  const filtered = Boolean(applied.action || applied.resourceType || applied.from || applied.to || actor)
  const set = (k: keyof FilterForm) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }))

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setApplied(form)
  }
  const clear = () => {
    setForm(EMPTY_FILTERS)
    setApplied(EMPTY_FILTERS)
    setActor(undefined)
  }
  const toggle = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change and sign-in in your organisation, newest first. Entries cannot be edited or deleted."
      />
      <Card size="2" mb="4">
        <form onSubmit={onSubmit} aria-label="Filter audit entries">
          <Flex gap="3" align="end" wrap="wrap">
            <Box flexGrow="1" minWidth="200px">
              <InputField name="action" label="Action" placeholder="e.g. page.delete" value={form.action} onChange={set('action')} />
            </Box>
            <Box width={{ initial: '100%', sm: '180px' }}>
              <InputField
                name="resourceType"
                label="Resource type"
                placeholder="Any"
                list="audit-resource-types"
                value={form.resourceType}
                onChange={set('resourceType')}
              />
              <datalist id="audit-resource-types">
                {RESOURCE_TYPES.map((t) => (
                  <option key={t} value={t} />
                ))}
              </datalist>
            </Box>
            <Box width={{ initial: '100%', sm: '160px' }}>
              <InputField name="from" type="date" label="From" value={form.from} max={form.to || undefined} onChange={set('from')} />
            </Box>
            <Box width={{ initial: '100%', sm: '160px' }}>
              <InputField name="to" type="date" label="To" value={form.to} min={form.from || undefined} onChange={set('to')} />
            </Box>
            <Flex gap="2">
              <Button type="submit">
                <Filter size={14} /> Apply filters
              </Button>
              {filtered && (
                <Button type="button" variant="soft" color="gray" onClick={clear}>
                  Clear
                </Button>
              )}
            </Flex>
          </Flex>
          {actor && (
            <Flex mt="3" align="center" gap="2">
              <Text size="2" color="gray">
                Actor:
              </Text>
              <Badge size="2" variant="soft" radius="full">
                {actor.name}
                <IconButton
                  type="button"
                  size="1"
                  variant="ghost"
                  radius="full"
                  aria-label={`Stop filtering by ${actor.name}`}
                  onClick={() => setActor(undefined)}
                >
                  <X size={12} />
                </IconButton>
              </Badge>
            </Flex>
          )}
        </form>
      </Card>

      {audit.isPending ? (
        <Card aria-busy="true" aria-label="Loading audit entries">
          <Flex direction="column" gap="3" p="2">
            {[0, 1, 2, 3, 4].map((i) => (
              <Skeleton key={i} height="16px" />
            ))}
          </Flex>
        </Card>
      ) : audit.isError ? (
        <ErrorCallout error={audit.error} title="Could not load the audit log." />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<ScrollText size={28} />}
          title={filtered ? 'No matching entries' : 'No audit entries yet'}
          description={
            filtered
              ? 'Nothing matches these filters. Widen the date range or clear the filters.'
              : 'Sign-ins and every change to sites, pages and tokens will be recorded here.'
          }
          action={
            filtered && (
              <Button variant="soft" onClick={clear}>
                Clear filters
              </Button>
            )
          }
        />
      ) : (
        <Card size="1" className="table-card">
          <Table.Root variant="ghost" size="1">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell width="32px">
                  <span className="visually-hidden">Details</span>
                </Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Time</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Actor</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Action</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Resource</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Result</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>IP address</Table.ColumnHeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {items.map((e) => {
                const open = expanded.has(e.id)
                return (
                  <Fragment key={e.id}>
                    <Table.Row align="center" data-testid="audit-row">
                      <Table.Cell>
                        <IconButton
                          size="1"
                          variant="ghost"
                          color="gray"
                          aria-expanded={open}
                          aria-label={open ? 'Hide details' : 'Show details'}
                          onClick={() => toggle(e.id)}
                        >
                          {open ? <ChevronDown size={14} /> : <ChevronRight size={14} />}
                        </IconButton>
                      </Table.Cell>
                      <Table.Cell>
                        <Text size="2" style={{ whiteSpace: 'nowrap' }}>
                          {formatDateTime(e.time)}
                        </Text>
                      </Table.Cell>
                      <Table.Cell>
                        {e.actor ? (
                          <button
                            type="button"
                            className="link-button"
                            title={`Show only ${e.actor.name}’s activity`}
                            onClick={() => setActor(e.actor ?? undefined)}
                          >
                            {e.actor.name}
                          </button>
                        ) : (
                          <Text color="gray">System</Text>
                        )}
                      </Table.Cell>
                      <Table.Cell>
                        <Code variant="soft" size="1">
                          {e.action}
                        </Code>
                      </Table.Cell>
                      <Table.Cell>
                        <Text as="div" size="2" truncate style={{ maxWidth: 220 }}>
                          {e.resource.name || e.resource.id || '—'}
                        </Text>
                        <Text as="div" size="1" color="gray">
                          {e.resource.type}
                        </Text>
                      </Table.Cell>
                      <Table.Cell>
                        <Badge color={e.status === 'success' ? 'green' : 'red'} variant="soft" radius="full">
                          {e.status === 'success' ? 'Success' : 'Failure'}
                        </Badge>
                      </Table.Cell>
                      <Table.Cell>
                        <Code variant="ghost" color="gray" size="1">
                          {e.ip || '—'}
                        </Code>
                      </Table.Cell>
                    </Table.Row>
                    {open && (
                      <Table.Row className="details-row">
                        <Table.Cell />
                        <Table.Cell colSpan={6}>
                          <EntryDetails entry={e} />
                        </Table.Cell>
                      </Table.Row>
                    )}
                  </Fragment>
                )
              })}
            </Table.Body>
          </Table.Root>
          {audit.hasNextPage && (
            <Flex justify="center" py="3">
              <Button variant="soft" color="gray" loading={audit.isFetchingNextPage} onClick={() => void audit.fetchNextPage()}>
                Load more
              </Button>
            </Flex>
          )}
        </Card>
      )}
    </>
  )
}
