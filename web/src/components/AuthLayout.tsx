import { Box, Card, Flex, Heading, Text } from '@radix-ui/themes'
import type { ReactNode } from 'react'
import { LogoMark } from './Logo'

/** The centred card used by the first-run and sign-in screens. */
export function AuthLayout({ title, description, children, footer }: {
  title: string
  description: ReactNode
  children: ReactNode
  footer?: ReactNode
}) {
  return (
    <Flex className="auth-backdrop" minHeight="100vh" align="center" justify="center" px="4" py="8">
      <Box width="100%" maxWidth="440px">
        <main>
          <Flex direction="column" align="center" gap="3" mb="5" style={{ textAlign: 'center' }}>
            <LogoMark size={44} />
            <Heading as="h1" size="6" style={{ letterSpacing: '-0.02em' }}>
              {title}
            </Heading>
            <Text as="p" size="2" color="gray">
              {description}
            </Text>
          </Flex>
          <Card size="4" className="auth-card">
            {children}
          </Card>
          {footer && (
            <Text as="p" size="1" color="gray" align="center" mt="4">
              {footer}
            </Text>
          )}
        </main>
      </Box>
    </Flex>
  )
}
