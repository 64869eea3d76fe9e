// /templates/$templateId: a template's details, a live preview at three
// widths (optionally in a site's design system), its versions, and its
// ratings and reviews. "Use this template" creates a page from it.
import { Badge, Box, Button, Card, Code, DataList, Flex, Heading, Table, Text } from '@radix-ui/themes'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Link, useNavigate } from '@tanstack/react-router'
import { FilePlus2, LayoutTemplate, Pencil, Trash2, Upload } from 'lucide-react'
import { useState } from 'react'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { PageHeader } from '../../components/PageHeader'
import { useToast } from '../../components/Toaster'
import { formatDate, formatDateTime } from '../../lib/format'
import { DetailError, DetailPending, ListBreadcrumb } from '../../components/DetailScreen'
import { categoryLabel, templateCategoriesQuery, templateKeys, templateQuery, useDeleteTemplate, type TemplateDetail } from './api'
import { EditTemplateDialog } from './EditTemplateDialog'
import { NewVersionDialog } from './NewVersionDialog'
import { authorName, formatRating, installsLabel, reviewsLabel, visibilityLabel } from './helpers'
import { InstallTemplateDialog } from './InstallTemplateDialog'
import { Reviews } from './Reviews'
import { useSitesForTemplates } from './sites'
import { Stars } from './Stars'
import { TemplatePreview } from './TemplatePreview'
import './templates.css'

function Breadcrumb({ current }: { current: string }) {
  return <ListBreadcrumb to="/templates" label="Templates" current={current} />
}

export function TemplateDetailScreen({ templateId }: { templateId: string }) {
  const template = useQuery(templateQuery(templateId))

  if (template.isPending) {
    return <DetailPending breadcrumb={<Breadcrumb current="…" />} label="Loading the template" />
  }
  if (template.isError) {
    return (
      <DetailError
        error={template.error}
        breadcrumb={<Breadcrumb current="Template" />}
        noun="Template"
        icon={<LayoutTemplate size={28} />}
        notFoundText="It may have been deleted, made private, or the link is wrong."
        back={<Link to="/templates">Back to templates</Link>}
        onRetry={() => void template.refetch()}
      />
    )
  }

  return <TemplateDetailView template={template.data} />
}

function TemplateDetailView({ template }: { template: TemplateDetail }) {
  const categories = useQuery(templateCategoriesQuery)
  const { sites, installable, isPending: sitesPending } = useSitesForTemplates()
  const [installing, setInstalling] = useState(false)
  const [editing, setEditing] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const [versioning, setVersioning] = useState(false)
  const canInstall = sitesPending || installable.length > 0
  const category = categoryLabel(template.category, categories.data)

  return (
    <>
      <PageHeader
        eyebrow={<Breadcrumb current={template.name} />}
        title={template.name}
        description={template.description || undefined}
        actions={
          <>
            {template.canEdit && (
              <Button variant="soft" color="gray" onClick={() => setEditing(true)}>
                <Pencil size={14} aria-hidden="true" /> Edit details
              </Button>
            )}
            {template.canEdit && !template.builtin && (
              <Button variant="soft" color="gray" onClick={() => setVersioning(true)}>
                <Upload size={14} aria-hidden="true" /> New version
              </Button>
            )}
            {template.canEdit && !template.builtin && (
              <Button variant="soft" color="red" onClick={() => setDeleting(true)}>
                <Trash2 size={14} aria-hidden="true" /> Delete
              </Button>
            )}
            {canInstall && (
              <Button onClick={() => setInstalling(true)}>
                <FilePlus2 size={15} aria-hidden="true" /> Use this template
              </Button>
            )}
          </>
        }
      />

      <Flex direction="column" gap="5">
        <Flex gap="2" align="center" wrap="wrap">
          <Badge variant="soft" radius="full" size="2" highContrast>
            {category}
          </Badge>
          {template.kind === 'section' && (
            <Badge color="violet" variant="soft" radius="full" size="2" highContrast>
              Section
            </Badge>
          )}
          {template.builtin ? (
            <Badge color="teal" variant="surface" radius="full" size="2" highContrast>
              Built-in
            </Badge>
          ) : (
            <Badge color="gray" variant="surface" radius="full" size="2">
              {visibilityLabel(template.visibility)}
            </Badge>
          )}
          {template.tags.length > 0 && (
            <Flex asChild gap="1" wrap="wrap">
              <ul className="pw-tpl-chips" aria-label="Tags">
                {template.tags.map((t) => (
                  <li key={t}>
                    <Badge color="gray" variant="outline" radius="full">
                      {t}
                    </Badge>
                  </li>
                ))}
              </ul>
            </Flex>
          )}
        </Flex>

        <Card size="2">
          <DataList.Root orientation="vertical" size="2" className="pw-tpl-facts">
            <DataList.Item>
              <DataList.Label>Author</DataList.Label>
              <DataList.Value>{authorName(template)}</DataList.Value>
            </DataList.Item>
            <DataList.Item>
              <DataList.Label>Version</DataList.Label>
              <DataList.Value>
                <Code variant="ghost">{template.version || '—'}</Code>
              </DataList.Value>
            </DataList.Item>
            <DataList.Item>
              <DataList.Label>Updated</DataList.Label>
              <DataList.Value>
                <time dateTime={template.updatedAt} title={formatDateTime(template.updatedAt)}>
                  {formatDate(template.updatedAt)}
                </time>
              </DataList.Value>
            </DataList.Item>
            <DataList.Item>
              <DataList.Label>Rating</DataList.Label>
              <DataList.Value>
                {template.ratingCount > 0 ? (
                  <Flex gap="2" align="center">
                    <Stars value={template.ratingAvg} />
                    <Text>
                      {formatRating(template.ratingAvg)} ({reviewsLabel(template.ratingCount)})
                    </Text>
                  </Flex>
                ) : (
                  'No ratings yet'
                )}
              </DataList.Value>
            </DataList.Item>
            <DataList.Item>
              <DataList.Label>Used</DataList.Label>
              <DataList.Value>{installsLabel(template.installCount)}</DataList.Value>
            </DataList.Item>
          </DataList.Root>
        </Card>

        <TemplatePreview template={template} sites={sites} />

        <Reviews template={template} />
        <Versions template={template} />
      </Flex>

      {installing && <InstallTemplateDialog template={template} open onOpenChange={(o) => !o && setInstalling(false)} />}
      {editing && <EditTemplateDialog template={template} open onOpenChange={(o) => !o && setEditing(false)} />}
      {versioning && <NewVersionDialog template={template} open onOpenChange={(o) => !o && setVersioning(false)} />}
      {deleting && <DeleteTemplateDialog template={template} onClose={() => setDeleting(false)} />}
    </>
  )
}

