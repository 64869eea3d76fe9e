// The design system screen (/sites/$siteId/design): edit a site's tokens
// by group, preview them in each theme, see contrast warnings, export,
// look at the history. Saving sends the whole system with If-Match; a 412
// asks whose version to keep.
import './designSystem.css'
import {
  Badge,
  Box,
  Button,
  Callout,
  Card,
  DropdownMenu,
  Flex,
  Heading,
  SegmentedControl,
  Skeleton,
  Tabs,
  Text,
} from '@radix-ui/themes'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Link, useBlocker, useParams } from '@tanstack/react-router'
import { ChevronDown, CircleAlert, Download, Eye, History, Palette, Save } from 'lucide-react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { ApiError } from '../../api/client'
import {
  designSystemKeys,
  designSystemQuery,
  designTokensQuery,
  EXPORT_FORMATS,
  exportUrl,
  fetchDesignSystem,
  useSaveDesignSystem,
  type TokenTree,
  type VersionedDesignSystem,
} from '../../api/designSystem'
import { siteQuery } from '../../api/queries'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { EmptyState } from '../../components/EmptyState'
import { ErrorCallout } from '../../components/ErrorCallout'
import { PageHeader } from '../../components/PageHeader'
import { useToast } from '../../components/Toaster'
import { relativeTime } from '../../lib/format'
import { useCan } from '../../lib/session'
import { ContrastPanel } from './ContrastPanel'
import { AddTokenDialog, ConflictDialog, HistoryDialog } from './Dialogs'
import { DesignEditorContext, themeLabel, type DesignEditor } from './editorContext'
import { JsonTab } from './JsonTab'
import { ThemePreview } from './ThemePreview'
import { CategoryTab, ColorsTab, rowId } from './TokenEditors'
import { SiteBreadcrumb } from '../../components/SiteBreadcrumb'
import {
  categoryOf,
  deleteToken,
  draftOverrides,
  errorTarget,
  flatten,
  lookupOf,
  referrers,
  resolveToken,
  setTokenValue,
  themedTokens,
  type Category,
  type Lookup,
} from './tokenTree'

interface Draft {
  tokens: TokenTree
  themes: Record<string, TokenTree>
}

type TabKey = Category | 'json'

const TABS: { key: TabKey; label: string }[] = [
  { key: 'colors', label: 'Colours' },
  { key: 'typography', label: 'Typography' },
  { key: 'spacing', label: 'Spacing' },
  { key: 'radii', label: 'Radii' },
  { key: 'shadows', label: 'Shadows' },
  { key: 'breakpoints', label: 'Breakpoints' },
  { key: 'other', label: 'Components & more' },
  { key: 'json', label: 'Advanced (JSON)' },
]

const THEME_HINT: Record<string, string> = {
  light: 'Editing the base values, which are also the light theme. Other themes change only what they override.',
}

/** Light first, then dark and high-contrast, then any other theme by name (as the server orders them). */
function themeOrder(themes: Record<string, TokenTree>): string[] {
  const rank = (n: string) => (n === 'dark' ? 0 : n === 'high-contrast' ? 1 : 2)
  const rest = Object.keys(themes)
    .filter((n) => n !== 'light')
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
  return ['light', ...rest]
}

function draftOf(v: VersionedDesignSystem): Draft {
  return { tokens: v.ds.tokens, themes: v.ds.themes }
}

interface FieldProblem {
  file: string
  path: string
  message: string
}

function problemsOf(error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError) || error.status !== 422) return []
  const out: FieldProblem[] = []
  for (const e of error.errors) {
    const target = errorTarget(e.location ?? '')
    if (target) out.push({ ...target, message: e.message ?? 'Invalid value' })
  }
  return out
}

function ExportMenu({ siteId, dirty }: { siteId: string; dirty: boolean }) {
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger>
        <Button variant="soft" color="gray" data-testid="export-menu">
          <Download size={15} /> Export <ChevronDown size={14} />
        </Button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Content align="end">
        <DropdownMenu.Label>{dirty ? 'Downloads the saved version' : 'Download the tokens as'}</DropdownMenu.Label>
        {EXPORT_FORMATS.map((f) => (
          <DropdownMenu.Item key={f.format} asChild>
            <a href={exportUrl(siteId, f.format)} download={f.file} data-format={f.format}>
              {f.label}
              <Text size="1" color="gray" className="mono" style={{ marginLeft: 'auto', paddingLeft: 'var(--space-4)' }}>
                {f.file}
              </Text>
            </a>
          </DropdownMenu.Item>
        ))}
      </DropdownMenu.Content>
    </DropdownMenu.Root>
  )
}

