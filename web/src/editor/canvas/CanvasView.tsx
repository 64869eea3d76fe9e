// The canvas: the page in an iframe at the chosen device width and zoom,
// with hover and selection outlines, the selection's tag (drag handle,
// parent, duplicate, delete), drop indicators and the rich-text toolbar
// drawn over it — unscaled, so they stay readable at any zoom.
import { useDraggable } from '@dnd-kit/core'
import { Callout } from '@radix-ui/themes'
import { ArrowUp, Bold, Copy, GripVertical, Italic, Link2, List, ListOrdered, Trash2, TriangleAlert } from 'lucide-react'
import { useEffect, useLayoutEffect, useReducer, useRef, useState } from 'react'
import type { DropTarget, Rect } from '../dnd'
import { typeTitle } from '../palette/Palette'
import { duplicate, removeNode } from '../store/actions'
import { useSelection, type EditorStore } from '../store/store'
import type { CanvasController } from './controller'

export interface CanvasViewProps {
  store: EditorStore
  canvas: CanvasController
  /** Device width in CSS px. */
  width: number
  /** 0 means fit to the pane. */
  zoom: number
  drop: DropTarget | null
  dragging: boolean
  readOnly: boolean
  error: string | null
  inlineRich: boolean
  /** Reports the zoom in effect, for pointer maths during drags. */
  onScale(scale: number): void
  /** A bar shown over the top of the canvas (editing a component). */
  banner?: React.ReactNode
}

function SelectionTag({ store, id, rect, readOnly }: { store: EditorStore; id: string; rect: Rect; readOnly: boolean }) {
  const n = store.node(id)
  const { attributes, listeners, setNodeRef } = useDraggable({ id: `canvas:${id}`, data: { kind: 'move', id }, disabled: readOnly })
  if (!n) return null
  const below = rect.top < 24
  return (
    <div
      className={`pw-tag${below ? ' below' : ''}`}
      style={{ left: Math.max(0, rect.left), top: below ? rect.top + rect.height : rect.top - 22 }}
      data-testid="selection-tag"
    >
      <span style={{ paddingRight: 4 }}>{n.label || typeTitle(n.type)}</span>
      {!readOnly && (
        <button ref={setNodeRef} className="grip" aria-label="Drag to move" title="Drag to move" {...listeners} {...attributes}>
          <GripVertical size={13} />
        </button>
      )}
      {n.parent && n.parent !== store.root && (
        <button aria-label="Select parent" title="Select parent (Esc)" onClick={() => store.select(n.parent!)}>
          <ArrowUp size={13} />
        </button>
      )}
      {!readOnly && (
        <>
          <button aria-label="Duplicate" title="Duplicate (Ctrl+D)" onClick={() => duplicate(store, id)}>
            <Copy size={13} />
          </button>
          <button aria-label="Delete" title="Delete (Del)" onClick={() => removeNode(store, id)}>
            <Trash2 size={13} />
          </button>
        </>
      )}
    </div>
  )
}

function RichToolbar({ canvas, rect }: { canvas: CanvasController; rect: Rect }) {
  const [linking, setLinking] = useState(false)
  const [url, setUrl] = useState('https://')
  const saved = useRef<Range | null>(null)
  const keep = (e: React.MouseEvent) => e.preventDefault() // keep the iframe's text selection
  const btn = (label: string, icon: React.ReactNode, run: () => void) => (
    <button type="button" className="pw-icon-btn" aria-label={label} title={label} onMouseDown={keep} onClick={run}>
      {icon}
    </button>
  )
  const top = rect.top > 40 ? rect.top - 38 : rect.top + rect.height + 6
  return (
    <div className="pw-rte" style={{ left: Math.max(0, rect.left), top }} role="toolbar" aria-label="Text formatting">
      {btn('Bold (Ctrl+B)', <Bold size={14} />, () => canvas.format('bold'))}
      {btn('Italic (Ctrl+I)', <Italic size={14} />, () => canvas.format('italic'))}
      {btn('Bulleted list', <List size={14} />, () => canvas.format('insertUnorderedList'))}
      {btn('Numbered list', <ListOrdered size={14} />, () => canvas.format('insertOrderedList'))}
      {btn('Link', <Link2 size={14} />, () => {
        const sel = canvas.document?.getSelection()
        saved.current = sel && sel.rangeCount ? sel.getRangeAt(0).cloneRange() : null
        canvas.keepEditing = true
        setLinking(true)
      })}
      {linking && (
        <form
          style={{ display: 'flex', gap: 4 }}
          onSubmit={(e) => {
            e.preventDefault()
            const u = url.trim()
            const d = canvas.document
            if (saved.current && d) {
              const el = d.querySelector<HTMLElement>('[data-pw-editing]')
              el?.focus()
              const sel = d.getSelection()
              sel?.removeAllRanges()
              sel?.addRange(saved.current)
            }
            if (/^(https?:|mailto:|tel:|\/|#)/i.test(u)) canvas.format('createLink', u)
            canvas.keepEditing = false
            setLinking(false)
          }}
        >
          <input
            autoFocus
            aria-label="Link address"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            style={{ width: 200, font: 'inherit', fontSize: 12 }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                canvas.keepEditing = false
                setLinking(false)
              }
            }}
          />
          <button type="submit" className="pw-icon-btn" aria-label="Apply link" style={{ width: 'auto', padding: '0 6px' }}>
            Apply
          </button>
        </form>
      )}
    </div>
  )
}

