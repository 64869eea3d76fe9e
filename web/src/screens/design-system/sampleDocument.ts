// The small page the theme preview renders through the Go renderer (the
// one renderer: POST /api/v1/render). It uses the components whose look
// comes from the design tokens: navigation, a hero with the primary
// button, cards, links, the three button styles and a footer.
import type { DocNode, PageDocument } from '../../editor/types'

const nodes: DocNode[] = [
  {
    id: 'root',
    type: 'Page',
    props: {},
    styles: { base: { 'font-family': '{font.family.sans}' } },
  },
  {
    id: 'nav',
    type: 'Navbar',
    parent: 'root',
    pos: 'a0',
    props: {
      brand: 'Riverside Health',
      brandHref: '#',
      links: [
        { label: 'Services', href: '#' },
        { label: 'Clinics', href: '#' },
        { label: 'Contact', href: '#' },
      ],
    },
  },
  {
    id: 'hero',
    type: 'Hero',
    parent: 'root',
    pos: 'a1',
    props: {
      heading: 'Book your flu shot',
      text: 'Free for everyone over 65 and for people with long-term conditions. It takes ten minutes.',
      ctaText: 'Book an appointment',
      ctaHref: '#',
    },
  },
  {
    id: 'sec',
    type: 'Section',
    parent: 'root',
    pos: 'a2',
    props: { label: 'Before you come' },
    styles: { base: { background: '{color.background.subtle}' } },
  },
  { id: 'cont', type: 'Container', parent: 'sec', pos: 'a0', props: { width: 'default' } },
  { id: 'cols', type: 'Columns', parent: 'cont', pos: 'a0', props: { count: 1, countMd: 2, countLg: 2, gap: '1rem' } },
  {
    id: 'card1',
    type: 'Card',
    parent: 'cols',
    pos: 'a0',
    props: { title: 'Opening hours', level: 2 },
    styles: { base: { background: '{color.background.raised}', 'border-color': '{color.border.default}' } },
  },
  {
    id: 'text1',
    type: 'Text',
    parent: 'card1',
    pos: 'a0',
    props: { html: '<p>Monday to Friday, 8am to 6pm. <a href="#">Find your nearest clinic</a>.</p>' },
  },
  {
    id: 'card2',
    type: 'Card',
    parent: 'cols',
    pos: 'a1',
    props: { title: 'What to bring', level: 2 },
    styles: { base: { background: '{color.background.raised}', 'border-color': '{color.border.default}' } },
  },
  {
    id: 'text2',
    type: 'Text',
    parent: 'card2',
    pos: 'a0',
    props: { html: '<p>Your appointment letter and a list of any medicines you take.</p>' },
    styles: { base: { color: '{color.text.muted}', 'margin-bottom': '1rem' } },
  },
  {
    id: 'btns',
    type: 'Stack',
    parent: 'card2',
    pos: 'a1',
    props: { direction: 'horizontal', wrap: true, gap: '0.5rem' },
  },
  { id: 'b1', type: 'Button', parent: 'btns', pos: 'a0', props: { text: 'Primary', variant: 'primary' } },
  { id: 'b2', type: 'Button', parent: 'btns', pos: 'a1', props: { text: 'Secondary', variant: 'secondary' } },
  { id: 'b3', type: 'Button', parent: 'btns', pos: 'a2', props: { text: 'Outline', variant: 'outline' } },
  {
    id: 'foot',
    type: 'Footer',
    parent: 'root',
    pos: 'a3',
    props: { text: '© Riverside Health. A sample page for previewing the design system.', links: [{ label: 'Privacy', href: '#' }] },
  },
]

export const SAMPLE_DOCUMENT: PageDocument = {
  schemaVersion: 1,
  root: 'root',
  meta: { title: 'Design system preview', lang: 'en' },
  nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
}
