import { Box, Button, Flex, Text } from '@radix-ui/themes'
import { Check, Copy } from 'lucide-react'
import { useState } from 'react'
import { absoluteUrl, copyText } from '../lib/links'

/** A one-time link shown in full, with a Copy button. */
export function CopyLink({ link, testId, label = 'Link' }: { link: string; testId: string; label?: string }) {
  const url = absoluteUrl(link)
  const [copied, setCopied] = useState(false)
  const [copyFailed, setCopyFailed] = useState(false)
  return (
    <Flex direction="column" gap="1">
      <Text as="div" size="2" weight="medium">
        {label}
      </Text>
      <Flex gap="2" align="start">
        <Box
          flexGrow="1"
          minWidth="0"
          px="3"
          py="2"
          className="mono"
          style={{
            fontSize: 'var(--font-size-1)',
            lineHeight: 1.5,
            wordBreak: 'break-all',
            background: 'var(--gray-a3)',
            border: '1px solid var(--gray-a5)',
            borderRadius: 'var(--radius-2)',
            userSelect: 'all',
          }}
        >
          <span data-testid={testId}>{url}</span>
        </Box>
        <Button
          type="button"
          variant="soft"
          onClick={async () => {
            const ok = await copyText(url)
            setCopied(ok)
            setCopyFailed(!ok)
          }}
        >
          {copied ? <Check size={14} /> : <Copy size={14} />} {copied ? 'Copied' : 'Copy'}
        </Button>
      </Flex>
      {copyFailed && (
        <Text size="1" color="red">
          Your browser blocked copying. Select the link and copy it yourself.
        </Text>
      )}
    </Flex>
  )
}
