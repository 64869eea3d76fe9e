/** The server may send links as paths ("/invite/…"): make them absolute so they can be shared. */
export function absoluteUrl(link: string, origin: string = window.location.origin): string {
  if (/^https?:\/\//i.test(link)) return link
  return origin + (link.startsWith('/') ? link : `/${link}`)
}

/** Copies text; false when the browser refused (no permission, insecure context). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}
