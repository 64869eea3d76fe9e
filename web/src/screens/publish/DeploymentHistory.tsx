// An environment's deployments, newest first, with "Roll back to this".
import { Box, Button, Card, Code, Flex, Link as RadixLink, Skeleton, Table, Text } from '@radix-ui/themes'
import { useInfiniteQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { History, Rocket, Undo2 } from 'lucide-react'
import { useState } from 'react'
import { EmptyState } from '../../components/EmptyState'
import { ErrorCallout } from '../../components/ErrorCallout'
import { formatDateTime, relativeTime } from '../../lib/format'
import {
  KIND_DEPLOY_LABEL,
  deploymentDurationMs,
  deploymentsQuery,
  formatDuration,
  isInProgress,
  shortId,
  type Deployment,
  type Environment,
} from './api'
import { DeploymentStatusBadge, LiveBadge } from './Badges'
import { RollbackDialog } from './DeployDialogs'

function HistorySkeleton() {
  return (
    <Card size="1" aria-busy="true" aria-label="Loading deployments">
      <Flex direction="column" gap="3" p="2">
        {[0, 1, 2, 3].map((i) => (
          <Flex key={i} gap="4" align="center">
            <Skeleton height="20px" width="12%" />
            <Skeleton height="16px" width="36%" />
            <Skeleton height="16px" width="16%" />
            <Skeleton height="16px" width="14%" />
          </Flex>
        ))}
      </Flex>
    </Card>
  )
}

export function DeploymentHistory({
  siteId,
  env,
  canPublish,
  onDeploy,
}: {
  siteId: string
  env: Environment
  canPublish: boolean
  onDeploy: () => void
}) {
  const list = useInfiniteQuery({
    ...deploymentsQuery(siteId, env.slug),
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.items.some((d) => isInProgress(d.status))) ? 2000 : false,
  })
  const [rollingBack, setRollingBack] = useState<Deployment | null>(null)

  if (list.isPending) return <HistorySkeleton />
  if (list.isError) return <ErrorCallout error={list.error} title="Could not load the deployments." />
  const items = list.data.pages.flatMap((p) => p.items)
  // The list says which is live; the environment may be fresher.
  const isLive = (d: Deployment) => (env.liveDeploymentId ? d.id === env.liveDeploymentId : d.live)

  if (items.length === 0) {
    return (
      <EmptyState
        icon={<History size={28} />}
        title="No deployments yet"
        description={
          canPublish
            ? `Nothing has been deployed to ${env.name}. Deploy to put the site’s pages here.`
            : `Nothing has been deployed to ${env.name} yet.`
        }
        action={
          canPublish && (
            <Button size="3" onClick={onDeploy} highContrast>
              <Rocket size={16} /> Deploy to {env.name}…
            </Button>
          )
        }
      />
    )
  }

  return (
    <>
      <Card size="1" className="table-card">
        <Table.Root variant="ghost" size="2" aria-label={`Deployments of ${env.name}`}>
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>Status</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Deployment</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Started by</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>When</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Duration</Table.ColumnHeaderCell>
              {canPublish && (
                <Table.ColumnHeaderCell>
                  <span className="visually-hidden">Actions</span>
                </Table.ColumnHeaderCell>
              )}
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {items.map((d) => {
              const live = isLive(d)
              return (
                <Table.Row key={d.id} align="center" data-testid="deployment-row" data-live={live ? 'true' : 'false'} data-id={d.id}>
                  <Table.Cell>
                    <Flex gap="2" align="center" wrap="wrap">
                      <DeploymentStatusBadge status={d.status} />
                      {live && <LiveBadge />}
                    </Flex>
                  </Table.Cell>
                  <Table.RowHeaderCell>
                    <Box minWidth="0" style={{ maxWidth: 420 }}>
                      <RadixLink asChild weight="medium" highContrast underline="hover">
                        <Link
                          to="/sites/$siteId/deployments/$deploymentId"
                          params={{ siteId, deploymentId: d.id }}
                          data-testid="deployment-link"
                          style={{ overflowWrap: 'anywhere' }}
                        >
                          {d.message || `Deployment ${shortId(d.id)}`}
                        </Link>
                      </RadixLink>
                      <Text as="div" size="1" color="gray">
                        {KIND_DEPLOY_LABEL[d.kind] ?? d.kind}
                        {d.sourceDeploymentId ? (
                          <>
                            {' of '}
                            <Link
                              to="/sites/$siteId/deployments/$deploymentId"
                              params={{ siteId, deploymentId: d.sourceDeploymentId }}
                              className="pw-quiet-link"
                            >
                              {shortId(d.sourceDeploymentId)}
                            </Link>
                          </>
                        ) : null}{' '}
                        ·{' '}
                        <Code variant="ghost" size="1" color="gray">
                          {shortId(d.id)}
                        </Code>
                        {d.status === 'failed' && d.error ? <> · {d.error}</> : null}
                      </Text>
                    </Box>
                  </Table.RowHeaderCell>
                  <Table.Cell>
                    <Text size="2">{d.triggeredBy?.name ?? 'Pagewright'}</Text>
                  </Table.Cell>
                  <Table.Cell>
                    <Text size="2" title={formatDateTime(d.createdAt)}>
                      <time dateTime={d.createdAt}>{relativeTime(d.createdAt)}</time>
                    </Text>
                  </Table.Cell>
                  <Table.Cell>
                    <Text size="2" className="pw-progress-label">
                      {isInProgress(d.status) ? `${d.progress}%` : d.kind === 'rollback' ? 'Instant' : formatDuration(deploymentDurationMs(d))}
                    </Text>
                  </Table.Cell>
                  {canPublish && (
                    <Table.Cell justify="end">
                      {d.status === 'success' && !live && (
                        <Button
                          size="1"
                          variant="soft"
                          color="gray"
                          onClick={() => setRollingBack(d)}
                          aria-label={`Roll back to this: ${d.message || `deployment ${shortId(d.id)}`}`}
                        >
                          <Undo2 size={13} /> Roll back to this
                        </Button>
                      )}
                    </Table.Cell>
                  )}
                </Table.Row>
              )
            })}
          </Table.Body>
        </Table.Root>
        {list.hasNextPage && (
          <Flex justify="center" py="3">
            <Button variant="soft" color="gray" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              Load more
            </Button>
          </Flex>
        )}
      </Card>
      {rollingBack && <RollbackDialog deployment={rollingBack} envName={env.name} onClose={() => setRollingBack(null)} />}
    </>
  )
}
