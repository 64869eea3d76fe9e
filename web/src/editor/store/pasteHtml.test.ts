import { describe, expect, it } from 'vitest'
import type { DocNode } from '../types'
import type { Fragment } from './actions'
import { validKey } from './fracindex'
import { htmlToFragment } from './pasteHtml'

/** The top-level components: the root's children, or the root itself when it stands alone. */
function top(f: Fragment): DocNode[] {
  const kids = children(f, f.root)
  return kids.length ? kids : f.nodes.filter((n) => n.id === f.root)
}

function children(f: Fragment, id: string): DocNode[] {
  // Fragment order is creation order; pos must agree with it.
  return f.nodes.filter((n) => n.parent === id && n.id !== f.root)
}

/** Every fragment: root first, parents before children, unique ids, valid and ordered positions. */
function expectWellFormed(f: Fragment) {
  expect(f.nodes[0]!.id).toBe(f.root)
  const seen = new Set<string>()
  for (const n of f.nodes) {
    expect(seen.has(n.id)).toBe(false)
    if (n.id !== f.root) expect(seen.has(n.parent!), `${n.id}'s parent ${n.parent} comes first`).toBe(true)
    seen.add(n.id)
  }
  for (const p of f.nodes) {
    const keys = children(f, p.id).map((n) => n.pos!)
    for (const k of keys) expect(validKey(k), k).toBe(true)
    expect([...keys].sort()).toEqual(keys)
    expect(new Set(keys).size).toBe(keys.length)
  }
}

function frag(html: string, plain = false): Fragment {
  const f = htmlToFragment(html, plain)
  expect(f).not.toBeNull()
  expectWellFormed(f!)
  return f!
}

/** One component alone, no wrapper. */
function single(html: string): DocNode {
  const f = frag(html)
  expect(f.nodes).toHaveLength(1)
  return f.nodes[0]!
}

describe('htmlToFragment components', () => {
  it.each([1, 2, 3, 4, 5, 6])('h%i becomes a Heading with that level', (level) => {
    const n = single(`<h${level}>  Clinic   hours </h${level}>`)
    expect(n).toMatchObject({ type: 'Heading', props: { text: 'Clinic hours', level } })
  })

  type Case = { name: string; html: string; want: Partial<DocNode> }
  const cases: Case[] = [
    { name: 'a paragraph keeps its inline markup', html: '<p>Book <strong>now</strong> or <em>later</em>, <a href="https://x.test/">here</a>.</p>', want: { type: 'Text', props: { html: '<p>Book <strong>now</strong> or <em>later</em>, <a href="https://x.test/">here</a>.</p>' } } },
    { name: 'a blockquote is Text', html: '<blockquote>Said</blockquote>', want: { type: 'Text', props: { html: '<blockquote>Said</blockquote>' } } },
    { name: 'a bulleted list', html: '<ul><li>One</li><li> Two <b>2</b></li><li></li></ul>', want: { type: 'List', props: { items: ['One', 'Two 2'], ordered: false } } },
    { name: 'a numbered list', html: '<ol><li>First</li><li>Second</li></ol>', want: { type: 'List', props: { items: ['First', 'Second'], ordered: true } } },
    {
      name: 'an image with alt and defaults for its size',
      html: '<img src="https://cdn.test/a.png" alt="A nurse">',
      want: { type: 'Image', props: { src: 'https://cdn.test/a.png', alt: 'A nurse', decorative: false, width: 800, height: 600 } },
    },
    {
      name: 'an image with empty alt is decorative, with its own size',
      html: '<img src="https://cdn.test/b.png" alt="" width="320" height="200">',
      want: { type: 'Image', props: { src: 'https://cdn.test/b.png', alt: '', decorative: true, width: 320, height: 200 } },
    },
    {
      name: 'an image with a nonsense size gets the defaults',
      html: '<img src="/media/c.png" alt="c" width="-5" height="50%">',
      want: { type: 'Image', props: { src: '/media/c.png', width: 800, height: 600 } },
    },
    { name: 'an image in an otherwise empty paragraph', html: '<p><span><img src="https://cdn.test/d.png" alt="d"></span></p>', want: { type: 'Image', props: { src: 'https://cdn.test/d.png' } } },
    { name: 'an image wrapped in inline elements', html: '<b id="docs-internal-guid-1"><span><img src="https://cdn.test/e.png" alt="e"></span></b>', want: { type: 'Image', props: { src: 'https://cdn.test/e.png', alt: 'e' } } },
    { name: 'a lone link becomes a Link', html: '<a href="https://clinic.test/book"> Book a slot </a>', want: { type: 'Link', props: { text: 'Book a slot', href: 'https://clinic.test/book' } } },
    { name: 'a lone relative link', html: '<div><a href="/contact">Contact</a></div>', want: { type: 'Link', props: { text: 'Contact', href: '/contact' } } },
    { name: 'a horizontal rule is a Divider', html: '<hr>', want: { type: 'Divider' } },
    { name: 'a button', html: '<button>Go</button>', want: { type: 'Button', props: { text: 'Go' } } },
    { name: 'a table keeps its text', html: '<table><tr><td>a</td><td>b &lt;</td></tr></table>', want: { type: 'Text', props: { html: '<p>a b &lt;</p>' } } },
    { name: 'loose inline text becomes a paragraph', html: 'Hello <b>world</b>', want: { type: 'Text', props: { html: '<p>Hello <b>world</b></p>' } } },
  ]
  it.each(cases)('$name', ({ html, want }) => {
    expect(single(html)).toMatchObject(want)
  })
})

