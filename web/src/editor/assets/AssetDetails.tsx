// The side panel of the image library for the selected image.
import { Badge, Box, Button, Callout, Code, DataList, Flex, Heading, IconButton, Text } from '@radix-ui/themes'
import { Check, Copy, ImageOff, Info, Trash2, X } from 'lucide-react'
import { useEffect, useRef, useState } from 'react'
import { assetFileUrl, assetRef, useDeleteAsset, useUpdateAsset, type Asset, type AssetVariant } from '../../api/assets'
import { ApiError } from '../../api/client'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { InputField, TextAreaField } from '../../components/Field'
import { useToast } from '../../components/Toaster'
import { formatDateTime } from '../../lib/format'
import { copyText } from '../../lib/links'
import { formatBytes } from './upload'

/** Long enough for a meaningful description; the server may allow more. */
const ALT_MAX = 1000
/** Wide enough for the panel on a high-density screen. */
const PREVIEW_MIN_WIDTH = 480

/** The smallest variant at least PREVIEW_MIN_WIDTH wide, else the original. */
export function previewUrl(asset: Asset): string {
  if (asset.status !== 'ready') return assetFileUrl(asset.id)
  const wide = asset.variants
    .filter((v) => v.width >= PREVIEW_MIN_WIDTH && v.width < asset.width)
    .sort((a, b) => a.width - b.width)[0]
  return wide ? assetFileUrl(asset.id, wide.width) : assetFileUrl(asset.id)
}

/** "PNG" from "image/png". */
export function formatType(contentType: string): string {
  const sub = contentType.split('/')[1] ?? contentType
  return sub.replace(/^x-/, '').replace(/\+.*$/, '').toUpperCase() || '—'
}

/** One size of an image: its JPEG or PNG and, when the server kept one, its WebP copy. */
export interface VariantRow {
  width: number
  height: number
  main?: AssetVariant
  webp?: AssetVariant
}

/**
 * The variants one row per size, ascending. The server makes a WebP copy
 * beside the JPEG or PNG of a width (keeping it only when smaller), so a
 * width can come twice; shown as two rows they would look like duplicates.
 */
export function variantRows(variants: AssetVariant[]): VariantRow[] {
  const rows: VariantRow[] = []
  for (const v of variants) {
    let row = rows.find((r) => r.width === v.width && r.height === v.height)
    if (!row) {
      row = { width: v.width, height: v.height }
      rows.push(row)
    }
    const slot = v.contentType === 'image/webp' ? 'webp' : 'main'
    if (!row[slot]) row[slot] = v
  }
  return rows.sort((a, b) => a.width - b.width)
}

/** "JPEG 40 KB · WebP 28 KB" for a row; a lone copy names only its own type. */
export function formatVariantFiles(row: VariantRow): string {
  const parts: string[] = []
  if (row.main) parts.push(`${formatType(row.main.contentType)} ${formatBytes(row.main.size)}`)
  if (row.webp) parts.push(`${row.main ? 'WebP' : formatType(row.webp.contentType)} ${formatBytes(row.webp.size)}`)
  return parts.join(' · ')
}

interface AssetDetailsProps {
  asset: Asset
  canEdit: boolean
  mode: 'manage' | 'pick'
  onPick?: (asset: Asset) => void
  onClose: () => void
  onDeleted: () => void
}

type SaveState = 'idle' | 'saving' | 'saved'

