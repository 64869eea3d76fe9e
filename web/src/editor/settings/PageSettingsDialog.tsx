// A page's settings in the editor: its name and address, and what search
// engines and link previews show (the document's meta). Meta fields are
// committed when they lose focus (each is one "set meta/…" edit for the
// editor's history); name and slug go to the server, whose field errors show
// on the fields.
import { Box, Button, Card, Dialog, Flex, Heading, Separator, Text, TextField } from '@radix-ui/themes'
import { useQuery } from '@tanstack/react-query'
import { Globe, ImageIcon } from 'lucide-react'
import { useId, useRef, useState, type ReactNode } from 'react'
import { assetFileUrl, parseAssetRef } from '../../api/assets'
import { ApiError } from '../../api/client'
import { siteQuery } from '../../api/queries'
import { ErrorCallout } from '../../components/ErrorCallout'
import { InputField, TextAreaField } from '../../components/Field'
import { SlugField } from '../../components/SlugField'
import { slugError } from '../../lib/slug'
import { ImagePropControl } from '../assets/ImagePropControl'
import {
  charCount,
  DESCRIPTION_LIMIT,
  LANG_SUGGESTIONS,
  langError,
  TITLE_LIMIT,
  truncateForPreview,
  UNTITLED,
} from './seo'
import './settings.css'

export type MetaField = 'title' | 'description' | 'lang' | 'ogImage'

export interface PageSettingsMeta {
  title?: string
  description?: string
  lang?: string
  ogImage?: string
}

export interface PageSettingsDialogProps {
  open: boolean
  onOpenChange: (open: boolean) => void
  page: { id: string; name: string; slug: string; siteId: string }
  meta: PageSettingsMeta
  /** One meta field changed; null clears it. */
  onMetaChange: (field: MetaField, value: string | null) => void
  /** Renames the page or changes its slug; rejects with the server's ApiError. */
  onPageChange: (patch: { name?: string; slug?: string }) => Promise<void>
}

/** A field's hint with a "count / limit" counter at its right. */
function CountedHint({ count, limit, children }: { count: number; limit: number; children: ReactNode }) {
  const over = count > limit
  return (
    <span className="counted-hint">
      <span>{children}</span>
      <Text color={over ? 'amber' : 'gray'} weight={over ? 'medium' : undefined} className="settings-counter">
        {count} / {limit}
      </Text>
    </span>
  )
}

function Section({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <Flex direction="column" gap="3" asChild>
      <section>
        <Box>
          <Heading as="h3" size="3">
            {title}
          </Heading>
          {description && (
            <Text as="p" size="1" color="gray">
              {description}
            </Text>
          )}
        </Box>
        {children}
      </section>
    </Flex>
  )
}

/** The page as a search result, roughly as Google shows one. */
export function SearchPreview({
  siteName,
  slug,
  title,
  description,
}: {
  siteName: string
  slug: string
  title: string
  description: string
}) {
  return (
    <Card size="1" className="search-preview" data-testid="search-preview" aria-label="Search result preview">
      <Flex align="center" gap="2" mb="1">
        <Flex className="search-preview-favicon" align="center" justify="center" aria-hidden="true">
          <Globe size={12} />
        </Flex>
        <Box minWidth="0">
          <Text as="div" size="1" truncate>
            {siteName}
          </Text>
          <Text as="div" size="1" color="gray" truncate>
            › {slug || '(no slug)'}
          </Text>
        </Box>
      </Flex>
      <Text as="div" size="4" className="search-preview-title" data-testid="search-preview-title">
        {truncateForPreview(title || UNTITLED, TITLE_LIMIT)}
      </Text>
      <Text as="p" size="2" className="search-preview-description">
        {description ? (
          truncateForPreview(description, DESCRIPTION_LIMIT)
        ) : (
          <Text color="gray" style={{ fontStyle: 'italic' }}>
            No description: search engines pick some text from the page instead.
          </Text>
        )}
      </Text>
    </Card>
  )
}

