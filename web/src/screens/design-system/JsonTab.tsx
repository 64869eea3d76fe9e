// "Advanced (JSON)": the raw DTCG file of the base set or of one theme, for
// pasting a whole system or editing what the tabs do not show. The server
// validates it on save; its errors are listed here and jump to the token.
import { Box, Button, Callout, Flex, Link, Text, TextArea } from '@radix-ui/themes'
import { CircleAlert } from 'lucide-react'
import { useEffect, useId, useRef, useState } from 'react'
import { themeLabel } from './editorContext'
import { locateInJSON, type TokenTree } from './tokenTree'

export function pretty(tree: TokenTree): string {
  return JSON.stringify(tree, null, 2)
}

export function JsonTab({
  file,
  tree,
  readOnly,
  errors,
  onChange,
  onInvalid,
}: {
  /** "tokens" for the base set, else the theme's name. */
  file: string
  tree: TokenTree
  readOnly: boolean
  /** The server's field errors about this file. */
  errors: { path: string; message: string }[]
  onChange: (tree: TokenTree) => void
  /** Reports whether the text is unusable (Save waits for a fix). */
  onInvalid: (problem: string) => void
}) {
  const [text, setText] = useState(() => pretty(tree))
  const [problem, setProblem] = useState('')
  const area = useRef<HTMLTextAreaElement>(null)
  const id = useId()

  // A change from another tab (or a reload) replaces the text, unless the
  // text already says the same.
  useEffect(() => {
    setText((cur) => {
      try {
        if (JSON.stringify(JSON.parse(cur)) === JSON.stringify(tree)) return cur
      } catch {
        // The text is broken; the tree changed elsewhere: show the tree.
      }
      return pretty(tree)
    })
  }, [tree])

  useEffect(() => {
    onInvalid(problem)
  }, [problem, onInvalid])
  // Leaving the tab with broken JSON must not keep Save disabled forever.
  useEffect(() => () => onInvalid(''), [onInvalid])

  const change = (v: string) => {
    setText(v)
    let parsed: unknown
    try {
      parsed = JSON.parse(v)
    } catch (e) {
      setProblem(e instanceof Error ? e.message : 'This is not valid JSON.')
      return
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setProblem('A token file is a JSON object of groups and tokens.')
      return
    }
    setProblem('')
    onChange(parsed as TokenTree)
  }

  const show = (path: string) => {
    const el = area.current
    if (!el) return
    const at = path ? locateInJSON(el.value, path) : null
    el.focus()
    if (at) {
      el.setSelectionRange(at.start, at.end)
      // Scroll the selection into view: move the caret there first.
      const line = el.value.slice(0, at.start).split('\n').length
      el.scrollTop = Math.max(0, (line - 5) * 19)
    }
  }

  const label = file === 'tokens' ? 'Base tokens (also the light theme)' : `${themeLabel(file)} theme overrides`
  return (
    <Flex direction="column" gap="3">
      <Text as="p" size="2" color="gray">
        The raw{' '}
        <Link href="https://www.designtokens.org/tr/drafts/format/" target="_blank" rel="noreferrer">
          DTCG
        </Link>{' '}
        JSON. Use the theme switch above to edit a theme’s overrides instead of the base set. Changes here show in the
        other tabs at once; the server checks everything when you save.
      </Text>
      {errors.length > 0 && (
        <Callout.Root color="red" variant="surface" role="alert">
          <Callout.Icon>
            <CircleAlert size={16} />
          </Callout.Icon>
          <Box>
            <Callout.Text weight="bold">The server found {errors.length === 1 ? 'a problem' : `${errors.length} problems`} in this file:</Callout.Text>
            <Flex asChild direction="column" gap="1" mt="1">
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {errors.map((e, i) => (
                  <li key={i}>
                    <Text size="2">
                      {e.path && (
                        <Button size="1" variant="ghost" onClick={() => show(e.path)} className="mono">
                          {e.path}
                        </Button>
                      )}{' '}
                      {e.message}
                    </Text>
                  </li>
                ))}
              </ul>
            </Flex>
          </Box>
        </Callout.Root>
      )}
      <Flex direction="column" gap="1">
        <Text as="label" htmlFor={id} size="2" weight="medium">
          {label}
        </Text>
        <TextArea
          ref={area}
          id={id}
          className="ds-json"
          value={text}
          readOnly={readOnly}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          onChange={(e) => change(e.target.value)}
          data-testid="json-editor"
        />
        {problem && (
          <Text id={`${id}-problem`} size="1" color="red" role="alert">
            Not valid JSON yet: {problem}. Fix it to save.
          </Text>
        )}
      </Flex>
    </Flex>
  )
}
