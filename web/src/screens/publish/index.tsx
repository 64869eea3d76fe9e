// The publishing screens, loaded on demand by the router.
import { useParams } from '@tanstack/react-router'
import { DeploymentScreen } from './DeploymentScreen'
import { EnvironmentScreen } from './EnvironmentScreen'
import { PublishScreen } from './PublishScreen'

export function PublishRoute() {
  const { siteId = '' } = useParams({ strict: false })
  return <PublishScreen key={siteId} siteId={siteId} />
}

export function EnvironmentHistoryRoute() {
  const { siteId = '', env = '' } = useParams({ strict: false })
  return <EnvironmentScreen key={`${siteId}/${env}`} siteId={siteId} envRef={env} tab="deployments" />
}

export function EnvironmentSettingsRoute() {
  const { siteId = '', env = '' } = useParams({ strict: false })
  return <EnvironmentScreen key={`${siteId}/${env}`} siteId={siteId} envRef={env} tab="settings" />
}

export function DeploymentRoute() {
  const { siteId = '', deploymentId = '' } = useParams({ strict: false })
  return <DeploymentScreen key={deploymentId} siteId={siteId} deploymentId={deploymentId} />
}