/** The page shared in a chat or on social media, as most apps draw the card. */
export function LinkPreview({
  siteName,
  title,
  description,
  image,
}: {
  siteName: string
  title: string
  description: string
  image: string | undefined
}) {
  const id = parseAssetRef(image)
  const src = id ? assetFileUrl(id, 640) : image
  return (
    <Card size="1" className="link-preview" data-testid="link-preview" aria-label="Link preview">
      <Box className="link-preview-image">
        {src ? (
          <img src={src} alt="" />
        ) : (
          <Flex align="center" justify="center" direction="column" gap="1" height="100%">
            <ImageIcon size={22} aria-hidden="true" />
            <Text size="1" color="gray">
              No social image
            </Text>
          </Flex>
        )}
      </Box>
      <Box p="3">
        <Text as="div" size="1" color="gray" className="link-preview-site" truncate>
          {siteName}
        </Text>
        <Text as="div" size="2" weight="bold" truncate>
          {title || UNTITLED}
        </Text>
        {description && (
          <Text as="p" size="1" color="gray" className="clamp-2">
            {description}
          </Text>
        )}
      </Box>
    </Card>
  )
}

function fieldErrorsOf(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {}
  const errs = err.fieldErrors()
  // The pages API calls the name "title".
  if (errs.title && !errs.name) errs.name = errs.title
  if (err.code === 'page.slug_taken' && !errs.slug) errs.slug = err.detail
  return errs
}

export function PageSettingsDialog({ open, onOpenChange, page, meta, onMetaChange, onPageChange }: PageSettingsDialogProps) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      {/* The form mounts with each opening, so it starts from the current values. */}
      {open && (
        <PageSettingsForm
          page={page}
          meta={meta}
          onMetaChange={onMetaChange}
          onPageChange={onPageChange}
          onClose={() => onOpenChange(false)}
        />
      )}
    </Dialog.Root>
  )
}

