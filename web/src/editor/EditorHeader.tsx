// The editor's header: where you are, device width and zoom, canvas theme,
// undo/redo, the save indicator, Save and Preview.
import { Badge, Button, DropdownMenu, Flex, IconButton, SegmentedControl, Separator, Text, TextField, Tooltip } from '@radix-ui/themes'
import { Link } from '@tanstack/react-router'
import {
  ArrowLeft,
  Check,
  ChevronDown,
  CloudOff,
  Command,
  ExternalLink,
  GitBranch,
  History,
  Keyboard,
  Loader,
  Monitor,
  Redo2,
  Settings2,
  Smartphone,
  Tablet,
  TriangleAlert,
  Undo2,
  X,
} from 'lucide-react'
import type { Page } from '../api/types'
import type { DialogKind } from './EditorDialogs'
import type { SaveState, Saver } from './store/saver'
import { useHistory, type EditorStore } from './store/store'

export const DEVICES = [
  { id: 'mobile', label: 'Mobile', width: 390, icon: Smartphone },
  { id: 'tablet', label: 'Tablet', width: 768, icon: Tablet },
  { id: 'desktop', label: 'Desktop', width: 1280, icon: Monitor },
] as const

const ZOOMS = [0, 0.5, 0.75, 1, 1.25]

export function SaveIndicator({ state, onRetry }: { state: SaveState; onRetry: () => void }) {
  const map = {
    saved: { icon: <Check size={14} />, text: 'Saved', color: 'var(--green-11)' },
    pending: { icon: <Loader size={14} />, text: 'Unsaved changes', color: 'var(--gray-11)' },
    saving: { icon: <Loader size={14} className="pw-spin" />, text: 'Saving…', color: 'var(--gray-11)' },
    offline: { icon: <CloudOff size={14} />, text: 'Offline — will retry', color: 'var(--amber-11)' },
    conflict: { icon: <TriangleAlert size={14} />, text: 'Someone else saved', color: 'var(--red-11)' },
    error: { icon: <TriangleAlert size={14} />, text: 'Not saved', color: 'var(--red-11)' },
  }[state.status]
  const body = (
    <span className="pw-save" role="status" aria-live="polite" data-testid="save-status" data-status={state.status} style={{ color: map.color }}>
      {map.icon}
      {map.text}
    </span>
  )
  if (state.status === 'error' || state.status === 'offline') {
    return (
      <Tooltip content={`${state.message} Click to retry.`}>
        <button type="button" className="pw-icon-btn" style={{ width: 'auto', padding: '0 4px' }} onClick={onRetry}>
          {body}
        </button>
      </Tooltip>
    )
  }
  return body
}

export interface EditorHeaderProps {
  store: EditorStore
  saver: Saver
  saveState: SaveState
  page: Page
  siteName: string
  device: string
  width: number
  onDevice(d: string, w?: number): void
  zoom: number
  onZoom(z: number): void
  theme: string
  onTheme(t: string): void
  readOnly: boolean
  /** The earlier version shown read-only, if any. */
  version?: { id: string; number: number }
  /** The branch being edited, if any. */
  branch?: { name: string; merged: boolean }
  openDialog(d: DialogKind): void
}