function Versions({ template }: { template: TemplateDetail }) {
  const versions = [...template.versions].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))
  return (
    <Card size="2" asChild>
      <section aria-labelledby="pw-tpl-versions">
        <Heading as="h2" size="4" id="pw-tpl-versions" mb="3">
          Versions
        </Heading>
        {versions.length === 0 ? (
          <Text as="p" size="2" color="gray">
            No versions recorded.
          </Text>
        ) : (
          <Box className="pw-tpl-versions">
            <Table.Root size="1">
              <caption className="visually-hidden">Versions of {template.name}</caption>
              <Table.Header>
                <Table.Row>
                  <Table.ColumnHeaderCell>Version</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Notes</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Date</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>By</Table.ColumnHeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {versions.map((v) => (
                  <Table.Row key={v.version}>
                    <Table.RowHeaderCell>
                      <Flex gap="2" align="center">
                        <Code variant="ghost">{v.version}</Code>
                        {v.version === template.version && (
                          <Badge color="teal" variant="soft" size="1" highContrast>
                            Current
                          </Badge>
                        )}
                      </Flex>
                    </Table.RowHeaderCell>
                    <Table.Cell className="pw-tpl-notes">{v.notes || <Text color="gray">—</Text>}</Table.Cell>
                    <Table.Cell className="pw-tpl-nowrap">
                      <time dateTime={v.createdAt} title={formatDateTime(v.createdAt)}>
                        {formatDate(v.createdAt)}
                      </time>
                    </Table.Cell>
                    <Table.Cell>{v.author?.name ?? 'Pagewright'}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table.Root>
          </Box>
        )}
      </section>
    </Card>
  )
}

function DeleteTemplateDialog({ template, onClose }: { template: TemplateDetail; onClose: () => void }) {
  const toast = useToast()
  const navigate = useNavigate()
  const qc = useQueryClient()
  const del = useDeleteTemplate(template.id)
  return (
    <ConfirmDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={`Delete “${template.name}”?`}
      description="The template and its versions, ratings and reviews are deleted. Pages already made from it stay as they are. This cannot be undone."
      confirmLabel="Delete template"
      pending={del.isPending}
      error={del.error}
      onConfirm={() =>
        del.mutate(undefined, {
          onSuccess: () => {
            toast.success('Template deleted', `“${template.name}” was deleted.`)
            void navigate({ to: '/templates', replace: true }).then(() => {
              qc.removeQueries({ queryKey: templateKeys.detail(template.id) })
              qc.removeQueries({ queryKey: templateKeys.reviews(template.id) })
            })
          },
        })
      }
    />
  )
}
