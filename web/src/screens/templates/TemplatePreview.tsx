// The template as a visitor would see it, at desktop, tablet or mobile width,
// optionally in one of the user's sites' design systems. The frame renders
// at the device's true width and is scaled down only when it does not fit.
import { Card, Flex, Heading, SegmentedControl, Select, Text } from '@radix-ui/themes'
import { Monitor, Smartphone, Tablet } from 'lucide-react'
import { useId, useState } from 'react'
import type { Site } from '../../api/types'
import { previewSrc, type Template } from './api'
import { fitScale } from './helpers'
import { useElementWidth } from './useElementWidth'

export type Device = 'desktop' | 'tablet' | 'mobile'

export const DEVICES: Record<Device, { label: string; width: number; height: number }> = {
  desktop: { label: 'Desktop', width: 1280, height: 800 },
  tablet: { label: 'Tablet', width: 768, height: 1024 },
  mobile: { label: 'Mobile', width: 375, height: 812 },
}

const DEVICE_ICONS = { desktop: Monitor, tablet: Tablet, mobile: Smartphone } as const

/** The Select value for "no site": Pagewright's default design system. */
const NO_SITE = '__default__'

export function TemplatePreview({ template, sites }: { template: Pick<Template, 'name' | 'previewUrl'>; sites: Site[] }) {
  const [device, setDevice] = useState<Device>('desktop')
  const [siteId, setSiteId] = useState(NO_SITE)
  const [stageRef, available] = useElementWidth<HTMLDivElement>()
  const headingId = useId()
  const siteLabelId = useId()
  const d = DEVICES[device]
  const scale = fitScale(d.width, available)
  const site = sites.find((s) => s.id === siteId)
  const src = previewSrc(template, site?.id)
  // Which page the frame has finished loading: until then the stage shows
  // a quiet placeholder rather than a white box.
  const [loadedSrc, setLoadedSrc] = useState('')
  const loaded = loadedSrc === src

  return (
    <Card size="2" asChild>
      <section aria-labelledby={headingId}>
        <Flex justify="between" align={{ initial: 'start', md: 'center' }} gap="3" mb="3" direction={{ initial: 'column', md: 'row' }}>
          <Heading as="h2" size="4" id={headingId}>
            Preview
          </Heading>
          <Flex gap="3" align="center" wrap="wrap">
            <SegmentedControl.Root value={device} onValueChange={(v) => setDevice(v as Device)} aria-label="Preview width" size="1">
              {(Object.keys(DEVICES) as Device[]).map((k) => {
                const Icon = DEVICE_ICONS[k]
                return (
                  <SegmentedControl.Item key={k} value={k} aria-label={`${DEVICES[k].label} (${DEVICES[k].width} px)`}>
                    <Flex as="span" gap="1" align="center">
                      <Icon size={14} aria-hidden="true" />
                      <span>{DEVICES[k].label}</span>
                    </Flex>
                  </SegmentedControl.Item>
                )
              })}
            </SegmentedControl.Root>
            {sites.length > 0 && (
              <Flex gap="2" align="center">
                <Text size="2" color="gray" id={siteLabelId}>
                  Preview with site
                </Text>
                <Select.Root value={siteId} onValueChange={setSiteId} size="1">
                  <Select.Trigger aria-labelledby={siteLabelId} />
                  <Select.Content position="popper">
                    <Select.Item value={NO_SITE}>Default design</Select.Item>
                    {sites.map((s) => (
                      <Select.Item key={s.id} value={s.id}>
                        {s.name}
                      </Select.Item>
                    ))}
                  </Select.Content>
                </Select.Root>
              </Flex>
            )}
          </Flex>
        </Flex>
        <div ref={stageRef} className="pw-tpl-preview-stage">
          <div
            className="pw-tpl-preview-viewport"
            style={{ width: d.width * scale, height: d.height * scale }}
            data-loaded={loaded || undefined}
            aria-busy={!loaded || undefined}
          >
            <iframe
              key={src}
              onLoad={() => setLoadedSrc(src)}
              className="pw-tpl-preview-frame"
              src={src}
              title={`${template.name} at ${d.label.toLowerCase()} width${site ? `, in ${site.name}’s design` : ''}`}
              // No scripts, no same-origin access: the frame only shows.
              sandbox=""
              width={d.width}
              height={d.height}
              data-device={device}
              style={scale < 1 ? { transform: `scale(${scale})` } : undefined}
            />
          </div>
        </div>
        <Text as="p" size="1" color="gray" mt="2" aria-live="polite">
          {d.label}, {d.width} px wide{scale < 1 ? `, shown at ${Math.round(scale * 100)}%` : ''}
          {site ? ` · in ${site.name}’s design system` : ' · default design'}
        </Text>
      </section>
    </Card>
  )
}