export function EditorHeader(p: EditorHeaderProps) {
  const { store, saver } = p
  const history = useHistory(store)
  const preview = async () => {
    // Preview shows what is saved: save first.
    const w = window.open('about:blank', '_blank')
    await saver.saveNow()
    if (w) w.location.href = `/api/v1/pages/${p.page.id}/preview`
  }
  return (
    <header className="pw-editor-head">
      <Tooltip content={`Back to ${p.siteName || 'the site'}`}>
        <IconButton asChild variant="ghost" size="2" aria-label={`Back to ${p.siteName || 'the site'}`}>
          <Link to="/sites/$siteId" params={{ siteId: p.page.siteId }}>
            <ArrowLeft size={16} />
          </Link>
        </IconButton>
      </Tooltip>
      <div style={{ display: 'flex', flexDirection: 'column', lineHeight: 1.15, minWidth: 0 }}>
        <Text size="1" color="gray" truncate>
          {p.siteName}
        </Text>
        <button
          type="button"
          className="pw-title pw-icon-btn"
          style={{ width: 'auto', height: 'auto', justifyContent: 'flex-start', color: 'inherit' }}
          onClick={() => p.openDialog('settings')}
          title="Page settings"
        >
          {p.page.title}
        </button>
      </div>
      {p.version ? (
        <Flex align="center" gap="2" ml="2" data-testid="version-banner">
          <Badge color="amber">Version {p.version.number} · read only</Badge>
          <Button size="1" variant="soft" asChild>
            <a href={`/pages/${p.page.id}/edit`}>Back to the current page</a>
          </Button>
        </Flex>
      ) : p.branch ? (
        <Flex align="center" gap="2" ml="2" data-testid="branch-banner">
          <Badge size="2" color="violet" variant="surface" title="You are editing a branch: the page itself does not change until the branch is merged.">
            <GitBranch size={12} /> Branch: {p.branch.name}
            {p.branch.merged ? ' · merged, read only' : ''}
          </Badge>
          {!p.branch.merged && !p.readOnly && (
            <Button size="1" variant="soft" color="violet" onClick={() => p.openDialog('history')}>
              Merge…
            </Button>
          )}
          <Tooltip content="Back to the page">
            <IconButton size="1" variant="ghost" color="gray" asChild>
              <a href={`/pages/${p.page.id}/edit`} aria-label="Back to the page">
                <X size={14} />
              </a>
            </IconButton>
          </Tooltip>
        </Flex>
      ) : (
        p.readOnly && (
          <Text size="1" color="amber" ml="2">
            Read only
          </Text>
        )
      )}
      <div style={{ flex: 1 }} />
      <SegmentedControl.Root size="1" value={p.device} onValueChange={(v) => p.onDevice(v)} aria-label="Device width">
        {DEVICES.map((d) => (
          <SegmentedControl.Item key={d.id} value={d.id} aria-label={`${d.label} (${d.width}px)`} title={`${d.label} · ${d.width}px`}>
            <d.icon size={14} />
          </SegmentedControl.Item>
        ))}
        <SegmentedControl.Item value="custom" aria-label="Custom width" title="Custom width">
          <Text size="1">Custom</Text>
        </SegmentedControl.Item>
      </SegmentedControl.Root>
      <TextField.Root
        size="1"
        type="number"
        aria-label="Canvas width in pixels"
        value={String(p.width)}
        min={320}
        max={2560}
        style={{ width: 78 }}
        onChange={(e) => {
          const w = Number(e.target.value)
          if (w >= 320 && w <= 2560) p.onDevice('custom', w)
        }}
      >
        <TextField.Slot side="right">px</TextField.Slot>
      </TextField.Root>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger>
          <Button variant="soft" color="gray" size="1" aria-label={`Zoom: ${p.zoom === 0 ? 'Fit' : `${Math.round(p.zoom * 100)}%`}`}>
            {p.zoom === 0 ? 'Fit' : `${Math.round(p.zoom * 100)}%`}
            <ChevronDown size={12} />
          </Button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Content size="1">
          {ZOOMS.map((z) => (
            <DropdownMenu.Item key={z} onSelect={() => p.onZoom(z)}>
              {z === 0 ? 'Fit to window' : `${z * 100}%`}
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Root>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger>
          <Button variant="soft" color="gray" size="1" aria-label={`Canvas theme: ${p.theme === 'high-contrast' ? 'High contrast' : p.theme === 'dark' ? 'Dark' : 'Light'}`}>
            {p.theme === 'high-contrast' ? 'High contrast' : p.theme === 'dark' ? 'Dark' : 'Light'}
            <ChevronDown size={12} />
          </Button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Content size="1">
          <DropdownMenu.Item onSelect={() => p.onTheme('light')}>Light</DropdownMenu.Item>
          <DropdownMenu.Item onSelect={() => p.onTheme('dark')}>Dark</DropdownMenu.Item>
          <DropdownMenu.Item onSelect={() => p.onTheme('high-contrast')}>High contrast</DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Root>
      <div style={{ flex: 1 }} />
      <Separator orientation="vertical" />
      <Tooltip content={history.canUndo ? `Undo ${store.undoLabel.toLowerCase()} (Ctrl+Z)` : 'Nothing to undo'}>
        <IconButton variant="ghost" size="2" aria-label="Undo" disabled={!history.canUndo || p.readOnly} onClick={() => store.undo()}>
          <Undo2 size={16} />
        </IconButton>
      </Tooltip>
      <Tooltip content={history.canRedo ? `Redo ${store.redoLabel.toLowerCase()} (Shift+Ctrl+Z)` : 'Nothing to redo'}>
        <IconButton variant="ghost" size="2" aria-label="Redo" disabled={!history.canRedo || p.readOnly} onClick={() => store.redo()}>
          <Redo2 size={16} />
        </IconButton>
      </Tooltip>
      <SaveIndicator state={p.saveState} onRetry={() => void saver.saveNow()} />
      <Tooltip content="Command palette (Ctrl+K)">
        <IconButton variant="ghost" size="2" aria-label="Command palette" onClick={() => p.openDialog('commands')}>
          <Command size={16} />
        </IconButton>
      </Tooltip>
      <Tooltip content="Keyboard shortcuts (?)">
        <IconButton variant="ghost" size="2" aria-label="Keyboard shortcuts" onClick={() => p.openDialog('shortcuts')}>
          <Keyboard size={16} />
        </IconButton>
      </Tooltip>
      <Tooltip content="Page settings">
        <IconButton variant="ghost" size="2" aria-label="Page settings" onClick={() => p.openDialog('settings')}>
          <Settings2 size={16} />
        </IconButton>
      </Tooltip>
      <Tooltip content="History">
        <IconButton variant="ghost" size="2" aria-label="History" onClick={() => p.openDialog('history')}>
          <History size={16} />
        </IconButton>
      </Tooltip>
      <Button variant="soft" size="2" onClick={() => void preview()}>
        <ExternalLink size={14} />
        Preview
      </Button>
      {!p.readOnly && (
        <Button size="2" onClick={() => void saver.saveNow()} disabled={p.saveState.status === 'saved' || p.saveState.status === 'conflict'}>
          Save
        </Button>
      )}
    </header>
  )
}
