// "Insert section from a template…": the organisation's section templates,
// searchable, each with a small live preview. Choosing one copies its
// section into the page after the selected section (or at the end of the
// page), as one undo step, and selects it.
import { Button, Dialog, Flex, Spinner, Text, TextField } from '@radix-ui/themes'
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query'
import { Search } from 'lucide-react'
import { useEffect, useId, useState } from 'react'
import { ErrorCallout } from '../../components/ErrorCallout'
import { useToast } from '../../components/Toaster'
import type { Template } from '../../screens/templates/api'
import { useElementWidth } from '../../screens/templates/useElementWidth'
import type { CanvasController } from '../canvas/controller'
import type { EditorStore } from '../store/store'
import { fetchTemplateDocument, insertSectionTemplate, sectionPlace, sectionTemplatesQuery } from './sectionTemplates'
import './insertSection.css'

export interface InsertSectionDialogProps {
  store: EditorStore
  /** To bring the inserted section into view once it is on the canvas. */
  canvas?: CanvasController
  onClose(): void
}

/**
 * The width a section preview renders at (the desktop layout, at a size
 * whose text stays legible scaled down to a card), and the height of the
 * visible part (the card's 16:10).
 */
const PREVIEW_WIDTH = 1024
const PREVIEW_HEIGHT = 640

/** The template's thumbnail, or the template itself rendered at desktop size and scaled down. */
function SectionThumb({ template }: { template: Template }) {
  const [ref, width] = useElementWidth<HTMLDivElement>()
  const [loaded, setLoaded] = useState(false)
  const scale = width > 0 ? width / PREVIEW_WIDTH : 0.25
  return (
    <div ref={ref} className="pw-secttpl-thumb" aria-hidden="true" data-loaded={loaded || undefined}>
      {template.thumbnailUrl ? (
        <img src={template.thumbnailUrl} alt="" loading="lazy" decoding="async" onLoad={() => setLoaded(true)} />
      ) : (
        <iframe
          src={template.previewUrl}
          title={`Preview of ${template.name}`}
          // No scripts, no same-origin access, no focus, no pointer: it only shows.
          sandbox=""
          loading="lazy"
          tabIndex={-1}
          aria-hidden="true"
          width={PREVIEW_WIDTH}
          height={PREVIEW_HEIGHT}
          style={{ transform: `scale(${scale})` }}
          onLoad={() => setLoaded(true)}
        />
      )}
    </div>
  )
}

/**
 * One template: its name is the button (stretched over the whole card, so
 * the card is one click target and the button's name is its visible text).
 */
function SectionCard({ template, busy, disabled, onChoose }: { template: Template; busy: boolean; disabled: boolean; onChoose(): void }) {
  const id = useId()
  return (
    <li className="pw-secttpl-card" data-template={template.slug || template.id} data-busy={busy || undefined} data-disabled={disabled || undefined}>
      <SectionThumb template={template} />
      <div className="pw-secttpl-text">
        <Flex align="center" gap="2">
          <button
            type="button"
            className="pw-secttpl-pick"
            aria-describedby={template.description ? `${id}-desc` : undefined}
            aria-busy={busy || undefined}
            disabled={disabled}
            onClick={onChoose}
          >
            {template.name}
          </button>
          {busy && <Spinner size="1" />}
        </Flex>
        {template.description && (
          <Text as="p" size="1" color="gray" id={`${id}-desc`} className="pw-secttpl-desc">
            {template.description}
          </Text>
        )}
      </div>
    </li>
  )
}

/**
 * Scrolls the canvas (inside its frame only, never the editor around it) to
 * a node once its render has landed, unless it is in view already. The
 * canvas sizes sections lazily (content-visibility), so a fresh render's
 * positions settle only over the next frames: it keeps the node in view
 * for a moment after it first appears, and gives up after a few seconds.
 */
