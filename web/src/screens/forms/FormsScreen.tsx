// /sites/$siteId/forms: the site's published forms with their counts and
// settings, and the selected form's submissions (Admins), with an
// environment filter, CSV export and deletion.
import { Badge, Box, Button, Callout, Card, Code, Flex, Heading, Select, Skeleton, Table, Text } from '@radix-ui/themes'
import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { ClipboardList, Download, Eye, Lock, RefreshCw, Settings, Trash2 } from 'lucide-react'
import { useState } from 'react'
import { ApiError } from '../../api/client'
import { siteQuery } from '../../api/queries'
import { EmptyState } from '../../components/EmptyState'
import { ErrorCallout } from '../../components/ErrorCallout'
import { PageHeader } from '../../components/PageHeader'
import { formatDateTime, relativeTime } from '../../lib/format'
import { useSession } from '../../lib/session'
import { exportUrl, formEnvironmentsQuery, formsQuery, submissionsQuery, type FormSummary, type Submission } from './api'
import { DeleteSubmissionDialog, FormSettingsDialog, SubmissionDialog } from './FormDialogs'
import { afterPostLabel, cellPreview, columnsFor, countLabel, formTitle, pagesLabel } from './helpers'
import './forms.css'
import { SiteBreadcrumb } from '../../components/SiteBreadcrumb'

/**
 * Whether the user is an Admin: the server gives form:view, form:delete and
 * site:edit only to Admins, and the session lists site:edit as their mark.
 * The server checks every request anyway: this only hides what it would refuse.
 */
function useIsAdmin(): boolean {
  const { permissions } = useSession()
  return (permissions as string[]).some((p) => p === 'site:edit' || p === 'form:view' || p === '*:*')
}

export function FormsScreen({ siteId }: { siteId: string }) {
  const site = useQuery(siteQuery(siteId))
  const forms = useQuery(formsQuery(siteId))
  const isAdmin = useIsAdmin()
  const [selected, setSelected] = useState<string | null>(null)
  const [editing, setEditing] = useState<FormSummary | null>(null)
  const siteName = site.data?.name ?? '…'
  const items = forms.data ?? []
  const current = items.find((f) => f.formId === selected) ?? items[0]

  return (
    <>
      <PageHeader
        eyebrow={<SiteBreadcrumb siteId={siteId} siteName={siteName} current="Forms" />}
        title="Forms"
        description="What visitors send through the forms of your published pages. Reading and exporting submissions is recorded in the audit log."
      />
      {forms.isPending ? (
        <Flex direction="column" gap="3" aria-busy="true" aria-label="Loading forms">
          <Skeleton height="48px" />
          <Skeleton height="48px" />
        </Flex>
      ) : forms.isError ? (
        <ErrorCallout error={forms.error} title="Could not load the forms." />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<ClipboardList size={28} />}
          title="No form submissions yet"
          description="Add a Form to a page and deploy it: what visitors send appears here."
          action={
            <Button asChild variant="soft">
              <Link to="/sites/$siteId" params={{ siteId }}>
                Go to the pages
              </Link>
            </Button>
          }
        />
      ) : (
        <Flex direction="column" gap="6">
          <FormsTable
            forms={items}
            current={current?.formId}
            canEdit={isAdmin}
            onSelect={setSelected}
            onSettings={setEditing}
          />
          {current &&
            (isAdmin ? (
              <Submissions key={current.formId} siteId={siteId} form={current} />
            ) : (
              <Callout.Root color="gray" variant="surface">
                <Callout.Icon>
                  <Lock size={16} />
                </Callout.Icon>
                <Callout.Text>
                  Only Admins can read what visitors sent: submissions may hold personal and health information. Ask an Admin if you need them.
                </Callout.Text>
              </Callout.Root>
            ))}
        </Flex>
      )}
      {editing && (
        <FormSettingsDialog
          key={editing.formId}
          siteId={siteId}
          form={editing}
          open
          onOpenChange={(o) => {
            if (!o) setEditing(null)
          }}
        />
      )}
    </>
  )
}

