// Compare a version with the current page: the structural diff grouped by
// kind, and the two pages rendered side by side (or overlaid with an
// opacity slider) through the published renderer.
import { Badge, Button, Dialog, Flex, Slider, Switch, Text } from '@radix-ui/themes'
import { useEffect, useState } from 'react'
import { errorMessage } from '../../api/client'
import type { PageDocument } from '../types'
import type { HistorySaver } from './HistoryPanel'
import { groupChanges, historyApi, showValue, srcdoc, type DiffResult, type Version } from './api'

export interface CompareDialogProps {
  pageId: string
  siteId: string
  version: Version
  saver: HistorySaver
  currentDocument(): PageDocument
  onClose(): void
}

export function CompareDialog(p: CompareDialogProps) {
  const [diff, setDiff] = useState<DiffResult | null>(null)
  const [diffErr, setDiffErr] = useState('')
  const [left, setLeft] = useState<string | null>(null)
  const [right, setRight] = useState<string | null>(null)
  const [renderErr, setRenderErr] = useState('')
  const [overlay, setOverlay] = useState(false)
  const [opacity, setOpacity] = useState(50)

  useEffect(() => {
    let live = true
    const { pageId, siteId, version, saver, currentDocument } = p
    void (async () => {
      // "current" on the server is the saved document: send pending edits first.
      await saver.saveNow().catch(() => undefined)
      historyApi
        .diff(pageId, version.id, saver.branch && saver.headVersionId ? saver.headVersionId : 'current')
        .then((d) => live && setDiff(d))
        .catch((e: unknown) => live && setDiffErr(errorMessage(e)))
      try {
        const [old, cur] = await Promise.all([
          historyApi.get(version.id).then((r) => historyApi.render(r.document, siteId)),
          historyApi.render(currentDocument(), siteId),
        ])
        if (!live) return
        setLeft(srcdoc(old))
        setRight(srcdoc(cur))
      } catch (e) {
        if (live) setRenderErr(errorMessage(e))
      }
    })()
    return () => {
      live = false
    }
    // The comparison is of one version, made once when the dialog opens.
  }, [p.version.id])

  const groups = groupChanges(diff?.changes.changes)
  const n = p.version.number
  return (
    <Dialog.Root open onOpenChange={(o) => !o && p.onClose()}>
      <Dialog.Content className="pw-compare" maxWidth="1200px" aria-describedby={undefined}>
        <Dialog.Title>
          Version {n} compared with {p.saver.branch ? `the branch ${p.saver.branch}` : 'the current page'}
        </Dialog.Title>
        <div className="pw-compare-grid">
          <section className="pw-compare-changes" aria-label="Changes" data-testid="diff-list">
            <Text as="p" size="2" weight="bold" mb="2">
              Changes
            </Text>
            {diffErr && (
              <Text as="p" size="2" color="red" role="alert">
                {diffErr}
              </Text>
            )}
            {!diff && !diffErr && (
              <Text size="2" color="gray">
                Comparing…
              </Text>
            )}
            {diff && groups.length === 0 && (
              <Text size="2" color="gray">
                No differences: version {n} is the same as the current page.
              </Text>
            )}
            {groups.map((g) => (
              <div key={g.kind} className="pw-compare-group" data-kind={g.kind}>
                <Text as="p" size="1" weight="bold" color="gray" className="pw-compare-grouptitle">
                  {g.title} ({g.items.length})
                </Text>
                <ul>
                  {g.items.map((c, i) => (
                    <li key={`${c.node ?? 'meta'}-${i}`} className="pw-compare-change">
                      <Flex gap="2" align="center">
                        <Badge size="1" color={g.kind === 'added' ? 'green' : g.kind === 'removed' ? 'red' : g.kind === 'moved' ? 'blue' : 'amber'}>
                          {g.title}
                        </Badge>
                        <Text size="2" weight="medium">
                          {c.label}
                        </Text>
                      </Flex>
                      <Text as="p" size="1" color="gray" className="pw-compare-path">
                        {c.path}
                      </Text>
                      {c.move && (
                        <Text as="p" size="1" color="gray">
                          From {c.move.fromParentLabel} (position {c.move.fromIndex + 1}) to {c.move.toParentLabel} (position {c.move.toIndex + 1})
                        </Text>
                      )}
                      {c.fields && c.fields.length > 0 && (
                        <dl className="pw-compare-fields">
                          {c.fields.map((f) => (
                            <div key={f.field}>
                              <dt>{f.field}</dt>
                              <dd>
                                <del>{showValue(f.before)}</del> <span aria-label="becomes">→</span> <ins>{showValue(f.after)}</ins>
                              </dd>
                            </div>
                          ))}
                        </dl>
                      )}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </section>
          <section className="pw-compare-visual" aria-label="Visual comparison">
            <Flex align="center" gap="3" mb="2" wrap="wrap">
              <Text as="label" size="2">
                <Flex gap="2" align="center">
                  <Switch checked={overlay} onCheckedChange={setOverlay} aria-label="Overlay" /> Overlay
                </Flex>
              </Text>
              {overlay && (
                <Flex align="center" gap="2" style={{ width: 220 }}>
                  <Text size="1" color="gray">
                    v{n}
                  </Text>
                  <Slider
                    size="1"
                    value={[opacity]}
                    min={0}
                    max={100}
                    onValueChange={(v) => setOpacity(v[0] ?? 50)}
                    aria-label="Current page opacity"
                  />
                  <Text size="1" color="gray">
                    Current
                  </Text>
                </Flex>
              )}
            </Flex>
            {renderErr && (
              <Text as="p" size="2" color="red" role="alert">
                {renderErr}
              </Text>
            )}
            <div className={overlay ? 'pw-compare-frames pw-compare-overlay' : 'pw-compare-frames'}>
              <figure>
                {!overlay && <figcaption>Version {n}</figcaption>}
                {left === null ? <div className="pw-compare-loading">Rendering…</div> : <iframe title={`Version ${n}`} srcDoc={left} sandbox="allow-same-origin" />}
              </figure>
              <figure style={overlay ? { opacity: opacity / 100 } : undefined}>
                {!overlay && <figcaption>Current</figcaption>}
                {right === null ? <div className="pw-compare-loading">Rendering…</div> : <iframe title="Current page" srcDoc={right} sandbox="allow-same-origin" />}
              </figure>
            </div>
          </section>
        </div>
        <Flex justify="end" mt="3">
          <Dialog.Close>
            <Button variant="soft" color="gray">
              Close
            </Button>
          </Dialog.Close>
        </Flex>
      </Dialog.Content>
    </Dialog.Root>
  )
}