function reveal(canvas: CanvasController | undefined, id: string) {
  if (!canvas) return
  const deadline = Date.now() + 5000
  let seen = 0
  let stop = () => {}
  const align = () => {
    const now = Date.now()
    if (now > deadline || (seen && now - seen > 1000)) return stop()
    const el = canvas.element(id)
    const win = el?.ownerDocument.defaultView
    if (!el || !win) return
    seen ||= now
    const top = el.getBoundingClientRect().top
    if (top < 0 || top > win.innerHeight * 0.5) win.scrollTo({ top: Math.max(0, win.scrollY + top - 24) })
  }
  const off = canvas.subscribeLayout(align)
  const poll = setInterval(align, 100)
  stop = () => {
    off()
    clearInterval(poll)
  }
  align()
}

export function InsertSectionDialog({ store, canvas, onClose }: InsertSectionDialogProps) {
  const toast = useToast()
  const [q, setQ] = useState('')
  const [search, setSearch] = useState('')
  // Search as the user types, once they pause.
  useEffect(() => {
    const t = setTimeout(() => setSearch(q.trim()), 250)
    return () => clearTimeout(t)
  }, [q])
  const list = useQuery({ ...sectionTemplatesQuery(search), placeholderData: keepPreviousData })
  const insert = useMutation({
    mutationFn: async (t: Template) => ({ template: t, doc: await fetchTemplateDocument(t.id) }),
    onSuccess: ({ template, doc }) => {
      let id: string
      try {
        id = insertSectionTemplate(store, doc.document, template.name)
      } catch (e) {
        toast.error(`Could not insert “${template.name}”`, e instanceof Error ? e.message : undefined)
        return
      }
      toast.success(`Inserted “${template.name}”`)
      onClose()
      reveal(canvas, id)
    },
  })
  const [where] = useState(() => {
    const place = sectionPlace(store)
    return place.before === null ? 'at the end of the page' : 'after the selected section'
  })
  const items = list.data ?? []
  const searching = list.isFetching && list.isPlaceholderData
  return (
    <Dialog.Content maxWidth="780px" className="pw-secttpl-dialog">
      <Dialog.Title>Insert section from a template</Dialog.Title>
      <Dialog.Description size="2" color="gray" mb="3">
        Adds a copy of the section {where}, to edit like anything else on the page.
      </Dialog.Description>
      <TextField.Root
        autoFocus
        placeholder="Search section templates"
        aria-label="Search section templates"
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
      >
        <TextField.Slot>
          <Search size={14} />
        </TextField.Slot>
        {searching && (
          <TextField.Slot>
            <Spinner size="1" />
          </TextField.Slot>
        )}
      </TextField.Root>
      {insert.error && (
        <div style={{ marginTop: 12 }}>
          <ErrorCallout error={insert.error} title="Could not load the template." />
        </div>
      )}
      <div className="pw-secttpl-scroll" aria-busy={list.isPending || searching || undefined}>
        {list.isPending ? (
          <Flex align="center" justify="center" gap="2" py="8">
            <Spinner /> <Text size="2" color="gray">Loading section templates…</Text>
          </Flex>
        ) : list.isError ? (
          <ErrorCallout error={list.error} title="Could not load the section templates." />
        ) : items.length === 0 ? (
          <Text as="p" size="2" color="gray" align="center" className="pw-secttpl-empty">
            {search
              ? `No section template matches “${search}”.`
              : 'No section templates yet. Admins can publish a section with Publish section as template…'}
          </Text>
        ) : (
          <ul className="pw-secttpl-grid" aria-label="Section templates" data-stale={searching || undefined}>
            {items.map((t) => (
              <SectionCard
                key={t.id}
                template={t}
                busy={insert.isPending && insert.variables?.id === t.id}
                disabled={insert.isPending}
                onChoose={() => insert.mutate(t)}
              />
            ))}
          </ul>
        )}
      </div>
      <Flex justify="end" mt="4">
        <Dialog.Close>
          <Button variant="soft" color="gray">
            Cancel
          </Button>
        </Dialog.Close>
      </Flex>
    </Dialog.Content>
  )
}
