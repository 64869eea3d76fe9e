import { describe, expect, it } from 'vitest'
import type { AssetVariant } from '../../api/assets'
import { formatVariantFiles, variantRows } from './AssetDetails'

const jpeg = (width: number, height: number, size: number): AssetVariant => ({ width, height, contentType: 'image/jpeg', size })
const webp = (width: number, height: number, size: number): AssetVariant => ({ width, height, contentType: 'image/webp', size })

describe('variantRows', () => {
  it.each([
    {
      name: 'a WebP copy shares the row of its width',
      in: [jpeg(320, 213, 12_000), webp(320, 213, 8_000), jpeg(640, 427, 40_960), webp(640, 427, 28_672)],
      want: ['320 × 213: JPEG 12 KB · WebP 7.8 KB', '640 × 427: JPEG 40 KB · WebP 28 KB'],
    },
    {
      name: 'a width without a WebP copy shows its JPEG alone',
      in: [jpeg(320, 213, 12_000), webp(320, 213, 8_000), jpeg(1280, 853, 150_000)],
      want: ['320 × 213: JPEG 12 KB · WebP 7.8 KB', '1280 × 853: JPEG 146 KB'],
    },
    {
      name: 'assets from before WebP copies are listed as before',
      in: [{ width: 320, height: 213, contentType: 'image/png', size: 9_000 }, { width: 640, height: 427, contentType: 'image/png', size: 21_000 }],
      want: ['320 × 213: PNG 8.8 KB', '640 × 427: PNG 21 KB'],
    },
    {
      name: 'out of order, ascending by width',
      in: [webp(640, 427, 28_672), jpeg(640, 427, 40_960), jpeg(320, 213, 12_000)],
      want: ['320 × 213: JPEG 12 KB', '640 × 427: JPEG 40 KB · WebP 28 KB'],
    },
  ])('$name', ({ in: variants, want }) => {
    expect(variantRows(variants).map((r) => `${r.width} × ${r.height}: ${formatVariantFiles(r)}`)).toEqual(want)
  })
})