function FormsTable({
  forms,
  current,
  canEdit,
  onSelect,
  onSettings,
}: {
  forms: FormSummary[]
  current?: string
  canEdit: boolean
  onSelect: (id: string) => void
  onSettings: (f: FormSummary) => void
}) {
  return (
    <Card size="1">
      <Table.Root>
        <caption className="visually-hidden">Forms</caption>
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeaderCell>Form</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell>On</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell>Submissions</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell>Latest</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell>After a post</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell>
              <span className="visually-hidden">Actions</span>
            </Table.ColumnHeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {forms.map((f) => {
            const active = f.formId === current
            return (
              <Table.Row key={f.formId} data-form={f.formId} className={active ? 'pw-forms-current' : undefined}>
                <Table.RowHeaderCell>
                  <Flex direction="column" gap="1">
                    <Button variant="ghost" size="2" onClick={() => onSelect(f.formId)} aria-pressed={active} className="pw-forms-pick">
                      {formTitle(f)}
                    </Button>
                    <Code variant="ghost" color="gray" size="1">
                      {f.formId}
                    </Code>
                  </Flex>
                </Table.RowHeaderCell>
                <Table.Cell>{pagesLabel(f.pages)}</Table.Cell>
                <Table.Cell>
                  <Badge color={f.submissions ? 'teal' : 'gray'} variant="soft">
                    {countLabel(f.submissions)}
                  </Badge>
                </Table.Cell>
                <Table.Cell>
                  {f.lastSubmissionAt ? (
                    <time dateTime={f.lastSubmissionAt} title={formatDateTime(f.lastSubmissionAt)}>
                      {relativeTime(f.lastSubmissionAt)}
                    </time>
                  ) : (
                    <Text color="gray">Never</Text>
                  )}
                </Table.Cell>
                <Table.Cell>{afterPostLabel(f.settings)}</Table.Cell>
                <Table.Cell justify="end">
                  {canEdit && (
                    <Button variant="soft" color="gray" size="1" onClick={() => onSettings(f)} aria-label={`Settings of ${formTitle(f)}`}>
                      <Settings size={14} aria-hidden="true" /> Settings
                    </Button>
                  )}
                </Table.Cell>
              </Table.Row>
            )
          })}
        </Table.Body>
      </Table.Root>
    </Card>
  )
}

const ALL = 'all'

