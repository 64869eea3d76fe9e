import { Button } from '@radix-ui/themes'
import { Link } from '@tanstack/react-router'
import { Compass } from 'lucide-react'
import { EmptyState } from '../components/EmptyState'
import { PageHeader } from '../components/PageHeader'

export function NotFoundScreen() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState
        icon={<Compass size={28} />}
        title="There is nothing at this address"
        description="The link may be out of date, or the item was deleted."
        action={
          <Button asChild variant="soft">
            <Link to="/sites">Go to sites</Link>
          </Button>
        }
      />
    </>
  )
}
