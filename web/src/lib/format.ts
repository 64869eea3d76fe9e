// Date formatting helpers. Absolute times use the browser's locale.

const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
]

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? null : d
}

/** "3 minutes ago", "yesterday", "in 2 weeks". */
export function relativeTime(iso: string | null | undefined, now: Date = new Date()): string {
  const d = parse(iso)
  if (!d) return '—'
  const seconds = (d.getTime() - now.getTime()) / 1000
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit)
  }
  return Math.abs(seconds) < 45 ? 'just now' : rtf.format(Math.round(seconds / 60), 'minute')
}

export function formatDateTime(iso: string | null | undefined): string {
  const d = parse(iso)
  return d ? dateTime.format(d) : '—'
}

export function formatDate(iso: string | null | undefined): string {
  const d = parse(iso)
  return d ? dateOnly.format(d) : '—'
}

export function isPast(iso: string | null | undefined, now: Date = new Date()): boolean {
  const d = parse(iso)
  return d ? d.getTime() <= now.getTime() : false
}
