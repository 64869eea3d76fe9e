// Pasting plain HTML (from a web page, a word processor, an email) turns it
// into components: headings, text, lists, images, links, buttons, dividers
// and sections. Anything else keeps its text. The server sanitises the rich
// text that results, so this only has to choose good components.
import type { DocNode } from '../types'
import type { Fragment } from './actions'
import { keysBetween } from './fracindex'

const INLINE = new Set(['A', 'ABBR', 'B', 'BR', 'CODE', 'EM', 'I', 'MARK', 'S', 'SMALL', 'SPAN', 'STRONG', 'SUB', 'SUP', 'U', 'TIME', 'Q', 'CITE', 'DFN', 'KBD', 'SAMP', 'VAR', 'FONT'])
const CONTAINERS = new Set(['DIV', 'SECTION', 'ARTICLE', 'MAIN', 'HEADER', 'FOOTER', 'ASIDE', 'NAV', 'FIGURE', 'BODY', 'CENTER', 'FORM', 'FIELDSET'])
const SKIP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'META', 'LINK', 'HEAD', 'TITLE', 'SVG', 'CANVAS', 'INPUT', 'SELECT', 'TEXTAREA', 'MATH'])

let counter = 0
function id(): string {
  counter = (counter + 1) % 1e9
  return `p${Date.now().toString(36)}${counter.toString(36)}`
}

