// Follows a deployment as it runs: its state and log arrive over the events
// stream (server-sent events); when the stream cannot be used, the
// deployment and its new log lines are polled every second instead.
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { ApiError, api } from '../../api/client'
import {
  deploymentQuery,
  eventsUrl,
  fetchLogs,
  isTerminal,
  mergeLog,
  normalizeDeployment,
  publishKeys,
  refreshPublishing,
  type Deployment,
  type LogLine,
} from './api'

export type Transport = 'connecting' | 'stream' | 'poll' | 'done'

export const POLL_MS = 1000

export function useDeploymentLive(id: string) {
  const qc = useQueryClient()
  const query = useQuery(deploymentQuery(id))
  const [log, setLog] = useState<LogLine[]>([])
  const [transport, setTransport] = useState<Transport>('connecting')
  const lastSeq = useRef(0)

  useEffect(() => {
    let cancelled = false
    let finished = false
    let es: EventSource | null = null
    let pollTimer: ReturnType<typeof setTimeout> | undefined
    let flushTimer: ReturnType<typeof setTimeout> | undefined
    let pending: LogLine[] = []
    const ctrl = new AbortController()
    lastSeq.current = 0
    setLog([])
    setTransport('connecting')

    // Lines arrive one event each: render them in small batches.
    const flush = () => {
      flushTimer = undefined
      const lines = pending
      pending = []
      if (!cancelled && lines.length) setLog((prev) => mergeLog(prev, lines))
    }
    const addLines = (lines: LogLine[], now = false) => {
      if (!lines.length) return
      for (const l of lines) if (l.seq > lastSeq.current) lastSeq.current = l.seq
      pending.push(...lines)
      if (now) flush()
      else flushTimer ??= setTimeout(flush, 40)
    }
    const setState = (d: Deployment) => {
      qc.setQueryData(publishKeys.deployment(id), normalizeDeployment(d))
    }
    const finish = async (d: Deployment) => {
      finished = true
      es?.close()
      // Catch up with any line the stream had no room for, then let the
      // lists and the environment (its live deployment) refresh.
      try {
        addLines(await fetchLogs(id, lastSeq.current, ctrl.signal), true)
      } catch {
        // The log shown is what we have.
      }
      flush()
      if (cancelled) return
      refreshPublishing(qc, d.siteId)
      setTransport('done')
    }

    const poll = async () => {
      if (cancelled) return
      try {
        const [raw, lines] = await Promise.all([
          api.get<Deployment>(`/deployments/${encodeURIComponent(id)}`, { signal: ctrl.signal }),
          fetchLogs(id, lastSeq.current, ctrl.signal),
        ])
        if (cancelled) return
        addLines(lines, true)
        const d = normalizeDeployment(raw)
        setState(d)
        if (isTerminal(d.status)) {
          await finish(d)
          return
        }
      } catch (err) {
        if (cancelled) return
        // A 4xx (gone, no access) will not mend itself: the page shows the query's error.
        if (err instanceof ApiError && err.status >= 400 && err.status < 500) {
          setTransport('done')
          return
        }
      }
      pollTimer = setTimeout(() => void poll(), POLL_MS)
    }
    const startPolling = () => {
      if (cancelled || finished) return
      setTransport('poll')
      void poll()
    }

    if (typeof EventSource === 'undefined') {
      startPolling()
    } else {
      const source = new EventSource(eventsUrl(id), { withCredentials: true })
      es = source
      source.addEventListener('open', () => {
        if (!cancelled && !finished) setTransport('stream')
      })
      source.addEventListener('log', (e) => {
        try {
          addLines([JSON.parse((e as MessageEvent<string>).data) as LogLine])
        } catch {
          // A malformed line is skipped; the catch-up fetch fills gaps.
        }
      })
      source.addEventListener('state', (e) => {
        let d: Deployment
        try {
          d = normalizeDeployment(JSON.parse((e as MessageEvent<string>).data) as Deployment)
        } catch {
          return
        }
        flush()
        setState(d)
        if (isTerminal(d.status)) void finish(d)
      })
      source.addEventListener('error', () => {
        if (cancelled || finished) return
        // The stream broke (a proxy that buffers, a restart): poll instead.
        source.close()
        startPolling()
      })
    }

    return () => {
      cancelled = true
      ctrl.abort()
      es?.close()
      clearTimeout(pollTimer)
      clearTimeout(flushTimer)
    }
  }, [id, qc])

  return { query, deployment: query.data, log, transport }
}
