// A deployment's log: monospace lines with time, stage and level, following
// the newest line unless the reader has scrolled up to read.
import { Badge, Box, Button, Flex, Text } from '@radix-ui/themes'
import { ArrowDown } from 'lucide-react'
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { formatDateTime } from '../../lib/format'
import { logTime, type LogLine } from './api'

/** Within this many pixels of the bottom counts as "at the bottom". */
const STICK_PX = 24

const LEVEL_COLOR = { info: 'gray', warn: 'amber', error: 'red' } as const

export function DeploymentLog({ lines, live, emptyText }: { lines: LogLine[]; live: boolean; emptyText: string }) {
  const ref = useRef<HTMLDivElement>(null)
  const [stuck, setStuck] = useState(true)
  const [unseen, setUnseen] = useState(0)
  const seen = useRef(0)

  const onScroll = () => {
    const el = ref.current
    if (!el) return
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_PX
    setStuck(atBottom)
    if (atBottom) setUnseen(0)
  }

  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    const added = lines.length - seen.current
    seen.current = lines.length
    if (stuck) el.scrollTop = el.scrollHeight
    else if (added > 0) setUnseen((n) => n + added)
    // Only new lines move the view; scrolling is the reader's.
  }, [lines])

  useEffect(() => {
    if (stuck) setUnseen(0)
  }, [stuck])

  const jump = () => {
    const el = ref.current
    if (!el) return
    el.scrollTop = el.scrollHeight
    setStuck(true)
    setUnseen(0)
  }

  return (
    <Box position="relative">
      <div
        ref={ref}
        className="pw-log mono"
        role="log"
        aria-label="Deployment log"
        aria-live={live ? 'polite' : 'off'}
        tabIndex={0}
        onScroll={onScroll}
        data-testid="deployment-log"
      >
        {lines.length === 0 ? (
          <Text as="p" size="1" color="gray" className="pw-log-empty">
            {emptyText}
          </Text>
        ) : (
          <ol>
            {lines.map((l) => (
              <li key={l.seq} className="pw-log-line" data-level={l.level}>
                <time dateTime={l.at} title={formatDateTime(l.at)} className="pw-log-time">
                  {logTime(l.at)}
                </time>
                <span className="pw-log-stage">{l.stage}</span>
                <span className="pw-log-message">
                  {l.level !== 'info' && (
                    <span className="pw-log-level" data-level={l.level}>
                      {l.level === 'warn' ? 'WARN ' : 'ERROR '}
                    </span>
                  )}
                  {l.message}
                </span>
              </li>
            ))}
          </ol>
        )}
      </div>
      {!stuck && unseen > 0 && (
        <Flex justify="center" className="pw-log-jump">
          <Button size="1" variant="solid" highContrast radius="full" onClick={jump}>
            <ArrowDown size={13} /> {unseen === 1 ? '1 new line' : `${unseen} new lines`}
          </Button>
        </Flex>
      )}
      {lines.length > 0 && (
        <Flex gap="2" mt="2" align="center">
          <Text size="1" color="gray">
            {lines.length === 1 ? '1 line' : `${lines.length} lines`}
          </Text>
          {lines.some((l) => l.level === 'warn') && (
            <Badge color={LEVEL_COLOR.warn} variant="soft" size="1">
              {lines.filter((l) => l.level === 'warn').length} warnings
            </Badge>
          )}
          {lines.some((l) => l.level === 'error') && (
            <Badge color={LEVEL_COLOR.error} variant="soft" size="1">
              {lines.filter((l) => l.level === 'error').length} errors
            </Badge>
          )}
        </Flex>
      )}
    </Box>
  )
}
