// One environment: /sites/$siteId/publish/$env (its deployments) and
// /sites/$siteId/publish/$env/settings.
import { Box, Button, Flex, Link as RadixLink, Skeleton, TabNav, Text } from '@radix-ui/themes'
import { useQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { ExternalLink, Rocket, ServerOff } from 'lucide-react'
import { useState } from 'react'
import { ApiError } from '../../api/client'
import { siteQuery } from '../../api/queries'
import { EmptyState } from '../../components/EmptyState'
import { ErrorCallout } from '../../components/ErrorCallout'
import { PageHeader } from '../../components/PageHeader'
import { absoluteEnvUrl, accessLabel, displayUrl, environmentsQuery } from './api'
import { ApprovalBadge, EnvironmentKindBadge } from './Badges'
import { PublishBreadcrumb } from './Breadcrumb'
import { DeployDialog } from './DeployDialogs'
import { DeploymentHistory } from './DeploymentHistory'
import { EnvironmentSettings } from './EnvironmentSettings'
import { useCanPublish } from './permissions'
import './publish.css'

export type EnvironmentTab = 'deployments' | 'settings'

export function EnvironmentScreen({ siteId, envRef, tab }: { siteId: string; envRef: string; tab: EnvironmentTab }) {
  const site = useQuery(siteQuery(siteId))
  const envs = useQuery(environmentsQuery(siteId))
  const canPublish = useCanPublish()
  const [deploying, setDeploying] = useState(false)
  const env = envs.data?.find((e) => e.slug === envRef || e.id === envRef)
  const siteName = site.data?.name ?? '…'
  const current = tab === 'settings' ? 'Settings' : 'Deployments'

  if (site.isError || envs.isError) {
    const err = site.error ?? envs.error
    return (
      <>
        <PageHeader title="Environment" eyebrow={<PublishBreadcrumb siteId={siteId} siteName={siteName} current="Environment" />} />
        <ErrorCallout error={err} title={err instanceof ApiError && err.status === 404 ? undefined : 'Could not load the environment.'} />
      </>
    )
  }

  if (envs.data && !env) {
    return (
      <>
        <PageHeader title="Environment not found" eyebrow={<PublishBreadcrumb siteId={siteId} siteName={siteName} current="Environment" />} />
        <EmptyState
          icon={<ServerOff size={28} />}
          title="This environment does not exist"
          description="It may have been deleted, or the link is wrong."
          action={
            <Button asChild variant="soft">
              <Link to="/sites/$siteId/publish" params={{ siteId }}>
                Back to Publish
              </Link>
            </Button>
          }
        />
      </>
    )
  }

  const url = env ? absoluteEnvUrl(env.url) : ''

  return (
    <>
      <PageHeader
        eyebrow={
          <PublishBreadcrumb siteId={siteId} siteName={siteName} env={env ? { slug: env.slug, name: env.name } : undefined} current={current} />
        }
        title={env ? env.name : <Skeleton width="200px" height="32px" />}
        description={
          env ? (
            <Flex as="span" align="center" gap="2" wrap="wrap">
              <EnvironmentKindBadge kind={env.kind} />
              {env.requiresApproval && <ApprovalBadge />}
              <RadixLink href={url} target="_blank" rel="noopener noreferrer" className="pw-url" highContrast>
                {displayUrl(url)}
                <ExternalLink size={13} aria-hidden="true" />
                <span className="visually-hidden"> (opens in a new tab)</span>
              </RadixLink>
              <Text color="gray">· {accessLabel(env.access)}</Text>
            </Flex>
          ) : (
            <Skeleton width="320px" height="16px" />
          )
        }
        actions={
          env &&
          canPublish && (
            <Button onClick={() => setDeploying(true)} highContrast>
              <Rocket size={16} /> Deploy…
            </Button>
          )
        }
      />

      <Box mb="5">
        <TabNav.Root aria-label={env ? `${env.name} sections` : 'Environment sections'}>
          <TabNav.Link asChild active={tab === 'deployments'}>
            <Link to="/sites/$siteId/publish/$env" params={{ siteId, env: envRef }} aria-current={tab === 'deployments' ? 'page' : undefined}>
              Deployments
            </Link>
          </TabNav.Link>
          <TabNav.Link asChild active={tab === 'settings'}>
            <Link to="/sites/$siteId/publish/$env/settings" params={{ siteId, env: envRef }} aria-current={tab === 'settings' ? 'page' : undefined}>
              Settings
            </Link>
          </TabNav.Link>
        </TabNav.Root>
      </Box>

      {!env ? (
        <Flex direction="column" gap="3" aria-busy="true" aria-label="Loading the environment">
          <Skeleton height="40px" />
          <Skeleton height="40px" />
          <Skeleton height="40px" />
        </Flex>
      ) : tab === 'settings' ? (
        <EnvironmentSettings siteId={siteId} env={env} canEdit={canPublish} />
      ) : (
        <DeploymentHistory siteId={siteId} env={env} canPublish={canPublish} onDeploy={() => setDeploying(true)} />
      )}

      {deploying && env && <DeployDialog siteId={siteId} env={env} open onOpenChange={(o) => !o && setDeploying(false)} />}
    </>
  )
}
