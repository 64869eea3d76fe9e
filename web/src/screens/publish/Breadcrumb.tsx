import { Text } from '@radix-ui/themes'
import { Link } from '@tanstack/react-router'
import type { ReactNode } from 'react'
import { SiteBreadcrumb } from '../../components/SiteBreadcrumb'

/**
 * Sites › <site> › Publish [› <environment>] › <current>. The last item is
 * the current page (no link).
 */
export function PublishBreadcrumb({
  siteId,
  siteName,
  env,
  current,
}: {
  siteId: string
  siteName: string
  /** An environment between Publish and the current page. */
  env?: { slug: string; name: string }
  /** The current page's name; none: Publish is the current page. */
  current?: string
}) {
  const links: ReactNode[] = []
  if (current) {
    links.push(
      <Link key="publish" to="/sites/$siteId/publish" params={{ siteId }} activeOptions={{ exact: true }}>
        Publish
      </Link>,
    )
  }
  if (env) {
    links.push(
      <Link key="env" to="/sites/$siteId/publish/$env" params={{ siteId, env: env.slug }} activeOptions={{ exact: true }}>
        <Text truncate>{env.name}</Text>
      </Link>,
    )
  }
  return <SiteBreadcrumb siteId={siteId} siteName={siteName} links={links} current={current ?? 'Publish'} />
}