function Editor({ siteId, siteName, initial }: { siteId: string; siteName: string; initial: VersionedDesignSystem }) {
  const can = useCan()
  const readOnly = !can('site:edit')
  const toast = useToast()
  const qc = useQueryClient()
  const save = useSaveDesignSystem(siteId)
  const savedTokens = useQuery(designTokensQuery(siteId))

  const [saved, setSaved] = useState(initial)
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial))
  const [theme, setTheme] = useState('light')
  const [tab, setTab] = useState<TabKey>('colors')
  const [jsonProblem, setJsonProblem] = useState('')
  const [problems, setProblems] = useState<FieldProblem[]>([])
  const [otherError, setOtherError] = useState<unknown>(null)
  const [adding, setAdding] = useState<{ prefix: string; type: string } | null>(null)
  const [deleting, setDeleting] = useState<string | null>(null)
  const [conflict, setConflict] = useState(false)
  const [conflictPending, setConflictPending] = useState<'theirs' | 'mine' | null>(null)
  const [conflictError, setConflictError] = useState<unknown>(null)
  const [historyOpen, setHistoryOpen] = useState(false)
  const [focusPath, setFocusPath] = useState<string | null>(null)

  const dirty = useMemo(() => JSON.stringify(draft) !== JSON.stringify(draftOf(saved)), [draft, saved])
  const themes = useMemo(() => themeOrder(draft.themes), [draft.themes])
  const themeFile = (t: string) => (t === 'light' ? draft.themes.light : draft.themes[t])

  const tokens = useMemo(() => themedTokens(draft.tokens, theme === 'light' ? draft.themes.light : draft.themes[theme]), [draft, theme])
  const lookups = useMemo(() => {
    const out: Record<string, Lookup> = {}
    for (const t of themes) out[t] = lookupOf(themedTokens(draft.tokens, t === 'light' ? draft.themes.light : draft.themes[t]))
    return out
  }, [draft, themes])
  const lookup = lookups[theme] ?? lookupOf(tokens)

  const byCategory = useMemo(() => {
    const out = new Map<Category, typeof tokens>()
    for (const t of tokens) {
      const c = categoryOf(t.path, t.type || resolveToken(t.path, lookup).type)
      out.set(c, [...(out.get(c) ?? []), t])
    }
    return out
  }, [tokens, lookup])

  const overrides = useMemo(() => draftOverrides(draft, draftOf(saved), theme), [draft, saved, theme])

  // ---- edits ----

  const clearProblem = (path: string) => setProblems((ps) => (ps.some((p) => p.path === path) ? ps.filter((p) => p.path !== path) : ps))

  const editor: DesignEditor = {
    theme,
    themes,
    readOnly,
    tokens,
    lookup,
    lookups,
    errorFor: (path) => problems.find((p) => p.path === path && (p.file === 'tokens' || p.file === theme))?.message ?? '',
    setValue: (path, value) => {
      if (readOnly) return
      clearProblem(path)
      setDraft((d) =>
        theme === 'light'
          ? { ...d, tokens: setTokenValue(d.tokens, path, value) }
          : { ...d, themes: { ...d.themes, [theme]: setTokenValue(d.themes[theme] ?? {}, path, value) } },
      )
    },
    resetOverride: (path) => {
      if (readOnly || theme === 'light') return
      clearProblem(path)
      setDraft((d) => ({ ...d, themes: { ...d.themes, [theme]: deleteToken(d.themes[theme] ?? {}, path) } }))
    },
    requestDelete: (path) => setDeleting(path),
    requestAdd: (prefix, type) => setAdding({ prefix, type }),
  }

  const doDelete = (path: string) => {
    setDraft((d) => {
      const next: Draft = { tokens: deleteToken(d.tokens, path), themes: {} }
      // A theme's override of a token the base set no longer has would
      // have no value outside that theme.
      for (const [name, tree] of Object.entries(d.themes)) next.themes[name] = deleteToken(tree, path)
      return next
    })
    clearProblem(path)
    setDeleting(null)
  }

  // ---- saving ----

  const afterSave = useCallback(
    (res: VersionedDesignSystem) => {
      setSaved(res)
      setDraft(draftOf(res))
      setProblems([])
      setOtherError(null)
      setConflict(false)
      setConflictPending(null)
      setConflictError(null)
      const n = res.ds.warnings.length
      toast.success(
        'Design system saved',
        n === 0 ? 'All text/background pairs pass WCAG AA.' : `${n} contrast ${n === 1 ? 'warning' : 'warnings'}: see the Contrast panel.`,
      )
    },
    [toast],
  )

  const doSave = (etag: string, fromConflict = false) => {
    if (readOnly || jsonProblem) return
    save.mutate(
      { tokens: draft.tokens, themes: draft.themes, etag },
      {
        onSuccess: afterSave,
        onError: (err) => {
          if (fromConflict) setConflictPending(null)
          if (err instanceof ApiError && err.status === 412) {
            setConflict(true)
            setConflictError(null)
            return
          }
          const ps = problemsOf(err)
          if (fromConflict) {
            setConflict(false)
          }
          setProblems(ps)
          setOtherError(ps.length ? null : err)
        },
      },
    )
  }

  const loadTheirs = async () => {
    setConflictPending('theirs')
    setConflictError(null)
    try {
      const latest = await fetchDesignSystem(siteId)
      qc.setQueryData(designSystemKeys.current(siteId), latest)
      void qc.invalidateQueries({ queryKey: designSystemKeys.all(siteId) })
      setSaved(latest)
      setDraft(draftOf(latest))
      setProblems([])
      setOtherError(null)
      setConflict(false)
      toast.success('Loaded the latest version', `Revision ${latest.ds.revision}. Your unsaved changes were discarded.`)
    } catch (err) {
      setConflictError(err)
    } finally {
      setConflictPending(null)
    }
  }

  const overwrite = async () => {
    setConflictPending('mine')
    setConflictError(null)
    try {
      const latest = await fetchDesignSystem(siteId)
      doSave(latest.etag, true)
    } catch (err) {
      setConflictError(err)
      setConflictPending(null)
    }
  }

  // Ctrl/Cmd+S saves.
  const canSave = !readOnly && dirty && !jsonProblem && !save.isPending
  const saveShortcut = useRef<() => void>(() => {})
  useEffect(() => {
    saveShortcut.current = () => {
      if (canSave) doSave(saved.etag)
    }
  })
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 's' && (e.metaKey || e.ctrlKey)) {
        e.preventDefault()
        saveShortcut.current()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  useBlocker({
    shouldBlockFn: () => !window.confirm('Leave without saving? Your changes to the design system will be lost.'),
    enableBeforeUnload: dirty,
    disabled: !dirty,
  })

  // "Show" on a problem: the right theme and tab, then the row.
  useEffect(() => {
    if (!focusPath) return
    const id = window.setTimeout(() => {
      const row = document.getElementById(rowId(focusPath))
      if (row) {
        row.scrollIntoView({ block: 'center' })
        row.querySelector<HTMLElement>('input')?.focus()
      }
      setFocusPath(null)
    }, 50)
    return () => window.clearTimeout(id)
  }, [focusPath])

  const showProblem = (p: FieldProblem) => {
    if (p.file !== 'tokens') setTheme(p.file)
    const t = flatten(draft.tokens).find((x) => x.path === p.path)
    if (!t) {
      setTab('json')
      return
    }
    setTab(categoryOf(t.path, t.type || resolveToken(t.path, lookup).type))
    setFocusPath(p.path)
  }

  const jsonFile = theme === 'light' ? 'tokens' : theme
  const onInvalid = useCallback((problem: string) => setJsonProblem(problem), [])

  const deletingRefs = deleting ? referrers(flatten(draft.tokens), deleting) : []
  const savedLabel =
    saved.ds.revision === 0
      ? 'Pagewright’s default design system (not saved for this site yet)'
      : `Revision ${saved.ds.revision}, saved ${relativeTime(saved.ds.updatedAt)}`

  return (
    <DesignEditorContext.Provider value={editor}>
      <PageHeader
        eyebrow={<SiteBreadcrumb siteId={siteId} siteName={siteName} current="Design system" />}
        title="Design system"
        description={
          <>
            <strong>{siteName}</strong> · {savedLabel}
          </>
        }
        actions={
          <>
            {dirty && (
              <Badge color="amber" variant="soft" size="2" radius="full" style={{ alignSelf: 'center' }} data-testid="unsaved">
                Unsaved changes
              </Badge>
            )}
            <Button variant="soft" color="gray" onClick={() => setHistoryOpen(true)}>
              <History size={15} /> History
            </Button>
            <ExportMenu siteId={siteId} dirty={dirty} />
            {!readOnly && (
              <Button onClick={() => doSave(saved.etag)} disabled={!canSave} loading={save.isPending && !conflictPending} title={jsonProblem ? 'Fix the JSON first' : undefined}>
                <Save size={15} /> Save
              </Button>
            )}
          </>
        }
      />

      {readOnly && (
        <Callout.Root color="gray" variant="surface" mb="4">
          <Callout.Icon>
            <Eye size={16} />
          </Callout.Icon>
          <Callout.Text>You can look at this design system and export it. Only people who can edit the site can change it.</Callout.Text>
        </Callout.Root>
      )}

      {problems.length > 0 && (
        <Callout.Root color="red" variant="surface" mb="4" role="alert" data-testid="save-problems">
          <Callout.Icon>
            <CircleAlert size={16} />
          </Callout.Icon>
          <Box>
            <Callout.Text weight="bold">
              Not saved: {problems.length === 1 ? 'one token has a problem' : `${problems.length} problems`}. Fix{' '}
              {problems.length === 1 ? 'it' : 'them'} and save again.
            </Callout.Text>
            <Flex asChild direction="column" gap="1" mt="1">
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {problems.slice(0, 8).map((p, i) => (
                  <li key={i}>
                    <Text size="2">
                      {p.file !== 'tokens' && <>{themeLabel(p.file)} theme: </>}
                      {p.path ? (
                        <Button size="1" variant="ghost" className="mono" onClick={() => showProblem(p)}>
                          {p.path}
                        </Button>
                      ) : (
                        'The file'
                      )}{' '}
                      {p.message}
                    </Text>
                  </li>
                ))}
                {problems.length > 8 && (
                  <li>
                    <Text size="2">and {problems.length - 8} more (see Advanced (JSON)).</Text>
                  </li>
                )}
              </ul>
            </Flex>
          </Box>
        </Callout.Root>
      )}
      {Boolean(otherError) && (
        <Box mb="4">
          <ErrorCallout error={otherError} title="Not saved." />
        </Box>
      )}

      <Flex className="ds-toolbar" align="center" gap="3" wrap="wrap">
        <Text as="span" size="2" weight="medium" id="ds-theme-label">
          Theme
        </Text>
        <SegmentedControl.Root value={theme} onValueChange={setTheme} aria-labelledby="ds-theme-label" data-testid="theme-switch">
          {themes.map((t) => (
            <SegmentedControl.Item key={t} value={t}>
              {themeLabel(t)}
            </SegmentedControl.Item>
          ))}
        </SegmentedControl.Root>
        <Text size="1" color="gray" style={{ flex: '1 1 240px' }}>
          {THEME_HINT[theme] ??
            `Showing the ${themeLabel(theme).toLowerCase()} theme. A change here overrides the base value in this theme only; ↺ goes back to the base value.`}
        </Text>
      </Flex>

      <div className="ds-layout">
        <Box minWidth="0">
          <Tabs.Root value={tab} onValueChange={(v) => setTab(v as TabKey)}>
            <Tabs.List size="2" wrap="wrap" aria-label="Token groups">
              {TABS.map((t) => (
                <Tabs.Trigger key={t.key} value={t.key}>
                  {t.label}
                  {t.key !== 'json' && (
                    <Text size="1" color="gray" ml="1">
                      {byCategory.get(t.key)?.length ?? 0}
                    </Text>
                  )}
                </Tabs.Trigger>
              ))}
            </Tabs.List>
            <Box pt="4">
              <Tabs.Content value="colors">
                <ColorsTab tokens={byCategory.get('colors') ?? []} />
              </Tabs.Content>
              {(['typography', 'spacing', 'radii', 'shadows', 'breakpoints', 'other'] as const).map((c) => (
                <Tabs.Content key={c} value={c}>
                  <CategoryTab tokens={byCategory.get(c) ?? []} category={c} />
                </Tabs.Content>
              ))}
              <Tabs.Content value="json">
                <JsonTab
                  key={jsonFile}
                  file={jsonFile}
                  tree={jsonFile === 'tokens' ? draft.tokens : (themeFile(theme) ?? {})}
                  readOnly={readOnly}
                  errors={problems.filter((p) => p.file === jsonFile)}
                  onInvalid={onInvalid}
                  onChange={(tree) =>
                    setDraft((d) => (jsonFile === 'tokens' ? { ...d, tokens: tree } : { ...d, themes: { ...d.themes, [jsonFile]: tree } }))
                  }
                />
              </Tabs.Content>
            </Box>
          </Tabs.Root>
        </Box>
        <Flex direction="column" gap="4" className="ds-aside">
          <ThemePreview siteId={siteId} theme={theme} overrides={overrides} />
          {savedTokens.isError ? (
            <ErrorCallout error={savedTokens.error} title="Could not load the resolved tokens." />
          ) : (
            <ContrastPanel warnings={saved.ds.warnings} tokens={savedTokens.data?.items ?? []} theme={theme} stale={dirty} />
          )}
        </Flex>
      </div>

      {adding && (
        <AddTokenDialog
          tree={draft.tokens}
          prefix={adding.prefix}
          type={adding.type}
          onClose={() => setAdding(null)}
          onAdd={(tree, path) => {
            setDraft((d) => ({ ...d, tokens: tree }))
            setAdding(null)
            toast.success('Token added', `${path} is in the draft. Save to keep it.`)
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setDeleting(null)}
          title={`Delete ${deleting}?`}
          description={
            deletingRefs.length > 0
              ? `${deletingRefs.length} ${deletingRefs.length === 1 ? 'token refers' : 'tokens refer'} to it (${deletingRefs.slice(0, 4).join(', ')}${deletingRefs.length > 4 ? '…' : ''}). Saving will fail until they point elsewhere. Pages that use it will lose the style.`
              : 'It is removed from the draft (and from every theme). Pages that use it lose the style once you save.'
          }
          confirmLabel="Delete"
          onConfirm={() => doDelete(deleting)}
        />
      )}
      {conflict && (
        <ConflictDialog
          siteId={siteId}
          pending={conflictPending}
          error={conflictError}
          onCancel={() => setConflict(false)}
          onLoadTheirs={() => void loadTheirs()}
          onOverwrite={() => void overwrite()}
        />
      )}
      {historyOpen && <HistoryDialog siteId={siteId} onClose={() => setHistoryOpen(false)} />}
    </DesignEditorContext.Provider>
  )
}

export function DesignSystemScreen({ siteId }: { siteId: string }) {
  const site = useQuery(siteQuery(siteId))
  const current = useQuery(designSystemQuery(siteId))
  const error = site.error ?? current.error
  if (error) {
    const notFound = error instanceof ApiError && error.status === 404
    return (
      <>
        <PageHeader title={notFound ? 'Site not found' : 'Could not load the design system'} />
        {notFound ? (
          <EmptyState
            icon={<Palette size={28} />}
            title="This site does not exist"
            description="It may have been deleted, or the link is wrong."
            action={
              <Button asChild variant="soft">
                <Link to="/sites">Back to sites</Link>
              </Button>
            }
          />
        ) : (
          <ErrorCallout error={error} />
        )}
      </>
    )
  }
  if (!site.data || !current.data) {
    return (
      <Flex direction="column" gap="4" aria-busy="true" aria-label="Loading the design system">
        <Skeleton width="200px" height="16px" />
        <Heading as="h1" size="7">
          <Skeleton width="260px" height="32px" />
        </Heading>
        <Card size="3">
          <Flex direction="column" gap="3">
            <Skeleton height="24px" width="50%" />
            <Skeleton height="52px" />
            <Skeleton height="52px" />
          </Flex>
        </Card>
      </Flex>
    )
  }
  return <Editor siteId={siteId} siteName={site.data.name} initial={current.data} />
}

/** The route's component: reads the site id from the path. */
export function DesignSystemRoute() {
  const { siteId } = useParams({ strict: false })
  return <DesignSystemScreen key={siteId} siteId={siteId ?? ''} />
}
