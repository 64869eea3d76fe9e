// What every "one thing" screen (a site, a template, a component) shows
// around its content: a breadcrumb back to its list, a skeleton while it
// loads, and a not-found or error state when it cannot.
import { Button, Flex, Skeleton, Text } from '@radix-ui/themes'
import { Link } from '@tanstack/react-router'
import { ChevronRight } from 'lucide-react'
import type { ReactNode } from 'react'
import { ApiError } from '../api/client'
import { EmptyState } from './EmptyState'
import { ErrorCallout } from './ErrorCallout'
import { PageHeader } from './PageHeader'

/** <list> › <current>. */
export function ListBreadcrumb({ to, label, current }: { to: '/sites' | '/templates' | '/components'; label: string; current: string }) {
  return (
    <nav aria-label="Breadcrumb">
      <Flex align="center" gap="1" asChild>
        <ol className="breadcrumb">
          <li>
            <Link to={to}>{label}</Link>
          </li>
          <li aria-hidden="true">
            <ChevronRight size={14} />
          </li>
          <li aria-current="page">
            <Text truncate>{current}</Text>
          </li>
        </ol>
      </Flex>
    </nav>
  )
}

/** The header and skeleton of a screen whose thing is loading. */
export function DetailPending({ breadcrumb, label, height = '420px' }: { breadcrumb: ReactNode; label: string; height?: string }) {
  return (
    <>
      <PageHeader eyebrow={breadcrumb} title={<Skeleton width="320px" height="32px" />} />
      <Flex direction="column" gap="4" aria-busy="true" aria-label={label}>
        <Skeleton height="24px" width="60%" />
        <Skeleton height={height} />
      </Flex>
    </>
  )
}

/**
 * The screen of a thing that could not be loaded: a 404 says it does not
 * exist and leads back to the list; anything else shows the error and
 * offers to try again.
 */
export function DetailError({
  error,
  breadcrumb,
  noun,
  icon,
  notFoundText,
  back,
  onRetry,
}: {
  error: unknown
  breadcrumb: ReactNode
  /** "Template", "Component"… */
  noun: string
  icon: ReactNode
  notFoundText: string
  back: ReactNode
  onRetry: () => void
}) {
  const notFound = error instanceof ApiError && error.status === 404
  return (
    <>
      <PageHeader eyebrow={breadcrumb} title={notFound ? `${noun} not found` : noun} />
      {notFound ? (
        <EmptyState
          icon={icon}
          title={`This ${noun.toLowerCase()} does not exist`}
          description={notFoundText}
          action={
            <Button asChild variant="soft">
              {back}
            </Button>
          }
        />
      ) : (
        <Flex direction="column" gap="3" align="start">
          <ErrorCallout error={error} title={`Could not load the ${noun.toLowerCase()}.`} />
          <Button variant="soft" onClick={onRetry}>
            Try again
          </Button>
        </Flex>
      )}
    </>
  )
}
