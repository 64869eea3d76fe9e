// /templates: the template marketplace. Categories (sidebar, or chips on
// narrow screens), a search, a sort and a type filter, all in the URL, and
// a grid of template cards with cursor pagination.
import { Box, Button, Card, Flex, Heading, Select, Skeleton, Text, TextField } from '@radix-ui/themes'
import { useInfiniteQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { LayoutTemplate, Search, SearchX } from 'lucide-react'
import { useEffect, useId, useRef, useState } from 'react'
import { EmptyState } from '../../components/EmptyState'
import { ErrorCallout } from '../../components/ErrorCallout'
import { PageHeader } from '../../components/PageHeader'
import { categoryLabel, templatesQuery, type CategoryFacet, type Template } from './api'
import { compactCount } from './helpers'
import { InstallTemplateDialog } from './InstallTemplateDialog'
import { effectiveSort, type TemplateKind, type TemplateSort, type TemplatesSearch } from './search'
import { useSitesForTemplates } from './sites'
import { TemplateCard } from './TemplateCard'
import './templates.css'

export const SEARCH_DEBOUNCE_MS = 250

const SORT_LABELS: Record<TemplateSort, string> = {
  relevance: 'Best match',
  popular: 'Most popular',
  rating: 'Highest rated',
  recent: 'Newest',
  name: 'Name',
}

const ALL_KINDS = 'all'

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return debounced
}

export type SetTemplatesSearch = (next: TemplatesSearch, opts?: { replace?: boolean }) => void

/** Drops empty values so URLs stay short. */
function clean(s: TemplatesSearch): TemplatesSearch {
  const out: TemplatesSearch = {}
  if (s.q) out.q = s.q
  if (s.category) out.category = s.category
  if (s.sort) out.sort = s.sort
  if (s.kind) out.kind = s.kind
  return out
}

