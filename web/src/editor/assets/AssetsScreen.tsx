// The Images screen of a site: /sites/$siteId/assets.
import { Code, Skeleton, Text } from '@radix-ui/themes'
import { useQuery } from '@tanstack/react-query'
import { ApiError } from '../../api/client'
import { siteQuery } from '../../api/queries'
import { ErrorCallout } from '../../components/ErrorCallout'
import { PageHeader } from '../../components/PageHeader'
import { AssetLibrary } from './AssetLibrary'
import { useCanManageAssets } from './permissions'
import { SiteBreadcrumb } from '../../components/SiteBreadcrumb'

export function AssetsScreen({ siteId }: { siteId: string }) {
  const site = useQuery(siteQuery(siteId))
  const canEdit = useCanManageAssets()
  const notFound = site.error instanceof ApiError && site.error.status === 404

  if (site.isError) {
    return (
      <>
        <PageHeader title={notFound ? 'Site not found' : 'Images'} eyebrow={<SiteBreadcrumb siteId={siteId} siteName="Site" current="Images" />} />
        <ErrorCallout error={site.error} title={notFound ? undefined : 'Could not load the site.'} />
      </>
    )
  }

  return (
    <>
      <PageHeader
        eyebrow={<SiteBreadcrumb siteId={siteId} siteName={site.data?.name ?? '…'} current="Images" />}
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
