// Sample component types, tokens and breakpoints for the panels' preview page
// and tests. They mirror what the server sends (internal/render/component and
// the default design tokens) closely enough to exercise every control.

import type { Breakpoint, ComponentType, ObjectSchema, PropSchema, TokenInfo } from '../types'

function schema(props: Record<string, PropSchema>, required: string[] = []): ObjectSchema {
  return { type: 'object', properties: props, required, additionalProperties: false, 'x-order': Object.keys(props) }
}

function itemSchema(props: Record<string, PropSchema>, required: string[]): PropSchema {
  return { type: 'object', properties: props, required, 'x-order': Object.keys(props) }
}

const level: PropSchema = { type: 'integer', title: 'Heading level', 'x-control': 'select', enum: [1, 2, 3, 4, 5, 6], default: 2 }

export const headingType: ComponentType = {
  name: 'Heading',
  category: 'Text',
  icon: 'heading',
  props: schema({ text: { type: 'string', title: 'Text', 'x-control': 'text', maxLength: 500, default: 'Heading' }, level }, ['text']),
  defaults: { text: 'Heading', level: 2 },
  children: 'none',
  hasScript: false,
}

export const buttonType: ComponentType = {
  name: 'Button',
  category: 'Basic',
  icon: 'mouse-pointer-click',
  props: schema(
    {
      text: { type: 'string', title: 'Text', 'x-control': 'text', maxLength: 200, default: 'Button' },
      href: { type: 'string', title: 'Link', description: 'Leave empty for a plain button.', 'x-control': 'link', format: 'url' },
      variant: { type: 'string', title: 'Style', 'x-control': 'select', enum: ['primary', 'secondary', 'outline'], default: 'primary' },
    },
    ['text'],
  ),
  defaults: { text: 'Button', variant: 'primary' },
  children: 'none',
  hasScript: false,
}

export const navbarType: ComponentType = {
  name: 'Navbar',
  category: 'Navigation',
  icon: 'panel-top',
  props: schema(
    {
      brand: { type: 'string', title: 'Site name', 'x-control': 'text', maxLength: 200, default: 'Site' },
      brandHref: { type: 'string', title: 'Site name link', 'x-control': 'link', format: 'url', default: '/' },
      links: {
        type: 'array',
        title: 'Links',
        items: itemSchema(
          {
            label: { type: 'string', title: 'Label', 'x-control': 'text', maxLength: 200 },
            href: { type: 'string', title: 'Link', 'x-control': 'link', format: 'url' },
          },
          ['label', 'href'],
        ),
      },
      navLabel: { type: 'string', title: 'Navigation name', 'x-control': 'text', maxLength: 100, default: 'Main' },
      sticky: { type: 'boolean', title: 'Stick to the top', 'x-control': 'toggle' },
    },
    ['brand'],
  ),
  defaults: { brand: 'Site', brandHref: '/', navLabel: 'Main' },
  children: 'none',
  hasScript: false,
}

export const selectType: ComponentType = {
  name: 'Select',
  category: 'Forms',
  icon: 'chevrons-up-down',
  props: schema(
    {
      label: { type: 'string', title: 'Label', 'x-control': 'text', maxLength: 300, default: 'Label' },
      name: { type: 'string', title: 'Field name', 'x-control': 'text', format: 'name', default: 'field' },
      options: {
        type: 'array',
        title: 'Options',
        items: itemSchema(
          {
            label: { type: 'string', title: 'Label', 'x-control': 'text', maxLength: 200 },
            value: { type: 'string', title: 'Value', 'x-control': 'text', maxLength: 200 },
          },
          ['label', 'value'],
        ),
      },
      required: { type: 'boolean', title: 'Required', 'x-control': 'toggle' },
      placeholder: { type: 'string', title: 'Prompt', 'x-control': 'text', maxLength: 200, default: 'Choose…' },
      help: { type: 'string', title: 'Help text', 'x-control': 'text', maxLength: 500 },
    },
    ['label', 'name', 'options'],
  ),
  defaults: { label: 'Label', name: 'field', placeholder: 'Choose…' },
  children: 'none',
  hasScript: false,
}

/** Exercises the remaining controls: textarea, richtext, number, colour, image, token, string lists and nested lists. */
export const kitchenSinkType: ComponentType = {
  name: 'KitchenSink',
  category: 'Preview',
  icon: 'box',
  props: schema(
    {
      html: { type: 'string', title: 'Text', 'x-control': 'richtext', maxLength: 100000, default: '<p>Write something.</p>' },
      quote: { type: 'string', title: 'Quote', 'x-control': 'textarea', maxLength: 2000 },
      width: { type: 'integer', title: 'Width (px)', 'x-control': 'number', minimum: 1, maximum: 10000 },
      accent: { type: 'string', title: 'Accent colour', 'x-control': 'color', default: '#0f766e' },
      src: { type: 'string', title: 'Image', 'x-control': 'image', format: 'image-url' },
      gap: { type: 'string', title: 'Gap', 'x-control': 'token', maxLength: 200, default: '1rem' },
      items: { type: 'array', title: 'Items', items: { type: 'string', maxLength: 1000 }, default: ['First item'] },
      rows: { type: 'array', title: 'Rows', items: { type: 'array', items: { type: 'string', maxLength: 2000 } } },
    },
    ['items'],
  ),
  defaults: { html: '<p>Write something.</p>', gap: '1rem', items: ['First item'], accent: '#0f766e' },
  children: 'none',
  hasScript: false,
}

