// The Images screen of a site: /sites/$siteId/assets.
import { Code, Flex, Skeleton, Text } from '@radix-ui/themes'
import { useQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { ChevronRight } from 'lucide-react'
import { ApiError } from '../../api/client'
import { siteQuery } from '../../api/queries'
import { ErrorCallout } from '../../components/ErrorCallout'
import { PageHeader } from '../../components/PageHeader'
import { AssetLibrary } from './AssetLibrary'
import { useCanManageAssets } from './permissions'

function Breadcrumb({ siteId, siteName }: { siteId: string; siteName: string }) {
  return (
    <nav aria-label="Breadcrumb">
      <Flex align="center" gap="1" asChild>
        <ol className="breadcrumb">
          <li>
            <Link to="/sites">Sites</Link>
          </li>
          <li aria-hidden="true">
            <ChevronRight size={14} />
          </li>
          <li>
            <Link to="/sites/$siteId" params={{ siteId }}>
              <Text truncate>{siteName}</Text>
            </Link>
          </li>
          <li aria-hidden="true">
            <ChevronRight size={14} />
          </li>
          <li aria-current="page">Images</li>
        </ol>
      </Flex>
    </nav>
  )
}

export function AssetsScreen({ siteId }: { siteId: string }) {
  const site = useQuery(siteQuery(siteId))
  const canEdit = useCanManageAssets()
  const notFound = site.error instanceof ApiError && site.error.status === 404

  if (site.isError) {
    return (
      <>
        <PageHeader title={notFound ? 'Site not found' : 'Images'} eyebrow={<Breadcrumb siteId={siteId} siteName="Site" />} />
        <ErrorCallout error={site.error} title={notFound ? undefined : 'Could not load the site.'} />
      </>
    )
  }

  return (
    <>
      <PageHeader
        eyebrow={<Breadcrumb siteId={siteId} siteName={site.data?.name ?? '…'} />}
        title="Images"
        description={
          site.data ? (
            <>
              {canEdit ? 'Upload images for' : 'Images of'}{' '}
              <Text weight="medium" highContrast>
                {site.data.name}
              </Text>{' '}
              · <Code variant="ghost" color="gray">{site.data.slug}</Code>
            </>
          ) : (
            <Skeleton width="320px" height="16px" />
          )
        }
      />
      <AssetLibrary siteId={siteId} mode="manage" />
    </>
  )
}
