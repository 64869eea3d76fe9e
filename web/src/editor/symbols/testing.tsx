// Test helpers for reusable components in the editor: component types, a
// page with a section to save, and sample library data.
import type { Component, ComponentVersion } from '../../screens/components/api'
import { buttonType, headingType } from '../panels/sampleData'
import { EditorStore } from '../store/store'
import { ctype, specDoc } from '../store/testdoc'
import type { ComponentType, PageDocument } from '../types'

export const embedType: ComponentType = {
  ...ctype('Embed', 'none'),
  props: {
    type: 'object',
    properties: { html: { type: 'string', title: 'HTML', 'x-control': 'textarea' } },
    required: ['html'],
    additionalProperties: false,
    'x-order': ['html'],
  },
}

export const instanceType: ComponentType = {
  ...ctype('Instance', 'none'),
  icon: 'component',
  hidden: true,
  props: {
    type: 'object',
    properties: { component: { type: 'string', title: 'Component' }, overrides: { type: 'object', title: 'Overrides' } },
    required: ['component'],
    additionalProperties: false,
    'x-order': ['component', 'overrides'],
  },
}

export const symbolTypes: ComponentType[] = [
  ctype('Page', { any: true, except: ['Page'] }),
  ctype('Section', { any: true, except: ['Page', 'Section'] }),
  headingType,
  buttonType,
  embedType,
  instanceType,
]

/** A page: a section "Opening hours" with a heading, a button and an embed, and a footer heading. */
export function pageDoc(): PageDocument {
  return specDoc([
    'root',
    'Page',
    [
      [
        'sec',
        'Section',
        [
          ['h1', 'Heading', [], { props: { text: 'Walk-in hours', level: 2 } }],
          ['btn', 'Button', [], { props: { text: 'Book now', href: '/book' } }],
          ['emb', 'Embed', [], { props: { html: '<p>map</p>' } }],
        ],
        { label: 'Opening hours', styles: { base: { padding: '{space.4}' } } },
      ],
      ['foot', 'Heading', [], { props: { text: 'Contact' } }],
    ],
  ])
}

export function pageStore(doc: PageDocument = pageDoc()): EditorStore {
  return new EditorStore(doc, symbolTypes)
}

export const COMPONENT_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'
export const REPLACEMENT_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a99'

export function makeComponent(over: Partial<Component> = {}): Component {
  return {
    id: COMPONENT_ID,
    name: 'Opening hours',
    description: 'When the clinic is open.',
    category: 'Sections',
    tags: ['hours'],
    visibility: 'team',
    siteId: 's1',
    owner: { id: 'u1', name: 'Maya Patel' },
    latestVersion: '1.0.0',
    deprecated: null,
    usage: { pages: 2, instances: 3 },
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-02T00:00:00Z',
    ...over,
  }
}

/** The component's document: a section (id "s") with a heading ("t") and a button ("b"). */
export function componentDoc(title = 'Open today', button = 'Call us'): PageDocument {
  return {
    schemaVersion: 1,
    root: 'root',
    meta: {},
    nodes: {
      root: { id: 'root', type: 'Page', props: {} },
      s: { id: 's', type: 'Section', parent: 'root', pos: 'a0', styles: { base: { padding: '8px', color: 'red' } } },
      t: { id: 't', type: 'Heading', parent: 's', pos: 'a0', props: { text: title, level: 2 } },
      b: { id: 'b', type: 'Button', parent: 's', pos: 'a1', props: { text: button } },
    },
  }
}

export function makeVersion(version = '1.0.0', over: Partial<ComponentVersion> = {}): ComponentVersion {
  return {
    componentId: COMPONENT_ID,
    version,
    notes: `Notes of ${version}`,
    exposed: [
      { key: 'title', node: 't', prop: 'text', label: 'Title', type: 'string' },
      { key: 'buttonText', node: 'b', prop: 'text', label: 'Button text', type: 'string' },
    ],
    createdAt: '2025-01-01T00:00:00Z',
    createdBy: { id: 'u1', name: 'Maya Patel' },
    document: componentDoc(),
    ...over,
  }
}

/** A page holding one instance ("inst") of the component at version with overrides. */
export function instanceStore(version = '1.0.0', overrides: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): EditorStore {
  return pageStore(
    specDoc([
      'root',
      'Page',
      [
        ['first', 'Heading', [], { props: { text: 'Welcome' } }],
        ['inst', 'Instance', [], { label: 'Opening hours', props: { component: `${COMPONENT_ID}@${version}`, overrides }, ...extra }],
        ['last', 'Heading', [], { props: { text: 'Bye' } }],
      ],
    ]),
  )
}
