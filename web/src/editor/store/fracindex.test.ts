import { describe, expect, it } from 'vitest'
import { keyBetween, keysBetween, validKey } from './fracindex'

describe('keyBetween', () => {
  const cases: [string | null, string | null][] = [
    [null, null],
    ['a0', null],
    [null, 'a0'],
    ['a0', 'a1'],
    ['a0', 'a5'],
    ['a0', 'a0a0'],
    ['a0a0', 'a1'],
    ['az', null],
    ['Zz', 'a0'],
    ['a0Zz', 'a0'.concat('a0')],
    ['b10', 'b11'],
  ]
  it.each(cases)('between %s and %s', (a, b) => {
    const k = keyBetween(a, b)
    expect(validKey(k)).toBe(true)
    if (a !== null) expect(k > a).toBe(true)
    if (b !== null) expect(k < b).toBe(true)
  })

  it('stays short under repeated inserts at one spot', () => {
    let lo: string | null = 'a0'
    const hi = 'a1'
    for (let i = 0; i < 1000; i++) {
      const k = keyBetween(lo, hi)
      expect(k > lo! && k < hi).toBe(true)
      lo = k
    }
    expect(lo!.length).toBeLessThan(8)
    let hi2: string | null = 'a1'
    for (let i = 0; i < 1000; i++) {
      const k = keyBetween('a0', hi2)
      expect(k > 'a0' && k < hi2!).toBe(true)
      hi2 = k
    }
    expect(hi2!.length).toBeLessThan(8)
  })

  it('makes n ordered keys', () => {
    const ks = keysBetween('a0', 'a1', 5)
    expect([...ks].sort()).toEqual(ks)
    expect(new Set(ks).size).toBe(5)
  })
})
