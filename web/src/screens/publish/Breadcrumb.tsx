import { Flex, Text } from '@radix-ui/themes'
import { Link } from '@tanstack/react-router'
import { ChevronRight } from 'lucide-react'
import { Fragment, type ReactNode } from 'react'

function Sep() {
  return (
    <li aria-hidden="true">
      <ChevronRight size={14} />
    </li>
  )
}

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
  const items: ReactNode[] = [
    <Link key="sites" to="/sites" activeOptions={{ exact: true }}>
      Sites
    </Link>,
    <Link key="site" to="/sites/$siteId" params={{ siteId }} activeOptions={{ exact: true }}>
      <Text truncate>{siteName}</Text>
    </Link>,
  ]
  if (current) {
    items.push(
      <Link key="publish" to="/sites/$siteId/publish" params={{ siteId }} activeOptions={{ exact: true }}>
        Publish
      </Link>,
    )
  }
  if (env) {
    items.push(
      <Link key="env" to="/sites/$siteId/publish/$env" params={{ siteId, env: env.slug }} activeOptions={{ exact: true }}>
        <Text truncate>{env.name}</Text>
      </Link>,
    )
  }
  return (
    <nav aria-label="Breadcrumb">
      <Flex align="center" gap="1" wrap="wrap" asChild>
        <ol className="breadcrumb">
          {items.map((item, i) => (
            <Fragment key={i}>
              <li>{item}</li>
              <Sep />
            </Fragment>
          ))}
          <li aria-current="page">
            <Text truncate>{current ?? 'Publish'}</Text>
          </li>
        </ol>
      </Flex>
    </nav>
  )
}
