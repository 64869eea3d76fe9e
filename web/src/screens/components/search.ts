// The library's filters live in the URL (/components?q=&category=&deprecated=true)
// so links can be shared and Back works. The router imports this file
// (validateSearch), so it stays tiny and dependency-free.

export interface ComponentsSearch {
  q?: string
  category?: string
  /** Show deprecated components too. */
  deprecated?: boolean
}

export function validateComponentsSearch(search: Record<string, unknown>): ComponentsSearch {
  const out: ComponentsSearch = {}
  if (typeof search.q === 'string' && search.q.trim()) out.q = search.q.trim().slice(0, 200)
  if (typeof search.category === 'string' && search.category.trim()) out.category = search.category.trim()
  if (search.deprecated === true || search.deprecated === 'true') out.deprecated = true
  return out
}
