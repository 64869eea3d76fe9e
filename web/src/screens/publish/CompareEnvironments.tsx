// Which pages and versions differ between two environments.
import { Badge, Box, Card, Code, Flex, Heading, IconButton, Select, Skeleton, Table, Text, Tooltip } from '@radix-ui/themes'
import { useQuery } from '@tanstack/react-query'
import { ArrowLeftRight, GitCompareArrows } from 'lucide-react'
import { useId, useState } from 'react'
import { ErrorCallout } from '../../components/ErrorCallout'
import { formatDateTime } from '../../lib/format'
import { compareQuery, comparisonState, type Environment, type PageState } from './api'

function defaultPair(envs: Environment[]): [string, string] {
  const dev = envs.find((e) => e.kind === 'development') ?? envs[0]
  const prod = envs.find((e) => e.kind === 'production') ?? envs.find((e) => e.id !== dev?.id)
  return [dev?.slug ?? '', prod?.slug ?? '']
}

function EnvSelect({ label, value, onChange, envs }: { label: string; value: string; onChange: (v: string) => void; envs: Environment[] }) {
  const id = useId()
  return (
    <Flex direction="column" gap="1" minWidth="180px">
      <Text as="label" htmlFor={id} size="1" color="gray" weight="medium">
        {label}
      </Text>
      <Select.Root value={value} onValueChange={onChange}>
        <Select.Trigger id={id} />
        <Select.Content position="popper">
          {envs.map((e) => (
            <Select.Item key={e.id} value={e.slug}>
              {e.name}
            </Select.Item>
          ))}
        </Select.Content>
      </Select.Root>
    </Flex>
  )
}

function Version({ s }: { s: PageState | null }) {
  if (!s) {
    return (
      <Text size="2" color="gray">
        Not deployed
      </Text>
    )
  }
  return (
    <Flex direction="column">
      <Text size="2" weight="medium">
        {s.versionNumber ? `Version ${s.versionNumber}` : 'Deployed'}
      </Text>
      <Text size="1" color="gray">
        {formatDateTime(s.publishedAt)}
      </Text>
    </Flex>
  )
}

const STATE_BADGE = {
  same: { color: 'green', label: 'Same' },
  different: { color: 'amber', label: 'Different' },
  'only-a': { color: 'amber', label: 'Different' },
  'only-b': { color: 'amber', label: 'Different' },
} as const

export function CompareEnvironments({ siteId, environments }: { siteId: string; environments: Environment[] }) {
  const [initialA, initialB] = defaultPair(environments)
  const [a, setA] = useState(initialA)
  const [b, setB] = useState(initialB)
  const headingId = useId()
  const enabled = Boolean(a && b && a !== b)
  const cmp = useQuery({ ...compareQuery(siteId, a, b), enabled })
  const nameOf = (slug: string) => environments.find((e) => e.slug === slug)?.name ?? slug

  return (
    <Card size="3" asChild>
      <section aria-labelledby={headingId} data-testid="compare">
        <Flex direction="column" gap="4">
          <Flex justify="between" align={{ initial: 'start', sm: 'end' }} gap="4" direction={{ initial: 'column', sm: 'row' }}>
            <Flex direction="column" gap="1">
              <Flex align="center" gap="2">
                <Text color="gray" style={{ display: 'flex' }} aria-hidden="true">
                  <GitCompareArrows size={18} />
                </Text>
                <Heading as="h2" size="4" id={headingId}>
                  Compare environments
                </Heading>
              </Flex>
              <Text size="2" color="gray">
                Which pages, in which versions, each environment serves.
              </Text>
            </Flex>
            <Flex align="end" gap="2" wrap="wrap">
              <EnvSelect label="Compare" value={a} onChange={setA} envs={environments} />
              <Tooltip content="Swap">
                <IconButton
                  variant="soft"
                  color="gray"
                  aria-label="Swap the environments"
                  onClick={() => {
                    setA(b)
                    setB(a)
                  }}
                >
                  <ArrowLeftRight size={15} />
                </IconButton>
              </Tooltip>
              <EnvSelect label="With" value={b} onChange={setB} envs={environments} />
            </Flex>
          </Flex>

          {!enabled ? (
            <Text size="2" color="gray">
              Choose two different environments.
            </Text>
          ) : cmp.isPending ? (
            <Box aria-busy="true" aria-label="Comparing">
              {[0, 1, 2].map((i) => (
                <Skeleton key={i} height="20px" mb="2" />
              ))}
            </Box>
          ) : cmp.isError ? (
            <ErrorCallout error={cmp.error} title="Could not compare." />
          ) : cmp.data.pages.length === 0 ? (
            <Text size="2" color="gray" data-testid="compare-empty">
              Neither {nameOf(a)} nor {nameOf(b)} has any pages deployed yet.
            </Text>
          ) : (
            <>
              <Flex gap="2" align="center" wrap="wrap" data-testid="compare-summary" role="status">
                <Badge color="green" variant="soft" highContrast radius="full">
                  {cmp.data.same} the same
                </Badge>
                <Badge color={cmp.data.different ? 'amber' : 'gray'} variant="soft" highContrast radius="full">
                  {cmp.data.different} different
                </Badge>
                <Text size="2" color="gray">
                  {cmp.data.different === 0
                    ? `${nameOf(a)} and ${nameOf(b)} serve the same pages.`
                    : `${cmp.data.pages.length} ${cmp.data.pages.length === 1 ? 'page' : 'pages'} in all.`}
                </Text>
              </Flex>
              <Box className="table-card" style={{ border: '1px solid var(--gray-a5)', borderRadius: 'var(--radius-3)' }}>
                <Table.Root variant="ghost" size="2" className="pw-compare-table">
                  <Table.Header>
                    <Table.Row>
                      <Table.ColumnHeaderCell>Page</Table.ColumnHeaderCell>
                      <Table.ColumnHeaderCell>{nameOf(a)}</Table.ColumnHeaderCell>
                      <Table.ColumnHeaderCell>{nameOf(b)}</Table.ColumnHeaderCell>
                      <Table.ColumnHeaderCell>Status</Table.ColumnHeaderCell>
                    </Table.Row>
                  </Table.Header>
                  <Table.Body>
                    {cmp.data.pages.map((p) => {
                      const st = comparisonState(p)
                      const badge = STATE_BADGE[st]
                      return (
                        <Table.Row key={p.pageId} data-testid="compare-row" data-state={st}>
                          <Table.RowHeaderCell>
                            <Text as="div" size="2" weight="medium">
                              {p.title}
                            </Text>
                            <Code variant="ghost" color="gray" size="1">
                              {p.path}
                            </Code>
                          </Table.RowHeaderCell>
                          <Table.Cell>
                            <Version s={p.a} />
                          </Table.Cell>
                          <Table.Cell>
                            <Version s={p.b} />
                          </Table.Cell>
                          <Table.Cell>
                            <Badge color={badge.color} variant="soft" highContrast radius="full">
                              {badge.label}
                            </Badge>
                            {st === 'only-a' && (
                              <Text as="div" size="1" color="gray">
                                Only in {nameOf(a)}
                              </Text>
                            )}
                            {st === 'only-b' && (
                              <Text as="div" size="1" color="gray">
                                Only in {nameOf(b)}
                              </Text>
                            )}
                          </Table.Cell>
                        </Table.Row>
                      )
                    })}
                  </Table.Body>
                </Table.Root>
              </Box>
            </>
          )}
        </Flex>
      </section>
    </Card>
  )
}
