// The canvas controller owns the canvas iframe. The iframe shows the Go
// renderer's output (POST /api/v1/render, editor mode): the whole page once,
// then only the subtrees an edit touched, swapped in place. Nothing in the
// browser renders components itself.
import { api } from '../../api/client'
import type { EditorStore } from '../store/store'
import { subtree, type Change } from '../store/ops'
import type { PageDocument } from '../types'

interface RenderResult {
  html: string
  css: string
  scripts: string[]
  /** Per-node rules, when the server splits them out (editor mode). */
  nodeCss?: Record<string, string> | null
}

/** Which prop a component edits inline on the canvas, and whether it is rich text. */
export const INLINE_TEXT: Record<string, { prop: string; rich: boolean }> = {
  Heading: { prop: 'text', rich: false },
  Text: { prop: 'html', rich: true },
  Button: { prop: 'text', rich: false },
  Link: { prop: 'text', rich: false },
}

/**
 * The document node a canvas element's data-pw-node stands for. The nodes
 * of a reusable component's instance carry expanded ids,
 * "<instanceId>_<innerId>" ("a_b_c" when nested), and are not editable one
 * by one: they stand for the instance, the part before the first "_"
 * (editor node ids never hold one).
 */
export function nodeIdOf(raw: string, has: (id: string) => boolean): string {
  if (has(raw)) return raw
  const i = raw.indexOf('_')
  return i > 0 ? raw.slice(0, i) : raw
}

export interface CanvasEvents {
  /** The canvas content moved (render, scroll, resize): outlines must be re-measured. */
  onLayout(): void
  /** A render failed; the message names the node and field. */
  onError(message: string | null): void
  /** Inline editing started or ended (the rich-text toolbar follows it). */
  onInlineEdit(id: string | null, rich: boolean): void
  /** A key pressed inside the iframe, for the editor's shortcuts. */
  onKey(e: KeyboardEvent): void
  /** Copy, cut or paste inside the iframe (outside inline editing). */
  onClipboard(e: ClipboardEvent): void
  /** Timing of one change reaching the canvas (ms), for the benchmark. */
  onRendered?(ms: number, nodes: number): void
}

const EDITOR_CSS = `
html{scrollbar-gutter:stable}
.pw-page>main>*,.pw-page>header,.pw-page>footer{content-visibility:auto;contain-intrinsic-size:auto 320px}
[data-pw-node]{cursor:default}
[data-pw-node]:empty:not(img,input,textarea,select,hr,br,iframe){min-height:64px;outline:1px dashed rgba(100,116,139,.55);outline-offset:-6px;background:repeating-linear-gradient(135deg,rgba(100,116,139,.06) 0 8px,transparent 8px 16px)}
[data-pw-editing]{outline:2px solid #8b5cf6!important;outline-offset:2px;cursor:text}
[data-pw-editing]:focus{outline:2px solid #8b5cf6!important}
a,button,input,select,textarea,label,summary{pointer-events:auto}
`

export class CanvasController {
  private iframe: HTMLIFrameElement | null = null
  private tokensCss = ''
  private baseCss = ''
  private nodeCss = new Map<string, string>()
  /** Fallback when the server does not split node CSS: CSS per render root, in order. */
  private chunkCss = new Map<string, string>()
  private dirty = new Set<string>()
  private full = false
  private scheduled = false
  private seq = new Map<string, number>()
  private editing: string | null = null
  private unsubscribe: (() => void) | null = null
  private changeStart = 0
  private ready: Promise<void> = Promise.resolve()
  private destroyed = false
  private lastError: string | null = null

  constructor(
    private store: EditorStore,
    private siteId: string,
    /** No inline editing (viewers, earlier versions). */
    private readOnly: boolean,
    private events: CanvasEvents,
  ) {}

  private layoutListeners = new Set<() => void>()

  /** Calls l whenever the canvas content moves (render, scroll, resize). */
  subscribeLayout(l: () => void): () => void {
    this.layoutListeners.add(l)
    return () => this.layoutListeners.delete(l)
  }

  private layout() {
    this.events.onLayout()
    for (const l of this.layoutListeners) l()
  }

  get document(): Document | null {
    return this.iframe?.contentDocument ?? null
  }