export function CanvasView(props: CanvasViewProps) {
  const { store, canvas, width, zoom, drop, dragging, readOnly, error, inlineRich, onScale, banner } = props
  const paneRef = useRef<HTMLElement>(null)
  const frameRef = useRef<HTMLIFrameElement>(null)
  const [pane, setPane] = useState({ w: 1000, h: 700 })
  const [, relayout] = useReducer((x: number) => x + 1, 0)
  const { selection, hovered } = useSelection(store)

  useLayoutEffect(() => {
    const el = paneRef.current
    if (!el) return
    const ro = new ResizeObserver(() => setPane({ w: el.clientWidth, h: el.clientHeight }))
    ro.observe(el)
    setPane({ w: el.clientWidth, h: el.clientHeight })
    return () => ro.disconnect()
  }, [])

  useEffect(() => {
    const f = frameRef.current
    if (!f) return
    canvas.attach(f)
    return () => canvas.detach()
  }, [canvas])

  // Outlines follow renders, scrolling and resizing.
  useEffect(() => {
    let raf = 0
    const off = canvas.subscribeLayout(() => {
      cancelAnimationFrame(raf)
      raf = requestAnimationFrame(relayout)
    })
    return () => {
      cancelAnimationFrame(raf)
      off()
    }
  }, [canvas])

  const scale = zoom > 0 ? zoom : Math.min(1, (pane.w - 48) / width)
  useEffect(() => {
    onScale(scale)
  }, [scale, onScale])
  const frameH = Math.max(400, (pane.h - 48) / scale)

  const box = (id: string | null): Rect | null => {
    if (!id) return null
    const el = canvas.element(id)
    if (!el) return null
    const r = el.getBoundingClientRect()
    return { left: r.left, top: r.top, width: r.width, height: r.height }
  }
  const sc = (r: Rect): Rect => ({ left: r.left * scale, top: r.top * scale, width: r.width * scale, height: r.height * scale })
  const sel = box(selection)
  const hov = hovered && hovered !== selection && !dragging ? box(hovered) : null
  const editing = canvas.inlineEditing

  return (
    <main ref={paneRef} className="pw-editor-canvas" aria-label="Canvas">
      {banner}
      {error && (
        <div className="pw-canvas-error">
          <Callout.Root color="red" size="1" role="alert">
            <Callout.Icon>
              <TriangleAlert size={16} />
            </Callout.Icon>
            <Callout.Text>{error}</Callout.Text>
          </Callout.Root>
        </div>
      )}
      <div style={{ width: width * scale, height: frameH * scale, margin: '24px auto', position: 'relative' }}>
        <div
          className={`pw-frame-wrap${dragging ? ' dragging' : ''}`}
          style={{ width, height: frameH, transform: `scale(${scale})`, transformOrigin: 'top left', margin: 0 }}
          data-canvas-frame
        >
          <iframe ref={frameRef} title="Page canvas" data-testid="canvas" />
        </div>
        <div className="pw-overlay">
          {hov && (
            <>
              <div className="pw-box hover" style={sc(hov)} />
              <div className="pw-hover-tag" style={{ left: hov.left * scale, top: Math.max(0, hov.top * scale - 18) }}>
                {store.label(hovered!)}
              </div>
            </>
          )}
          {sel && !dragging && <div className="pw-box selected" style={sc(sel)} data-testid="selection-box" />}
          {sel && !dragging && !editing && <SelectionTag store={store} id={selection!} rect={sc(sel)} readOnly={readOnly} />}
          {sel && editing && inlineRich && <RichToolbar canvas={canvas} rect={sc(sel)} />}
          {drop?.where === 'canvas' && drop.parentRect && <div className="pw-box drop-parent" style={sc(drop.parentRect)} />}
          {drop?.where === 'canvas' && drop.line && (
            <div
              className="pw-drop-line"
              data-testid="drop-line"
              style={
                drop.line.height > 0
                  ? { left: drop.line.left * scale - 1, top: drop.line.top * scale, width: 3, height: drop.line.height * scale }
                  : { left: drop.line.left * scale, top: drop.line.top * scale - 1, width: drop.line.width * scale }
              }
            />
          )}
        </div>
      </div>
    </main>
  )
}
