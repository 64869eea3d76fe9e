// The image library of one site: a searchable grid of thumbnails, uploads
// by drop or button with per-file progress, and a details panel for alt
// text, name, variants and deletion. The same component manages images (the
// Images screen) and picks one (inside AssetPickerDialog).
import { Badge, Box, Button, Flex, IconButton, Progress, Skeleton, Text, TextField } from '@radix-ui/themes'
import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { CircleAlert, CircleCheck, ImageOff, ImagePlus, Search, Upload, X } from 'lucide-react'
import { useEffect, useRef, useState, type DragEvent, type ReactNode } from 'react'
import { assetFileUrl, assetQuery, assetsQuery, THUMB_WIDTH, type Asset } from '../../api/assets'
import { EmptyState } from '../../components/EmptyState'
import { ErrorCallout } from '../../components/ErrorCallout'
import { AssetDetails } from './AssetDetails'
import { useCanManageAssets } from './permissions'
import { ACCEPT, formatBytes, progressPercent, useUploadQueue, type UploadItem } from './upload'
import './assets.css'

export interface AssetLibraryProps {
  siteId: string
  /** manage: upload, edit and delete; pick: the same, plus "Use image". */
  mode: 'manage' | 'pick'
  /** Called with the chosen image in pick mode. */
  onPick?: (asset: Asset) => void
  /** The image selected when the library opens (e.g. the prop's current image). */
  selectedId?: string
}

/** value, once it has stopped changing for delay ms. */
export function useDebounced<T>(value: T, delay: number): T {
  const [v, setV] = useState(value)
  useEffect(() => {
    const t = window.setTimeout(() => setV(value), delay)
    return () => window.clearTimeout(t)
  }, [value, delay])
  return v
}

const SEARCH_DELAY_MS = 300
/** While an image is still being processed, the grid refreshes this often. */
const PROCESSING_POLL_MS = 2000

/**
 * The thumbnail of an asset: the 320 px variant once ready; the original
 * while processing or when the variants failed. (A different URL, not the
 * same ?w=320, so the browser does not keep the original it cached for it.)
 */
export function thumbnailUrl(asset: Asset): string {
  return asset.status === 'ready' ? assetFileUrl(asset.id, THUMB_WIDTH) : assetFileUrl(asset.id)
}

function Thumb({ asset }: { asset: Asset }) {
  const [broken, setBroken] = useState(false)
  if (broken) {
    return (
      <Flex className="asset-thumb-fallback" align="center" justify="center">
        <ImageOff size={24} aria-hidden="true" />
      </Flex>
    )
  }
  return (
    <img
      src={thumbnailUrl(asset)}
      alt=""
      loading="lazy"
      decoding="async"
      width={asset.width || undefined}
      height={asset.height || undefined}
      onError={() => setBroken(true)}
    />
  )
}

function StatusBadge({ asset }: { asset: Asset }) {
  if (asset.status === 'processing') {
    return (
      <Badge color="amber" variant="solid" radius="full" size="1" className="asset-tile-badge">
        Processing
      </Badge>
    )
  }
  if (asset.status === 'failed') {
    return (
      <Badge color="red" variant="solid" radius="full" size="1" className="asset-tile-badge">
        Failed
      </Badge>
    )
  }
  return null
}

function Tile({
  asset,
  selected,
  onSelect,
  onActivate,
}: {
  asset: Asset
  selected: boolean
  onSelect: () => void
  onActivate?: () => void
}) {
  return (
    <li>
      <button
        type="button"
        className="asset-tile"
        data-testid="asset-tile"
        data-asset-id={asset.id}
        aria-pressed={selected}
        aria-label={`${asset.name}, ${asset.width} × ${asset.height}${asset.status !== 'ready' ? `, ${asset.status}` : ''}`}
        onClick={onSelect}
        onDoubleClick={onActivate}
      >
        <span className="asset-tile-image">
          <Thumb asset={asset} />
          <StatusBadge asset={asset} />
        </span>
        <span className="asset-tile-caption">
          <Text as="span" size="1" weight="medium" truncate title={asset.name}>
            {asset.name}
          </Text>
          <Text as="span" size="1" color="gray">
            {asset.width && asset.height ? `${asset.width} × ${asset.height}` : '—'}
          </Text>
        </span>
      </button>
    </li>
  )
}