export function AssetDetails({ asset, canEdit, mode, onPick, onClose, onDeleted }: AssetDetailsProps) {
  const toast = useToast()
  const update = useUpdateAsset()
  const del = useDeleteAsset(asset.siteId)
  const [alt, setAlt] = useState(asset.alt)
  const [name, setName] = useState(asset.name)
  const [altState, setAltState] = useState<SaveState>('idle')
  const [altError, setAltError] = useState<string | null>(null)
  const [nameError, setNameError] = useState<string | null>(null)
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [previewBroken, setPreviewBroken] = useState(false)

  const fieldError = (err: unknown, field: string) =>
    err instanceof ApiError ? (err.fieldErrors()[field] ?? err.detail) : 'Could not save. Try again.'

  const saveAlt = () => {
    const value = alt.trim()
    if (value === asset.alt) return
    setAltState('saving')
    setAltError(null)
    update.mutate(
      { id: asset.id, alt: value },
      {
        onSuccess: (a) => {
          setAlt(a.alt)
          setAltState('saved')
        },
        onError: (err) => {
          setAltState('idle')
          setAltError(fieldError(err, 'alt'))
        },
      },
    )
  }

  const saveName = () => {
    const value = name.trim()
    if (value === asset.name) return
    if (!value) {
      setNameError('Enter a name.')
      return
    }
    setNameError(null)
    update.mutate(
      { id: asset.id, name: value },
      {
        onSuccess: (a) => setName(a.name),
        onError: (err) => setNameError(fieldError(err, 'name')),
      },
    )
  }

  // Below the grid on narrow screens: bring the panel into view when it opens.
  const panel = useRef<HTMLElement>(null)
  useEffect(() => {
    if (window.matchMedia?.('(max-width: 760px)').matches) panel.current?.scrollIntoView({ block: 'start', behavior: 'smooth' })
  }, [])

  const ref = assetRef(asset.id)
  const altDirty = alt.trim() !== asset.alt
  const decorative = alt.trim() === ''

  return (
    <aside ref={panel} className="asset-details" aria-label="Image details" data-testid="asset-details">
      <Flex justify="between" align="start" gap="2" mb="3">
        <Heading as="h2" size="3" truncate title={asset.name}>
          {asset.name}
        </Heading>
        <IconButton size="1" variant="ghost" color="gray" aria-label="Close details" onClick={onClose}>
          <X size={16} />
        </IconButton>
      </Flex>

      <Box className="asset-preview" mb="3">
        {previewBroken ? (
          <Flex align="center" justify="center" direction="column" gap="2" className="asset-preview-fallback">
            <ImageOff size={28} aria-hidden="true" />
            <Text size="1" color="gray">
              The preview could not be loaded.
            </Text>
          </Flex>
        ) : (
          <img src={previewUrl(asset)} alt={asset.alt} onError={() => setPreviewBroken(true)} />
        )}
      </Box>

      {mode === 'pick' && onPick && (
        <Button
          size="3"
          mb="4"
          style={{ width: '100%' }}
          onClick={() => onPick({ ...asset, alt: alt.trim() })}
        >
          <Check size={16} /> Use image
        </Button>
      )}

      {asset.status === 'failed' && (
        <Callout.Root size="1" color="red" variant="surface" mb="3">
          <Callout.Icon>
            <Info size={14} />
          </Callout.Icon>
          <Callout.Text>
            The smaller copies could not be made{asset.error ? `: ${asset.error}` : '.'} Pages show the original, which
            may load slowly; uploading the image again may help.
          </Callout.Text>
        </Callout.Root>
      )}
      {asset.status === 'processing' && (
        <Callout.Root size="1" color="amber" variant="surface" mb="3">
          <Callout.Icon>
            <Info size={14} />
          </Callout.Icon>
          <Callout.Text>Making smaller copies for phones and tablets. You can use the image already.</Callout.Text>
        </Callout.Root>
      )}

      <Flex direction="column" gap="4">
        {canEdit ? (
          <Box>
            <TextAreaField
              name="alt"
              label="Alt text"
              rows={3}
              maxLength={ALT_MAX}
              placeholder="Describe what the image shows, e.g. “Nurse giving a flu shot to a patient”"
              value={alt}
              error={altError}
              onChange={(e) => {
                setAlt(e.target.value)
                setAltState('idle')
              }}
              onBlur={saveAlt}
            />
            <Flex justify="between" align="center" mt="2" gap="2">
              <Text size="1" color={altState === 'saved' ? 'green' : 'gray'} aria-live="polite">
                {altState === 'saving' ? 'Saving…' : altState === 'saved' ? 'Alt text saved' : altDirty ? 'Not saved yet' : ''}
              </Text>
              {(altDirty || altState === 'saving') && (
                <Button size="1" variant="soft" loading={altState === 'saving'} onClick={saveAlt}>
                  Save
                </Button>
              )}
            </Flex>
          </Box>
        ) : (
          <Box>
            <Text as="div" size="2" weight="medium" mb="1">
              Alt text
            </Text>
            <Text as="p" size="2" color={asset.alt ? undefined : 'gray'}>
              {asset.alt || 'None'}
            </Text>
          </Box>
        )}
        {decorative && (
          <Box className="asset-decorative-note" data-testid="decorative-note">
            <Badge color="gray" variant="soft" mb="1">
              Decorative image (no alt)
            </Badge>
            <Text as="p" size="1" color="gray">
              Screen readers skip it. Alt text is required for meaningful images: if this one carries information,
              describe it above.
            </Text>
          </Box>
        )}

        {canEdit ? (
          <InputField
            name="name"
            label="Name"
            maxLength={200}
            value={name}
            error={nameError}
            autoComplete="off"
            onChange={(e) => setName(e.target.value)}
            onBlur={saveName}
            onKeyDown={(e) => {
              if (e.key === 'Enter') saveName()
            }}
          />
        ) : null}

        <DataList.Root size="1" orientation="horizontal">
          <DataList.Item>
            <DataList.Label minWidth="96px">Dimensions</DataList.Label>
            <DataList.Value data-testid="asset-dimensions">
              {asset.width} × {asset.height} px
            </DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label minWidth="96px">Size</DataList.Label>
            <DataList.Value>{formatBytes(asset.size)}</DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label minWidth="96px">Type</DataList.Label>
            <DataList.Value>{formatType(asset.contentType)}</DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label minWidth="96px">Uploaded</DataList.Label>
            <DataList.Value>{formatDateTime(asset.createdAt)}</DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label minWidth="96px">Copies</DataList.Label>
            <DataList.Value>
              {asset.variants.length === 0 ? (
                <Text color="gray">{asset.status === 'processing' ? 'Being made…' : 'None'}</Text>
              ) : (
                <ul className="asset-variants" data-testid="asset-variants">
                  {variantRows(asset.variants).map((row) => (
                    <li key={`${row.width}x${row.height}`}>
                      <Text weight="medium">
                        {row.width} × {row.height}
                      </Text>{' '}
                      <Text color="gray">{formatVariantFiles(row)}</Text>
                    </li>
                  ))}
                </ul>
              )}
            </DataList.Value>
          </DataList.Item>
        </DataList.Root>

        <Box>
          <Text as="div" size="2" weight="medium" mb="1">
            Reference
          </Text>
          <Flex gap="2" align="center">
            <Code size="1" variant="soft" color="gray" className="asset-ref" title={ref} data-testid="asset-ref">
              {ref}
            </Code>
            <Button
              size="1"
              variant="soft"
              color="gray"
              onClick={async () => {
                const ok = await copyText(ref)
                setCopied(ok ? 'yes' : 'failed')
                if (ok) window.setTimeout(() => setCopied(null), 2000)
              }}
            >
              {copied === 'yes' ? <Check size={12} /> : <Copy size={12} />} {copied === 'yes' ? 'Copied' : 'Copy reference'}
            </Button>
          </Flex>
          {copied === 'failed' && (
            <Text as="p" size="1" color="red" mt="1">
              Your browser blocked copying. Select the reference and copy it yourself.
            </Text>
          )}
        </Box>

        {canEdit && (
          <Flex pt="3" className="asset-details-danger">
            <Button variant="soft" color="red" onClick={() => setConfirming(true)}>
              <Trash2 size={14} /> Delete image
            </Button>
          </Flex>
        )}
      </Flex>

      <ConfirmDialog
        open={confirming}
        onOpenChange={(o) => {
          setConfirming(o)
          if (!o) del.reset()
        }}
        title={`Delete “${asset.name}”?`}
        description="The image and its smaller copies are deleted. Pages that still use it will no longer show it. This cannot be undone."
        confirmLabel="Delete"
        pending={del.isPending}
        error={del.error}
        onConfirm={() =>
          del.mutate(asset.id, {
            onSuccess: () => {
              setConfirming(false)
              toast.success('Image deleted', `“${asset.name}” was deleted.`)
              onDeleted()
            },
          })
        }
      />
    </aside>
  )
}
