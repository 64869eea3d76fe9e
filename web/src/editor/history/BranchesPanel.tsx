// The page's branches: a list (fork, head, merged), "New branch" from a
// version or the current page, and per unmerged branch a merge dialog that
// previews the merge and asks for a side on every conflict.
import { Badge, Button, Dialog, Flex, RadioGroup, Select, Text, TextField } from '@radix-ui/themes'
import { useCallback, useEffect, useState } from 'react'
import { ApiError, errorMessage } from '../../api/client'
import { formatDateTime, relativeTime } from '../../lib/format'
import type { HistorySaver } from './HistoryPanel'
import {
  branchApi,
  branchNameError,
  groupChanges,
  historyApi,
  shortValue,
  showValue,
  type Branch,
  type MergePreview,
  type MergeSide,
  type Version,
} from './api'

export interface BranchesPanelProps {
  pageId: string
  saver: HistorySaver
  readOnly?: boolean
  /** The branch the editor is editing, if any. */
  editing?: string
  /** Called after a merge changed the page (the history has a new version). */
  onMerged?(): void
}

const CURRENT = 'current'

export function BranchesPanel(p: BranchesPanelProps) {
  const [items, setItems] = useState<Branch[]>([])
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState('')
  const [formOpen, setFormOpen] = useState(false)
  const [notice, setNotice] = useState('')
  const [merging, setMerging] = useState<Branch | null>(null)

  const load = useCallback(async () => {
    setLoading(true)
    setError('')
    try {
      const res = await branchApi.list(p.pageId)
      setItems((res.items ?? []).filter((b) => b.name !== 'main'))
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }, [p.pageId])

  useEffect(() => {
    void load()
  }, [load])

  return (
    <div className="pw-branches" data-testid="branches-panel">
      {!p.readOnly &&
        (formOpen ? (
          <NewBranchForm
            pageId={p.pageId}
            saver={p.saver}
            onCancel={() => setFormOpen(false)}
            onCreated={(b) => {
              setFormOpen(false)
              setNotice(`Branch ${b.name} created.`)
              void load()
            }}
          />
        ) : (
          <Button variant="soft" onClick={() => setFormOpen(true)}>
            New branch…
          </Button>
        ))}
      <span role="status" aria-live="polite" className="pw-history-notice">
        {notice && (
          <Text as="p" size="1" color="green" mt="2">
            {notice}
          </Text>
        )}
      </span>
      {error && (
        <Text as="p" size="2" color="red" role="alert" mt="2">
          {error}
        </Text>
      )}
      {loading && items.length === 0 && (
        <Text as="p" size="2" color="gray" mt="2">
          Loading…
        </Text>
      )}
      {!loading && !error && items.length === 0 && (
        <Text as="p" size="2" color="gray" mt="2" className="pw-history-empty">
          No branches yet. A branch is a copy of the page you can change and later merge back.
        </Text>
      )}
      <ul className="pw-history-list" aria-label="Branches" data-testid="branch-list">
        {items.map((b) => (
          <li key={b.name} className="pw-history-item" data-testid="branch" data-name={b.name} data-merged={b.merged}>
            <div className="pw-history-dot" data-kind={b.merged ? 'merge' : 'manual'} aria-hidden />
            <div className="pw-history-body">
              <Flex align="center" gap="2" wrap="wrap">
                <Text size="2" weight="bold">
                  {b.name}
                </Text>
                {b.merged && (
                  <Badge color="green" variant="soft">
                    Merged
                  </Badge>
                )}
              </Flex>
              <Text as="p" size="1" color="gray">
                {b.forkNumber ? `Forked from version ${b.forkNumber}` : 'Forked'} · head version {b.headNumber}
              </Text>
              {b.merged && b.mergedAt && (
                <Text as="p" size="1" color="gray">
                  Merged by {b.mergedBy?.name ?? 'someone'}{' '}
                  <time dateTime={b.mergedAt} title={formatDateTime(b.mergedAt)}>
                    {relativeTime(b.mergedAt)}
                  </time>
                </Text>
              )}
              <Flex gap="2" mt="2">
                {p.editing === b.name ? (
                  <Badge color="violet" variant="soft">
                    Editing now
                  </Badge>
                ) : (
                  <Button size="1" variant="soft" asChild>
                    <a href={`/pages/${p.pageId}/edit?branch=${encodeURIComponent(b.name)}`} aria-label={`${b.merged ? 'Open' : 'Edit'} branch ${b.name}`}>
                      {b.merged ? 'Open' : 'Edit'}
                    </a>
                  </Button>
                )}
                {!b.merged && !p.readOnly && (
                  <Button size="1" variant="soft" onClick={() => setMerging(b)} aria-label={`Merge ${b.name} into main`}>
                    Merge into main…
                  </Button>
                )}
              </Flex>
            </div>
          </li>
        ))}
      </ul>
      {merging && (
        <MergeDialog
          pageId={p.pageId}
          branch={merging}
          saver={p.saver}
          onClose={() => setMerging(null)}
          onDone={(v) => {
            setMerging(null)
            if (p.editing === merging.name) {
              // The branch is read-only now: go on with the merged page.
              window.location.assign(`/pages/${p.pageId}/edit`)
              return
            }
            setNotice(`Merged ${merging.name} into main (version ${v.number}).`)
            void load()
            p.onMerged?.()
          }}
        />
      )}
    </div>
  )
}

function NewBranchForm({
  pageId,
  saver,
  onCancel,
  onCreated,
}: {
  pageId: string
  saver: HistorySaver
  onCancel(): void
  onCreated(b: Branch): void
}) {
  const [name, setName] = useState('')
  const [from, setFrom] = useState(CURRENT)
  const [versions, setVersions] = useState<Version[]>([])
  const [err, setErr] = useState('')
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    let live = true
    historyApi
      .list(pageId, { limit: 30 })
      .then((r) => live && setVersions((r.items ?? []).filter((v) => !v.branch || v.branch === 'main')))
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [pageId])

  const create = async () => {
    const n = name.trim()
    const e = branchNameError(n)
    if (e) {
      setErr(e)
      return
    }
    setBusy(true)
    setErr('')
    try {
      // "Current page" is the server's document: send pending edits first.
      if (from === CURRENT) await saver.saveNow()
      onCreated(await branchApi.create(pageId, n, from === CURRENT ? undefined : from))
    } catch (x) {
      setErr(errorMessage(x))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      className="pw-history-save"
      onSubmit={(e) => {
        e.preventDefault()
        void create()
      }}
    >
      <Text as="label" size="2" weight="medium" htmlFor="pw-branch-name">
        Branch name
      </Text>
      <TextField.Root
        id="pw-branch-name"
        autoFocus
        mt="1"
        value={name}
        maxLength={60}
        placeholder="summer-hours"
        aria-invalid={!!err}
        aria-describedby={err ? 'pw-branch-name-error' : 'pw-branch-name-hint'}
        onChange={(e) => {
          setName(e.target.value)
          if (err) setErr(branchNameError(e.target.value.trim()))
        }}
      />
      <Text as="p" size="1" color="gray" id="pw-branch-name-hint" mt="1">
        Lowercase letters, digits and hyphens.
      </Text>
      <Flex gap="2" mt="2" align="center" wrap="wrap">
        <Text size="2" id="pw-branch-from-label">
          Start from
        </Text>
        <Select.Root value={from} onValueChange={setFrom}>
          <Select.Trigger aria-labelledby="pw-branch-from-label" />
          <Select.Content>
            <Select.Item value={CURRENT}>Current page</Select.Item>
            {versions.map((v) => (
              <Select.Item key={v.id} value={v.id}>
                Version {v.number}
                {v.message ? ` — ${shortValue(v.message, 40)}` : ''}
              </Select.Item>
            ))}
          </Select.Content>
        </Select.Root>
      </Flex>
      {err && (
        <Text as="p" size="1" color="red" mt="1" id="pw-branch-name-error" role="alert">
          {err}
        </Text>
      )}
      <Flex gap="2" mt="2">
        <Button type="submit" loading={busy} disabled={!name.trim()}>
          Create branch
        </Button>
        <Button type="button" variant="soft" color="gray" onClick={onCancel}>
          Cancel
        </Button>
      </Flex>
    </form>
  )
}

/** The merge dialog: loads the preview, asks a side per conflict, merges. */
export function MergeDialog({
  pageId,
  branch,
  saver,
  onClose,
  onDone,
}: {
  pageId: string
  branch: Branch
  saver: HistorySaver
  onClose(): void
  onDone(v: Version): void
}) {
  const [preview, setPreview] = useState<MergePreview | null>(null)
  const [loadErr, setLoadErr] = useState('')
  const [choices, setChoices] = useState<Record<string, MergeSide>>({})
  const [busy, setBusy] = useState(false)
  const [err, setErr] = useState('')
  const [stale, setStale] = useState(false)

  const loadPreview = useCallback(async () => {
    setPreview(null)
    setLoadErr('')
    try {
      // The preview is against the server's page: send pending edits first.
      await saver.saveNow().catch(() => undefined)
      setPreview(await branchApi.preview(pageId, branch.name))
    } catch (e) {
      setLoadErr(errorMessage(e))
    }
  }, [pageId, branch.name, saver])

  useEffect(() => {
    void loadPreview()
    // Loaded once per branch; "Look again" reloads.
  }, [branch.name])

  const conflicts = preview?.conflicts ?? []
  const ready = !!preview && conflicts.every((c) => choices[c.id])

  const merge = async () => {
    if (!preview) return
    setBusy(true)
    setErr('')
    try {
      await saver.saveNow()
      // Editing a branch, the saver's ETag is the branch's, not the page's:
      // the preview's main head (ifMatch) still guards against a stale page.
      const res = await branchApi.merge(pageId, branch.name, { ifMatch: preview.mainHeadId, choices }, saver.branch ? '' : saver.etag)
      if (!saver.branch) await saver.reload()
      onDone(res.version)
    } catch (e) {
      if (e instanceof ApiError && (e.status === 412 || e.code === 'branch.stale')) {
        setStale(true)
        setErr('The page changed since this merge was prepared (perhaps someone else saved). Reload, look at the merge again, then merge.')
      } else if (e instanceof ApiError && e.code === 'branch.merged') {
        setErr('This branch is already merged.')
      } else if (e instanceof ApiError && e.code === 'merge.conflicts') {
        setStale(true)
        setErr('There are conflicts without a choice (the page may have changed). Look at the merge again.')
      } else setErr(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const reload = async () => {
    setBusy(true)
    try {
      await saver.reload()
      setStale(false)
      setErr('')
      setChoices({})
      await loadPreview()
    } catch (e) {
      setErr(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const groups = groupChanges(preview?.changes.changes)
  return (
    <Dialog.Root open onOpenChange={(o) => !o && onClose()}>
      <Dialog.Content maxWidth="720px" aria-describedby={undefined} data-testid="merge-dialog">
        <Dialog.Title>Merge {branch.name} into main</Dialog.Title>
        {loadErr && (
          <Text as="p" size="2" color="red" role="alert">
            {loadErr}
          </Text>
        )}
        {!preview && !loadErr && (
          <Text as="p" size="2" color="gray">
            Preparing the merge…
          </Text>
        )}
        {preview && conflicts.length > 0 && (
          <section aria-label="Conflicts" data-testid="merge-conflicts">
            <Text as="p" size="2" mb="2">
              The page and the branch both changed {conflicts.length === 1 ? 'one thing' : `${conflicts.length} things`}. Choose which side to keep.
            </Text>
            <ul className="pw-merge-conflicts" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {conflicts.map((c) => (
                <li key={c.id} data-testid="conflict" data-id={c.id} style={{ padding: '8px 0', borderTop: '1px solid var(--gray-a5)' }}>
                  <Flex gap="2" align="baseline" wrap="wrap">
                    <Text size="2" weight="medium">
                      {c.label}
                    </Text>
                    <Text size="1" color="gray">
                      {c.path} · {c.field}
                    </Text>
                  </Flex>
                  {c.reason && (
                    <Text as="p" size="1" color="gray">
                      {c.reason}
                    </Text>
                  )}
                  <RadioGroup.Root
                    mt="1"
                    size="2"
                    value={choices[c.id] ?? ''}
                    onValueChange={(v) => setChoices((prev) => ({ ...prev, [c.id]: v as MergeSide }))}
                    aria-label={`${c.label} ${c.field}`}
                  >
                    <RadioGroup.Item value="ours" title={showValue(c.ours)}>
                      Keep main's: {shortValue(c.ours)}
                    </RadioGroup.Item>
                    <RadioGroup.Item value="theirs" title={showValue(c.theirs)}>
                      Take branch's: {shortValue(c.theirs)}
                    </RadioGroup.Item>
                  </RadioGroup.Root>
                </li>
              ))}
            </ul>
          </section>
        )}
        {preview && conflicts.length === 0 && (
          <section aria-label="Changes" data-testid="merge-changes">
            <Text as="p" size="2" mb="2">
              No conflicts.{' '}
              {groups.length === 0 ? 'The merge changes nothing on the page.' : 'Merging makes these changes to the page:'}
            </Text>
            {groups.map((g) => (
              <div key={g.kind} className="pw-compare-group" data-kind={g.kind}>
                <Text as="p" size="1" weight="bold" color="gray">
                  {g.title} ({g.items.length})
                </Text>
                <ul>
                  {g.items.map((c, i) => (
                    <li key={`${c.node ?? 'meta'}-${i}`} className="pw-compare-change">
                      <Text size="2" weight="medium">
                        {c.label}
                      </Text>{' '}
                      <Text size="1" color="gray">
                        {c.path}
                      </Text>
                      {c.fields?.map((f) => (
                        <Text as="p" size="1" key={f.field}>
                          {f.field}: <del>{shortValue(f.before)}</del> → <ins>{shortValue(f.after)}</ins>
                        </Text>
                      ))}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </section>
        )}
        {err && (
          <Text as="p" size="2" color="red" mt="2" role="alert">
            {err}
          </Text>
        )}
        <Flex justify="end" gap="2" mt="4">
          <Dialog.Close>
            <Button variant="soft" color="gray">
              Cancel
            </Button>
          </Dialog.Close>
          {stale ? (
            <Button loading={busy} onClick={() => void reload()}>
              Reload and look again
            </Button>
          ) : (
            <Button loading={busy} disabled={!ready} onClick={() => void merge()}>
              Merge
            </Button>
          )}
        </Flex>
      </Dialog.Content>
    </Dialog.Root>
  )
}