export function MarketplaceScreen({ search, setSearch }: { search: TemplatesSearch; setSearch: SetTemplatesSearch }) {
  const sort = effectiveSort(search)
  const list = useInfiniteQuery(templatesQuery({ q: search.q, category: search.category, sort, kind: search.kind }))
  const { installable, isPending: sitesPending } = useSitesForTemplates()
  const [installing, setInstalling] = useState<Template | null>(null)

  // The search box: typed text goes to the URL after a pause; a changed URL
  // (Back, a link, Clear) comes back into the box.
  const [text, setText] = useState(search.q ?? '')
  const debounced = useDebounced(text, SEARCH_DEBOUNCE_MS)
  const urlQ = search.q ?? ''
  const lastUrlQ = useRef(urlQ)
  useEffect(() => {
    if (urlQ !== lastUrlQ.current) {
      lastUrlQ.current = urlQ
      setText(urlQ)
    }
  }, [urlQ])
  useEffect(() => {
    const q = debounced.trim()
    if (q === lastUrlQ.current) return
    lastUrlQ.current = q
    // Best match only means something while searching.
    const nextSort = !q && search.sort === 'relevance' ? undefined : search.sort
    setSearch(clean({ ...search, q, sort: nextSort }), { replace: true })
    // Only a new debounced value pushes; `search` is read as it is now.
  }, [debounced])

  const first = list.data?.pages[0]
  const facets: CategoryFacet[] = first?.categories ?? []
  const items = list.data?.pages.flatMap((p) => p.items) ?? []
  const activeCategory = search.category
  const total = facets.reduce((n, c) => n + c.count, 0)
  const shownCount = activeCategory ? (facets.find((c) => c.slug === activeCategory)?.count ?? 0) : total
  const count = Math.max(shownCount, items.length)
  const heading = activeCategory ? categoryLabel(activeCategory, facets) : 'All templates'
  const filtered = Boolean(search.q || search.category || search.kind)

  const clearAll = () => {
    lastUrlQ.current = ''
    setText('')
    setSearch(clean({ sort: search.sort === 'relevance' ? undefined : search.sort }))
  }

  const sortId = useId()
  const kindId = useId()
  const headingId = useId()
  const canInstall = sitesPending || installable.length > 0

  return (
    <>
      <PageHeader
        title="Templates"
        description="Start a page from a ready-made layout. Every template wears your site’s design system: colours, fonts and spacing."
      />
      <div className="pw-tpl-layout">
        <CategoryNav facets={facets} active={activeCategory} search={search} total={total} loading={list.isPending} />
        <Box asChild minWidth="0">
          <section aria-labelledby={headingId}>
            <Flex direction="column" gap="4">
              <Flex gap="3" align={{ initial: 'stretch', sm: 'end' }} direction={{ initial: 'column', sm: 'row' }} wrap="wrap">
                <Box flexGrow="1" minWidth="200px">
                  <TextField.Root
                    type="search"
                    size="2"
                    placeholder="Search templates"
                    aria-label="Search templates"
                    value={text}
                    onChange={(e) => setText(e.target.value)}
                    maxLength={200}
                  >
                    <TextField.Slot>
                      <Search size={15} aria-hidden="true" />
                    </TextField.Slot>
                  </TextField.Root>
                </Box>
                <Flex gap="3" align="center" wrap="wrap">
                  <Flex gap="2" align="center">
                    <Text id={kindId} size="2" color="gray">
                      Show
                    </Text>
                    <Select.Root
                      value={search.kind ?? ALL_KINDS}
                      onValueChange={(v) => setSearch(clean({ ...search, kind: v === ALL_KINDS ? undefined : (v as TemplateKind) }))}
                    >
                      <Select.Trigger aria-labelledby={kindId} />
                      <Select.Content position="popper">
                        <Select.Item value={ALL_KINDS}>Pages and sections</Select.Item>
                        <Select.Item value="page">Pages</Select.Item>
                        <Select.Item value="section">Sections</Select.Item>
                      </Select.Content>
                    </Select.Root>
                  </Flex>
                  <Flex gap="2" align="center">
                    <Text id={sortId} size="2" color="gray">
                      Sort by
                    </Text>
                    <Select.Root value={sort} onValueChange={(v) => setSearch(clean({ ...search, sort: v as TemplateSort }))}>
                      <Select.Trigger aria-labelledby={sortId} />
                      <Select.Content position="popper">
                        {search.q && <Select.Item value="relevance">{SORT_LABELS.relevance}</Select.Item>}
                        <Select.Item value="popular">{SORT_LABELS.popular}</Select.Item>
                        <Select.Item value="rating">{SORT_LABELS.rating}</Select.Item>
                        <Select.Item value="recent">{SORT_LABELS.recent}</Select.Item>
                        <Select.Item value="name">{SORT_LABELS.name}</Select.Item>
                      </Select.Content>
                    </Select.Root>
                  </Flex>
                </Flex>
              </Flex>

              <Flex justify="between" align="baseline" gap="3" wrap="wrap">
                <Heading as="h2" size="4" id={headingId}>
                  {heading}
                </Heading>
                <Text size="2" color="gray" role="status" aria-live="polite" data-testid="template-count">
                  {list.isPending || list.isPlaceholderData
                    ? 'Loading templates…'
                    : list.isError
                      ? ''
                      : `${compactCount(count)} ${count === 1 ? 'template' : 'templates'}${search.q ? ` for “${search.q}”` : ''}`}
                </Text>
              </Flex>

              {list.isPending ? (
                <GridSkeleton />
              ) : list.isError && !list.data ? (
                <Flex direction="column" gap="3" align="start">
                  <ErrorCallout error={list.error} title="Could not load the templates." />
                  <Button variant="soft" onClick={() => void list.refetch()}>
                    Try again
                  </Button>
                </Flex>
              ) : items.length === 0 ? (
                filtered ? (
                  <EmptyState
                    icon={<SearchX size={28} />}
                    title="No templates match"
                    description={
                      search.q
                        ? `No templates match “${search.q}”. Clear the search or try another category.`
                        : 'No templates in this category yet. Try another category.'
                    }
                    action={
                      <Button variant="soft" onClick={clearAll}>
                        Clear {search.q ? 'the search' : 'the filters'}
                      </Button>
                    }
                  />
                ) : (
                  <EmptyState
                    icon={<LayoutTemplate size={28} />}
                    title="No templates yet"
                    description="Templates you can see appear here. Admins publish a page as a template from the editor."
                  />
                )
              ) : (
                <>
                  <ul className="pw-tpl-grid" aria-busy={list.isPlaceholderData || undefined} data-stale={list.isPlaceholderData || undefined} aria-labelledby={headingId}>
                    {items.map((t) => (
                      <li key={t.id}>
                        <TemplateCard template={t} category={categoryLabel(t.category, facets)} onInstall={canInstall ? setInstalling : undefined} />
                      </li>
                    ))}
                  </ul>
                  {list.isError && <ErrorCallout error={list.error} title="Could not load more templates." />}
                  {list.hasNextPage && (
                    <Flex justify="center">
                      <Button variant="soft" size="2" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                        Load more templates
                      </Button>
                    </Flex>
                  )}
                </>
              )}
            </Flex>
          </section>
        </Box>
      </div>
      {installing && (
        <InstallTemplateDialog
          key={installing.id}
          template={installing}
          open
          onOpenChange={(o) => {
            if (!o) setInstalling(null)
          }}
        />
      )}
    </>
  )
}

