// The server's password rule: at least 12 characters and not a commonly used
// password. The server has the full list of common passwords; this catches
// the obvious ones early so people are not surprised after submitting.

export const MIN_PASSWORD_LENGTH = 12

export const PASSWORD_RULES = `At least ${MIN_PASSWORD_LENGTH} characters; not a common password`

const COMMON = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123456123456',
  '111111111111',
  '000000000000',
  'password1234',
  'password12345',
  'password123!',
  'passwordpassword',
  'password1234567',
  'qwertyuiopas',
  'qwerty123456',
  'qwertyuiop123',
  '1q2w3e4r5t6y',
  'iloveyou1234',
  'welcome12345',
  'letmein12345',
  'changeme1234',
  'administrator',
  'abcdefghijkl',
  'abc123abc123',
  'trustno1trustno1',
])

const RUNS = ['01234567890123456789012345678901234567890', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm']

/** True for passwords anyone would try first: listed ones, one repeated character, a plain run. */
export function isCommonPassword(password: string): boolean {
  const p = password.toLowerCase()
  if (COMMON.has(p)) return true
  if (p.length > 0 && new Set(p).size === 1) return true
  return RUNS.some((run) => run.includes(p) || [...run].reverse().join('').includes(p))
}

/** A message for what is wrong with a new password, or null when it passes the rules we can check here. */
export function passwordError(password: string): string | null {
  if (password.length === 0) return 'Enter a password.'
  if (password.length < MIN_PASSWORD_LENGTH) {
    const missing = MIN_PASSWORD_LENGTH - password.length
    return `Use at least ${MIN_PASSWORD_LENGTH} characters (${missing} more).`
  }
  if (isCommonPassword(password)) return 'This password is too common. A short sentence only you would think of works well.'
  return null
}

/** The live hint below a new-password field. */
export function passwordHint(password: string): string {
  if (password.length > 0 && password.length < MIN_PASSWORD_LENGTH) {
    const missing = MIN_PASSWORD_LENGTH - password.length
    return `${PASSWORD_RULES}. ${missing} more ${missing === 1 ? 'character' : 'characters'} to go.`
  }
  return `${PASSWORD_RULES}.`
}

/** The error for the "type it again" field, or null. */
export function confirmPasswordError(password: string, confirm: string): string | null {
  if (confirm.length === 0) return 'Type the new password again.'
  return confirm === password ? null : 'The passwords don’t match.'
}