function UploadRow({ item, onDismiss }: { item: UploadItem; onDismiss: () => void }) {
  const pct = progressPercent(item.progress)
  return (
    <li className="upload-row" data-testid="upload-row" data-state={item.state}>
      <Flex align="center" gap="3">
        <Text
          color={item.state === 'error' ? 'red' : item.state === 'done' ? 'green' : 'gray'}
          style={{ display: 'flex' }}
          aria-hidden="true"
        >
          {item.state === 'error' ? <CircleAlert size={16} /> : item.state === 'done' ? <CircleCheck size={16} /> : <Upload size={16} />}
        </Text>
        <Box flexGrow="1" minWidth="0">
          <Flex justify="between" gap="3">
            <Text size="2" weight="medium" truncate title={item.name}>
              {item.name}
            </Text>
            <Text size="1" color="gray" style={{ whiteSpace: 'nowrap' }}>
              {item.state === 'uploading'
                ? `${pct}% of ${formatBytes(item.size)}`
                : item.state === 'queued'
                  ? 'Waiting…'
                  : item.state === 'done'
                    ? 'Uploaded'
                    : formatBytes(item.size)}
            </Text>
          </Flex>
          {item.state === 'error' ? (
            <Text as="p" size="1" color="red" role="alert" data-testid="upload-error">
              {item.error}
            </Text>
          ) : (
            <Progress
              mt="1"
              size="1"
              value={item.state === 'done' ? 100 : pct}
              color={item.state === 'done' ? 'green' : undefined}
              aria-label={`Uploading ${item.name}`}
              data-testid="upload-progress"
            />
          )}
        </Box>
        {(item.state === 'error' || item.state === 'queued' || item.state === 'uploading') && (
          <IconButton
            size="1"
            variant="ghost"
            color="gray"
            aria-label={item.state === 'error' ? `Dismiss ${item.name}` : `Cancel upload of ${item.name}`}
            onClick={onDismiss}
          >
            <X size={14} />
          </IconButton>
        )}
      </Flex>
    </li>
  )
}

function GridSkeleton() {
  return (
    <ul className="asset-grid" aria-busy="true" aria-label="Loading images">
      {Array.from({ length: 8 }, (_, i) => (
        <li key={i}>
          <Skeleton className="asset-tile-skeleton" />
        </li>
      ))}
    </ul>
  )
}

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files')
}