describe('htmlToFragment safety', () => {
  it.each([
    ['javascript:', '<a href="javascript:alert(1)">Click</a>'],
    ['JavaScript: with spaces', '<a href="  JavaScript:alert(1)">Click</a>'],
    ['a tab inside the scheme', '<a href="java&#9;script:alert(1)">Click</a>'],
    ['a newline inside the scheme', '<a href="java&#10;script:alert(1)">Click</a>'],
    ['a leading control character', '<a href="&#1;javascript:alert(1)">Click</a>'],
    ['data:', '<a href="data:text/html,<script>alert(1)</script>">Click</a>'],
    ['vbscript:', '<a href="vbscript:msgbox">Click</a>'],
  ])('a %s href never becomes a Link href', (_, html) => {
    const f = frag(html)
    for (const n of f.nodes) {
      expect(n.type).not.toBe('Link')
      expect(n.props?.href).toBeUndefined()
    }
    // The words survive as text; the server's rich-text sanitiser deals with the markup.
    expect(f.nodes[0]).toMatchObject({ type: 'Text' })
    expect(String(f.nodes[0]!.props!.html)).toContain('Click')
  })

  it.each([
    ['data:', '<img src="data:image/png;base64,iVBORw0KGgo=" alt="x">'],
    ['blob:', '<img src="blob:https://x.test/1" alt="x">'],
    ['javascript:', '<img src="javascript:alert(1)" alt="x">'],
  ])('drops %s images', (_, html) => {
    expect(htmlToFragment(html)).toBeNull()
    const f = frag(`<p>Keep</p>${html}<p>Also</p>`)
    expect(top(f).map((n) => n.type)).toEqual(['Text', 'Text'])
  })

  it('drops script, style and other embedded content', () => {
    const f = frag(
      '<style>p{color:red}</style><script>alert(1)</script><p>Visible</p><iframe src="https://x.test"></iframe><noscript>No</noscript><template><p>T</p></template><svg><text>S</text></svg><p>Also</p>',
    )
    expect(top(f).map((n) => n.props?.html)).toEqual(['<p>Visible</p>', '<p>Also</p>'])
    expect(JSON.stringify(f)).not.toMatch(/alert|color:red|No<|>T<|>S</)
  })

  it('gives nothing for nothing to keep', () => {
    expect(htmlToFragment('<script>x</script>')).toBeNull()
    expect(htmlToFragment('<p>   </p><div></div>')).toBeNull()
    expect(htmlToFragment('<section><style>x</style></section>')).toBeNull()
    expect(htmlToFragment('   \n\n  ', true)).toBeNull()
  })
})

