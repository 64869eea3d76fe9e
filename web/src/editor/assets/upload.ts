// Upload helpers of the image library: a quick client-side look at each
// file (the server has the last word), the messages people see, and a small
// queue that uploads a few files at a time with per-file progress.
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useRef, useState } from 'react'
import { assetsChanged, uploadAsset, type Asset, type UploadProgress } from '../../api/assets'
import { ApiError } from '../../api/client'

/** What the file input offers; the server also decides by sniffing the bytes. */
export const ACCEPT = 'image/png,image/jpeg,image/gif,image/webp'

/**
 * The largest upload limit the server can be configured with
 * (PAGEWRIGHT_MAX_UPLOAD_BYTES, default 20 MiB): files above it are refused
 * without sending them. The configured limit is the server's to apply; it
 * answers 413 asset.too_large from the Content-Length, before reading the
 * body, so that answer is quick too.
 */
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024

const FORMATS = 'JPEG, PNG, GIF or WebP'

/** Image types browsers know and the server refuses (it reads the bytes). */
const UNSUPPORTED_IMAGES = new Set([
  'image/avif',
  'image/heic',
  'image/heif',
  'image/tiff',
  'image/bmp',
  'image/x-icon',
  'image/vnd.microsoft.icon',
])

/** "12 KB", "3.4 MB". */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—'
  if (n < 1024) return `${n} B`
  const units = ['KB', 'MB', 'GB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`
}

function isSvg(file: File): boolean {
  return file.type === 'image/svg+xml' || /\.svgz?$/i.test(file.name)
}

/**
 * A fast answer for files that cannot be right, or null when the file
 * should be sent (unknown and unusual image types go to the server, which
 * decides).
 */
export function precheckFile(file: File, maxBytes = MAX_UPLOAD_BYTES): string | null {
  if (isSvg(file)) return 'SVG images are not accepted: an SVG file can carry scripts. Export it as PNG or WebP instead.'
  if (file.type && (!file.type.startsWith('image/') || UNSUPPORTED_IMAGES.has(file.type))) {
    return `That file is not a ${FORMATS} image (it is ${file.type}).`
  }
  if (file.size === 0) return 'That file is empty.'
  if (file.size > maxBytes) {
    return `That file is ${formatBytes(file.size)}; images can be at most ${formatBytes(maxBytes)}.`
  }
  return null
}

/** Whole percent, 0–100; unknown totals count as 0 until the end. */
export function progressPercent(p: UploadProgress | null | undefined): number {
  if (!p || !(p.total > 0)) return 0
  return Math.max(0, Math.min(100, Math.round((p.loaded / p.total) * 100)))
}

/**
 * What to tell the uploader. The server's detail is written for people and
 * wins; the code-based lines are for answers without one (a proxy's 413).
 */
export function uploadErrorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.problem.detail) return err.detail
    switch (err.code) {
      case 'asset.too_large':
        return 'That file is too large to upload.'
      case 'asset.unsupported_type':
        return `That file is not a ${FORMATS} image.`
      case 'asset.too_many_pixels':
        return 'That image has too many pixels; make it smaller and try again.'
    }
    if (err.status === 403) return 'You do not have permission to upload images to this site.'
    return err.detail
  }
  if (err instanceof Error) return err.message
  return 'The upload failed.'
}

export type UploadState = 'queued' | 'uploading' | 'done' | 'error'

export interface UploadItem {
  key: string
  name: string
  size: number
  state: UploadState
  progress: UploadProgress | null
  error?: string
  asset?: Asset
}

/** How many files go up at once; the rest wait their turn. */
const PARALLEL = 3
/** Finished uploads leave the list after this long; errors stay. */
const DONE_LINGER_MS = 4000

let seq = 0

/**
 * A per-site upload queue. `add` checks the files, queues the good ones and
 * starts uploading; `onUploaded` is told about every asset that arrived.
 */
export function useUploadQueue(siteId: string, onUploaded?: (asset: Asset) => void) {
  const qc = useQueryClient()
  const [items, setItems] = useState<UploadItem[]>([])
  const files = useRef(new Map<string, File>())
  const running = useRef(new Set<string>())
  const aborts = useRef(new Map<string, AbortController>())
  const uploaded = useRef(onUploaded)
  useEffect(() => {
    uploaded.current = onUploaded
  })

  const patch = useCallback((key: string, change: Partial<UploadItem>) => {
    setItems((prev) => prev.map((it) => (it.key === key ? { ...it, ...change } : it)))
  }, [])

  const remove = useCallback((key: string) => {
    aborts.current.get(key)?.abort()
    files.current.delete(key)
    setItems((prev) => prev.filter((it) => it.key !== key))
  }, [])

  // Start queued uploads while there is room.
  useEffect(() => {
    for (const it of items) {
      if (running.current.size >= PARALLEL) break
      if (it.state !== 'queued' || running.current.has(it.key)) continue
      const file = files.current.get(it.key)
      if (!file) continue
      const key = it.key
      running.current.add(key)
      const ctrl = new AbortController()
      aborts.current.set(key, ctrl)
      patch(key, { state: 'uploading', progress: { loaded: 0, total: file.size } })
      uploadAsset(siteId, file, { signal: ctrl.signal, onProgress: (p) => patch(key, { progress: p }) })
        .then((asset) => {
          patch(key, { state: 'done', asset, progress: { loaded: file.size, total: file.size } })
          assetsChanged(qc, siteId)
          uploaded.current?.(asset)
          window.setTimeout(() => setItems((prev) => prev.filter((x) => x.key !== key || x.state !== 'done')), DONE_LINGER_MS)
        })
        .catch((err: unknown) => {
          if (err instanceof DOMException && err.name === 'AbortError') return
          patch(key, { state: 'error', error: uploadErrorMessage(err) })
        })
        .finally(() => {
          running.current.delete(key)
          aborts.current.delete(key)
          files.current.delete(key)
          // Wake the effect so the next queued file starts.
          setItems((prev) => [...prev])
        })
    }
  }, [items, patch, qc, siteId])

  // Leaving the screen cancels what is still going up.
  useEffect(() => {
    const map = aborts.current
    return () => {
      for (const c of map.values()) c.abort()
    }
  }, [])

  const add = useCallback((list: Iterable<File>) => {
    const next: UploadItem[] = []
    for (const file of list) {
      const key = `u${++seq}`
      const problem = precheckFile(file)
      if (problem) {
        next.push({ key, name: file.name, size: file.size, state: 'error', progress: null, error: problem })
      } else {
        files.current.set(key, file)
        next.push({ key, name: file.name, size: file.size, state: 'queued', progress: null })
      }
    }
    if (next.length) setItems((prev) => [...prev, ...next])
  }, [])

  const clearFinished = useCallback(() => {
    setItems((prev) => prev.filter((it) => it.state === 'queued' || it.state === 'uploading'))
  }, [])

  return { items, add, remove, clearFinished }
}