export const sampleTypes: ComponentType[] = [headingType, buttonType, navbarType, selectType, kitchenSinkType]

export const sampleBreakpoints: Breakpoint[] = [
  { name: 'sm', minWidth: 640 },
  { name: 'md', minWidth: 768 },
  { name: 'lg', minWidth: 1024 },
  { name: 'xl', minWidth: 1280 },
]

function tok(path: string, type: string, value: string): TokenInfo {
  return { path, type, value, cssVar: `--pw-${path.replace(/\./g, '-')}` }
}

const teal: Record<string, string> = {
  50: '#f0fdfa',
  100: '#ccfbf1',
  300: '#5eead4',
  500: '#14b8a6',
  700: '#0f766e',
  800: '#115e59',
  900: '#134e4a',
}
const slate: Record<string, string> = {
  50: '#f8fafc',
  200: '#e2e8f0',
  500: '#64748b',
  600: '#475569',
  800: '#1e293b',
  900: '#0f172a',
}

export const sampleTokens: TokenInfo[] = [
  ...Object.entries(teal).map(([k, v]) => tok(`color.teal.${k}`, 'color', v)),
  ...Object.entries(slate).map(([k, v]) => tok(`color.slate.${k}`, 'color', v)),
  tok('color.white', 'color', '#ffffff'),
  tok('color.text.default', 'color', '#1e293b'),
  tok('color.text.muted', 'color', '#475569'),
  tok('color.text.strong', 'color', '#0f172a'),
  tok('color.background.default', 'color', '#ffffff'),
  tok('color.background.subtle', 'color', '#f8fafc'),
  tok('color.border.default', 'color', '#e2e8f0'),
  tok('color.primary', 'color', '#0f766e'),
  tok('color.on-primary', 'color', '#ffffff'),
  tok('color.link', 'color', '#1d4ed8'),
  tok('color.danger', 'color', '#b91c1c'),
  tok('font.family.sans', 'fontFamily', 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'),
  tok('font.family.serif', 'fontFamily', 'ui-serif, Georgia, Cambria, "Times New Roman", serif'),
  tok('font.family.mono', 'fontFamily', 'ui-monospace, SFMono-Regular, Menlo, monospace'),
  ...['xs:0.694rem', 'sm:0.833rem', 'base:1rem', 'lg:1.2rem', 'xl:1.44rem', '2xl:1.728rem', '3xl:2.074rem', '4xl:2.488rem'].map((s) => {
    const [k = '', v = ''] = s.split(':')
    return tok(`font.size.${k}`, 'dimension', v)
  }),
  tok('font.weight.regular', 'fontWeight', '400'),
  tok('font.weight.medium', 'fontWeight', '500'),
  tok('font.weight.semibold', 'fontWeight', '600'),
  tok('font.weight.bold', 'fontWeight', '700'),
  tok('font.line-height.tight', 'number', '1.2'),
  tok('font.line-height.normal', 'number', '1.5'),
  tok('font.line-height.relaxed', 'number', '1.625'),
  tok('font.letter-spacing.tight', 'dimension', '-0.01em'),
  tok('font.letter-spacing.wide', 'dimension', '0.025em'),
  ...[0, 1, 2, 3, 4, 6, 8, 12, 16].map((n) => tok(`space.${n}`, 'dimension', n === 0 ? '0' : `${n * 0.25}rem`)),
  tok('radius.none', 'dimension', '0'),
  tok('radius.sm', 'dimension', '0.125rem'),
  tok('radius.md', 'dimension', '0.375rem'),
  tok('radius.lg', 'dimension', '0.5rem'),
  tok('radius.full', 'dimension', '9999px'),
  tok('border-width.thin', 'dimension', '1px'),
  tok('border-width.thick', 'dimension', '2px'),
  tok('shadow.sm', 'shadow', '0 1px 2px 0 rgb(15 23 42 / 0.12)'),
  tok('shadow.md', 'shadow', '0 4px 6px -1px rgb(15 23 42 / 0.12), 0 2px 4px -2px rgb(15 23 42 / 0.12)'),
  tok('shadow.lg', 'shadow', '0 10px 15px -3px rgb(15 23 42 / 0.12), 0 4px 6px -4px rgb(15 23 42 / 0.12)'),
  tok('duration.fast', 'duration', '100ms'),
  tok('duration.normal', 'duration', '200ms'),
  tok('easing.standard', 'cubicBezier', 'cubic-bezier(0.2, 0, 0, 1)'),
  tok('transition.default', 'transition', '200ms cubic-bezier(0.2, 0, 0, 1) 0ms'),
  tok('button.radius', 'dimension', '0.375rem'),
  tok('card.radius', 'dimension', '0.5rem'),
  tok('card.padding', 'dimension', '1.5rem'),
  tok('typography.body', 'typography', '400 1rem/1.5 system-ui'),
]
