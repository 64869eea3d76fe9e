// The control the properties panel shows for image props (x-control:
// image) and the page settings for the social image. The value is
// "asset:<id>" for a library image or a plain URL.
import { Badge, Box, Button, Flex, Text, TextField } from '@radix-ui/themes'
import { useQuery } from '@tanstack/react-query'
import { ImageIcon, ImageOff, TriangleAlert } from 'lucide-react'
import { useId, useState } from 'react'
import { assetFileUrl, assetQuery, assetRef, parseAssetRef, THUMB_WIDTH } from '../../api/assets'
import { ApiError } from '../../api/client'
import { AssetPickerDialog } from './AssetPickerDialog'
import './assets.css'

export interface ImagePropControlProps {
  siteId: string
  /** "asset:<id>", a URL, or undefined for no image. */
  value: string | undefined
  /** "asset:<id>" or a URL; null removes the image. */
  onChange: (value: string | null) => void
  /** Names the control for assistive technology when the panel's label is elsewhere. */
  label?: string
}

/**
 * Whether a pasted value can be an image address: http(s) or a path on the
 * same site. The renderer refuses anything else (javascript:, data:).
 */
export function imageUrlError(value: string): string | null {
  const v = value.trim()
  if (!v) return null
  if (/\s/.test(v)) return 'A URL has no spaces.'
  if (v.startsWith('/') && !v.startsWith('//')) return null
  try {
    const u = new URL(v)
    if ((u.protocol === 'https:' || u.protocol === 'http:') && u.host) return null
  } catch {
    // fall through
  }
  return 'Enter a full address starting with https://, or a path starting with /.'
}

function Preview({ value }: { value: string }) {
  const id = parseAssetRef(value)
  const [broken, setBroken] = useState<string | null>(null)
  const asset = useQuery({ ...assetQuery(id ?? ''), enabled: Boolean(id), retry: false })
  const missing = Boolean(id) && asset.error instanceof ApiError && asset.error.status === 404
  const src = id ? assetFileUrl(id, THUMB_WIDTH) : value

  return (
    <Flex direction="column" gap="1">
      <Box className="image-prop-thumb">
        {missing || broken === src ? (
          <Flex direction="column" align="center" gap="1" p="3" style={{ textAlign: 'center' }}>
            <ImageOff size={22} aria-hidden="true" />
            <Text size="1" color="gray">
              {missing ? 'This image was deleted from the library.' : 'The image could not be loaded.'}
            </Text>
          </Flex>
        ) : (
          <img src={src} alt={asset.data?.alt ?? ''} onError={() => setBroken(src)} />
        )}
      </Box>
      {id ? (
        asset.data ? (
          <Flex align="center" gap="2" minWidth="0" data-testid="image-prop-name">
            <Text size="1" truncate title={asset.data.name}>
              {asset.data.name}
            </Text>
            {!asset.data.alt && (
              <Badge size="1" color="gray" variant="soft" title="No alt text: screen readers skip it">
                No alt
              </Badge>
            )}
          </Flex>
        ) : null
      ) : (
        <Text size="1" color="gray" truncate title={value} className="mono">
          {value}
        </Text>
      )}
    </Flex>
  )
}

export function ImagePropControl({ siteId, value, onChange, label = 'Image' }: ImagePropControlProps) {
  const inputId = useId()
  const [picking, setPicking] = useState(false)
  const isAsset = Boolean(parseAssetRef(value))
  const [url, setUrl] = useState(value && !isAsset ? value : '')
  const [urlError, setUrlError] = useState<string | null>(null)
  // Follow outside changes (undo, another control) of a URL value.
  const [seen, setSeen] = useState(value)
  if (seen !== value) {
    setSeen(value)
    setUrl(value && !parseAssetRef(value) ? value : '')
    setUrlError(null)
  }

  const commitUrl = () => {
    const v = url.trim()
    if (v === (isAsset ? '' : (value ?? ''))) return
    if (!v) {
      // Emptying the box removes a pasted URL, never a library image.
      if (!isAsset && value) onChange(null)
      return
    }
    const err = imageUrlError(v)
    setUrlError(err)
    if (!err) onChange(v)
  }

  return (
    <Flex direction="column" gap="2" role="group" aria-label={label} data-testid="image-prop-control">
      {value ? (
        <Preview value={value} />
      ) : (
        <Flex className="image-prop-thumb" direction="column" align="center" justify="center" gap="1">
          <ImageIcon size={22} aria-hidden="true" />
          <Text size="1" color="gray">
            No image
          </Text>
        </Flex>
      )}
      <Flex gap="2" wrap="wrap">
        <Button size="1" variant="soft" onClick={() => setPicking(true)}>
          {value ? 'Replace…' : 'Choose image…'}
        </Button>
        {value && (
          <Button
            size="1"
            variant="soft"
            color="gray"
            onClick={() => {
              setUrl('')
              setUrlError(null)
              onChange(null)
            }}
          >
            Remove
          </Button>
        )}
      </Flex>
      <Flex direction="column" gap="1">
        <Text as="label" htmlFor={inputId} size="1" color="gray">
          or paste a URL
        </Text>
        <TextField.Root
          id={inputId}
          size="1"
          type="url"
          inputMode="url"
          placeholder="https://…"
          value={url}
          aria-invalid={urlError ? true : undefined}
          aria-describedby={urlError ? `${inputId}-error` : undefined}
          color={urlError ? 'red' : undefined}
          onChange={(e) => {
            setUrl(e.target.value)
            if (urlError) setUrlError(null)
          }}
          onBlur={commitUrl}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault()
              commitUrl()
            }
          }}
        />
        {urlError && (
          <Flex gap="1" align="center" id={`${inputId}-error`} role="alert">
            <Text color="red" style={{ display: 'flex' }}>
              <TriangleAlert size={12} />
            </Text>
            <Text size="1" color="red">
              {urlError}
            </Text>
          </Flex>
        )}
      </Flex>
      <AssetPickerDialog
        siteId={siteId}
        open={picking}
        onOpenChange={setPicking}
        selectedId={parseAssetRef(value) ?? undefined}
        onPick={(asset) => {
          setUrl('')
          setUrlError(null)
          onChange(assetRef(asset.id))
        }}
      />
    </Flex>
  )
}
