// The properties of a selected Instance: which component and version it
// places (with updates and deprecation), one control per exposed prop
// writing this page's overrides, and Detach / Edit component.
import { Badge, Button, Callout, Flex, Select, Spinner, Text } from '@radix-ui/themes'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { ArrowUpCircle, ExternalLink, PencilRuler, RotateCcw, TriangleAlert, Unlink } from 'lucide-react'
import { useCallback, useId, useMemo, useState } from 'react'
import { ApiError, errorMessage } from '../../api/client'
import { useToast } from '../../components/Toaster'
import {
  compareSemver,
  componentQuery,
  componentVersionQuery,
  formatRef,
  parseRef,
  type Component,
  type ComponentVersion,
} from '../../screens/components/api'
import { IconButton } from '../panels/controls'
import { PropsPanel, type RenderImageControl } from '../panels/PropsPanel'
import { useNode, type EditorStore } from '../store/store'
import type { ComponentType, DocNode, PropSchema, TokenInfo } from '../types'
import { detachOps, instanceProps, retargetOps } from './symbols'
import './symbols.css'

export interface InstanceInspectorProps {
  store: EditorStore
  id: string
  siteId: string
  tokens: TokenInfo[]
  readOnly: boolean
  /** component:edit */
  canEditComponent: boolean
  renderImageControl?: RenderImageControl
  /** Swap the instance for an editable copy of its component (see editing.ts). */
  onEditComponent?: (instanceId: string, component: Component, version: ComponentVersion) => void
}

/** The help under a rich-text value typed in the instance inspector. */
export const RICH_HINT = 'Formatted text as HTML, e.g. <p>Open <strong>Saturdays</strong></p>.'

/**
 * A props schema whose properties are the version's exposed keys, each
 * with the inner node's prop schema and the exposed label as its title;
 * the defaults are the component's own values, shown as placeholders.
 */
export function overridesType(store: EditorStore, version: ComponentVersion): ComponentType {
  const properties: Record<string, PropSchema> = {}
  const defaults: Record<string, unknown> = {}
  const order: string[] = []
  const nodes = version.document?.nodes ?? {}
  for (const e of version.exposed) {
    const inner: DocNode | undefined = nodes[e.node]
    const t = inner ? store.type(inner.type) : undefined
    const s = t?.props.properties[e.prop]
    if (!inner || !t || !s) continue
    const prop: PropSchema = { ...structuredClone(s), title: e.label || e.key }
    // Text inside an instance cannot be edited on the canvas (it stands for
    // the instance as a whole), so a rich-text value is typed here as HTML,
    // without the panel's "double-click the text on the canvas" hint.
    if (prop['x-control'] === 'richtext') {
      prop['x-control'] = 'textarea'
      prop.description = [s.description, RICH_HINT].filter(Boolean).join(' ')
    }
    properties[e.key] = prop
    const own = inner.props?.[e.prop]
    const value = own !== undefined ? own : e.prop in t.defaults ? t.defaults[e.prop] : s.default
    if (value !== undefined) defaults[e.key] = value
    order.push(e.key)
  }
  return {
    name: 'Instance',
    category: 'Components',
    icon: 'component',
    props: { type: 'object', properties, required: [], additionalProperties: false, 'x-order': order },
    defaults,
    children: 'none',
    hasScript: false,
  }
}

export function InstanceInspector(p: InstanceInspectorProps) {
  const { store, id } = p
  const n = useNode(store, id)
  const { component: ref, overrides = {} } = instanceProps(n)
  const parsed = parseRef(ref)
  const detail = useQuery({ ...componentQuery(parsed?.id ?? ''), enabled: !!parsed })
  const version = useQuery({ ...componentVersionQuery(parsed?.id ?? '', parsed?.version ?? ''), enabled: !!parsed })

  if (!parsed) {
    return (
      <div className="pw-sym-inspector">
        <Callout.Root color="red" size="1" role="alert">
          <Callout.Icon>
            <TriangleAlert size={14} />
          </Callout.Icon>
          <Callout.Text>This instance names no component version (“{String(ref)}”). Delete it and place the component again from Components.</Callout.Text>
        </Callout.Root>
      </div>
    )
  }
  if (detail.isPending || version.isPending) {
    return (
      <Flex className="pw-sym-inspector" align="center" gap="2" role="status">
        <Spinner size="1" />
        <Text size="1" color="gray">
          Loading the component…
        </Text>
      </Flex>
    )
  }
  const err = detail.error ?? version.error
  if (err || !detail.data || !version.data) {
    const missing = err instanceof ApiError && err.status === 404
    return (
      <div className="pw-sym-inspector">
        <Callout.Root color="red" size="1" role="alert">
          <Callout.Icon>
            <TriangleAlert size={14} />
          </Callout.Icon>
          <Callout.Text>
            {missing
              ? `The component ${parsed.version} is not in the library any more, or you cannot see it. Ask its owner to share it with your team, or delete this instance.`
              : `Could not load the component: ${errorMessage(err)}`}
          </Callout.Text>
        </Callout.Root>
        {!missing && (
          <Button size="1" variant="soft" mt="2" onClick={() => void (detail.refetch(), version.refetch())}>
            Try again
          </Button>
        )}
      </div>
    )
  }
  return <Loaded {...p} component={detail.data.component} versions={detail.data.versions} version={version.data} overrides={overrides} />
}

