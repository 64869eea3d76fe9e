import { Box, Flex, Heading, Text } from '@radix-ui/themes'
import type { ReactNode } from 'react'

interface EmptyStateProps {
  icon: ReactNode
  title: string
  description: ReactNode
  action?: ReactNode
}

/** A friendly "nothing here yet" panel that says what to do next. */
export function EmptyState({ icon, title, description, action }: EmptyStateProps) {
  return (
    <Box className="empty-state" p="6">
      <Flex direction="column" align="center" gap="3" py="6" style={{ textAlign: 'center' }}>
        <Flex align="center" justify="center" className="empty-state-icon">
          {icon}
        </Flex>
        <Heading as="h2" size="4">
          {title}
        </Heading>
        <Text as="p" color="gray" size="2" style={{ maxWidth: 420 }}>
          {description}
        </Text>
        {action && <Flex mt="2">{action}</Flex>}
      </Flex>
    </Box>
  )
}