describe('htmlToFragment structure', () => {
  it('a single paragraph is a single node without a wrapper', () => {
    const f = frag('<p>Only this</p>')
    expect(f.nodes).toHaveLength(1)
    expect(f.root).toBe(f.nodes[0]!.id)
  })

  it('several blocks are wrapped in a Container, in order', () => {
    const f = frag('<h1>Title</h1><p>Intro</p><ul><li>a</li></ul><img src="https://x.test/i.png" alt="i"><p>End</p>')
    expect(f.nodes[0]).toMatchObject({ id: f.root, type: 'Container' })
    expect(top(f).map((n) => n.type)).toEqual(['Heading', 'Text', 'List', 'Image', 'Text'])
  })

  it('flattens nested divs', () => {
    const f = frag('<div><div><div><h2>Deep</h2></div><div><p>One</p><div><p>Two</p></div></div></div></div>')
    expect(top(f).map((n) => n.type)).toEqual(['Heading', 'Text', 'Text'])
    expect(f.nodes).toHaveLength(4) // the wrapper and three components
  })

  it('keeps sections as Containers and drops empty ones', () => {
    const f = frag('<section><h2>A</h2><p>a</p></section><section><script>x</script></section><article><p>b</p></article>')
    const t = top(f)
    expect(t.map((n) => n.type)).toEqual(['Container', 'Container'])
    expect(children(f, t[0]!.id).map((n) => n.type)).toEqual(['Heading', 'Text'])
    expect(children(f, t[1]!.id).map((n) => n.props?.html)).toEqual(['<p>b</p>'])
  })

  it('splits inline runs around blocks', () => {
    const f = frag('<div>Before <i>it</i><p>Middle</p>after</div>')
    expect(top(f).map((n) => n.props?.html)).toEqual(['<p>Before <i>it</i></p>', '<p>Middle</p>', '<p>after</p>'])
  })

  it('a link inside text stays in the text', () => {
    const f = frag('<div>See <a href="https://x.test">this</a></div>')
    expect(f.nodes).toHaveLength(1)
    expect(f.nodes[0]).toMatchObject({ type: 'Text', props: { html: '<p>See <a href="https://x.test">this</a></p>' } })
  })

  it('plain text with blank lines becomes several Text nodes, escaped, with line breaks', () => {
    const f = frag('First para\nline two\n\n  Second <b>not bold</b> & more \n \n\nThird', true)
    expect(top(f).map((n) => n.props?.html)).toEqual(['<p>First para<br>line two</p>', '<p>Second &lt;b&gt;not bold&lt;/b&gt; &amp; more</p>', '<p>Third</p>'])
  })

  it('a single plain line is a single node', () => {
    const f = frag('just <words>', true)
    expect(f.nodes).toHaveLength(1)
    expect(f.nodes[0]!.props).toEqual({ html: '<p>just &lt;words&gt;</p>' })
  })

  it('gives every node a unique id across calls', () => {
    const a = frag('<p>a</p><p>b</p>')
    const b = frag('<p>a</p><p>b</p>')
    const ids = [...a.nodes, ...b.nodes].map((n) => n.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('positions stay valid and ordered for many blocks', () => {
    const html = Array.from({ length: 120 }, (_, i) => `<p>${i}</p>`).join('')
    const f = frag(html)
    expect(top(f)).toHaveLength(120)
    expect(top(f).map((n) => n.props?.html)).toEqual(Array.from({ length: 120 }, (_, i) => `<p>${i}</p>`))
  })
})
