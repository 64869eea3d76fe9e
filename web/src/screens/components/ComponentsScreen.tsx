// /components: the reusable component library. Search, a category filter
// and a "show deprecated" switch (all in the URL), and a table of the
// components with their version, usage, visibility and owner.
import { Badge, Box, Button, Flex, Select, Skeleton, Switch, Table, Text, TextField } from '@radix-ui/themes'
import { useInfiniteQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { Component as ComponentIcon, Search, SearchX } from 'lucide-react'
import { useEffect, useId, useRef, useState } from 'react'
import { EmptyState } from '../../components/EmptyState'
import { ErrorCallout } from '../../components/ErrorCallout'
import { PageHeader } from '../../components/PageHeader'
import { CATEGORIES, componentsQuery, usageLabel, visibilityLabel } from './api'
import type { ComponentsSearch } from './search'
import './components.css'

export const SEARCH_DEBOUNCE_MS = 250
const ALL = '__all__'

export type SetComponentsSearch = (next: ComponentsSearch, opts?: { replace?: boolean }) => void

function clean(s: ComponentsSearch): ComponentsSearch {
  const out: ComponentsSearch = {}
  if (s.q) out.q = s.q
  if (s.category) out.category = s.category
  if (s.deprecated) out.deprecated = true
  return out
}

export function ComponentsScreen({ search, setSearch }: { search: ComponentsSearch; setSearch: SetComponentsSearch }) {
  const list = useInfiniteQuery(componentsQuery({ q: search.q, category: search.category, deprecated: search.deprecated }))
  const items = list.data?.pages.flatMap((p) => p.items) ?? []
  const filtered = Boolean(search.q || search.category)
  const categoryId = useId()
  const deprecatedId = useId()

  // Typed text goes to the URL after a pause; a changed URL comes back into the box.
  const [text, setText] = useState(search.q ?? '')
  const lastUrlQ = useRef(search.q ?? '')
  useEffect(() => {
    const urlQ = search.q ?? ''
    if (urlQ !== lastUrlQ.current) {
      lastUrlQ.current = urlQ
      setText(urlQ)
    }
  }, [search.q])
  useEffect(() => {
    const t = setTimeout(() => {
      const q = text.trim()
      if (q === lastUrlQ.current) return
      lastUrlQ.current = q
      setSearch(clean({ ...search, q }), { replace: true })
    }, SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(t)
    // Only typing pushes; `search` is read as it is then.
  }, [text])

  const clearFilters = () => {
    lastUrlQ.current = ''
    setText('')
    setSearch(clean({ deprecated: search.deprecated }))
  }

  return (
    <>
      <PageHeader
        title="Components"
        description="Reusable parts of pages: save one from the editor, use it on many pages, and update them all when it changes."
      />
      <Flex direction="column" gap="4">
        <Flex gap="3" align={{ initial: 'stretch', sm: 'center' }} direction={{ initial: 'column', sm: 'row' }} wrap="wrap">
          <Box flexGrow="1" minWidth="220px">
            <TextField.Root type="search" placeholder="Search by name, description or tag" aria-label="Search components" value={text} maxLength={200} onChange={(e) => setText(e.target.value)}>
              <TextField.Slot>
                <Search size={15} aria-hidden="true" />
              </TextField.Slot>
            </TextField.Root>
          </Box>
          <Flex gap="2" align="center">
            <Text size="2" color="gray" id={categoryId}>
              Category
            </Text>
            <Select.Root value={search.category ?? ALL} onValueChange={(v) => setSearch(clean({ ...search, category: v === ALL ? undefined : v }))}>
              <Select.Trigger aria-labelledby={categoryId} />
              <Select.Content position="popper">
                <Select.Item value={ALL}>All categories</Select.Item>
                {CATEGORIES.map((c) => (
                  <Select.Item key={c} value={c}>
                    {c}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select.Root>
          </Flex>
          <Text as="label" size="2" htmlFor={deprecatedId}>
            <Flex gap="2" align="center">
              <Switch id={deprecatedId} checked={!!search.deprecated} onCheckedChange={(on) => setSearch(clean({ ...search, deprecated: on }))} />
              Show deprecated
            </Flex>
          </Text>
        </Flex>

        {list.isPending ? (
          <TableSkeleton />
        ) : list.isError && !list.data ? (
          <Flex direction="column" gap="3" align="start">
            <ErrorCallout error={list.error} title="Could not load the components." />
            <Button variant="soft" onClick={() => void list.refetch()}>
              Try again
            </Button>
          </Flex>
        ) : items.length === 0 ? (
          filtered ? (
            <EmptyState
              icon={<SearchX size={28} />}
              title="No components match"
              description={
                search.q
                  ? `No component${search.category ? ` in ${search.category}` : ''} matches “${search.q}”. Try another word, or clear the filters.`
                  : `No components in ${search.category} yet. Try another category.`
              }
              action={
                <Button variant="soft" onClick={clearFilters}>
                  Clear the filters
                </Button>
              }
            />
          ) : (
            <EmptyState
              icon={<ComponentIcon size={28} />}
              title="No components yet"
              description={
                <>
                  Open a page in the editor, select a part of it you want to reuse — opening hours, a call to action, a footer — and choose <strong>Create component…</strong>{' '}
                  (Ctrl+Alt+K). It appears here and in the editor’s Components tab.
                </>
              }
              action={
                <Button asChild variant="soft">
                  <Link to="/sites">Go to your sites</Link>
                </Button>
              }
            />
          )
        ) : (
          <>
            <Table.Root variant="surface" className="pw-cmp-table" aria-busy={list.isPlaceholderData || undefined} data-stale={list.isPlaceholderData || undefined}>
              <Table.Header>
                <Table.Row>
                  <Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Category</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Version</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Used</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell className="pw-cmp-hide-sm">Who can use it</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell className="pw-cmp-hide-sm">Owner</Table.ColumnHeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {items.map((c) => (
                  <Table.Row key={c.id} data-testid={`component-row-${c.id}`}>
                    <Table.RowHeaderCell>
                      <Flex direction="column" gap="1">
                        <Flex gap="2" align="center" wrap="wrap">
                          <Link to="/components/$componentId" params={{ componentId: c.id }} className="pw-cmp-name">
                            {c.name}
                          </Link>
                          {c.deprecated && (
                            <Badge color="amber" variant="soft" highContrast title={c.deprecated.message || undefined}>
                              Deprecated
                            </Badge>
                          )}
                        </Flex>
                        {c.description && (
                          <Text size="1" color="gray" className="pw-cmp-desc">
                            {c.description}
                          </Text>
                        )}
                      </Flex>
                    </Table.RowHeaderCell>
                    <Table.Cell>{c.category}</Table.Cell>
                    <Table.Cell>
                      <Text className="pw-cmp-num">{c.latestVersion}</Text>
                    </Table.Cell>
                    <Table.Cell>
                      <Text color={c.usage.pages ? undefined : 'gray'}>{usageLabel(c.usage)}</Text>
                    </Table.Cell>
                    <Table.Cell className="pw-cmp-hide-sm">{visibilityLabel(c.visibility)}</Table.Cell>
                    <Table.Cell className="pw-cmp-hide-sm">{c.owner?.name ?? '—'}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table.Root>
            {list.isError && <ErrorCallout error={list.error} title="Could not load more components." />}
            {list.hasNextPage && (
              <Flex justify="center">
                <Button variant="soft" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                  Load more components
                </Button>
              </Flex>
            )}
          </>
        )}
      </Flex>
    </>
  )
}

function TableSkeleton() {
  return (
    <Flex direction="column" gap="2" aria-busy="true" aria-label="Loading components">
      {[0, 1, 2, 3].map((i) => (
        <Skeleton key={i} height="44px" />
      ))}
    </Flex>
  )
}
