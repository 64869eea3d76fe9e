// Sites › <site> [› links…] › <current>: the breadcrumb of every screen
// inside a site. The last item is the current page and has no link.
import { Flex, Text } from '@radix-ui/themes'
import { Link } from '@tanstack/react-router'
import { ChevronRight } from 'lucide-react'
import { Fragment, type ReactNode } from 'react'

export function SiteBreadcrumb({
  siteId,
  siteName,
  links = [],
  current,
}: {
  siteId: string
  siteName: string
  /** Links between the site and the current page. */
  links?: ReactNode[]
  current: string
}) {
  const items: ReactNode[] = [
    <Link key="sites" to="/sites" activeOptions={{ exact: true }}>
      Sites
    </Link>,
    <Link key="site" to="/sites/$siteId" params={{ siteId }} activeOptions={{ exact: true }}>
      <Text truncate>{siteName}</Text>
    </Link>,
    ...links,
  ]
  return (
    <nav aria-label="Breadcrumb">
      <Flex align="center" gap="1" wrap="wrap" asChild>
        <ol className="breadcrumb">
          {items.map((item, i) => (
            <Fragment key={i}>
              <li>{item}</li>
              <li aria-hidden="true">
                <ChevronRight size={14} />
              </li>
            </Fragment>
          ))}
          <li aria-current="page">
            <Text truncate>{current}</Text>
          </li>
        </ol>
      </Flex>
    </nav>
  )
}
