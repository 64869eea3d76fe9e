import { Flex, Text } from '@radix-ui/themes'

/** The Pagewright mark: a page laid out in blocks. */
export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="var(--accent-9)" />
      <g fill="var(--accent-contrast)">
        <rect x="8" y="8" width="16" height="4" rx="1.25" />
        <rect x="8" y="14" width="7" height="10" rx="1.25" />
        <rect x="17" y="14" width="7" height="4" rx="1.25" opacity=".75" />
        <rect x="17" y="20" width="7" height="4" rx="1.25" opacity=".75" />
      </g>
    </svg>
  )
}

export function Logo({ size = 28, textClassName }: { size?: number; textClassName?: string }) {
  return (
    <Flex align="center" gap="2">
      <LogoMark size={size} />
      <Text size="4" weight="bold" className={textClassName} style={{ letterSpacing: '-0.01em' }}>
        Pagewright
      </Text>
    </Flex>
  )
}
