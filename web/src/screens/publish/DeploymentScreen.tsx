// One deployment, live: /sites/$siteId/deployments/$deploymentId. Progress,
// the four stages, the outcome (live link, error, approval), the build's
// figures and the log, updated over the events stream.
import {
  Box,
  Button,
  Callout,
  Card,
  Code,
  DataList,
  Flex,
  Heading,
  Link as RadixLink,
  Progress,
  Skeleton,
  Text,
} from '@radix-ui/themes'
import { useQuery } from '@tanstack/react-query'
import { Link, useNavigate } from '@tanstack/react-router'
import { ArrowLeft, ArrowUpRight, CircleAlert, CircleCheck, Clock, ExternalLink, FileQuestion, Undo2, XCircle } from 'lucide-react'
import { useEffect, useState, type ReactNode } from 'react'
import { ApiError } from '../../api/client'
import { siteQuery } from '../../api/queries'
import { EmptyState } from '../../components/EmptyState'
import { ErrorCallout } from '../../components/ErrorCallout'
import { PageHeader } from '../../components/PageHeader'
import { formatDateTime, relativeTime } from '../../lib/format'
import {
  KIND_DEPLOY_LABEL,
  absoluteEnvUrl,
  deploymentDurationMs,
  deploymentQuery,
  displayUrl,
  environmentsQuery,
  formatBytes,
  formatDuration,
  isInProgress,
  isTerminal,
  shortId,
  statusMeta,
  type Deployment,
  type Environment,
} from './api'
import { ApprovalPanel } from './ApprovalPanel'
import { DeploymentStatusBadge, LiveBadge } from './Badges'
import { PublishBreadcrumb } from './Breadcrumb'
import { DeploymentLog } from './DeploymentLog'
import { PromoteDialog, RollbackDialog } from './DeployDialogs'
import { StageStepper } from './StageStepper'
import { useCanPublish, useUserId } from './permissions'
import { useDeploymentLive } from './useDeploymentLive'
import './publish.css'

/** The current time, ticking every second while `active`. */
function useNow(active: boolean): Date {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    if (!active) return
    const t = setInterval(() => setNow(new Date()), 1000)
    return () => clearInterval(t)
  }, [active])
  return now
}

/** The headline over the progress bar. */
export function progressHeadline(d: Deployment): string {
  switch (d.status) {
    case 'pending_approval':
      return 'Not started'
    case 'queued':
      return 'Queued — starting shortly'
    case 'building':
      return 'Building the pages…'
    case 'optimizing':
      return 'Optimizing the files…'
    case 'deploying':
      return 'Deploying…'
    case 'verifying':
      return 'Verifying every file…'
    case 'success':
      return d.kind === 'rollback' ? 'Rolled back' : 'Deployed'
    case 'failed':
      return 'Failed'
    case 'rejected':
      return 'Rejected'
  }
  return statusMeta(d.status).label
}

function ProgressCard({ d, now }: { d: Deployment; now: Date }) {
  const running = isInProgress(d.status)
  const elapsed = deploymentDurationMs(d, running ? now : undefined)
  const color = d.status === 'failed' ? 'red' : d.status === 'success' ? 'green' : d.status === 'rejected' ? 'orange' : undefined
  return (
    <Card size="3" data-testid="progress-card">
      <Flex direction="column" gap="4">
        <Flex justify="between" align="end" gap="3" wrap="wrap">
          <Flex direction="column" gap="1">
            <Heading as="h2" size="4" data-testid="progress-headline">
              {progressHeadline(d)}
            </Heading>
            <Text size="2" color="gray">
              {elapsed !== null ? (
                <>
                  {running ? 'Running for ' : 'Took '}
                  {formatDuration(elapsed)}
                </>
              ) : d.status === 'pending_approval' ? (
                <>Requested {relativeTime(d.createdAt)}</>
              ) : (
                <>Created {relativeTime(d.createdAt)}</>
              )}
            </Text>
          </Flex>
          <Text size="6" weight="bold" className="pw-progress-label" data-testid="progress-value" aria-hidden="true">
            {d.progress}%
          </Text>
        </Flex>
        <Progress
          value={d.progress}
          max={100}
          size="3"
          color={color}
          aria-label={`Deployment progress: ${d.progress}%`}
        />
        <StageStepper stages={d.stages} waiting={d.status === 'pending_approval' || d.status === 'queued' || d.status === 'rejected'} />
      </Flex>
    </Card>
  )
}

