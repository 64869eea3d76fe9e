// One environment on the Publish screen: where it is served, who may see
// it, what is live there, and the ways to change that.
import { Box, Button, Card, Flex, Heading, Link as RadixLink, Separator, Skeleton, Text, Tooltip } from '@radix-ui/themes'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { ArrowUpRight, CloudUpload, Code2, Eye, ExternalLink, FlaskConical, Globe, History, Lock, Rocket, Settings, Users } from 'lucide-react'
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { ErrorCallout } from '../../components/ErrorCallout'
import { formatDateTime, relativeTime } from '../../lib/format'
import {
  absoluteEnvUrl,
  accessLabel,
  deploymentQuery,
  displayUrl,
  isInProgress,
  latestDeploymentQuery,
  refreshPublishing,
  type Deployment,
  type Environment,
  type EnvironmentKind,
} from './api'
import { ApprovalBadge, DeploymentStatusBadge, EnvironmentKindBadge } from './Badges'
import { DeployDialog, PromoteDialog } from './DeployDialogs'

const KIND_ICON: Record<EnvironmentKind, ReactNode> = {
  development: <Code2 size={18} />,
  staging: <FlaskConical size={18} />,
  production: <Globe size={18} />,
  preview: <Eye size={18} />,
}

function AccessLine({ env }: { env: Environment }) {
  const icon = env.access.mode === 'public' ? <Globe size={14} /> : env.access.mode === 'login' ? <Lock size={14} /> : <Users size={14} />
  const hint =
    env.access.mode === 'public'
      ? 'Anyone with the link can see it.'
      : env.access.mode === 'login'
        ? 'Only signed-in members of your organisation can see it.'
        : 'Only signed-in members with these roles can see it.'
  return (
    <Flex align="center" gap="2">
      <Text color="gray" style={{ display: 'flex' }} aria-hidden="true">
        {icon}
      </Text>
      <Text size="2">
        <Text color="gray">Access: </Text>
        <Text weight="medium" data-testid="env-access">
          {accessLabel(env.access)}
        </Text>
        <Text color="gray"> — {hint}</Text>
      </Text>
    </Flex>
  )
}

function By({ d }: { d: Deployment }) {
  return (
    <Text size="1" color="gray">
      {d.triggeredBy?.name ? <>by {d.triggeredBy.name} · </> : null}
      <time dateTime={d.finishedAt ?? d.createdAt} title={formatDateTime(d.finishedAt ?? d.createdAt)}>
        {relativeTime(d.finishedAt ?? d.createdAt)}
      </time>
    </Text>
  )
}

function LiveDeployment({ siteId, env, canPublish }: { siteId: string; env: Environment; canPublish: boolean }) {
  const live = useQuery({ ...deploymentQuery(env.liveDeploymentId ?? ''), enabled: Boolean(env.liveDeploymentId) })
  if (!env.liveDeploymentId) {
    return (
      <Box className="pw-live-box" data-empty="true" data-testid="env-empty">
        <Flex align="center" gap="3">
          <Text color="gray" style={{ display: 'flex' }} aria-hidden="true">
            <CloudUpload size={20} />
          </Text>
          <Flex direction="column" gap="1" flexGrow="1">
            <Text size="2" weight="medium">
              Nothing deployed yet
            </Text>
            <Text size="1" color="gray">
              {canPublish
                ? 'Deploy to put the site’s pages here.'
                : 'An Admin deploys to put the site’s pages here.'}
            </Text>
          </Flex>
        </Flex>
      </Box>
    )
  }
  if (live.isPending) {
    return (
      <Box className="pw-live-box" aria-busy="true" aria-label="Loading the live deployment">
        <Skeleton height="16px" width="60%" mb="2" />
        <Skeleton height="12px" width="40%" />
      </Box>
    )
  }
  if (live.isError) return <ErrorCallout error={live.error} title="Could not load the live deployment." />
  const d = live.data
  return (
    <Box className="pw-live-box" data-testid="env-live">
      <Flex align="start" justify="between" gap="3">
        <Flex direction="column" gap="1" minWidth="0">
          <Text size="1" color="green" highContrast weight="bold" style={{ textTransform: 'uppercase', letterSpacing: '0.04em' }}>
            Live now
          </Text>
          <Text size="2" weight="medium" data-testid="env-live-message" style={{ overflowWrap: 'anywhere' }}>
            {d.message || <Text color="gray">No message</Text>}
          </Text>
          <By d={d} />
        </Flex>
        <Button size="1" variant="ghost" asChild>
          <Link
            to="/sites/$siteId/deployments/$deploymentId"
            params={{ siteId, deploymentId: d.id }}
            aria-label={`View the live deployment of ${env.name}`}
          >
            View <ArrowUpRight size={13} />
          </Link>
        </Button>
      </Flex>
    </Box>
  )
}

