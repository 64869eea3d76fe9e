// The marketplace's filters live in the URL (/templates?q=&category=&sort=&kind=)
// so links can be shared and Back works. This file is imported by the
// router (validateSearch), so it stays tiny and dependency-free.

export type TemplateSort = 'popular' | 'rating' | 'recent' | 'name' | 'relevance'
export type TemplateKind = 'page' | 'section'

export interface TemplatesSearch {
  q?: string
  category?: string
  sort?: TemplateSort
  kind?: TemplateKind
}

const SORTS: readonly TemplateSort[] = ['popular', 'rating', 'recent', 'name', 'relevance']
const KINDS: readonly TemplateKind[] = ['page', 'section']

function text(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v)
  if (typeof v !== 'string') return undefined
  const s = v.trim()
  return s ? s : undefined
}

/** Keeps only well-formed filters; anything else is dropped, not an error. */
export function validateTemplatesSearch(search: Record<string, unknown>): TemplatesSearch {
  const out: TemplatesSearch = {}
  const q = text(search.q)
  if (q) out.q = q.slice(0, 200)
  const category = text(search.category)
  if (category) out.category = category
  if (SORTS.includes(search.sort as TemplateSort)) out.sort = search.sort as TemplateSort
  if (KINDS.includes(search.kind as TemplateKind)) out.kind = search.kind as TemplateKind
  return out
}

/**
 * The sort to ask for: the chosen one, else Best match while searching and
 * Most popular otherwise. Best match means nothing without a search.
 */
export function effectiveSort(search: TemplatesSearch): TemplateSort {
  if (search.sort === 'relevance') return search.q ? 'relevance' : 'popular'
  return search.sort ?? (search.q ? 'relevance' : 'popular')
}
