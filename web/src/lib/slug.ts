// Slugs name sites and pages in URLs. The server's rule: lowercase letters,
// digits and hyphens, 1–100 characters, not starting or ending with a hyphen.

export const SLUG_MAX_LENGTH = 100

const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/

/** Suggests a slug for a title: "Flu Clinic – Été 2025!" → "flu-clinic-ete-2025". */
export function suggestSlug(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // drop accents left by NFKD
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '') // "Children's" → "childrens"
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/g, '')
}

/** Returns a human-readable problem with slug, or null when it is valid. */
export function slugError(slug: string): string | null {
  if (slug.length === 0) return 'Enter a slug.'
  if (slug.length > SLUG_MAX_LENGTH) return `Use at most ${SLUG_MAX_LENGTH} characters.`
  if (/[A-Z]/.test(slug)) return 'Use lowercase letters only.'
  if (/[^a-z0-9-]/.test(slug)) return 'Use only lowercase letters, digits and hyphens.'
  if (slug.startsWith('-') || slug.endsWith('-')) return 'A slug cannot start or end with a hyphen.'
  return SLUG_PATTERN.test(slug) ? null : 'Use only lowercase letters, digits and hyphens.'
}

export function isValidSlug(slug: string): boolean {
  return slugError(slug) === null
}