function Submissions({ siteId, form }: { siteId: string; form: FormSummary }) {
  const [env, setEnv] = useState(ALL)
  const envFilter = env === ALL ? '' : env
  const envs = useQuery(formEnvironmentsQuery(siteId))
  const subs = useInfiniteQuery(submissionsQuery(siteId, form.formId, envFilter))
  const [viewing, setViewing] = useState<Submission | null>(null)
  const [deleting, setDeleting] = useState<Submission | null>(null)
  const rows = subs.data?.pages.flatMap((p) => p.items) ?? []
  const columns = columnsFor(form.fields, rows)
  const headingId = `pw-forms-subs-${form.formId}`

  return (
    <Box asChild>
      <section aria-labelledby={headingId}>
        <Flex align={{ initial: 'start', sm: 'center' }} justify="between" gap="3" mb="3" direction={{ initial: 'column', sm: 'row' }}>
          <Heading as="h2" size="4" id={headingId}>
            Submissions of “{formTitle(form)}”
          </Heading>
          <Flex gap="2" align="center" wrap="wrap">
            <Text size="2" color="gray" id="pw-forms-env-label">
              Environment
            </Text>
            <Select.Root value={env} onValueChange={setEnv}>
              <Select.Trigger aria-labelledby="pw-forms-env-label" />
              <Select.Content>
                <Select.Item value={ALL}>All environments</Select.Item>
                {(envs.data ?? []).map((e) => (
                  <Select.Item key={e.id} value={e.slug}>
                    {e.name}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select.Root>
            <Button variant="soft" color="gray" onClick={() => void subs.refetch()} loading={subs.isRefetching && !subs.isFetchingNextPage}>
              <RefreshCw size={14} /> Refresh
            </Button>
            <Button asChild variant="soft">
              <a href={exportUrl(siteId, form.formId, envFilter)} download>
                <Download size={14} /> Export CSV
              </a>
            </Button>
          </Flex>
        </Flex>

        {subs.isPending ? (
          <Flex direction="column" gap="2" aria-busy="true" aria-label="Loading submissions">
            <Skeleton height="40px" />
            <Skeleton height="40px" />
            <Skeleton height="40px" />
          </Flex>
        ) : subs.isError ? (
          <ErrorCallout
            error={subs.error}
            title={subs.error instanceof ApiError && subs.error.status === 403 ? 'You cannot read these submissions.' : 'Could not load the submissions.'}
          />
        ) : rows.length === 0 ? (
          <Card size="2">
            <Text as="p" color="gray" align="center">
              {envFilter ? 'No submissions in this environment yet.' : 'No submissions yet: they appear here as soon as visitors send the form.'}
            </Text>
          </Card>
        ) : (
          <>
            <Box className="pw-forms-scroll">
              <Table.Root variant="surface" size="1">
                <caption className="visually-hidden">Submissions of {formTitle(form)}</caption>
                <Table.Header>
                  <Table.Row>
                    <Table.ColumnHeaderCell>Sent</Table.ColumnHeaderCell>
                    <Table.ColumnHeaderCell>Environment</Table.ColumnHeaderCell>
                    {columns.map((c) => (
                      <Table.ColumnHeaderCell key={c.name} title={c.name}>
                        {c.label}
                      </Table.ColumnHeaderCell>
                    ))}
                    <Table.ColumnHeaderCell>
                      <span className="visually-hidden">Actions</span>
                    </Table.ColumnHeaderCell>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {rows.map((s) => (
                    <Table.Row key={s.id} data-submission={s.id}>
                      <Table.RowHeaderCell className="pw-forms-nowrap">
                        <time dateTime={s.createdAt}>{formatDateTime(s.createdAt)}</time>
                      </Table.RowHeaderCell>
                      <Table.Cell>{s.environment || <Text color="gray">Deleted</Text>}</Table.Cell>
                      {columns.map((c) => (
                        <Table.Cell key={c.name} className="pw-forms-cell">
                          {cellPreview(s.data[c.name])}
                        </Table.Cell>
                      ))}
                      <Table.Cell justify="end" className="pw-forms-nowrap">
                        <Flex gap="2" justify="end">
                          <Button variant="soft" color="gray" size="1" onClick={() => setViewing(s)} aria-label={`View the submission of ${formatDateTime(s.createdAt)}`}>
                            <Eye size={14} aria-hidden="true" /> View
                          </Button>
                          <Button variant="soft" color="red" size="1" onClick={() => setDeleting(s)} aria-label={`Delete the submission of ${formatDateTime(s.createdAt)}`}>
                            <Trash2 size={14} aria-hidden="true" /> Delete
                          </Button>
                        </Flex>
                      </Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table.Root>
            </Box>
            <Flex justify="between" align="center" mt="3" gap="3" wrap="wrap">
              <Text size="2" color="gray" role="status">
                Showing {countLabel(rows.length)}
                {envFilter ? ` in ${envFilter}` : ''}
                {subs.hasNextPage ? ' (more to load)' : ''}.
              </Text>
              {subs.hasNextPage && (
                <Button variant="soft" onClick={() => void subs.fetchNextPage()} loading={subs.isFetchingNextPage}>
                  Load more
                </Button>
              )}
            </Flex>
          </>
        )}
        <SubmissionDialog submission={viewing} columns={columns} onOpenChange={(o) => !o && setViewing(null)} />
        <DeleteSubmissionDialog siteId={siteId} formId={form.formId} submission={deleting} onOpenChange={(o) => !o && setDeleting(null)} />
      </section>
    </Box>
  )
}