export function AssetLibrary({ siteId, mode, onPick, selectedId }: AssetLibraryProps) {
  const canEdit = useCanManageAssets()
  const [search, setSearch] = useState('')
  const q = useDebounced(search.trim(), SEARCH_DELAY_MS)
  const list = useInfiniteQuery({
    ...assetsQuery(siteId, q),
    refetchInterval: (query) =>
      query.state.data?.pages.some((p) => p.items.some((a) => a.status === 'processing')) ? PROCESSING_POLL_MS : false,
  })
  const [selected, setSelected] = useState<string | null>(selectedId ?? null)
  const uploads = useUploadQueue(siteId, (asset) => setSelected((cur) => cur ?? asset.id))
  const fileInput = useRef<HTMLInputElement>(null)
  const [dragging, setDragging] = useState(false)
  const dragDepth = useRef(0)

  const items = list.data?.pages.flatMap((p) => p.items) ?? []
  const fromList = selected ? items.find((a) => a.id === selected) : undefined
  // The selection may be an image beyond the loaded pages (the prop's current one).
  const fetched = useQuery({ ...assetQuery(selected ?? ''), enabled: Boolean(selected) && !fromList && !list.isPending })
  const current = fromList ?? (selected && fetched.data?.id === selected ? fetched.data : undefined)

  const openPicker = () => fileInput.current?.click()

  const dropHandlers = canEdit
    ? {
        onDragEnter: (e: DragEvent) => {
          if (!hasFiles(e)) return
          e.preventDefault()
          dragDepth.current++
          setDragging(true)
        },
        onDragOver: (e: DragEvent) => {
          if (!hasFiles(e)) return
          e.preventDefault()
          e.dataTransfer.dropEffect = 'copy'
        },
        onDragLeave: (e: DragEvent) => {
          if (!hasFiles(e)) return
          dragDepth.current = Math.max(0, dragDepth.current - 1)
          if (dragDepth.current === 0) setDragging(false)
        },
        onDrop: (e: DragEvent) => {
          if (!hasFiles(e)) return
          e.preventDefault()
          dragDepth.current = 0
          setDragging(false)
          uploads.add(Array.from(e.dataTransfer.files))
        },
      }
    : {}

  let body: ReactNode
  if (list.isPending) {
    body = <GridSkeleton />
  } else if (list.isError) {
    body = <ErrorCallout error={list.error} title="Could not load images." />
  } else if (items.length === 0 && q) {
    body = (
      <EmptyState
        icon={<Search size={28} />}
        title="No matching images"
        description={<>No image names or alt texts match “{q}”.</>}
        action={
          <Button variant="soft" color="gray" onClick={() => setSearch('')}>
            Clear search
          </Button>
        }
      />
    )
  } else if (items.length === 0) {
    body = (
      <EmptyState
        icon={<ImagePlus size={28} />}
        title="No images yet"
        description={
          canEdit
            ? 'Drop files here or click Upload. PNG, JPEG, GIF and WebP work.'
            : 'Nobody has uploaded images to this site yet. Editors can add them; they will appear here.'
        }
        action={
          canEdit && (
            <Button size="3" onClick={openPicker}>
              <Upload size={16} /> Upload
            </Button>
          )
        }
      />
    )
  } else {
    body = (
      <>
        <ul className="asset-grid" aria-label="Images" data-testid="asset-grid">
          {items.map((a) => (
            <Tile
              key={a.id}
              asset={a}
              selected={a.id === selected}
              onSelect={() => setSelected(a.id === selected && mode === 'manage' ? null : a.id)}
              onActivate={mode === 'pick' && onPick ? () => onPick(a) : undefined}
            />
          ))}
        </ul>
        {list.hasNextPage && (
          <Flex justify="center" py="4">
            <Button variant="soft" color="gray" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              Load more
            </Button>
          </Flex>
        )}
      </>
    )
  }

  return (
    <div className="asset-library" data-mode={mode} data-dragging={dragging || undefined} {...dropHandlers}>
      <Flex className="asset-toolbar" gap="3" align="center" wrap="wrap">
        <Box flexGrow="1" minWidth="200px" maxWidth="420px">
          <TextField.Root
            type="search"
            placeholder="Search by name or alt text"
            aria-label="Search images"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          >
            <TextField.Slot>
              <Search size={14} />
            </TextField.Slot>
            {list.isFetching && !list.isPending && !list.isFetchingNextPage && q !== '' && (
              <TextField.Slot>
                <Text size="1" color="gray">
                  Searching…
                </Text>
              </TextField.Slot>
            )}
          </TextField.Root>
        </Box>
        {canEdit && (
          <>
            <Text size="1" color="gray" className="hide-on-mobile" ml="auto">
              Drop images anywhere here
            </Text>
            <Button onClick={openPicker}>
              <Upload size={16} /> Upload
            </Button>
            <input
              ref={fileInput}
              type="file"
              accept={ACCEPT}
              multiple
              hidden
              data-testid="asset-file-input"
              aria-label="Upload images"
              onChange={(e) => {
                if (e.target.files) uploads.add(Array.from(e.target.files))
                // Choosing the same file again must fire change again.
                e.target.value = ''
              }}
            />
          </>
        )}
      </Flex>

      {uploads.items.length > 0 && (
        <Box className="upload-list" aria-live="polite">
          <Flex justify="between" align="center" mb="2">
            <Text size="2" weight="bold">
              Uploads
            </Text>
            {uploads.items.some((it) => it.state === 'error' || it.state === 'done') && (
              <Button size="1" variant="ghost" color="gray" onClick={uploads.clearFinished}>
                Clear finished
              </Button>
            )}
          </Flex>
          <ul>
            {uploads.items.map((it) => (
              <UploadRow key={it.key} item={it} onDismiss={() => uploads.remove(it.key)} />
            ))}
          </ul>
        </Box>
      )}

      <div className="asset-body" data-has-details={current ? true : undefined}>
        <div className="asset-main">{body}</div>
        {current && (
          <AssetDetails
            key={current.id}
            asset={current}
            canEdit={canEdit}
            mode={mode}
            onPick={onPick}
            onClose={() => setSelected(null)}
            onDeleted={() => setSelected(null)}
          />
        )}
      </div>

      {dragging && (
        <Flex className="asset-drop-overlay" align="center" justify="center" direction="column" gap="2" aria-hidden="true">
          <Upload size={32} />
          <Text size="4" weight="bold">
            Drop images to upload
          </Text>
          <Text size="2">JPEG, PNG, GIF or WebP</Text>
        </Flex>
      )}
    </div>
  )
}