function CategoryNav({
  facets,
  active,
  search,
  total,
  loading,
}: {
  facets: CategoryFacet[]
  active?: string
  search: TemplatesSearch
  total: number
  loading: boolean
}) {
  // A category the facet does not list (no match for the search) stays visible while chosen.
  const shown = active && !facets.some((c) => c.slug === active) ? [...facets, { slug: active, label: categoryLabel(active), count: 0 }] : facets
  const rest: TemplatesSearch = { ...search, category: undefined }
  return (
    <nav aria-label="Template categories" className="pw-tpl-categories">
      <ul>
        <li>
          <Link
            to="/templates"
            search={clean(rest)}
            // Exact: "All templates" (no category) must not count as current
            // whenever any category is chosen.
            activeOptions={{ exact: true }}
            className="pw-tpl-category"
            aria-current={!active ? 'page' : undefined}
            data-active={!active || undefined}
          >
            <span>All templates</span>
            {!loading && (
              <span className="pw-tpl-category-count">
                {compactCount(total)}
                <span className="visually-hidden"> {total === 1 ? 'template' : 'templates'}</span>
              </span>
            )}
          </Link>
        </li>
        {loading
          ? [0, 1, 2, 3].map((i) => (
              <li key={i} aria-hidden="true">
                <Skeleton height="28px" my="1" />
              </li>
            ))
          : shown.map((c) => (
              <li key={c.slug}>
                <Link
                  to="/templates"
                  search={clean({ ...rest, category: c.slug })}
                  activeOptions={{ exact: true }}
                  className="pw-tpl-category"
                  aria-current={active === c.slug ? 'page' : undefined}
                  data-active={active === c.slug || undefined}
                >
                  <span>{c.label}</span>
                  <span className="pw-tpl-category-count">
                    {compactCount(c.count)}
                    <span className="visually-hidden"> {c.count === 1 ? 'template' : 'templates'}</span>
                  </span>
                </Link>
              </li>
            ))}
      </ul>
    </nav>
  )
}

function GridSkeleton() {
  return (
    <ul className="pw-tpl-grid" aria-busy="true" aria-label="Loading templates">
      {[0, 1, 2, 3, 4, 5].map((i) => (
        <li key={i}>
          <Card size="2">
            <Skeleton className="pw-tpl-thumb" />
            <Skeleton height="18px" width="70%" mt="3" />
            <Skeleton height="14px" width="40%" mt="2" />
            <Skeleton height="14px" width="55%" mt="2" />
          </Card>
        </li>
      ))}
    </ul>
  )
}