function Loaded(
  p: InstanceInspectorProps & { component: Component; versions: ComponentVersion[]; version: ComponentVersion; overrides: Record<string, unknown> },
) {
  const { store, id, component: c, version: v, overrides, readOnly } = p
  const qc = useQueryClient()
  const toast = useToast()
  const [busy, setBusy] = useState(false)
  const versionLabel = useId()
  const type = useMemo(() => overridesType(store, v), [store, v])
  const newer = compareSemver(c.latestVersion, v.version) > 0
  const labels = useMemo(() => new Map(v.exposed.map((e) => [e.key, e.label || e.key])), [v])

  const setOverride = useCallback(
    (key: string, value: unknown, reset = false) => {
      const cur = instanceProps(store.node(id)).overrides ?? {}
      const next = { ...cur }
      if (value === null || value === undefined) delete next[key]
      else next[key] = value
      // Typing in one field is one undo step; a reset is a step of its own.
      store.apply([{ op: 'set', node: id, path: 'props/overrides', value: next }], {
        label: `${reset ? 'Reset' : 'Change'} ${labels.get(key) ?? key}`,
        mergeKey: reset ? undefined : `${id}/overrides/${key}`,
      })
    },
    [store, id, labels],
  )

  /** Points the instance at another version or component, keeping the overrides that fit. */
  const retarget = async (componentId: string, to: string, what: string) => {
    setBusy(true)
    try {
      const target = await qc.fetchQuery(componentVersionQuery(componentId, to))
      const { ops, dropped } = retargetOps(store, id, formatRef(componentId, to), target.exposed)
      store.apply(ops, { label: what })
      if (dropped.length) {
        toast.success(what, `Removed this page’s values for ${dropped.map((k) => `“${labels.get(k) ?? k}”`).join(', ')}: ${to} does not let pages change them.`)
      }
    } catch (e) {
      toast.error(`Could not ${what.charAt(0).toLowerCase()}${what.slice(1)}`, errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const detach = () => {
    try {
      const { ops, root } = detachOps(store, id, v, true)
      store.apply(ops, { label: `Detach ${c.name}` })
      store.select(root)
      toast.success(`Detached “${c.name}”`, 'This page now has its own copy; it no longer follows new versions. Undo (Ctrl+Z) to reattach.')
    } catch (e) {
      toast.error('Could not detach', errorMessage(e))
    }
  }

  const replacement = c.deprecated?.replacementId
  const swap = async () => {
    if (!replacement) return
    setBusy(true)
    try {
      const r = (await qc.fetchQuery(componentQuery(replacement))).component
      const target = await qc.fetchQuery(componentVersionQuery(replacement, r.latestVersion))
      const { ops, dropped } = retargetOps(store, id, formatRef(replacement, r.latestVersion), target.exposed)
      store.apply([...ops, { op: 'set', node: id, path: 'label', value: r.name }], { label: `Swap to ${r.name}` })
      toast.success(
        `Swapped to “${r.name}” ${r.latestVersion}`,
        dropped.length ? `This page’s values for ${dropped.map((k) => `“${labels.get(k) ?? k}”`).join(', ')} do not apply to it and were removed.` : undefined,
      )
    } catch (e) {
      toast.error(`Could not swap to ${c.deprecated?.replacementName ?? 'the replacement'}`, errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const hasOverrides = Object.keys(overrides).length > 0

  return (
    <div className="pw-sym-inspector-wrap">
      <div className="pw-sym-inspector">
        <Flex align="center" justify="between" gap="2">
          <div style={{ minWidth: 0 }}>
            <Text as="div" size="2" weight="medium" truncate>
              {c.name}
            </Text>
            <Text as="div" size="1" color="gray">
              Component · version {v.version}
              {!newer && ' (latest)'}
            </Text>
          </div>
          <a className="pw-sym-link" href={`/components/${encodeURIComponent(c.id)}`} target="_blank" rel="noopener" title="Open in the component library (new tab)">
            Library <ExternalLink size={12} aria-hidden="true" />
            <span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        </Flex>

        {c.deprecated && (
          <Callout.Root color="amber" size="1" mt="3" role="note">
            <Callout.Icon>
              <TriangleAlert size={14} />
            </Callout.Icon>
            <Callout.Text>
              <Text weight="bold">“{c.name}” is deprecated.</Text> {c.deprecated.message}
              {c.deprecated.replacementName && <> Use “{c.deprecated.replacementName}” instead.</>}
            </Callout.Text>
            {replacement && !readOnly && (
              <Button size="1" variant="soft" color="amber" onClick={() => void swap()} disabled={busy}>
                Swap to {c.deprecated.replacementName ?? 'the replacement'}
              </Button>
            )}
          </Callout.Root>
        )}

        <Flex direction="column" gap="1" mt="3">
          <Text as="label" size="1" weight="medium" color="gray" id={versionLabel}>
            Version
          </Text>
          <Flex gap="2" align="center">
            <Select.Root
              size="1"
              value={v.version}
              disabled={readOnly || busy}
              onValueChange={(to) => void retarget(c.id, to, `Use ${c.name} ${to}`)}
            >
              <Select.Trigger aria-labelledby={versionLabel} style={{ flex: 1 }} />
              <Select.Content position="popper">
                {(p.versions.some((x) => x.version === v.version) ? p.versions : [v, ...p.versions]).map((x) => (
                  <Select.Item key={x.version} value={x.version}>
                    {x.version}
                    {x.version === c.latestVersion ? ' (latest)' : ''}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select.Root>
            {busy && <Spinner size="1" />}
          </Flex>
          {newer && !readOnly && (
            <Button size="1" variant="soft" onClick={() => void retarget(c.id, c.latestVersion, `Update ${c.name} to ${c.latestVersion}`)} disabled={busy}>
              <ArrowUpCircle size={14} aria-hidden="true" /> Update to {c.latestVersion}
            </Button>
          )}
          {newer && (
            <Text size="1" color="gray">
              {c.latestVersion} is newer.{' '}
              {p.versions.find((x) => x.version === c.latestVersion)?.notes || 'Preview it in the library before updating.'}
            </Text>
          )}
        </Flex>
      </div>

      <div className="pw-sym-section-title">
        <Text size="1" weight="medium" color="gray">
          ON THIS PAGE
        </Text>
        {hasOverrides && !readOnly && (
          <Button size="1" variant="ghost" color="gray" onClick={() => store.apply([{ op: 'set', node: id, path: 'props/overrides', value: {} }], { label: 'Reset all values' })}>
            Reset all
          </Button>
        )}
      </div>
      {v.exposed.length === 0 ? (
        <Text as="p" size="1" color="gray" className="pw-sym-note">
          “{c.name}” lets pages change nothing: it looks the same everywhere. To change it everywhere, choose Edit component; to change it only here, Detach.
        </Text>
      ) : (
        <fieldset disabled={readOnly} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
          <PropsPanel
            type={type}
            props={overrides}
            onChange={setOverride}
            siteId={p.siteId}
            tokens={p.tokens}
            renderImageControl={p.renderImageControl}
            label={`${c.name}: values on this page`}
            renderFieldAction={(key) => (
              <IconButton
                label={`Reset ${labels.get(key) ?? key} to the component’s value`}
                disabled={readOnly || !(key in overrides)}
                onClick={() => setOverride(key, null, true)}
              >
                <RotateCcw size={12} aria-hidden="true" />
              </IconButton>
            )}
          />
        </fieldset>
      )}
      {v.exposed.length > 0 && (
        <Text as="p" size="1" color="gray" className="pw-sym-note">
          {hasOverrides ? (
            <>
              <Badge size="1" color="blue" variant="soft">
                {Object.keys(overrides).length} changed
              </Badge>{' '}
              Empty fields show the component’s own value.
            </>
          ) : (
            'Empty fields show the component’s own value; type to change it on this page only.'
          )}
        </Text>
      )}

      {!readOnly && (
        <Flex direction="column" gap="2" className="pw-sym-actions">
          {p.canEditComponent && p.onEditComponent && (
            <Button size="1" variant="soft" onClick={() => p.onEditComponent!(id, c, v)} disabled={busy}>
              <PencilRuler size={14} aria-hidden="true" /> Edit component
            </Button>
          )}
          <Button size="1" variant="soft" color="gray" onClick={detach} disabled={busy}>
            <Unlink size={14} aria-hidden="true" /> Detach
          </Button>
          <Text size="1" color="gray">
            {p.canEditComponent
              ? 'Edit component changes it for every page (as a new version). Detach keeps a copy for this page only.'
              : 'Detach keeps a copy for this page only; it stops following new versions.'}
          </Text>
        </Flex>
      )}
    </div>
  )
}