function safeHref(href: string | null): string | null {
  if (!href) return null
  // Browsers strip tabs and newlines anywhere in a URL and C0 controls and
  // spaces at its ends, so "java\tscript:" is javascript: and must be seen
  // as a scheme here too.
  const h = href.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '')
  if (/^(https?:|mailto:|tel:|\/|#)/i.test(h) || (!/^[a-z][a-z0-9+.-]*:/i.test(h) && h !== '')) return h.slice(0, 2000)
  return null
}

function text(el: Element): string {
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim()
}

/** Converts an HTML string to a fragment rooted in a Container (or a single component). */
export function htmlToFragment(html: string, plain = false): Fragment | null {
  const doc = new DOMParser().parseFromString(plain ? '' : html, 'text/html')
  const nodes: DocNode[] = []
  const rootId = id()
  nodes.push({ id: rootId, type: 'Container', props: { width: 'default' } })

  // Children are collected per parent; positions assigned at the end.
  const kidsOf = new Map<string, DocNode[]>()
  const add = (parent: string, n: Omit<DocNode, 'parent'>) => {
    const node: DocNode = { ...n, parent }
    nodes.push(node)
    let list = kidsOf.get(parent)
    if (!list) kidsOf.set(parent, (list = []))
    list.push(node)
    return node
  }

  let inline: Node[] = []
  const flushInline = (parent: string) => {
    if (!inline.length) return
    const wrap = doc.createElement('p')
    for (const n of inline) wrap.appendChild(n.cloneNode(true))
    inline = []
    if (!text(wrap)) {
      // Word processors wrap images in spans; keep them.
      for (const img of Array.from(wrap.querySelectorAll('img'))) addImage(img, parent)
      return
    }
    add(parent, { id: id(), type: 'Text', props: { html: wrap.outerHTML } })
  }

  const addImage = (c: Element, parent: string) => {
    const src = c.getAttribute('src') ?? ''
    if (!/^(https?:)?\/\//i.test(src) && !src.startsWith('/')) return // data: and blob: images cannot be kept
    const alt = c.getAttribute('alt') ?? ''
    add(parent, { id: id(), type: 'Image', props: { src, alt, decorative: alt === '', width: dimension(c.getAttribute('width'), 800), height: dimension(c.getAttribute('height'), 600) } })
  }

  const walk = (el: Element, parent: string, depth: number) => {
    for (const child of Array.from(el.childNodes)) {
      if (child.nodeType === Node.TEXT_NODE) {
        if ((child.textContent ?? '').trim()) inline.push(child)
        continue
      }
      if (child.nodeType !== Node.ELEMENT_NODE) continue
      const c = child as Element
      // SVG and MathML elements keep their lower-case names.
      const tag = c.tagName.toUpperCase()
      if (SKIP.has(tag)) continue
      if (INLINE.has(tag)) {
        // A lone link is a Link component; inside text it stays a link.
        if (tag === 'A' && !inline.length && isAlone(c)) {
          const href = safeHref(c.getAttribute('href'))
          const t = text(c)
          if (href && t) {
            add(parent, { id: id(), type: 'Link', props: { text: t.slice(0, 300), href } })
            continue
          }
        }
        inline.push(c)
        continue
      }
      flushInline(parent)
      const m = /^H([1-6])$/.exec(tag)
      if (m) {
        const t = text(c)
        if (t) add(parent, { id: id(), type: 'Heading', props: { text: t.slice(0, 500), level: Number(m[1]) } })
        continue
      }
      switch (tag) {
        case 'P':
        case 'BLOCKQUOTE':
        case 'PRE':
        case 'ADDRESS':
          if (text(c)) add(parent, { id: id(), type: 'Text', props: { html: c.outerHTML } })
          // A paragraph holding only images (common in pasted documents)
          // keeps the images.
          else for (const img of Array.from(c.querySelectorAll('img'))) addImage(img, parent)
          continue
        case 'UL':
        case 'OL': {
          const items = Array.from(c.children)
            .filter((li) => li.tagName === 'LI')
            .map((li) => text(li).slice(0, 1000))
            .filter(Boolean)
          if (items.length) add(parent, { id: id(), type: 'List', props: { items, ordered: tag === 'OL' } })
          continue
        }
        case 'IMG':
          addImage(c, parent)
          continue
        case 'HR':
          add(parent, { id: id(), type: 'Divider' })
          continue
        case 'BUTTON': {
          const t = text(c)
          if (t) add(parent, { id: id(), type: 'Button', props: { text: t.slice(0, 200) } })
          continue
        }
        case 'TABLE': {
          // Cells are separated by a space so their words do not run together.
          const cells = Array.from(c.querySelectorAll('th, td'))
          const t = (cells.length ? cells.map(text).filter(Boolean).join(' ') : text(c)).trim()
          if (t) add(parent, { id: id(), type: 'Text', props: { html: `<p>${escapeHtml(t)}</p>` } })
          continue
        }
      }
      if (CONTAINERS.has(tag) && depth < 6) {
        // Wrappers without their own meaning are flattened; sections keep a Section.
        if (tag === 'SECTION' || tag === 'ARTICLE') {
          const sec = add(parent, { id: id(), type: 'Container', props: { width: 'default' } })
          walk(c, sec.id, depth + 1)
          flushInline(sec.id)
        } else {
          walk(c, parent, depth + 1)
          flushInline(parent)
        }
        continue
      }
      // Anything else (definition lists, custom elements): keep its text.
      if (text(c)) add(parent, { id: id(), type: 'Text', props: { html: `<p>${escapeHtml(text(c))}</p>` } })
    }
  }

  if (plain) {
    for (const para of html.split(/\n\s*\n/)) {
      const t = para.trim()
      if (t) add(rootId, { id: id(), type: 'Text', props: { html: `<p>${escapeHtml(t).replace(/\n/g, '<br>')}</p>` } })
    }
  } else {
    walk(doc.body, rootId, 0)
    flushInline(rootId)
  }

  // Drop empty containers (a section that held only a script), innermost
  // first, then give every child a position.
  const dropped = new Set<string>()
  for (let i = nodes.length - 1; i > 0; i--) {
    const n = nodes[i]!
    if (n.type !== 'Container' || kidsOf.get(n.id)?.some((k) => !dropped.has(k.id))) continue
    dropped.add(n.id)
  }
  if (dropped.size) {
    for (let i = nodes.length - 1; i >= 0; i--) if (dropped.has(nodes[i]!.id)) nodes.splice(i, 1)
    for (const [parent, list] of kidsOf) {
      if (dropped.has(parent)) kidsOf.delete(parent)
      else kidsOf.set(parent, list.filter((n) => !dropped.has(n.id)))
    }
  }
  for (const [parent, list] of kidsOf) {
    const keys = keysBetween(null, null, list.length)
    list.forEach((n, i) => (n.pos = keys[i]!))
    void parent
  }
  const top = kidsOf.get(rootId) ?? []
  if (!top.length) return null
  const only = top[0]!
  if (top.length === 1 && !kidsOf.has(only.id)) {
    // One component: paste it alone rather than wrapped.
    return { pagewright: 1, root: only.id, nodes: [only] }
  }
  return { pagewright: 1, root: rootId, nodes: nodes.filter((n) => n.id === rootId || n.parent) }
}

function isAlone(a: Element): boolean {
  const p = a.parentElement
  if (!p) return true
  for (const n of Array.from(p.childNodes)) {
    if (n === a) continue
    if (n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim()) return false
    if (n.nodeType === Node.ELEMENT_NODE && INLINE.has((n as Element).tagName)) return false
  }
  return true
}

/** A width or height attribute in pixels, or def when it is missing, not a positive number or a percentage. */
function dimension(v: string | null, def: number): number {
  const n = Math.round(Number(v))
  return n > 0 ? Math.min(n, 10000) : def
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
