// Ratings and reviews of a template: the average, a histogram, the reviews,
// and the signed-in user's own rating and review.
import { Avatar, Box, Button, Card, Flex, Heading, Separator, Skeleton, Text } from '@radix-ui/themes'
import { useInfiniteQuery } from '@tanstack/react-query'
import { useId, useState, type FormEvent } from 'react'
import { ApiError } from '../../api/client'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorCallout } from '../../components/ErrorCallout'
import { TextAreaField } from '../../components/Field'
import { useToast } from '../../components/Toaster'
import { formatDate, formatDateTime } from '../../lib/format'
import { initials } from '../../lib/members'
import { useSession } from '../../lib/session'
import { reviewsQuery, useDeleteReview, useSaveReview, type Review, type ReviewSummary, type TemplateDetail } from './api'
import { formatRating, reviewsLabel, starsLabel } from './helpers'
import { StarInput, Stars } from './Stars'

export const REVIEW_MAX = 2000

export function Reviews({ template }: { template: TemplateDetail }) {
  const session = useSession()
  const reviews = useInfiniteQuery(reviewsQuery(template.id))
  const headingId = useId()
  const listHeadingId = useId()
  // Until the reviews arrive, the template's own figures (no histogram yet).
  const summary: ReviewSummary | { avg: number; count: number; histogram: null } = reviews.data?.pages[0]?.summary ?? {
    avg: template.ratingAvg,
    count: template.ratingCount,
    histogram: null,
  }
  const items = reviews.data?.pages.flatMap((p) => p.items) ?? []
  const listed = items.find((r) => r.user.id === session.user.id)
  const mine = listed ?? reviews.data?.pages[0]?.mine ?? undefined
  const others = items.filter((r) => r !== listed)

  return (
    <Card size="2" asChild>
      <section aria-labelledby={headingId}>
        <Heading as="h2" size="4" id={headingId} mb="4">
          Ratings and reviews
        </Heading>
        <div className="pw-tpl-reviews-top">
          <RatingSummary summary={summary} />
          <Box>
            {reviews.isPending ? (
              <Flex direction="column" gap="2" aria-busy="true" aria-label="Loading your review">
                <Skeleton height="28px" width="200px" />
                <Skeleton height="80px" />
              </Flex>
            ) : (
              <YourReview
                // A new form only when the user's review appears or goes: saving
                // keeps what they typed on screen.
                key={mine?.id ?? 'none'}
                templateId={template.id}
                initialRating={mine?.rating ?? template.myRating}
                initialBody={mine?.body ?? ''}
                exists={Boolean(mine) || template.myRating > 0}
              />
            )}
          </Box>
        </div>
        <Separator size="4" my="5" />
        <Heading as="h3" size="3" id={listHeadingId} mb="3">
          Reviews
        </Heading>
        {reviews.isPending ? (
          <Flex direction="column" gap="3" aria-busy="true" aria-label="Loading reviews">
            <Skeleton height="56px" />
            <Skeleton height="56px" />
          </Flex>
        ) : reviews.isError && !reviews.data ? (
          <ErrorCallout error={reviews.error} title="Could not load the reviews." />
        ) : items.length === 0 ? (
          <Text as="p" size="2" color="gray">
            No reviews yet. Be the first to say how the template worked for you.
          </Text>
        ) : (
          <>
            <ul className="pw-tpl-review-list" aria-labelledby={listHeadingId}>
              {[...(mine ? [mine] : []), ...others].map((r) => (
                <ReviewItem key={r.id} review={r} mine={r === mine} />
              ))}
            </ul>
            {reviews.hasNextPage && (
              <Flex justify="center" mt="3">
                <Button variant="soft" onClick={() => void reviews.fetchNextPage()} loading={reviews.isFetchingNextPage}>
                  More reviews
                </Button>
              </Flex>
            )}
          </>
        )}
      </section>
    </Card>
  )
}

export function RatingSummary({ summary }: { summary: Omit<ReviewSummary, 'histogram'> & { histogram: number[] | null } }) {
  const histogram = summary.histogram
  const total = histogram ? histogram.reduce((a, b) => a + b, 0) || summary.count : 0
  return (
    <Flex direction="column" gap="3">
      <Flex align="center" gap="3">
        <Text size="8" weight="bold" className="pw-tpl-avg">
          {summary.count ? formatRating(summary.avg) : '–'}
        </Text>
        <Flex direction="column" gap="1">
          <Stars value={summary.avg} size={16} label={summary.count ? `Average ${formatRating(summary.avg)} out of 5` : 'Not rated yet'} />
          <Text size="1" color="gray">
            {summary.count ? reviewsLabel(summary.count) : 'No ratings yet'}
          </Text>
        </Flex>
      </Flex>
      {!histogram ? (
        <Flex direction="column" gap="2" aria-busy="true" aria-label="Loading the ratings">
          {[0, 1, 2, 3, 4].map((i) => (
            <Skeleton key={i} height="10px" />
          ))}
        </Flex>
      ) : (
        <ul className="pw-tpl-histogram" aria-label="Ratings by number of stars" data-testid="rating-histogram">
          {[5, 4, 3, 2, 1].map((n) => {
            const c = histogram[n - 1] ?? 0
            const pct = total ? Math.round((c / total) * 100) : 0
            return (
              <li key={n} data-stars={n}>
                <span className="pw-tpl-hist-label">{starsLabel(n)}</span>
                <span className="pw-tpl-hist-bar" aria-hidden="true">
                  <span className="pw-tpl-hist-fill" style={{ width: `${pct}%` }} />
                </span>
                <span className="pw-tpl-hist-count">
                  {c}
                  <span className="visually-hidden">
                    {' '}
                    {c === 1 ? 'rating' : 'ratings'} ({pct}%)
                  </span>
                </span>
              </li>
            )
          })}
        </ul>
      )}
    </Flex>
  )
}

