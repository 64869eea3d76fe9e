import { describe, expect, it } from 'vitest'
import { MIN_PASSWORD_LENGTH, PASSWORD_RULES, confirmPasswordError, isCommonPassword, passwordError, passwordHint } from './password'

describe('passwordError', () => {
  it.each([
    'correct horse battery staple',
    'Riverside-clinic-2025',
    'a'.repeat(11) + 'b',
    'twelve chars',
  ])('accepts %j', (pw) => {
    expect(passwordError(pw)).toBeNull()
  })

  it('asks for a password when empty', () => {
    expect(passwordError('')).toBe('Enter a password.')
  })

  it('says how many characters are missing', () => {
    expect(passwordError('short')).toBe(`Use at least ${MIN_PASSWORD_LENGTH} characters (7 more).`)
  })

  it('counts exactly 12 characters as long enough', () => {
    expect(passwordError('abcdefghijk')).toContain('1 more')
    expect(passwordError('xkcd-936-wow')).toBeNull()
  })

  it.each(['password1234', 'PASSWORD1234', '123456789012', 'aaaaaaaaaaaaaaa', 'abcdefghijklm', 'qwertyuiopas', '987654321098'])(
    'rejects the common password %j',
    (pw) => {
      expect(isCommonPassword(pw)).toBe(true)
      expect(passwordError(pw)).toContain('too common')
    },
  )
})

describe('passwordHint', () => {
  it('shows the rules', () => {
    expect(PASSWORD_RULES).toBe('At least 12 characters; not a common password')
    expect(passwordHint('')).toBe('At least 12 characters; not a common password.')
    expect(passwordHint('correct horse battery')).toBe('At least 12 characters; not a common password.')
  })

  it('counts down while typing', () => {
    expect(passwordHint('abcdefghij')).toContain('2 more characters to go')
    expect(passwordHint('abcdefghijk')).toContain('1 more character to go')
  })
})

describe('confirmPasswordError', () => {
  it('needs the same password twice', () => {
    expect(confirmPasswordError('correct horse battery', '')).toBe('Type the new password again.')
    expect(confirmPasswordError('correct horse battery', 'correct horse battery!')).toContain('don’t match')
    expect(confirmPasswordError('correct horse battery', 'correct horse battery')).toBeNull()
  })
})
