// Rules of thumb for how search engines and link previews show a page.

/** Search results usually cut titles after about this many characters. */
export const TITLE_LIMIT = 60
/** …and descriptions after about this many. */
export const DESCRIPTION_LIMIT = 155

/** What the renderer writes in <title> when the title is empty. */
export const UNTITLED = 'Untitled page'

/** The renderer's rule for <html lang>: anything else falls back to "en". */
const LANG_RE = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/

export const LANG_SUGGESTIONS: { tag: string; label: string }[] = [
  { tag: 'en', label: 'English' },
  { tag: 'en-GB', label: 'English (UK)' },
  { tag: 'fr', label: 'French' },
  { tag: 'es', label: 'Spanish' },
  { tag: 'de', label: 'German' },
]

/** Characters as people count them (an emoji is one), not UTF-16 units. */
export function charCount(s: string): number {
  return Array.from(s).length
}

/**
 * s cut to at most limit characters at a word boundary when one is near,
 * with an ellipsis; s itself when it fits.
 */
export function truncateForPreview(s: string, limit: number): string {
  const chars = Array.from(s.trim())
  if (chars.length <= limit) return chars.join('')
  let cut = chars.slice(0, limit - 1).join('')
  // Back up to the last whole word, unless the cut already ends one.
  if (!/\s/.test(chars[limit - 1] ?? '')) {
    const space = cut.lastIndexOf(' ')
    if (space > limit * 0.6) cut = cut.slice(0, space)
  }
  return `${cut.replace(/[\s.,;:–—-]+$/, '')}…`
}

/** A problem with a BCP 47 language tag, or null when it is fine or empty. */
export function langError(tag: string): string | null {
  const t = tag.trim()
  if (!t) return null
  return LANG_RE.test(t) ? null : 'Use a language tag such as en, en-GB or fr. Published pages fall back to en.'
}
