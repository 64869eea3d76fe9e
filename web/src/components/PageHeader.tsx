import { Flex, Heading, Text } from '@radix-ui/themes'
import type { ReactNode } from 'react'

interface PageHeaderProps {
  title: ReactNode
  description?: ReactNode
  actions?: ReactNode
  /** Rendered above the title, e.g. a breadcrumb. */
  eyebrow?: ReactNode
}

/** The top of every screen: the one h1, a line of context and the main actions. */
export function PageHeader({ title, description, actions, eyebrow }: PageHeaderProps) {
  return (
    <Flex direction="column" gap="2" mb="5">
      {eyebrow}
      <Flex align={{ initial: 'start', sm: 'end' }} justify="between" gap="4" direction={{ initial: 'column', sm: 'row' }}>
        <Flex direction="column" gap="1" minWidth="0">
          <Heading as="h1" size="7" weight="bold" style={{ letterSpacing: '-0.02em' }} truncate>
            {title}
          </Heading>
          {description && (
            <Text as="p" color="gray" size="2">
              {description}
            </Text>
          )}
        </Flex>
        {actions && (
          <Flex gap="2" flexShrink="0" wrap="wrap">
            {actions}
          </Flex>
        )}
      </Flex>
    </Flex>
  )
}
