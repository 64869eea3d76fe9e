// Pure helpers of the template screens: counts, ratings, tags, visibility.
import type { Template, Visibility } from './api'

/** 950 → "950", 1234 → "1.2k", 1_250_000 → "1.3M". */
export function compactCount(n: number): string {
  const v = Math.max(0, Math.round(n))
  if (v < 1000) return String(v)
  const [div, unit] = v < 999_500 ? [1000, 'k'] : [1_000_000, 'M']
  const x = v / div
  const s = x >= 100 ? String(Math.round(x)) : x.toFixed(1).replace(/\.0$/, '')
  return s + unit
}

export function installsLabel(n: number): string {
  return `${compactCount(n)} ${n === 1 ? 'install' : 'installs'}`
}

export function reviewsLabel(n: number): string {
  return `${compactCount(n)} ${n === 1 ? 'rating' : 'ratings'}`
}

/** "4 stars", "1 star". */
export function starsLabel(n: number): string {
  return `${n} ${n === 1 ? 'star' : 'stars'}`
}

/** 4.26 → "4.3". */
export function formatRating(avg: number): string {
  return (Math.round(avg * 10) / 10).toFixed(1)
}

export function authorName(t: Pick<Template, 'builtin' | 'author'>): string {
  if (t.builtin || !t.author) return 'Pagewright'
  return t.author.name
}

export const MAX_TAGS = 20
export const MAX_TAG_LENGTH = 40

/**
 * "Flu, vaccination ,, flu , Clinic hours" → ["Flu", "vaccination", "Clinic hours"]:
 * trimmed, inner spaces collapsed, empties dropped, duplicates (ignoring case) dropped.
 */
export function parseTags(input: string): string[] {
  const out: string[] = []
  const seen = new Set<string>()
  for (const raw of input.split(',')) {
    const tag = raw.trim().replace(/\s+/g, ' ')
    if (!tag) continue
    const key = tag.toLowerCase()
    if (seen.has(key)) continue
    seen.add(key)
    out.push(tag)
  }
  return out
}

/** A problem with a list of tags, or null. */
export function tagsError(tags: string[]): string | null {
  if (tags.length > MAX_TAGS) return `Use at most ${MAX_TAGS} tags.`
  const long = tags.find((t) => t.length > MAX_TAG_LENGTH)
  if (long) return `Keep each tag under ${MAX_TAG_LENGTH + 1} characters (“${long.slice(0, 20)}…” is longer).`
  return null
}

export const VISIBILITIES: { value: Visibility; label: string; hint: string }[] = [
  { value: 'private', label: 'Private', hint: 'Only you' },
  { value: 'team', label: 'Team', hint: 'People who can see this site' },
  { value: 'organization', label: 'Organization', hint: 'Everyone in the organisation' },
]

export function visibilityLabel(v: Visibility): string {
  return VISIBILITIES.find((x) => x.value === v)?.label ?? v
}

/** Server field errors whose key starts with `prefix` ("tags", "tags[2]"), first one. */
export function fieldError(errors: Record<string, string>, prefix: string): string | undefined {
  if (errors[prefix]) return errors[prefix]
  const key = Object.keys(errors).find((k) => k.startsWith(`${prefix}[`) || k.startsWith(`${prefix}.`))
  return key ? errors[key] : undefined
}

/**
 * How far a frame `width` px wide must shrink to fit `available` px: 1 when
 * it fits or when the space is not known yet (0).
 */
export function fitScale(width: number, available: number): number {
  if (available <= 0 || width <= available) return 1
  return available / width
}