function Outcome({
  d,
  env,
  siteId,
  canPublish,
  userId,
  servedBy,
}: {
  d: Deployment
  env?: Environment
  siteId: string
  canPublish: boolean
  userId: string
  /** The live deployment that ships this one's artifact again (a rollback to it). */
  servedBy?: Deployment
}) {
  const envName = env?.name ?? d.environment
  const url = absoluteEnvUrl(d.url || env?.url || '')
  switch (d.status) {
    case 'success':
      if (d.live) {
        return (
          <Callout.Root color="green" variant="surface" highContrast size="2" data-testid="outcome" data-outcome="live">
            <Callout.Icon>
              <CircleCheck size={18} />
            </Callout.Icon>
            <Callout.Text size="3">
              Live at{' '}
              <RadixLink href={url} target="_blank" rel="noopener noreferrer" weight="bold" highContrast underline="always" data-testid="live-url">
                {displayUrl(url)}
                <ExternalLink size={13} aria-hidden="true" style={{ marginLeft: 4, verticalAlign: '-1px' }} />
                <span className="visually-hidden"> (opens in a new tab)</span>
              </RadixLink>
            </Callout.Text>
          </Callout.Root>
        )
      }
      if (servedBy) {
        return (
          <Callout.Root color="green" variant="surface" highContrast data-testid="outcome" data-outcome="served-again">
            <Callout.Icon>
              <CircleCheck size={16} />
            </Callout.Icon>
            <Callout.Text>
              {envName} serves this deployment again since {servedBy.triggeredBy?.name ?? 'someone'}{' '}
              <RadixLink asChild highContrast underline="always">
                <Link to="/sites/$siteId/deployments/$deploymentId" params={{ siteId, deploymentId: servedBy.id }}>
                  rolled back to it
                </Link>
              </RadixLink>{' '}
              {relativeTime(servedBy.createdAt)}.
            </Callout.Text>
          </Callout.Root>
        )
      }
      return (
        <Callout.Root color="gray" variant="surface" data-testid="outcome" data-outcome="replaced">
          <Callout.Icon>
            <Clock size={16} />
          </Callout.Icon>
          <Callout.Text>
            This deployment succeeded, but {envName} now serves a later one.
            {canPublish ? ' Roll back to this to make it live again, at once.' : ''}
          </Callout.Text>
        </Callout.Root>
      )
    case 'failed':
      return (
        <Callout.Root color="red" variant="surface" highContrast role="alert" data-testid="outcome" data-outcome="failed">
          <Callout.Icon>
            <CircleAlert size={18} />
          </Callout.Icon>
          <Flex direction="column" gap="1">
            <Callout.Text weight="bold">The deployment failed.</Callout.Text>
            {d.error && (
              <Callout.Text>
                <Code variant="ghost" color="red" highContrast style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="deployment-error">
                  {d.error}
                </Code>
              </Callout.Text>
            )}
            <Callout.Text>Nothing was activated; the environment still serves its previous deployment.</Callout.Text>
          </Flex>
        </Callout.Root>
      )
    case 'rejected':
      return (
        <Callout.Root color="orange" variant="surface" highContrast data-testid="outcome" data-outcome="rejected">
          <Callout.Icon>
            <XCircle size={18} />
          </Callout.Icon>
          <Flex direction="column" gap="1">
            <Callout.Text weight="bold">
              Rejected{d.approval ? ` by ${d.approval.by.name}` : ''}
              {d.approval ? ` ${relativeTime(d.approval.at)}` : ''}.
            </Callout.Text>
            {d.approval?.comment && <Callout.Text>“{d.approval.comment}”</Callout.Text>}
            <Callout.Text>Nothing was deployed; {envName} still serves what it did before.</Callout.Text>
          </Flex>
        </Callout.Root>
      )
    case 'pending_approval':
      return <ApprovalPanel deployment={d} envName={envName} canApprove={canPublish} userId={userId} />
    default:
      return null
  }
}