function ReviewItem({ review, mine }: { review: Review; mine: boolean }) {
  const edited = review.updatedAt && review.updatedAt !== review.createdAt
  return (
    <li className="pw-tpl-review" data-review={review.id}>
      <Flex gap="3" align="start">
        <Avatar size="2" radius="full" fallback={initials(review.user.name)} color="gray" variant="soft" />
        <Flex direction="column" gap="1" minWidth="0">
          <Flex gap="2" align="center" wrap="wrap">
            <Text size="2" weight="bold">
              {review.user.name}
              {mine && (
                <Text color="gray" weight="regular">
                  {' '}
                  (you)
                </Text>
              )}
            </Text>
            <Stars value={review.rating} label={starsLabel(review.rating)} />
            <Text size="1" color="gray">
              <time dateTime={review.createdAt} title={formatDateTime(review.createdAt)}>
                {formatDate(review.createdAt)}
              </time>
              {edited ? ' · edited' : ''}
            </Text>
          </Flex>
          {review.body && (
            <Text as="p" size="2" className="pw-tpl-review-body">
              {review.body}
            </Text>
          )}
        </Flex>
      </Flex>
    </li>
  )
}

function YourReview({ templateId, initialRating, initialBody, exists }: { templateId: string; initialRating: number; initialBody: string; exists: boolean }) {
  const toast = useToast()
  const save = useSaveReview(templateId)
  const del = useDeleteReview(templateId)
  const [rating, setRating] = useState(initialRating)
  const [body, setBody] = useState(initialBody)
  const [submitted, setSubmitted] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const server = save.error instanceof ApiError ? save.error.fieldErrors() : {}
  const ratingError = (submitted && !rating ? 'Choose a rating from 1 to 5 stars.' : null) ?? server.rating
  const bodyError = (body.length > REVIEW_MAX ? `Keep your review under ${REVIEW_MAX + 1} characters.` : null) ?? server.body
  const shownServer = Boolean(server.rating || server.body)

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (!rating || body.length > REVIEW_MAX) return
    save.mutate(
      { rating, body: body.trim() },
      { onSuccess: () => toast.success(exists ? 'Review updated' : 'Review saved', 'Thank you: it helps others choose.') },
    )
  }

  return (
    <>
      <form onSubmit={onSubmit} noValidate aria-label="Your review">
        <Flex direction="column" gap="3">
          <Heading as="h3" size="3">
            Your review
          </Heading>
          <StarInput legend="Your rating" value={rating} onChange={setRating} error={ratingError} disabled={save.isPending} />
          <TextAreaField
            name="body"
            label="Review (optional)"
            placeholder="What worked well? What would you change?"
            rows={3}
            maxLength={REVIEW_MAX}
            value={body}
            error={bodyError}
            hint={`${body.length}/${REVIEW_MAX}`}
            onChange={(e) => setBody(e.target.value)}
          />
          {save.error && !shownServer && <ErrorCallout error={save.error} title="Could not save your review." />}
          <Flex gap="2" justify="end">
            {exists && (
              <Button type="button" variant="soft" color="red" onClick={() => setConfirming(true)}>
                Delete review
              </Button>
            )}
            <Button type="submit" loading={save.isPending}>
              {exists ? 'Update review' : 'Save review'}
            </Button>
          </Flex>
        </Flex>
      </form>
      {/* Outside the form: a portalled form's submit still bubbles through React. */}
      <ConfirmDialog
        open={confirming}
        onOpenChange={(o) => {
          setConfirming(o)
          if (!o) del.reset()
        }}
        title="Delete your review?"
        description="Your rating and review are removed from this template."
        confirmLabel="Delete review"
        pending={del.isPending}
        error={del.error}
        onConfirm={() =>
          del.mutate(undefined, {
            onSuccess: () => {
              setConfirming(false)
              toast.success('Review deleted')
            },
          })
        }
      />
    </>
  )
}
