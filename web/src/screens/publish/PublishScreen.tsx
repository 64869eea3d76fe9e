// The Publish screen of a site: /sites/$siteId/publish. One card per
// environment, then the comparison of two environments.
import { Box, Button, Card, Code, Flex, Skeleton, Text } from '@radix-ui/themes'
import { useQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { FileText, Plus, Rocket } from 'lucide-react'
import { useState } from 'react'
import { ApiError } from '../../api/client'
import { siteQuery } from '../../api/queries'
import { EmptyState } from '../../components/EmptyState'
import { ErrorCallout } from '../../components/ErrorCallout'
import { PageHeader } from '../../components/PageHeader'
import { environmentsQuery } from './api'
import { PublishBreadcrumb } from './Breadcrumb'
import { CompareEnvironments } from './CompareEnvironments'
import { EnvironmentCard } from './EnvironmentCard'
import { NewEnvironmentDialog } from './NewEnvironmentDialog'
import { useCanPublish } from './permissions'
import './publish.css'

function CardsSkeleton() {
  return (
    <div className="pw-env-grid" aria-busy="true" aria-label="Loading environments">
      {[0, 1].map((i) => (
        <Card key={i} size="3">
          <Flex direction="column" gap="3">
            <Flex gap="3" align="center">
              <Skeleton width="36px" height="36px" />
              <Box flexGrow="1">
                <Skeleton width="40%" height="20px" mb="2" />
                <Skeleton width="70%" height="14px" />
              </Box>
            </Flex>
            <Skeleton height="14px" width="50%" />
            <Skeleton height="64px" />
            <Skeleton height="32px" width="40%" />
          </Flex>
        </Card>
      ))}
    </div>
  )
}

export function PublishScreen({ siteId }: { siteId: string }) {
  const site = useQuery(siteQuery(siteId))
  const envs = useQuery(environmentsQuery(siteId))
  const canPublish = useCanPublish()
  const [creating, setCreating] = useState(false)
  const siteName = site.data?.name ?? '…'

  if (site.isError || envs.isError) {
    const err = site.error ?? envs.error
    const notFound = err instanceof ApiError && err.status === 404
    return (
      <>
        <PageHeader title={notFound ? 'Site not found' : 'Publish'} eyebrow={<PublishBreadcrumb siteId={siteId} siteName="Site" />} />
        {notFound ? (
          <EmptyState
            icon={<FileText size={28} />}
            title="This site does not exist"
            description="It may have been deleted, or the link is wrong."
            action={
              <Button asChild variant="soft">
                <Link to="/sites">Back to sites</Link>
              </Button>
            }
          />
        ) : (
          <ErrorCallout error={err} title="Could not load the environments." />
        )}
      </>
    )
  }

  return (
    <>
      <PageHeader
        eyebrow={<PublishBreadcrumb siteId={siteId} siteName={siteName} />}
        title="Publish"
        description={
          site.data ? (
            <>
              Deploy{' '}
              <Text weight="medium" highContrast>
                {site.data.name}
              </Text>{' '}
              to its environments, promote a release from one to the next, and roll back at once when needed.
            </>
          ) : (
            <Skeleton width="420px" height="16px" />
          )
        }
        actions={
          canPublish &&
          envs.data && (
            <Button variant="soft" color="gray" onClick={() => setCreating(true)}>
              <Plus size={16} /> New environment…
            </Button>
          )
        }
      />

      {!canPublish && (
        <Text as="p" size="2" color="gray" mb="4">
          You can see what each environment serves. Only Admins deploy, promote and roll back.
        </Text>
      )}

      {envs.isPending ? (
        <CardsSkeleton />
      ) : envs.data.length === 0 ? (
        <EmptyState
          icon={<Rocket size={28} />}
          title="No environments"
          description="Development and production are made for every site the first time it is opened here. Reload to try again."
        />
      ) : (
        <Flex direction="column" gap="6">
          <div className="pw-env-grid" data-testid="env-grid">
            {envs.data.map((env) => (
              <EnvironmentCard key={env.id} siteId={siteId} env={env} environments={envs.data} canPublish={canPublish} />
            ))}
          </div>
          <CompareEnvironments siteId={siteId} environments={envs.data} />
          {site.data && (
            <Text size="1" color="gray">
              Every environment is also served by this Pagewright under{' '}
              <Code variant="ghost" size="1">
                /s/{site.data.slug}/&lt;environment&gt;/
              </Code>
              ; attach a domain in an environment’s settings to serve it at your own address.
            </Text>
          )}
        </Flex>
      )}

      {creating && envs.data && (
        <NewEnvironmentDialog
          siteId={siteId}
          siteSlug={site.data?.slug ?? ''}
          environments={envs.data}
          open
          onOpenChange={(o) => !o && setCreating(false)}
        />
      )}
    </>
  )
}
