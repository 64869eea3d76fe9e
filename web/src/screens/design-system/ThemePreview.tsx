// The theme preview: a sample page rendered by the Go renderer (POST
// /api/v1/render), styled by the site's saved token CSS (the CSS export)
// plus the draft's unsaved changes, in a sandboxed frame whose <html>
// carries data-theme.
import { Button, Card, Flex, Heading, Skeleton, Text } from '@radix-ui/themes'
import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { designSystemExportQuery, previewRenderQuery } from '../../api/designSystem'
import { ErrorCallout } from '../../components/ErrorCallout'
import { themeLabel } from './editorContext'
import { SAMPLE_DOCUMENT } from './sampleDocument'

/** Keeps a stylesheet from closing the <style> element it goes in. */
function styleText(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1')
}

/**
 * The frame's document: the rendered page with its stylesheet link replaced
 * by the token CSS, the page CSS and the draft's declarations, and the
 * theme on <html>.
 */
export function previewDocument(html: string, pageCss: string, tokensCss: string, overrides: string[], theme: string): string {
  const draft = overrides.length ? `\nhtml[data-theme="${theme}"] {\n  ${overrides.join('\n  ')}\n}\n` : ''
  const style = `<style>\n${styleText(tokensCss)}\n${styleText(pageCss)}${styleText(draft)}</style>`
  let out = html.replace(/<link\b[^>]*rel=["']?stylesheet["']?[^>]*>/i, () => style)
  if (out === html) out = html.includes('</head>') ? html.replace('</head>', () => `${style}</head>`) : style + html
  if (/<html\b/i.test(out)) {
    out = out.replace(/<html\b([^>]*)>/i, (_m, attrs: string) => `<html${attrs.replace(/\sdata-theme=("[^"]*"|'[^']*'|\S+)/i, '')} data-theme="${theme}">`)
  } else {
    out = `<!doctype html><html data-theme="${theme}"><head><meta charset="utf-8"></head><body>${out}</body></html>`
  }
  return out
}

export function ThemePreview({ siteId, theme, overrides }: { siteId: string; theme: string; overrides: string[] }) {
  const page = useQuery(previewRenderQuery(siteId, SAMPLE_DOCUMENT))
  const tokensCss = useQuery(designSystemExportQuery(siteId, 'css'))
  const srcDoc = useMemo(
    () => (page.data && tokensCss.data !== undefined ? previewDocument(page.data.html, page.data.css, tokensCss.data, overrides, theme) : ''),
    [page.data, tokensCss.data, overrides, theme],
  )
  const error = page.error ?? tokensCss.error
  return (
    <Card size="2" asChild>
      <section aria-labelledby="ds-preview">
        <Flex align="baseline" justify="between" gap="2" mb="3">
          <Heading as="h2" size="3" id="ds-preview">
            Preview
          </Heading>
          <Text size="1" color="gray">
            {themeLabel(theme)} theme{overrides.length > 0 ? ' · with unsaved changes' : ''}
          </Text>
        </Flex>
        {error ? (
          <Flex direction="column" gap="3" align="start">
            <ErrorCallout error={error} title="The preview could not be rendered." />
            <Button
              size="1"
              variant="soft"
              onClick={() => {
                void page.refetch()
                void tokensCss.refetch()
              }}
            >
              Try again
            </Button>
          </Flex>
        ) : !srcDoc ? (
          <Skeleton className="ds-preview-frame" aria-label="Loading the preview" />
        ) : (
          <iframe
            className="ds-preview-frame"
            title={`Sample page in the ${themeLabel(theme)} theme`}
            // No scripts, no same-origin access: the frame only shows.
            sandbox=""
            srcDoc={srcDoc}
            data-testid="theme-preview"
            data-theme={theme}
          />
        )}
      </section>
    </Card>
  )
}
