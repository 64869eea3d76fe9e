// The page's version history: a timeline of versions (newest first) with a
// kind filter, "Save version…", and per version Compare with current,
// Restore and tags. It lives in the editor's dialog layer (EditorDialogs).
import { AlertDialog, Badge, Button, Dialog, Flex, IconButton, Select, Tabs, Text, TextField } from '@radix-ui/themes'
import { Plus, X } from 'lucide-react'
import { useCallback, useEffect, useState } from 'react'
import { ApiError, errorMessage } from '../../api/client'
import { formatDateTime, relativeTime } from '../../lib/format'
import type { PageDocument } from '../types'
import { BranchesPanel } from './BranchesPanel'
import { CompareDialog } from './CompareDialog'
import { historyApi, kindInfo, KINDS, tagError, type Version } from './api'
import './history.css'

/** What the panel needs of the editor's saver. */
export interface HistorySaver {
  etag: string
  saveNow(): Promise<void>
  reload(): Promise<void>
  /** The branch the editor is editing (undefined: the page itself). */
  readonly branch?: string
  /** On a branch: its head version, what "current" means there. */
  headVersionId?: string
  /** On a branch: save the document as a manual version with a message. */
  saveVersion?(message: string): Promise<void>
}

export interface HistoryPanelProps {
  pageId: string
  siteId: string
  saver: HistorySaver
  /** The editor's current document (for the visual comparison). */
  currentDocument(): PageDocument
  readOnly?: boolean
  onClose(): void
}

const PAGE_SIZE = 30

