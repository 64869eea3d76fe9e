import { useInfiniteQuery } from '@tanstack/react-query'
import { useEffect } from 'react'
import { sitesQuery } from '../../api/queries'

/** Every site, for pickers: keeps loading pages until the list is complete. */
export function useAllSites() {
  const q = useInfiniteQuery(sitesQuery)
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = q
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage()
  }, [hasNextPage, isFetchingNextPage, fetchNextPage])
  return { sites: q.data?.pages.flatMap((p) => p.items) ?? [], isPending: q.isPending, error: q.error }
}
