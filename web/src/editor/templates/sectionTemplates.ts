// "Insert section from a template…": section templates (kind "section", a
// page document whose root Page has exactly one child, the section) are
// listed from the marketplace, and the chosen one's section is copied into
// the page being edited with fresh node ids, as one undo step.
import { api, withQuery } from '../../api/client'
import { normalizeTemplate, templateKeys, type Template } from '../../screens/templates/api'
import { insertFragment, type Fragment, type Place } from '../store/actions'
import type { EditorStore } from '../store/store'
import type { DocNode, PageDocument } from '../types'

/** How many section templates the dialog lists (the list endpoint's maximum). */
export const SECTION_LIMIT = 60

/** Section templates matching q (the server's relevance or popularity order). */
export const sectionTemplatesQuery = (q: string) => ({
  // Under the marketplace's list key, so publishing a template refreshes it.
  queryKey: [...templateKeys.lists, 'sections', q] as const,
  queryFn: async ({ signal }: { signal?: AbortSignal }): Promise<Template[]> => {
    const res = await api.get<{ items?: Parameters<typeof normalizeTemplate>[0][] | null }>(
      withQuery('/templates', { kind: 'section', q: q.trim(), limit: SECTION_LIMIT }),
      { signal },
    )
    return (res.items ?? []).map(normalizeTemplate)
  },
})

export interface TemplateDocument {
  version: string
  document: PageDocument
}

/** A template version's page document (default: the current version). */
export function fetchTemplateDocument(id: string, version?: string, signal?: AbortSignal): Promise<TemplateDocument> {
  return api.get<TemplateDocument>(withQuery(`/templates/${encodeURIComponent(id)}/document`, { version }), { signal })
}

/**
 * The section of a section template's document as a fragment: the root's
 * single child and everything under it, parents before children, siblings
 * in order. Throws when the document does not hold exactly one section.
 */
export function sectionFragment(doc: PageDocument): Fragment {
  const nodes = Object.values(doc?.nodes ?? {})
  const kids = new Map<string, DocNode[]>()
  for (const n of nodes) {
    if (!n.parent) continue
    const list = kids.get(n.parent) ?? []
    list.push(n)
    kids.set(n.parent, list)
  }
  const top = kids.get(doc.root) ?? []
  if (top.length !== 1) throw new Error(`This template holds ${top.length === 0 ? 'no section' : `${top.length} parts, not one section`}.`)
  const out: DocNode[] = []
  const queue = [top[0]!]
  const seen = new Set<string>()
  while (queue.length) {
    const n = queue.shift()!
    if (seen.has(n.id)) continue
    seen.add(n.id)
    out.push(n)
    const children = (kids.get(n.id) ?? []).slice().sort((a, b) => ((a.pos ?? '') < (b.pos ?? '') ? -1 : (a.pos ?? '') > (b.pos ?? '') ? 1 : 0))
    queue.push(...children)
  }
  return { pagewright: 1, root: top[0]!.id, nodes: out }
}

/**
 * Where an inserted section goes: right after the top-level part of the
 * page that holds the selection, or at the end of the page.
 */
export function sectionPlace(store: EditorStore, selection: string | null = store.selection): Place {
  const root = store.root
  let x = selection && store.node(selection) ? selection : null
  while (x && x !== root && store.node(x)?.parent !== root) x = store.node(x)?.parent ?? null
  if (!x || x === root) return { parent: root, before: null }
  const kids = store.children(root)
  return { parent: root, before: kids[kids.indexOf(x) + 1] ?? null }
}

/**
 * Inserts the template's section after the selection's top-level section
 * (one undo step, fresh ids) and selects it; returns the new section's id.
 */
export function insertSectionTemplate(store: EditorStore, doc: PageDocument, name: string): string {
  return insertFragment(store, sectionFragment(doc), sectionPlace(store), `Insert section ${name}`)
}