function Stat({ label, value, hint }: { label: string; value: ReactNode; hint?: string }) {
  return (
    <div className="pw-stat">
      <Text as="div" size="1" color="gray">
        {label}
      </Text>
      <Text as="div" size="5" weight="bold" className="pw-progress-label" title={hint}>
        {value}
      </Text>
    </div>
  )
}

function Stats({ d }: { d: Deployment }) {
  const s = d.stats
  const built = s.pages > 0 || s.files > 0
  return (
    <Card size="3" asChild>
      <section aria-labelledby="pw-stats-heading" data-testid="stats">
        <Flex align="baseline" gap="2" mb="3">
          <Heading as="h2" size="3" id="pw-stats-heading">
            Build
          </Heading>
          {built && (
            <Text size="2" color="gray">
              {s.pages === 1 ? '1 page' : `${s.pages} pages`}
            </Text>
          )}
        </Flex>
        {built ? (
          <div className="pw-stats">
            <Stat label="Rendered" value={s.rendered} hint="Pages rendered for this build" />
            <Stat label="Reused" value={s.reused} hint="Unchanged pages taken from the previous build" />
            <Stat label="Files" value={s.files} />
            <Stat label="New objects" value={s.newObjects} hint="Objects the store did not have yet" />
            <Stat label="Size" value={formatBytes(s.bytes)} />
            <Stat label="Build time" value={formatDuration(s.buildMs)} />
          </div>
        ) : (
          <Text as="p" size="2" color="gray">
            {d.kind !== 'build'
              ? 'Nothing was built: this deployment ships an existing artifact.'
              : isTerminal(d.status)
                ? 'No build figures: the build did not finish.'
                : 'The figures appear once the pages are built.'}
          </Text>
        )}
      </section>
    </Card>
  )
}

function Details({ d, siteId, env }: { d: Deployment; siteId: string; env?: Environment }) {
  return (
    <Card size="3" asChild>
      <section aria-labelledby="pw-details-heading">
        <Heading as="h2" size="3" id="pw-details-heading" mb="3">
          Details
        </Heading>
        <DataList.Root size="2" orientation={{ initial: 'vertical', sm: 'horizontal' }}>
          <DataList.Item>
            <DataList.Label minWidth="120px">Environment</DataList.Label>
            <DataList.Value>
              <RadixLink asChild>
                <Link to="/sites/$siteId/publish/$env" params={{ siteId, env: d.environment }}>
                  {env?.name ?? d.environment}
                </Link>
              </RadixLink>
            </DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label minWidth="120px">Kind</DataList.Label>
            <DataList.Value>
              {KIND_DEPLOY_LABEL[d.kind] ?? d.kind}
              {d.sourceDeploymentId && (
                <>
                  &nbsp;of&nbsp;
                  <RadixLink asChild>
                    <Link to="/sites/$siteId/deployments/$deploymentId" params={{ siteId, deploymentId: d.sourceDeploymentId }}>
                      deployment {shortId(d.sourceDeploymentId)}
                    </Link>
                  </RadixLink>
                </>
              )}
            </DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label minWidth="120px">Message</DataList.Label>
            <DataList.Value>{d.message || <Text color="gray">None</Text>}</DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label minWidth="120px">Started by</DataList.Label>
            <DataList.Value>{d.triggeredBy?.name ?? 'Pagewright'}</DataList.Value>
          </DataList.Item>
          {d.approval && (
            <DataList.Item>
              <DataList.Label minWidth="120px">{d.approval.decision === 'approved' ? 'Approved by' : 'Rejected by'}</DataList.Label>
              <DataList.Value>
                {d.approval.by.name} · {formatDateTime(d.approval.at)}
                {d.approval.comment ? ` · “${d.approval.comment}”` : ''}
              </DataList.Value>
            </DataList.Item>
          )}
          <DataList.Item>
            <DataList.Label minWidth="120px">Created</DataList.Label>
            <DataList.Value>{formatDateTime(d.createdAt)}</DataList.Value>
          </DataList.Item>
          {d.finishedAt && (
            <DataList.Item>
              <DataList.Label minWidth="120px">Finished</DataList.Label>
              <DataList.Value>{formatDateTime(d.finishedAt)}</DataList.Value>
            </DataList.Item>
          )}
          {d.artifactHash && (
            <DataList.Item>
              <DataList.Label minWidth="120px">Artifact</DataList.Label>
              <DataList.Value>
                <Code variant="ghost" title={d.artifactHash}>
                  {d.artifactHash.slice(0, 12)}
                </Code>
              </DataList.Value>
            </DataList.Item>
          )}
          <DataList.Item>
            <DataList.Label minWidth="120px">ID</DataList.Label>
            <DataList.Value>
              <Code variant="ghost">{d.id}</Code>
            </DataList.Value>
          </DataList.Item>
        </DataList.Root>
      </section>
    </Card>
  )
}

