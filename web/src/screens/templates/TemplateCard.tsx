// One template in the marketplace grid. The whole card opens the detail
// (its title is a link stretched over the card); the menu sits above it.
import { Badge, Card, DropdownMenu, Flex, Heading, IconButton, Inset, Text } from '@radix-ui/themes'
import { Link, useNavigate } from '@tanstack/react-router'
import { Eye, FilePlus2, MoreHorizontal } from 'lucide-react'
import { useId, useState } from 'react'
import type { Template } from './api'
import { authorName, formatRating, installsLabel, reviewsLabel } from './helpers'
import { Stars } from './Stars'
import { useElementWidth } from './useElementWidth'

/** The width and height a live thumbnail renders the template at. */
export const THUMB_WIDTH = 1280
export const THUMB_HEIGHT = 960

export function TemplateThumb({ template }: { template: Pick<Template, 'name' | 'thumbnailUrl' | 'previewUrl'> }) {
  if (template.thumbnailUrl) {
    return (
      <div className="pw-tpl-thumb">
        <img src={template.thumbnailUrl} alt="" loading="lazy" decoding="async" width={640} height={480} className="pw-tpl-thumb-img" />
      </div>
    )
  }
  return <LiveThumb src={template.previewUrl} name={template.name} />
}

/**
 * The template itself, rendered at desktop size and scaled down to the card.
 * Until the page has loaded the card shows a quiet placeholder, not a white box.
 */
function LiveThumb({ src, name }: { src: string; name: string }) {
  const [ref, width] = useElementWidth<HTMLDivElement>()
  const [loaded, setLoaded] = useState(false)
  const scale = width > 0 ? width / THUMB_WIDTH : 0.25
  return (
    <div ref={ref} className="pw-tpl-thumb" aria-hidden="true" data-loaded={loaded || undefined}>
      <iframe
        onLoad={() => setLoaded(true)}
        className="pw-tpl-thumb-frame"
        src={src}
        title={`Preview of ${name}`}
        // No scripts, no same-origin access, no focus, no pointer: it only shows.
        sandbox=""
        loading="lazy"
        tabIndex={-1}
        aria-hidden="true"
        width={THUMB_WIDTH}
        height={THUMB_HEIGHT}
        style={{ transform: `scale(${scale})` }}
      />
    </div>
  )
}

export function TemplateCard({
  template,
  category,
  onInstall,
}: {
  template: Template
  /** The category's label. */
  category: string
  /** Absent when the user cannot create pages anywhere. */
  onInstall?: (t: Template) => void
}) {
  const headingId = useId()
  const navigate = useNavigate()
  const params = { templateId: template.id }
  return (
    <Card asChild size="2" className="pw-tpl-card">
      <article aria-labelledby={headingId} data-template={template.id}>
        <Inset side="top" clip="padding-box" pb="current">
          <TemplateThumb template={template} />
        </Inset>
        <Flex direction="column" gap="2">
          <Flex justify="between" align="start" gap="2">
            <Heading as="h3" size="3" id={headingId} className="pw-tpl-card-title">
              <Link to="/templates/$templateId" params={params} className="pw-tpl-card-link">
                {template.name}
              </Link>
            </Heading>
            <DropdownMenu.Root>
              <DropdownMenu.Trigger>
                <IconButton variant="ghost" color="gray" size="1" className="pw-tpl-card-menu" aria-label={`Actions for ${template.name}`}>
                  <MoreHorizontal size={16} />
                </IconButton>
              </DropdownMenu.Trigger>
              <DropdownMenu.Content align="end">
                {onInstall && (
                  <DropdownMenu.Item onSelect={() => onInstall(template)}>
                    <FilePlus2 size={14} /> Use this template
                  </DropdownMenu.Item>
                )}
                <DropdownMenu.Item onSelect={() => void navigate({ to: '/templates/$templateId', params })}>
                  <Eye size={14} /> View details
                </DropdownMenu.Item>
              </DropdownMenu.Content>
            </DropdownMenu.Root>
          </Flex>
          <Flex gap="2" align="center" wrap="wrap">
            <Text size="1" color="gray">
              {category}
            </Text>
            {template.kind === 'section' && (
              <Badge color="violet" variant="soft" radius="full" size="1" highContrast>
                Section
              </Badge>
            )}
          </Flex>
          <Flex gap="3" align="center" wrap="wrap">
            {template.ratingCount > 0 ? (
              <Flex gap="1" align="center">
                <Stars value={template.ratingAvg} />
                <Text size="1" color="gray">
                  {formatRating(template.ratingAvg)} <span aria-hidden="true">·</span>
                  <span className="visually-hidden">from</span> {reviewsLabel(template.ratingCount)}
                </Text>
              </Flex>
            ) : (
              <Text size="1" color="gray">
                No ratings yet
              </Text>
            )}
            <Text size="1" color="gray">
              {installsLabel(template.installCount)}
            </Text>
          </Flex>
          <Flex align="center" gap="2">
            {template.builtin ? (
              <Badge color="teal" variant="surface" radius="full" size="1" highContrast>
                Built-in
              </Badge>
            ) : (
              <Text size="1" color="gray" truncate>
                by {authorName(template)}
              </Text>
            )}
          </Flex>
        </Flex>
      </article>
    </Card>
  )
}