export function HistoryPanel(p: HistoryPanelProps) {
  const [kind, setKind] = useState('all')
  const [items, setItems] = useState<Version[]>([])
  const [cursor, setCursor] = useState('')
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState('')
  const [saving, setSaving] = useState(false)
  const [formOpen, setFormOpen] = useState(false)
  const [message, setMessage] = useState('')
  const [saveError, setSaveError] = useState('')
  const [comparing, setComparing] = useState<Version | null>(null)
  const [restoring, setRestoring] = useState<Version | null>(null)
  const [notice, setNotice] = useState('')
  const branch = p.saver.branch
  const [tab, setTab] = useState(branch ? 'branches' : 'versions')

  const load = useCallback(
    async (more: string) => {
      setLoading(true)
      setError('')
      try {
        const res = await historyApi.list(p.pageId, { kind: kind === 'all' ? undefined : kind, cursor: more || undefined, limit: PAGE_SIZE })
        const got = res.items ?? []
        setItems((prev) => (more ? [...prev, ...got] : got))
        setCursor(res.nextCursor ?? '')
      } catch (e) {
        setError(errorMessage(e))
      } finally {
        setLoading(false)
      }
    },
    [p.pageId, kind],
  )

  useEffect(() => {
    void load('')
  }, [load])

  const save = async () => {
    const m = message.trim()
    if (!m) {
      setSaveError('Describe this version in a few words.')
      return
    }
    setSaving(true)
    setSaveError('')
    try {
      // The version is of the server's document: send unsaved edits first.
      await p.saver.saveNow()
      if (branch && p.saver.saveVersion) await p.saver.saveVersion(m)
      else await historyApi.create(p.pageId, m)
      setMessage('')
      setFormOpen(false)
      setNotice('Version saved.')
      await load('')
    } catch (e) {
      setSaveError(errorMessage(e))
    } finally {
      setSaving(false)
    }
  }

  const replace = (v: Version) => setItems((prev) => prev.map((x) => (x.id === v.id ? v : x)))

  return (
    <Dialog.Content className="pw-history" maxWidth="640px" aria-describedby={undefined}>
      <Flex justify="between" align="center" mb="3">
        <Dialog.Title size="4" mb="0">
          History
        </Dialog.Title>
        <Dialog.Close>
          <IconButton variant="ghost" color="gray" aria-label="Close history">
            <X size={16} />
          </IconButton>
        </Dialog.Close>
      </Flex>

      <Tabs.Root value={tab} onValueChange={setTab}>
        <Tabs.List mb="3">
          <Tabs.Trigger value="versions">Versions</Tabs.Trigger>
          <Tabs.Trigger value="branches">Branches</Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="branches">
          <BranchesPanel pageId={p.pageId} saver={p.saver} readOnly={p.readOnly} editing={branch} onMerged={() => void load('')} />
        </Tabs.Content>
        <Tabs.Content value="versions">
          {branch && (
            <Text as="p" size="2" color="gray" mb="3" data-testid="branch-history-note">
              You are editing the branch <strong>{branch}</strong>: a version you save goes on the branch. To restore an older version, open the
              page itself.
            </Text>
          )}
          {!p.readOnly &&
            (formOpen ? (
              <form
                className="pw-history-save"
                onSubmit={(e) => {
                  e.preventDefault()
                  void save()
                }}
              >
                <Text as="label" size="2" weight="medium" htmlFor="pw-version-message">
                  Version message
                </Text>
                <Flex gap="2" mt="1">
                  <TextField.Root
                    id="pw-version-message"
                    autoFocus
                    style={{ flex: 1 }}
                    value={message}
                    maxLength={4000}
                    placeholder="Opening hours for the winter"
                    aria-invalid={!!saveError}
                    aria-describedby={saveError ? 'pw-version-message-error' : undefined}
                    onChange={(e) => setMessage(e.target.value)}
                  />
                  <Button type="submit" loading={saving} disabled={!message.trim()}>
                    Save
                  </Button>
                  <Button type="button" variant="soft" color="gray" onClick={() => setFormOpen(false)}>
                    Cancel
                  </Button>
                </Flex>
                {saveError && (
                  <Text as="p" size="1" color="red" mt="1" id="pw-version-message-error">
                    {saveError}
                  </Text>
                )}
              </form>
            ) : (
              <Button variant="soft" onClick={() => setFormOpen(true)}>
                Save version…
              </Button>
            ))}

          <Flex align="center" gap="2" mt="3" mb="2">
            <Text size="2" color="gray" id="pw-history-filter-label">
              Show
            </Text>
            <Select.Root value={kind} onValueChange={setKind}>
              <Select.Trigger aria-labelledby="pw-history-filter-label" aria-label="Filter by kind" />
              <Select.Content>
                <Select.Item value="all">All</Select.Item>
                {KINDS.map((k) => (
                  <Select.Item key={k.kind} value={k.kind}>
                    {k.label}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select.Root>
            <span role="status" aria-live="polite" className="pw-history-notice">
              {notice && (
                <Text size="1" color="green">
                  {notice}
                </Text>
              )}
            </span>
          </Flex>

          {error && (
            <Text as="p" size="2" color="red" role="alert">
              {error}
            </Text>
          )}

          {!loading && !error && items.length === 0 && (
            <Text as="p" size="2" color="gray" className="pw-history-empty">
              {kind === 'all'
                ? 'No versions yet. Versions are saved automatically every few minutes while you edit, or save one now.'
                : `No ${kindInfo(kind).label.toLowerCase()} versions.`}
            </Text>
          )}

          <ol className="pw-history-list" aria-label="Versions" data-testid="version-list">
            {items.map((v) => (
              <VersionRow
                key={v.id}
                v={v}
                readOnly={!!p.readOnly}
                canRestore={!p.readOnly && !branch}
                onCompare={() => setComparing(v)}
                onRestore={() => setRestoring(v)}
                onChanged={replace}
                onTagMoved={(t) => {
                  setNotice(`Moved the tag ${t}.`)
                  void load('')
                }}
              />
            ))}
          </ol>

          {cursor && (
            <Flex justify="center" mt="2">
              <Button variant="soft" color="gray" loading={loading} onClick={() => void load(cursor)}>
                Load more
              </Button>
            </Flex>
          )}
          {loading && items.length === 0 && (
            <Text as="p" size="2" color="gray">
              Loading…
            </Text>
          )}

          {comparing && (
            <CompareDialog
              pageId={p.pageId}
              siteId={p.siteId}
              version={comparing}
              saver={p.saver}
              currentDocument={p.currentDocument}
              onClose={() => setComparing(null)}
            />
          )}
          {restoring && (
            <RestoreConfirm
              v={restoring}
              pageId={p.pageId}
              saver={p.saver}
              onClose={() => setRestoring(null)}
              onDone={(n) => {
                setRestoring(null)
                setNotice(`Restored version ${n}.`)
                void load('')
              }}
            />
          )}
        </Tabs.Content>
      </Tabs.Root>
    </Dialog.Content>
  )
}

function VersionRow({
  v,
  readOnly,
  canRestore,
  onCompare,
  onRestore,
  onChanged,
  onTagMoved,
}: {
  v: Version
  readOnly: boolean
  canRestore: boolean
  onCompare(): void
  onRestore(): void
  onChanged(v: Version): void
  /** A tag was moved here from another version (whose row is now stale). */
  onTagMoved(tag: string): void
}) {
  const k = kindInfo(v.kind)
  const [tagging, setTagging] = useState(false)
  const [tag, setTag] = useState('')
  const [tagErr, setTagErr] = useState('')
  const [busy, setBusy] = useState(false)
  // A tag another version has: offer to move it here.
  const [taken, setTaken] = useState('')
  const tags = v.tags ?? []
  const addTag = async (move = false) => {
    const t = tag.trim()
    const err = tagError(t)
    if (err) {
      setTagErr(err)
      return
    }
    setBusy(true)
    try {
      const got = await historyApi.tag(v.id, t, move)
      setTag('')
      setTagErr('')
      setTaken('')
      setTagging(false)
      if (move) onTagMoved(t)
      else onChanged(got)
    } catch (e) {
      if (e instanceof ApiError && e.code === 'tag.exists') {
        setTaken(t)
        setTagErr(`Another version of this page has the tag “${t}”.`)
      } else setTagErr(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  const removeTag = async (t: string) => {
    try {
      onChanged(await historyApi.untag(v.id, t))
    } catch (e) {
      setTagErr(errorMessage(e))
    }
  }
  const tagId = `pw-tag-${v.id}`
  return (
    <li className="pw-history-item" data-testid="version" data-kind={v.kind} data-number={v.number}>
      <div className="pw-history-dot" data-kind={v.kind} aria-hidden />
      <div className="pw-history-body">
        <Flex align="center" gap="2" wrap="wrap">
          <Text size="2" weight="bold">
            #{v.number}
          </Text>
          <Badge color={k.color} variant="soft">
            {k.label}
          </Badge>
          {v.branch && v.branch !== 'main' && (
            <Badge color="gray" variant="outline">
              {v.branch}
            </Badge>
          )}
          {tags.map((t) => (
            <Badge key={t} color="cyan" variant="surface" className="pw-history-tag">
              {t}
              {!readOnly && (
                <button type="button" className="pw-history-untag" aria-label={`Remove tag ${t}`} onClick={() => void removeTag(t)}>
                  <X size={10} />
                </button>
              )}
            </Badge>
          ))}
        </Flex>
        <Text as="p" size="2" className="pw-history-message">
          {v.message || <Text color="gray">No message</Text>}
        </Text>
        <Text as="p" size="1" color="gray">
          {v.author?.name ?? 'System'} · <time dateTime={v.createdAt} title={formatDateTime(v.createdAt)}>{relativeTime(v.createdAt)}</time>
        </Text>
        <Flex gap="2" mt="2" wrap="wrap">
          <Button size="1" variant="soft" asChild>
            <a href={`/pages/${v.pageId}/edit?version=${v.id}`} aria-label={`Open version ${v.number} read-only`}>
              Open
            </a>
          </Button>
          <Button size="1" variant="soft" onClick={onCompare} aria-label={`Compare version ${v.number} with current`}>
            Compare with current
          </Button>
          {!readOnly && (
            <>
              {canRestore && (
                <Button size="1" variant="soft" color="amber" onClick={onRestore} aria-label={`Restore version ${v.number}`}>
                  Restore
                </Button>
              )}
              {!tagging && (
                <Button size="1" variant="ghost" color="gray" onClick={() => setTagging(true)} aria-label={`Add a tag to version ${v.number}`}>
                  <Plus size={12} /> Tag
                </Button>
              )}
            </>
          )}
        </Flex>
        {tagging && (
          <form
            className="pw-history-tagform"
            onSubmit={(e) => {
              e.preventDefault()
              void addTag()
            }}
          >
            <Flex gap="2" mt="2" align="center">
              <TextField.Root
                size="1"
                autoFocus
                id={tagId}
                aria-label={`Tag for version ${v.number}`}
                placeholder="winter-2026"
                value={tag}
                maxLength={60}
                aria-invalid={!!tagErr}
                aria-describedby={tagErr ? `${tagId}-err` : undefined}
                onChange={(e) => {
                  setTag(e.target.value)
                  setTaken('')
                  if (tagErr) setTagErr(tagError(e.target.value.trim()))
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') {
                    e.stopPropagation()
                    setTagging(false)
                  }
                }}
              />
              <Button size="1" type="submit" loading={busy}>
                Add tag
              </Button>
              <Button size="1" type="button" variant="soft" color="gray" onClick={() => setTagging(false)}>
                Cancel
              </Button>
            </Flex>
          </form>
        )}
        {tagErr && (
          <Flex align="center" gap="2" mt="1" wrap="wrap">
            <Text as="p" size="1" color="red" id={`${tagId}-err`} role="alert">
              {tagErr}
            </Text>
            {taken && taken === tag.trim() && (
              <Button size="1" variant="soft" loading={busy} onClick={() => void addTag(true)} aria-label={`Move the tag ${taken} to version ${v.number}`}>
                Move it here
              </Button>
            )}
          </Flex>
        )}
      </div>
    </li>
  )
}

function RestoreConfirm({
  v,
  pageId,
  saver,
  onClose,
  onDone,
}: {
  v: Version
  pageId: string
  saver: HistorySaver
  onClose(): void
  onDone(n: number): void
}) {
  const [busy, setBusy] = useState(false)
  const [err, setErr] = useState('')
  const [stale, setStale] = useState(false)
  const restore = async () => {
    setBusy(true)
    setErr('')
    try {
      // Send pending edits first so they are kept in the history and the ETag is fresh.
      await saver.saveNow()
      await historyApi.restore(v.id, pageId, saver.etag)
      await saver.reload()
      onDone(v.number)
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        setStale(true)
        setErr('The page changed since you opened it (perhaps someone else saved). Reload it, then restore again.')
      } else setErr(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <AlertDialog.Root open onOpenChange={(o) => !o && onClose()}>
      <AlertDialog.Content maxWidth="440px">
        <AlertDialog.Title>Restore version {v.number}?</AlertDialog.Title>
        <AlertDialog.Description size="2">Your current page is kept in the history too.</AlertDialog.Description>
        {err && (
          <Text as="p" size="2" color="red" mt="2" role="alert">
            {err}
          </Text>
        )}
        <Flex justify="end" gap="2" mt="4">
          <AlertDialog.Cancel>
            <Button variant="soft" color="gray">
              Cancel
            </Button>
          </AlertDialog.Cancel>
          {stale ? (
            <Button
              loading={busy}
              onClick={() => {
                setBusy(true)
                void saver
                  .reload()
                  .then(() => {
                    setStale(false)
                    setErr('')
                  })
                  .catch((e: unknown) => setErr(errorMessage(e)))
                  .finally(() => setBusy(false))
              }}
            >
              Reload the page
            </Button>
          ) : (
            <Button color="amber" loading={busy} onClick={() => void restore()}>
              Restore
            </Button>
          )}
        </Flex>
      </AlertDialog.Content>
    </AlertDialog.Root>
  )
}