function ScreenSkeleton() {
  return (
    <Flex direction="column" gap="4" aria-busy="true" aria-label="Loading the deployment">
      <Card size="3">
        <Skeleton height="24px" width="30%" mb="3" />
        <Skeleton height="12px" mb="4" />
        <Flex gap="4">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} height="32px" width="25%" />
          ))}
        </Flex>
      </Card>
      <Skeleton height="200px" />
    </Flex>
  )
}

export function DeploymentScreen({ siteId, deploymentId }: { siteId: string; deploymentId: string }) {
  const site = useQuery(siteQuery(siteId))
  const envs = useQuery(environmentsQuery(siteId))
  const { query, deployment: d, log, transport } = useDeploymentLive(deploymentId)
  const canPublish = useCanPublish()
  const userId = useUserId()
  const navigate = useNavigate()
  const now = useNow(Boolean(d && isInProgress(d.status)))
  const [rollingBack, setRollingBack] = useState(false)
  const [promoting, setPromoting] = useState(false)
  const env = envs.data?.find((e) => e.id === d?.environmentId || e.slug === d?.environment)
  const siteName = site.data?.name ?? '…'
  const envCrumb = d ? { slug: d.environment, name: env?.name ?? d.environment } : undefined
  // A successful deployment that is not live may still be served: by a rollback to it.
  const liveId = env?.liveDeploymentId ?? ''
  const current = useQuery({ ...deploymentQuery(liveId), enabled: Boolean(d && d.status === 'success' && !d.live && liveId && liveId !== d.id) })
  const servedBy = d && current.data && current.data.kind === 'rollback' && current.data.sourceDeploymentId === d.id ? current.data : undefined

  if (query.isError) {
    const notFound = query.error instanceof ApiError && query.error.status === 404
    return (
      <>
        <PageHeader
          title={notFound ? 'Deployment not found' : 'Deployment'}
          eyebrow={<PublishBreadcrumb siteId={siteId} siteName={siteName} current="Deployment" />}
        />
        {notFound ? (
          <EmptyState
            icon={<FileQuestion size={28} />}
            title="This deployment does not exist"
            description="The link may be wrong, or the environment it belonged to was deleted."
            action={
              <Button asChild variant="soft">
                <Link to="/sites/$siteId/publish" params={{ siteId }}>
                  Back to Publish
                </Link>
              </Button>
            }
          />
        ) : (
          <ErrorCallout error={query.error} title="Could not load the deployment." />
        )}
      </>
    )
  }

  const envName = env?.name ?? d?.environment ?? ''
  const liveUrl = d ? absoluteEnvUrl(d.url || env?.url || '') : ''

  return (
    <>
      <PageHeader
        eyebrow={<PublishBreadcrumb siteId={siteId} siteName={siteName} env={envCrumb} current={`Deployment ${shortId(deploymentId)}`} />}
        title={
          d ? (
            <>
              {d.kind === 'rollback' ? 'Rollback' : d.kind === 'promote' ? 'Promotion' : 'Deployment'} to {envName}
            </>
          ) : (
            <Skeleton width="320px" height="32px" />
          )
        }
        description={
          d ? (
            <Flex as="span" align="center" gap="2" wrap="wrap">
              <DeploymentStatusBadge status={d.status} size="2" />
              {d.live && <LiveBadge />}
              <Text as="span">
                {d.message ? <>“{d.message}” · </> : null}
                {d.triggeredBy?.name ? `started by ${d.triggeredBy.name}` : 'started by Pagewright'}{' '}
                <time dateTime={d.createdAt} title={formatDateTime(d.createdAt)}>
                  {relativeTime(d.createdAt)}
                </time>
              </Text>
            </Flex>
          ) : (
            <Skeleton width="360px" height="16px" />
          )
        }
        actions={
          d && (
            <>
              {d.live && (
                <Button asChild variant="soft" color="gray">
                  <a href={liveUrl} target="_blank" rel="noopener noreferrer">
                    <ExternalLink size={15} /> Open site
                    <span className="visually-hidden"> (opens in a new tab)</span>
                  </a>
                </Button>
              )}
              {canPublish && d.status === 'success' && !d.live && !servedBy && (
                <Button variant="soft" onClick={() => setRollingBack(true)}>
                  <Undo2 size={15} /> Roll back to this
                </Button>
              )}
              {canPublish && d.status === 'success' && env && (envs.data?.length ?? 0) > 1 && (
                <Button variant="soft" onClick={() => setPromoting(true)}>
                  <ArrowUpRight size={15} /> Promote…
                </Button>
              )}
            </>
          )
        }
      />

      {!d ? (
        <ScreenSkeleton />
      ) : (
        <Flex direction="column" gap="4">
          {d.status === 'pending_approval' ? (
            <>
              <Outcome d={d} env={env} siteId={siteId} canPublish={canPublish} userId={userId} servedBy={servedBy} />
              <ProgressCard d={d} now={now} />
            </>
          ) : (
            <>
              <ProgressCard d={d} now={now} />
              <Outcome d={d} env={env} siteId={siteId} canPublish={canPublish} userId={userId} servedBy={servedBy} />
            </>
          )}
          <div className="pw-detail-grid">
            <Stats d={d} />
            <Details d={d} siteId={siteId} env={env} />
          </div>
          <Card size="3" asChild>
            <section aria-labelledby="pw-log-heading">
              <Flex justify="between" align="center" mb="3" gap="3">
                <Heading as="h2" size="3" id="pw-log-heading">
                  Log
                </Heading>
                <Text size="1" color="gray" data-testid="transport">
                  {transport === 'stream' ? 'Live' : transport === 'poll' ? 'Updating every second' : transport === 'connecting' ? 'Connecting…' : ''}
                </Text>
              </Flex>
              <DeploymentLog
                lines={log}
                live={!isTerminal(d.status)}
                emptyText={
                  d.status === 'pending_approval'
                    ? 'The log starts once the deployment is approved.'
                    : d.status === 'queued'
                      ? 'Waiting for the build to start…'
                      : transport === 'done'
                        ? 'This deployment wrote no log.'
                        : 'Loading the log…'
                }
              />
            </section>
          </Card>
          <Box>
            <RadixLink asChild size="2" highContrast>
              <Link to="/sites/$siteId/publish/$env" params={{ siteId, env: d.environment }}>
                <ArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: '-2px', marginRight: 4 }} />
                All deployments of {envName}
              </Link>
            </RadixLink>
          </Box>
        </Flex>
      )}

      {rollingBack && d && (
        <RollbackDialog
          deployment={d}
          envName={envName}
          onClose={() => setRollingBack(false)}
          onDone={(r) => void navigate({ to: '/sites/$siteId/deployments/$deploymentId', params: { siteId, deploymentId: r.id } })}
        />
      )}
      {promoting && d && env && envs.data && (
        <PromoteDialog
          siteId={siteId}
          source={d}
          sourceEnv={env}
          environments={envs.data}
          open
          onOpenChange={(o) => !o && setPromoting(false)}
        />
      )}
    </>
  )
}
