// Fractional index keys, in the server's format (internal/doc/fracindex.go):
// a key is one or more segments; a segment is a head letter giving its digit
// count (a..z: 1..26 digits, non-negative; Z..A: 1..26 digits, negative)
// followed by that many base-62 digits. Keys order as plain strings, and a
// key sorts before any of its extensions.

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

function segmentLen(h: string): number {
  if (h >= 'a' && h <= 'z') return h.charCodeAt(0) - 97 + 1
  if (h >= 'A' && h <= 'Z') return 90 - h.charCodeAt(0) + 1
  return 0
}

/** Splits a key into its first segment and the rest. */
function firstSegment(k: string): [string, string] {
  const n = 1 + segmentLen(k.charAt(0))
  return [k.slice(0, n), k.slice(n)]
}

export function validKey(k: string): boolean {
  if (!k) return false
  for (let i = 0; i < k.length; ) {
    const n = segmentLen(k.charAt(i))
    if (n === 0 || i + 1 + n > k.length) return false
    for (let j = i + 1; j <= i + n; j++) if (DIGITS.indexOf(k.charAt(j)) < 0) return false
    i += 1 + n
  }
  return true
}

function increment(s: string): string {
  const b = s.split('')
  for (let i = b.length - 1; i >= 1; i--) {
    if (b[i] !== 'z') {
      b[i] = DIGITS.charAt(DIGITS.indexOf(b[i]!) + 1)
      return b.join('')
    }
    b[i] = '0'
  }
  const h = b[0]!
  if (h === 'z') return ''
  if (h === 'Z') return 'a0'
  if (h >= 'a') return String.fromCharCode(h.charCodeAt(0) + 1) + b.slice(1).join('') + '0'
  return String.fromCharCode(h.charCodeAt(0) + 1) + b.slice(1, -1).join('')
}

function decrement(s: string): string {
  const b = s.split('')
  for (let i = b.length - 1; i >= 1; i--) {
    if (b[i] !== '0') {
      b[i] = DIGITS.charAt(DIGITS.indexOf(b[i]!) - 1)
      return b.join('')
    }
    b[i] = 'z'
  }
  const h = b[0]!
  if (h === 'A') return ''
  if (h === 'a') return 'Zz'
  if (h <= 'Z') return String.fromCharCode(h.charCodeAt(0) - 1) + b.slice(1).join('') + 'z'
  return String.fromCharCode(h.charCodeAt(0) - 1) + b.slice(1, -1).join('')
}

/**
 * A key strictly between a and b (null: unbounded). Counting the first
 * differing segment keeps keys short for the common cases: appending,
 * prepending and inserting repeatedly at one spot.
 */
export function keyBetween(a: string | null, b: string | null): string {
  if (a !== null && b !== null && a >= b) throw new Error(`keyBetween: ${a} is not below ${b}`)
  if (a === null && b === null) return 'a0'
  if (b === null) {
    const [sa, rest] = firstSegment(a!)
    const inc = increment(sa)
    return inc !== '' ? inc : sa + keyBetween(rest || null, null)
  }
  if (a === null) {
    const [sb, rest] = firstSegment(b)
    const dec = decrement(sb)
    return dec !== '' ? dec : sb + keyBetween(null, rest || null)
  }
  const [sa, ra] = firstSegment(a)
  const [sb, rb] = firstSegment(b)
  if (sa === sb) return sa + keyBetween(ra || null, rb || null)
  const inc = increment(sa)
  if (inc !== '' && inc < sb) return inc
  return sa + keyBetween(ra || null, null)
}

/** n keys in order strictly between a and b. */
export function keysBetween(a: string | null, b: string | null, n: number): string[] {
  const out: string[] = []
  let lo = a
  for (let i = 0; i < n; i++) {
    lo = keyBetween(lo, b)
    out.push(lo)
  }
  return out
}