  /** Attaches the iframe and renders the whole page into it. */
  attach(iframe: HTMLIFrameElement): void {
    this.iframe = iframe
    this.ready = new Promise((resolve) => {
      const lang = this.store.meta.lang || 'en'
      iframe.addEventListener(
        'load',
        () => {
          this.wire()
          resolve()
        },
        { once: true },
      )
      iframe.srcdoc = `<!doctype html><html lang="${lang.replace(/[^A-Za-z0-9-]/g, '')}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><style id="pw-tokens"></style><style id="pw-base"></style><style id="pw-nodes"></style><style id="pw-editor">${EDITOR_CSS}</style></head><body></body></html>`
    })
    this.unsubscribe = this.store.onChange((c) => this.changed(c))
    void this.renderAll()
  }

  detach(): void {
    this.destroyed = true
    this.unsubscribe?.()
    this.iframe = null
  }

  setTokensCss(css: string): void {
    this.tokensCss = css
    void this.ready.then(() => {
      const el = this.document?.getElementById('pw-tokens')
      if (el) el.textContent = css
      this.layout()
    })
  }

  /** Sets the theme shown on the canvas (light, dark, high-contrast). */
  setTheme(theme: string): void {
    void this.ready.then(() => {
      const html = this.document?.documentElement
      if (!html) return
      if (theme === 'light') html.removeAttribute('data-theme')
      else html.setAttribute('data-theme', theme)
    })
  }

  /** The element rendering a node, if it is on the canvas. */
  element(id: string): HTMLElement | null {
    const d = this.document
    if (!d) return null
    return d.querySelector<HTMLElement>(`[data-pw-node="${CSS.escape(id)}"]`)
  }

  /** The node under a point in iframe coordinates, skipping locked nodes. */
  nodeAt(x: number, y: number): string | null {
    const d = this.document
    if (!d) return null
    let el = d.elementFromPoint(x, y) as HTMLElement | null
    while (el) {
      const id = this.nodeIdAt(el)
      if (id && !this.store.node(id)?.locked) return id
      el = el.parentElement
    }
    return null
  }

  /** The node an element marks (an instance's for its inner elements), if any. */
  private nodeIdAt(el: Element): string | null {
    const raw = el.getAttribute?.('data-pw-node')
    return raw ? nodeIdOf(raw, (x) => !!this.store.node(x)) : null
  }

  async renderAll(): Promise<void> {
    this.full = true
    this.schedule()
  }

  private changed(c: Change) {
    if (!this.changeStart) this.changeStart = performance.now()
    const root = this.store.root
    for (const id of c.updated) {
      if (id === this.editing) continue // the DOM already shows what is being typed
      if (this.store.node(id)) this.dirty.add(id)
    }
    for (const id of c.reparented) {
      if (id === root) this.full = true
      else if (this.store.node(id)) this.dirty.add(id)
    }
    if (c.updated.has(root)) this.full = true
    if (c.meta) {
      const lang = this.store.meta.lang
      const html = this.document?.documentElement
      if (html && lang) html.lang = lang
    }
    this.schedule()
  }

  private schedule() {
    if (this.scheduled) return
    this.scheduled = true
    queueMicrotask(() => {
      this.scheduled = false
      void this.flush()
    })
  }

  private async flush() {
    await this.ready
    if (this.destroyed) return
    const started = this.changeStart || performance.now()
    this.changeStart = 0
    if (this.full) {
      this.full = false
      this.dirty.clear()
      await this.renderRoot(this.store.root, started)
      return
    }
    // Only the outermost dirty nodes: a subtree render covers its descendants.
    const roots: string[] = []
    for (const id of this.dirty) {
      let covered = false
      for (let p = this.store.node(id)?.parent; p; p = this.store.node(p)?.parent) {
        if (this.dirty.has(p)) {
          covered = true
          break
        }
      }
      if (!covered) roots.push(id)
    }
    this.dirty.clear()
    await Promise.all(roots.map((id) => this.renderRoot(id, started)))
  }

  private async renderRoot(id: string, started: number) {
    if (!this.store.node(id)) return
    const n = (this.seq.get(id) ?? 0) + 1
    this.seq.set(id, n)
    const full = id === this.store.root
    const doc: PageDocument = full ? this.store.toDocument() : this.store.subtreeDocument(id)
    let res: RenderResult
    try {
      res = await api.post<RenderResult>('/render', { document: doc, node: id, mode: 'editor', site: this.siteId, splitNodeCss: true })
    } catch (e) {
      this.setError(e instanceof Error ? e.message : String(e))
      return
    }
    if (this.seq.get(id) !== n || this.destroyed) return // a newer render of this subtree is on its way
    this.setError(null)
    const d = this.document
    if (!d) return
    if (full) {
      d.body.innerHTML = res.html
      this.chunkCss.clear()
      this.nodeCss.clear()
    } else {
      const el = this.element(id)
      if (!el) {
        // Not on the canvas yet (e.g. its parent is hidden): render the page.
        this.full = true
        this.schedule()
        return
      }
      el.outerHTML = res.html
    }
    this.applyCss(id, res, full)
    this.layout()
    this.events.onRendered?.(performance.now() - started, Object.keys(doc.nodes).length)
  }

