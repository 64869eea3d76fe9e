// Autosave: the ops made since the last save go to the server in one
// batch, debounced, against the revision the editor last saw (If-Match). A
// 412 means someone else saved: the saver stops and asks the user, never
// overwriting on its own.
//
// On a branch (the editor opened with ?branch=) there is no ops route: the
// whole document goes to the branch's document, whose ETag is its head
// version's number. The server folds those saves into one autosave version
// per interval.
import { ApiError, api } from '../../api/client'
import type { PageDocument } from '../types'
import type { EditorStore } from './store'

export type SaveStatus = 'saved' | 'pending' | 'saving' | 'offline' | 'conflict' | 'error'

export interface SaveState {
  status: SaveStatus
  /** The server's message for an error. */
  message: string
  savedAt: number | null
}

const DEBOUNCE_MS = 800
const RETRY_MAX_MS = 30_000

export class Saver {
  state: SaveState = { status: 'saved', message: '', savedAt: null }
  private timer: ReturnType<typeof setTimeout> | null = null
  private inFlight: Promise<void> | null = null
  private retryMs = 1000
  private listeners = new Set<() => void>()
  private unsubscribe: () => void

  /** On a branch: the branch head version's id (what "current" is there). */
  headVersionId = ''

  constructor(
    private store: EditorStore,
    private pageId: string,
    public etag: string,
    /** The branch being edited; undefined for the page itself. */
    readonly branch?: string,
    headVersionId?: string,
  ) {
    this.headVersionId = headVersionId ?? ''
    this.unsubscribe = store.onChange(() => this.changed())
    window.addEventListener('online', this.onOnline)
  }

  dispose(): void {
    this.unsubscribe()
    window.removeEventListener('online', this.onOnline)
    if (this.timer) clearTimeout(this.timer)
  }

  subscribe(l: () => void): () => void {
    this.listeners.add(l)
    return () => this.listeners.delete(l)
  }

  private set(status: SaveStatus, message = '') {
    this.state = { status, message, savedAt: status === 'saved' ? Date.now() : this.state.savedAt }
    for (const l of this.listeners) l()
  }

  private onOnline = () => {
    if (this.state.status === 'offline') void this.saveNow()
  }

  private changed() {
    if (this.state.status === 'conflict') return
    if (this.state.status !== 'saving') this.set('pending')
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.saveNow(), DEBOUNCE_MS)
  }

  /** Saves now (the Save button and Ctrl+S). Resolves when nothing is left to save. */
  async saveNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.inFlight) {
      await this.inFlight
      if (this.store.hasPending && this.state.status !== 'conflict') return this.saveNow()
      return
    }
    if (!this.store.hasPending || this.state.status === 'conflict') return
    const ops = this.store.takePending()
    this.set('saving')
    this.inFlight = this.send(ops)
      .then(() => {
        this.retryMs = 1000
        this.set(this.store.hasPending ? 'pending' : 'saved')
        if (this.store.hasPending) this.changed()
      })
      .catch((err: unknown) => {
        this.store.restorePending(ops)
        if (err instanceof ApiError && err.status === 412) {
          this.set('conflict', err.detail)
        } else if (err instanceof ApiError && err.status === 0) {
          this.set('offline', 'You are offline. Your changes are kept here and saved when the connection is back.')
          this.retryLater()
        } else if (err instanceof ApiError && err.status === 422) {
          // The server refused an edit: keep it locally but say why.
          this.set('error', err.detail)
        } else {
          this.set('error', err instanceof Error ? err.message : 'Saving failed.')
          this.retryLater()
        }
      })
      .finally(() => {
        this.inFlight = null
      })
    await this.inFlight
  }

  private get documentUrl(): string {
    return this.branch ? `/pages/${this.pageId}/branches/${encodeURIComponent(this.branch)}/document` : `/pages/${this.pageId}/document`
  }

  private onSaved = (r: Response) => {
    this.etag = r.headers.get('ETag') ?? this.etag
    if (this.branch) this.headVersionId = r.headers.get('X-Version-Id') ?? this.headVersionId
  }

  /** One save: the ops on the page, the whole document on a branch. */
  private send(ops: unknown[], message = ''): Promise<unknown> {
    if (!this.branch) return api.post(`/pages/${this.pageId}/document/ops`, { ops }, { headers: { 'If-Match': this.etag }, onResponse: this.onSaved })
    const url = message ? `${this.documentUrl}?message=${encodeURIComponent(message)}` : this.documentUrl
    return api.put(url, this.store.toDocument(), { headers: { 'If-Match': this.etag }, onResponse: this.onSaved })
  }

  /**
   * On a branch: saves the document as a manual version with a message
   * (on the page itself, versions are made by the versions API).
   */
  async saveVersion(message: string): Promise<void> {
    if (!this.branch) throw new Error('saveVersion is for branches')
    await this.saveNow()
    if (this.state.status === 'conflict' || this.state.status === 'error') throw new Error(this.state.message || 'Saving failed.')
    await this.send([], message)
  }

  private retryLater() {
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.saveNow(), this.retryMs)
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS)
  }

  /** Conflict resolution: replace the server's document with ours. */
  async overwrite(): Promise<void> {
    let etag = ''
    await api.get<PageDocument>(this.documentUrl, { onResponse: (r) => (etag = r.headers.get('ETag') ?? '') })
    // The whole document carries these ops; they stay pending until the
    // PUT succeeds so that a failed overwrite still counts as unsaved
    // (the editor warns before unload while ops are pending).
    const ops = this.store.takePending()
    this.set('saving')
    // Edits made during the PUT wait for it (saveNow awaits inFlight) and
    // then go out against the new ETag.
    this.etag = etag
    this.inFlight = api
      .put(this.documentUrl, this.store.toDocument(), { headers: { 'If-Match': etag }, onResponse: this.onSaved })
      .then(() => {
        this.retryMs = 1000
        this.set(this.store.hasPending ? 'pending' : 'saved')
        if (this.store.hasPending) this.changed()
      })
      .catch((err: unknown) => {
        this.store.restorePending(ops)
        this.set(err instanceof ApiError && err.status === 412 ? 'conflict' : 'error', err instanceof Error ? err.message : '')
      })
      .finally(() => {
        this.inFlight = null
      })
    await this.inFlight
  }

  /** Conflict resolution: load the server's document, dropping our unsaved edits. */
  async reload(): Promise<void> {
    let etag = ''
    const doc = await api.get<PageDocument>(this.documentUrl, {
      onResponse: (r) => {
        etag = r.headers.get('ETag') ?? ''
        if (this.branch) this.headVersionId = r.headers.get('X-Version-Id') ?? this.headVersionId
      },
    })
    this.etag = etag
    this.store.reset(doc)
    this.store.takePending()
    this.set('saved')
  }

  /** After a refused edit: drop the unsaved ops by undoing back to the last save point is not possible in general, so reload. */
  async discardRefused(): Promise<void> {
    await this.reload()
  }
}