/** The newest deployment, when it is not the live one and still matters (running, waiting, failed). */
function LatestAttempt({ siteId, env, latest }: { siteId: string; env: Environment; latest: Deployment }) {
  if (latest.id === env.liveDeploymentId || latest.status === 'success') return null
  return (
    <Flex align="center" justify="between" gap="3" data-testid="env-latest">
      <Flex align="center" gap="2" minWidth="0" wrap="wrap">
        <Text size="1" color="gray">
          Latest:
        </Text>
        <DeploymentStatusBadge status={latest.status} />
        {isInProgress(latest.status) && (
          <Text size="1" color="gray" className="pw-progress-label">
            {latest.progress}%
          </Text>
        )}
        <Text size="1" color="gray" truncate>
          {latest.message ? `“${latest.message}”` : null} {relativeTime(latest.createdAt)}
        </Text>
      </Flex>
      <RadixLink asChild size="1">
        <Link to="/sites/$siteId/deployments/$deploymentId" params={{ siteId, deploymentId: latest.id }}>
          {latest.status === 'pending_approval' ? 'Review' : 'View'}
        </Link>
      </RadixLink>
    </Flex>
  )
}

export function EnvironmentCard({
  siteId,
  env,
  environments,
  canPublish,
}: {
  siteId: string
  env: Environment
  environments: Environment[]
  canPublish: boolean
}) {
  const qc = useQueryClient()
  const [deploying, setDeploying] = useState(false)
  const [promoting, setPromoting] = useState(false)
  const latest = useQuery({
    ...latestDeploymentQuery(siteId, env.slug),
    // While a deployment runs, follow it here too.
    refetchInterval: (q) => (q.state.data && isInProgress(q.state.data.status) ? 1500 : false),
  })
  const live = useQuery({ ...deploymentQuery(env.liveDeploymentId ?? ''), enabled: Boolean(env.liveDeploymentId) })

  // When a deployment followed here finishes, what is live may have changed.
  const prevStatus = useRef(latest.data?.status)
  useEffect(() => {
    const now = latest.data?.status
    if (prevStatus.current && now && prevStatus.current !== now && !isInProgress(now)) refreshPublishing(qc, siteId)
    prevStatus.current = now
  }, [latest.data?.status, qc, siteId])

  const url = absoluteEnvUrl(env.url)
  const headingId = `env-${env.id}-name`
  const canPromote = canPublish && Boolean(live.data?.status === 'success') && environments.length > 1

  return (
    <Card size="3" className="pw-env-card" data-kind={env.kind} data-testid="env-card" data-env={env.slug} asChild>
      <section aria-labelledby={headingId}>
        <Flex direction="column" gap="3" height="100%">
          <Flex align="start" justify="between" gap="3">
            <Flex align="center" gap="3" minWidth="0">
              <span className="pw-env-icon" data-kind={env.kind} aria-hidden="true">
                {KIND_ICON[env.kind] ?? <Rocket size={18} />}
              </span>
              <Flex direction="column" gap="1" minWidth="0">
                <Flex align="center" gap="2" wrap="wrap">
                  <Heading as="h2" size="4" id={headingId} truncate>
                    {env.name}
                  </Heading>
                  <EnvironmentKindBadge kind={env.kind} />
                  {env.requiresApproval && <ApprovalBadge />}
                </Flex>
                <RadixLink href={url} target="_blank" rel="noopener noreferrer" size="2" className="pw-url" data-testid="env-url">
                  {displayUrl(url)}
                  <ExternalLink size={13} aria-hidden="true" />
                  <span className="visually-hidden"> (opens in a new tab)</span>
                </RadixLink>
              </Flex>
            </Flex>
            <Tooltip content={`${env.name} settings`}>
              <Button variant="ghost" color="gray" size="1" asChild>
                <Link to="/sites/$siteId/publish/$env/settings" params={{ siteId, env: env.slug }} aria-label={`${env.name} settings`}>
                  <Settings size={16} />
                </Link>
              </Button>
            </Tooltip>
          </Flex>

          <AccessLine env={env} />

          <LiveDeployment siteId={siteId} env={env} canPublish={canPublish} />

          {latest.data && <LatestAttempt siteId={siteId} env={env} latest={latest.data} />}

          <Separator size="4" className="pw-env-card-footer" />
          <Flex align="center" justify="between" gap="2" wrap="wrap">
            <Flex gap="2" wrap="wrap">
              {canPublish && (
                <Button onClick={() => setDeploying(true)} variant={env.kind === 'production' ? 'solid' : 'soft'} highContrast>
                  <Rocket size={15} /> Deploy…
                </Button>
              )}
              {canPromote && (
                <Button variant="soft" color="gray" onClick={() => setPromoting(true)}>
                  <ArrowUpRight size={15} /> Promote…
                </Button>
              )}
            </Flex>
            <Button variant="ghost" color="gray" asChild>
              <Link to="/sites/$siteId/publish/$env" params={{ siteId, env: env.slug }} aria-label={`History of ${env.name}`}>
                <History size={15} /> History
              </Link>
            </Button>
          </Flex>
        </Flex>

      {deploying && <DeployDialog siteId={siteId} env={env} open onOpenChange={(o) => !o && setDeploying(false)} />}
      {promoting && live.data && (
        <PromoteDialog
          siteId={siteId}
          source={live.data}
          sourceEnv={env}
          environments={environments}
          open
          onOpenChange={(o) => !o && setPromoting(false)}
        />
      )}
      </section>
    </Card>
  )
}