  private applyCss(id: string, res: RenderResult, full: boolean) {
    const d = this.document!
    if (res.nodeCss) {
      if (full || !this.baseCss.includes(res.css)) {
        // Base CSS grows as new component types appear on the page.
        this.baseCss = full ? res.css : mergeCss(this.baseCss, res.css)
        d.getElementById('pw-base')!.textContent = this.baseCss
      }
      // Node rules live in one <style> per top-level section, so an edit
      // restyles its own section's sheet, and only when its rules changed.
      const dirty = new Set<string>()
      if (full) {
        this.nodeCss.clear()
        for (const el of this.chunkEls.values()) el.remove()
        this.chunkEls.clear()
      } else {
        const ids = subtree(this.store.state, id)
        for (const k of ids) {
          if (this.nodeCss.has(k) && !(k in res.nodeCss)) {
            this.nodeCss.delete(k)
            dirty.add(this.chunkOf(k))
          }
        }
        // The rules of the nodes inside instances ("<instanceId>_…") that
        // are gone, e.g. after a change of component version.
        if (ids.some((k) => this.store.node(k)?.type === 'Instance')) {
          const set = new Set(ids)
          for (const k of this.nodeCss.keys()) {
            if (k.includes('_') && set.has(nodeIdOf(k, () => false)) && !(k in res.nodeCss)) {
              this.nodeCss.delete(k)
              dirty.add(this.chunkOf(k))
            }
          }
        }
      }
      for (const [k, v] of Object.entries(res.nodeCss)) {
        if (this.nodeCss.get(k) === v) continue
        this.nodeCss.set(k, v)
        dirty.add(this.chunkOf(k))
      }
      if (dirty.size) this.writeChunks(dirty)
      return
    }
    if (full) {
      this.baseCss = res.css
      d.getElementById('pw-base')!.textContent = res.css
      d.getElementById('pw-nodes')!.textContent = ''
      return
    }
    this.chunkCss.delete(id)
    this.chunkCss.set(id, res.css)
    d.getElementById('pw-nodes')!.textContent = [...this.chunkCss.values()].join('\n')
  }

  private chunkEls = new Map<string, HTMLStyleElement>()

  /** The top-level section (child of the page) a node belongs to. */
  private chunkOf(id: string): string {
    const root = this.store.root
    let x = nodeIdOf(id, (k) => !!this.store.node(k))
    for (let p = this.store.node(x)?.parent; p && p !== root; p = this.store.node(p)?.parent) x = p
    return x
  }

  private writeChunks(chunks: Set<string>) {
    const d = this.document!
    const text = new Map<string, string[]>()
    for (const c of chunks) text.set(c, [])
    for (const [k, v] of this.nodeCss) {
      const list = text.get(this.chunkOf(k))
      if (list) list.push(v)
    }
    const anchor = d.getElementById('pw-editor')!
    for (const [c, rules] of text) {
      let el = this.chunkEls.get(c)
      if (!el) {
        el = d.createElement('style')
        el.dataset.chunk = c
        anchor.before(el)
        this.chunkEls.set(c, el)
      }
      el.textContent = rules.join('\n')
    }
  }

  private setError(msg: string | null) {
    if (msg === this.lastError) return
    this.lastError = msg
    this.events.onError(msg)
  }

  // ---- events inside the iframe ----