function PageSettingsForm({
  page,
  meta,
  onMetaChange,
  onPageChange,
  onClose,
}: Omit<PageSettingsDialogProps, 'open' | 'onOpenChange'> & { onClose: () => void }) {
  const site = useQuery(siteQuery(page.siteId))
  const langListId = useId()
  const [name, setName] = useState(page.name)
  const [slug, setSlug] = useState(page.slug)
  const [title, setTitle] = useState(meta.title ?? '')
  const [description, setDescription] = useState(meta.description ?? '')
  const [lang, setLang] = useState(meta.lang ?? '')
  const [pageErrors, setPageErrors] = useState<Record<string, string>>({})
  const [pageError, setPageError] = useState<unknown>(null)
  const [saving, setSaving] = useState(false)
  // What the server has, as far as this dialog knows.
  const saved = useRef({ name: page.name, slug: page.slug })
  const current = useRef({ name: page.name, slug: page.slug })

  // The last value handed to onMetaChange per field, so closing the dialog
  // does not send again what a blur already sent.
  const committed = useRef({ title: meta.title ?? '', description: meta.description ?? '', lang: meta.lang ?? '' })
  const commitMeta = (field: 'title' | 'description' | 'lang', value: string) => {
    const v = value.trim()
    if (v === committed.current[field]) return
    committed.current[field] = v
    onMetaChange(field, v === '' ? null : v)
  }

  /** Sends changed name/slug; true when there is nothing left to save. */
  const commitPage = async (): Promise<boolean> => {
    // Read what the inputs hold now: a blur can come before the re-render.
    const { name, slug } = current.current
    const patch: { name?: string; slug?: string } = {}
    const n = name.trim()
    if (n && n !== saved.current.name) patch.name = n
    if (slug !== saved.current.slug && !slugError(slug)) patch.slug = slug
    if (!n) setPageErrors((e) => ({ ...e, name: 'Enter a name for the page.' }))
    if (!patch.name && !patch.slug) return Boolean(n) && !slugError(slug)
    setSaving(true)
    try {
      await onPageChange(patch)
      saved.current = { ...saved.current, ...patch }
      setPageErrors({})
      setPageError(null)
      return Boolean(n) && !slugError(slug)
    } catch (err) {
      const errs = fieldErrorsOf(err)
      setPageErrors(errs)
      setPageError(errs.name || errs.slug ? null : err)
      return false
    } finally {
      setSaving(false)
    }
  }

  const done = async () => {
    commitMeta('title', title)
    commitMeta('description', description)
    commitMeta('lang', lang)
    if (await commitPage()) onClose()
  }

  const siteName = site.data?.name ?? 'Your site'
  const titleCount = charCount(title.trim())
  const descCount = charCount(description.trim())
  const lError = langError(lang)

  return (
    <Dialog.Content
      maxWidth="720px"
      onEscapeKeyDown={(e) => {
        e.preventDefault()
        void done()
      }}
      onPointerDownOutside={(e) => {
        e.preventDefault()
        void done()
      }}
    >
      <Dialog.Title>Page settings</Dialog.Title>
      <Dialog.Description size="2" color="gray" mb="4">
        How “{page.name}” is named, where it lives, and how it looks in search results and when shared.
      </Dialog.Description>

      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          void done()
        }}
      >
        <Flex direction="column" gap="5">
          <Section title="Page">
            {Boolean(pageError) && <ErrorCallout error={pageError} />}
            <Flex gap="4" direction={{ initial: 'column', sm: 'row' }}>
              <Box flexBasis="50%">
                <InputField
                  name="name"
                  label="Name"
                  maxLength={200}
                  value={name}
                  autoComplete="off"
                  error={pageErrors.name}
                  hint="Shown in the page list and the editor."
                  onChange={(e) => {
                    setName(e.target.value)
                    current.current.name = e.target.value
                    if (pageErrors.name) setPageErrors(({ name: _n, ...rest }) => rest)
                  }}
                  onBlur={() => void commitPage()}
                />
              </Box>
              {/* SlugField takes no onBlur; blur bubbles in React, so catch it here. */}
              <Box flexBasis="50%" onBlur={() => void commitPage()}>
                <SlugField
                  value={slug}
                  showErrors
                  serverError={pageErrors.slug}
                  onChange={(v) => {
                    setSlug(v)
                    current.current.slug = v
                    if (pageErrors.slug) setPageErrors(({ slug: _s, ...rest }) => rest)
                  }}
                />
              </Box>
            </Flex>
          </Section>

          <Separator size="4" />

          <Section
            title="Search engines"
            description="What Google, Bing and other search engines show for this page."
          >
            <InputField
              name="title"
              label="Title"
              maxLength={300}
              value={title}
              autoComplete="off"
              placeholder={page.name}
              hint={
                <CountedHint count={titleCount} limit={TITLE_LIMIT}>
                  {titleCount > TITLE_LIMIT ? (
                    <Text color="amber">
                      Search results usually cut titles after about {TITLE_LIMIT} characters; this one will be shortened.
                    </Text>
                  ) : titleCount === 0 ? (
                    <>
                      Empty: the browser tab and search results say “{UNTITLED}”.{' '}
                      <button
                        type="button"
                        className="link-button settings-inline-link"
                        onClick={() => {
                          setTitle(name.trim())
                          commitMeta('title', name)
                        }}
                      >
                        Use the page name
                      </button>
                    </>
                  ) : (
                    'Name what the page offers, e.g. “Book a flu vaccination — Riverside Clinics”.'
                  )}
                </CountedHint>
              }
              onChange={(e) => setTitle(e.target.value)}
              onBlur={(e) => commitMeta('title', e.currentTarget.value)}
            />
            <TextAreaField
              name="description"
              label="Description"
              rows={3}
              maxLength={1000}
              value={description}
              placeholder="One or two sentences on what visitors find here."
              hint={
                <CountedHint count={descCount} limit={DESCRIPTION_LIMIT}>
                  {descCount > DESCRIPTION_LIMIT ? (
                    <Text color="amber">
                      Search results usually cut descriptions after about {DESCRIPTION_LIMIT} characters.
                    </Text>
                  ) : (
                    'Shown under the title in search results and link previews.'
                  )}
                </CountedHint>
              }
              onChange={(e) => setDescription(e.target.value)}
              onBlur={(e) => commitMeta('description', e.currentTarget.value)}
            />
            <SearchPreview siteName={siteName} slug={slug} title={title.trim()} description={description.trim()} />
          </Section>

          <Separator size="4" />

          <Section title="Language" description="The page’s main language, so screen readers pronounce it right.">
            <Flex direction="column" gap="2">
              <Text as="label" htmlFor={`${langListId}-input`} size="2" weight="medium">
                Language tag (BCP 47)
              </Text>
              <Flex gap="3" align="center" wrap="wrap">
                <Box width="160px">
                  <TextField.Root
                    id={`${langListId}-input`}
                    name="lang"
                    value={lang}
                    placeholder="en"
                    list={langListId}
                    autoComplete="off"
                    spellCheck={false}
                    maxLength={35}
                    aria-invalid={lError ? true : undefined}
                    aria-describedby={`${langListId}-hint`}
                    color={lError ? 'red' : undefined}
                    onChange={(e) => setLang(e.target.value)}
                    onBlur={(e) => commitMeta('lang', e.currentTarget.value)}
                  />
                </Box>
                <Flex gap="1" wrap="wrap" role="group" aria-label="Common languages">
                  {LANG_SUGGESTIONS.map((s) => (
                    <Button
                      key={s.tag}
                      type="button"
                      size="1"
                      variant={lang.trim() === s.tag ? 'solid' : 'soft'}
                      color={lang.trim() === s.tag ? undefined : 'gray'}
                      title={s.label}
                      aria-pressed={lang.trim() === s.tag}
                      onClick={() => {
                        setLang(s.tag)
                        commitMeta('lang', s.tag)
                      }}
                    >
                      {s.tag}
                    </Button>
                  ))}
                </Flex>
              </Flex>
              <datalist id={langListId}>
                {LANG_SUGGESTIONS.map((s) => (
                  <option key={s.tag} value={s.tag}>
                    {s.label}
                  </option>
                ))}
              </datalist>
              <Text id={`${langListId}-hint`} size="1" color={lError ? 'red' : 'gray'} role={lError ? 'alert' : undefined}>
                {lError ?? (lang.trim() ? 'Sections in another language can set their own.' : 'Empty: published pages say en (English).')}
              </Text>
            </Flex>
          </Section>

          <Separator size="4" />

          <Section
            title="Social sharing"
            description="The image shown when someone shares the page in a chat or on social media. 1200 × 630 pixels works best."
          >
            <Flex gap="4" direction={{ initial: 'column', sm: 'row' }} align="start">
              <Box flexBasis="50%" width="100%">
                <ImagePropControl
                  siteId={page.siteId}
                  label="Social image"
                  value={meta.ogImage || undefined}
                  onChange={(v) => onMetaChange('ogImage', v)}
                />
              </Box>
              <Box flexBasis="50%" width="100%">
                <LinkPreview siteName={siteName} title={title.trim()} description={description.trim()} image={meta.ogImage} />
              </Box>
            </Flex>
          </Section>
        </Flex>

        <Flex gap="3" mt="5" justify="end" align="center">
          <Text size="1" color="gray" mr="auto">
            Changes apply as you make them.
          </Text>
          <Button type="submit" loading={saving}>
            Done
          </Button>
        </Flex>
      </form>
    </Dialog.Content>
  )
}