  private wire() {
    const d = this.document
    if (!d) return
    const w = d.defaultView!
    d.getElementById('pw-tokens')!.textContent = this.tokensCss
    d.addEventListener('mouseover', (e) => {
      const id = this.closest(e.target)
      this.store.hover(id)
    })
    d.addEventListener('mouseleave', () => this.store.hover(null))
    d.addEventListener(
      'click',
      (e) => {
        const t = e.target as HTMLElement
        if (this.editing && t.closest('[data-pw-editing]')) return
        // Links, buttons and forms on the canvas select, never navigate.
        e.preventDefault()
        const id = this.closest(e.target)
        this.store.select(id)
      },
      true,
    )
    d.addEventListener('submit', (e) => e.preventDefault(), true)
    for (const kind of ['copy', 'cut', 'paste'] as const) {
      d.addEventListener(kind, (e) => {
        if (!this.editing) this.events.onClipboard(e)
      })
    }
    d.addEventListener('dblclick', (e) => {
      const id = this.closest(e.target)
      if (id) this.startInlineEdit(id)
    })
    d.addEventListener('keydown', (e) => {
      if (this.editing) {
        if (e.key === 'Escape' || (e.key === 'Enter' && !INLINE_TEXT[this.store.node(this.editing)?.type ?? '']?.rich)) {
          e.preventDefault()
          this.stopInlineEdit()
          return
        }
        // Formatting shortcuts stay with the browser; undo goes to the editor.
        if ((e.metaKey || e.ctrlKey) && ['b', 'i'].includes(e.key.toLowerCase())) return
        if (!((e.metaKey || e.ctrlKey) && ['z', 'y', 's'].includes(e.key.toLowerCase()))) return
      }
      this.events.onKey(e)
    })
    w.addEventListener('scroll', () => this.layout(), { passive: true })
    w.addEventListener('resize', () => this.layout())
  }

  private closest(target: EventTarget | null): string | null {
    let el = target as HTMLElement | null
    while (el && el.nodeType === 1) {
      const id = this.nodeIdAt(el)
      if (id && !this.store.node(id)?.locked) return id
      el = el.parentElement
    }
    return null
  }

  // ---- inline text editing ----

  get inlineEditing(): string | null {
    return this.editing
  }

  startInlineEdit(id: string): boolean {
    const n = this.store.node(id)
    const spec = n && INLINE_TEXT[n.type]
    if (!n || !spec || n.locked || this.readOnly) return false
    const el = this.element(id)
    if (!el) return false
    if (this.editing) this.stopInlineEdit()
    this.editing = id
    this.store.select(id)
    el.setAttribute('data-pw-editing', '')
    el.contentEditable = spec.rich ? 'true' : 'plaintext-only'
    el.spellcheck = true
    const onInput = () => {
      const value = spec.rich ? el.innerHTML : (el.textContent ?? '')
      this.store.apply([{ op: 'set', node: id, path: `props/${spec.prop}`, value }], {
        label: 'Edit text',
        mergeKey: `${id}/props/${spec.prop}/inline`,
      })
    }
    const onBlur = (e: FocusEvent) => {
      // Clicking the rich-text toolbar (in the editor, outside the iframe) keeps editing.
      if (spec.rich && (e.relatedTarget === null || e.relatedTarget === undefined) && this.keepEditing) return
      this.stopInlineEdit()
    }
    el.addEventListener('input', onInput)
    el.addEventListener('blur', onBlur)
    this.stopListeners = () => {
      el.removeEventListener('input', onInput)
      el.removeEventListener('blur', onBlur)
    }
    el.focus()
    const sel = this.document!.getSelection()
    if (sel) {
      const r = this.document!.createRange()
      r.selectNodeContents(el)
      sel.removeAllRanges()
      sel.addRange(r)
    }
    this.events.onInlineEdit(id, spec.rich)
    this.layout()
    return true
  }

  /** Set by the rich-text toolbar while the pointer is on it. */
  keepEditing = false
  private stopListeners: (() => void) | null = null

  stopInlineEdit(): void {
    const id = this.editing
    if (!id) return
    this.editing = null
    this.stopListeners?.()
    this.stopListeners = null
    const el = this.element(id)
    if (el) {
      el.removeAttribute('data-pw-editing')
      el.removeAttribute('contenteditable')
    }
    this.events.onInlineEdit(null, false)
    // Re-render: the server sanitises rich text, and the DOM may hold
    // markup the browser made while typing.
    this.dirty.add(id)
    this.schedule()
  }

  /** Runs a formatting command on the text being edited. */
  format(command: 'bold' | 'italic' | 'insertUnorderedList' | 'insertOrderedList' | 'createLink' | 'unlink', value?: string) {
    const d = this.document
    if (!d || !this.editing) return
    d.execCommand(command, false, value)
    const el = this.element(this.editing)
    el?.dispatchEvent(new Event('input'))
  }
}

/** Appends the rules of b that a does not have yet (type CSS comes in blocks). */
function mergeCss(a: string, b: string): string {
  const have = new Set(a.split('\n'))
  const add = b.split('\n').filter((l) => l && !have.has(l))
  return add.length ? a + '\n' + add.join('\n') : a
}
