// Package render turns a page document into HTML and CSS (DESIGN.md §2: the
// one renderer). The editor canvas, previews, thumbnails, builds and the site
// server all call Render. It is pure: the same document, tokens, registry and
// options always give byte-identical output.
package render

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/render/component"
)

// TokenRefs resolves a design-token path ("color.text.default") to the CSS
// it renders as ("var(--pw-color-text-default)"). The token package
// implements it; ok is false for an unknown token.
type TokenRefs interface {
	Ref(path string) (cssVar string, ok bool)
}

// Mode says who the output is for.
type Mode int

const (
	// Published output is what visitors get: no editor markers.
	Published Mode = iota
	// Editor output marks each component's root element with
	// data-pw-node="<id>" for the canvas.
	Editor
)

// StylesheetPlaceholder is the stylesheet href written when
// Options.StylesheetHref is empty; a site build replaces it with the hashed
// CSS file's address.
const StylesheetPlaceholder = "/__pw_stylesheet__.css"

// DefaultBreakpoints are the min-width breakpoints (px) used when
// Options.Breakpoints is nil.
var DefaultBreakpoints = map[string]int{"sm": 640, "md": 768, "lg": 1024, "xl": 1280}

// MaxDepth is the deepest node nesting rendered.
const MaxDepth = 200

// Asset is an image of the site's asset library, as pages refer to it with
// "asset:<id>" (in image props and meta.ogImage). Src and the variant URLs
// are made by the server and already safe.
type Asset = component.Asset

// AssetVariant is a resized copy of an asset.
type AssetVariant = component.AssetVariant

// AssetResolver looks up assets by id.
type AssetResolver = component.AssetResolver

// Options control one render.
type Options struct {
	// Tokens resolves `{path}` token references in style values; nil means
	// any token reference is an error.
	Tokens TokenRefs
	// Registry holds the component types; nil means component.Default().
	Registry *component.Registry
	// Mode is Published or Editor.
	Mode Mode
	// Subtree, when set, renders only that node and its descendants as an
	// HTML fragment (no document shell), for the editor canvas.
	Subtree string
	// Breakpoints maps a style key to its min-width in px; nil means
	// DefaultBreakpoints. Media rules come out in ascending width order.
	Breakpoints map[string]int
	// InlineCSS puts the CSS in a <style> element instead of a
	// <link rel=stylesheet>.
	InlineCSS bool
	// StylesheetHref is the <link> target when InlineCSS is false; empty
	// means StylesheetPlaceholder.
	StylesheetHref string
	// TokensCSS is the design system's CSS (custom properties), placed
	// before the page's own rules when InlineCSS is set. It must come from
	// the token package, which validates every value.
	TokensCSS string
	// TokensCSSFor, when set, is called once the page's CSS is known and
	// returns the design system's CSS to inline instead of TokensCSS: it
	// gets the token paths the page's styles use (Result.Tokens) and the
	// page's CSS, so it can leave out the tokens nothing refers to.
	TokensCSSFor func(tokens []string, css string) (string, error)
	// SplitNodeCSS leaves each node's own rules out of Result.CSS and puts
	// them in Result.NodeCSS, so that the editor canvas can replace one
	// node's rules when that node changes.
	SplitNodeCSS bool
	// Assets resolves "asset:<id>" image references; without it any
	// reference is an error.
	Assets AssetResolver
	// Symbols resolves the reusable components that Instance nodes place
	// (see ExpandInstances); nil means a page with an instance is an
	// error.
	Symbols SymbolResolver
	// Data is API data for bound props (not used yet).
	Data any
}

// Result is a rendered page.
type Result struct {
	// HTML is a complete HTML5 document, or a fragment with Options.Subtree.
	HTML string
	// CSS is every rule the page needs: the global base, each used
	// component type's base CSS once, and the per-node classes (unless
	// Options.SplitNodeCSS moves those to NodeCSS).
	CSS string
	// NodeCSS maps a node id to that node's own rules, with
	// Options.SplitNodeCSS: its class's base rule, :hover and
	// :focus-visible rules, then each breakpoint's rule in its own
	// @media (min-width:…) block. Nodes without styles have no entry.
	NodeCSS map[string]string
	// Scripts are the client scripts of the component types used, one per
	// type, sorted by type name. A full document also inlines them at the
	// end of <body>.
	Scripts []string
	// Tokens are the design-token paths the rendered nodes' styles refer
	// to, sorted.
	Tokens []string
	// Assets are the ids of the assets the page uses (image props and
	// meta.ogImage), sorted.
	Assets []string
}

// Error is a render failure naming the node and, when known, the prop or
// style property at fault. Node is empty for a problem of the document's
// meta (Field "meta.ogImage").
type Error struct {
	Node    string
	Field   string
	Message string
}

// Error formats the failure.
func (e *Error) Error() string {
	switch {
	case e.Node == "" && e.Field != "":
		return fmt.Sprintf("render: %s: %s", e.Field, e.Message)
	case e.Field == "":
		return fmt.Sprintf("render: node %q: %s", e.Node, e.Message)
	}
	return fmt.Sprintf("render: node %q: %s: %s", e.Node, e.Field, e.Message)
}

// baseCSS is the page-wide reset and helpers every page gets.
const baseCSS = `*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:var(--pw-font-family-sans,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);line-height:1.5;color:var(--pw-color-text-default,#1f2328);background:var(--pw-color-background-default,#fff)}
img,svg{max-width:100%}
img{height:auto}
:focus-visible{outline:3px solid var(--pw-color-focus-ring,#0a58ca);outline-offset:2px}
.pw-sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important;scroll-behavior:auto!important}}
`

// Render renders the document. It fails, naming the node, on an unknown
// component type, a child its parent does not accept, invalid props, an
// unsafe URL, an unknown token or asset, an unsafe style property or
// value, or a reusable component it cannot place.
//
// It first replaces the Instance nodes with their components' nodes
// (ExpandInstances, with Options.Symbols): those render like any other,
// with their expanded ids ("<instanceId>_<innerId>") as data-pw-node in
// the editor, except the component's top node, which has the instance's
// id. Options.Subtree may name any of them.
//
// It works in two passes over the tree. The first, children before their
// parent, checks and prepares every node: props, ids, styles, assets. The
// second writes the markup top down into one buffer, each component
// placing its children's markup where it belongs as it goes, so no node's
// markup is ever copied into its parent's.
func Render(d *doc.Document, opts Options) (Result, error) {
	if d == nil || d.Nodes == nil {
		return Result{}, &Error{Node: "", Message: "no document"}
	}
	r := getRenderer(d, opts)
	defer putRenderer(r)
	var err error
	if r.instances {
		// Indexing the nodes noticed the instances, so a page without
		// any pays nothing more for them.
		if d, err = ExpandInstances(d, opts.Symbols); err != nil {
			return Result{}, err
		}
		r.reset(d, opts)
	}
	start := d.Root
	if opts.Subtree != "" {
		start = opts.Subtree
	}
	si, ok := r.index[start]
	if !ok {
		return Result{}, &Error{Node: start, Message: "no such node"}
	}
	if err := r.prepare(si, nil, 0); err != nil {
		return Result{}, err
	}
	var og string
	if opts.Subtree == "" {
		if og, err = r.ogImage(); err != nil {
			return Result{}, err
		}
	}
	res := Result{CSS: r.css(), NodeCSS: r.nodeCSS, Scripts: r.scripts(), Tokens: sortedKeys(r.tokenSet), Assets: sortedKeys(r.assetSet)}

	w := writers.Get().(*component.Writer)
	defer putWriter(w)
	w.Reset()
	if opts.Subtree != "" {
		if err := r.write(w, si); err != nil {
			return Result{}, err
		}
		res.HTML = w.String()
		return res, nil
	}
	tokensCSS := opts.TokensCSS
	if opts.InlineCSS && opts.TokensCSSFor != nil {
		if tokensCSS, err = opts.TokensCSSFor(res.Tokens, res.CSS); err != nil {
			return Result{}, err
		}
	}
	r.head(w, og, tokensCSS, res.CSS)
	if err := r.write(w, si); err != nil {
		return Result{}, err
	}
	w.Raw("\n")
	for _, s := range res.Scripts {
		w.Raw("<script>")
		w.Raw(s)
		w.Raw("</script>\n")
	}
	w.Raw("</body>\n</html>\n")
	res.HTML = w.String()
	return res, nil
}

// writers recycles the output buffers of renders.
var writers = sync.Pool{New: func() any { return component.NewWriter(64 << 10) }}

func putWriter(w *component.Writer) {
	if w.Len() <= 4<<20 { // do not keep the odd huge page's buffer alive
		writers.Put(w)
	}
}

// kidKey sorts a child: the first bytes of its position as a number, and
// its index.
type kidKey struct {
	pre uint64
	idx int32
}

// prefix8 is the first 8 bytes of s as a big-endian number, padded with
// zeros: comparing two of them orders the strings as far as they go.
func prefix8(s string) uint64 {
	var p uint64
	for i := 0; i < 8; i++ {
		p <<= 8
		if i < len(s) {
			p |= uint64(s[i])
		}
	}
	return p
}

// nodeState is one node's progress through a render: what the first pass
// works out for the second.
type nodeState struct {
	n      *doc.Node
	t      *component.Type
	parent int32 // index of the parent, or -1
	first  int32 // the children are kids[first : first+nkids]
	nkids  int32
	depth  int32
	pre    uint64 // prefix8 of the position, for sorting
	state  uint8
	skip   bool   // Prepare said the node renders nothing (Context.Skip)
	data   any    // what Prepare computed
	class  string // Prepare's extra classes
	nclass string // the class of the node's own rules
}

const (
	unvisited uint8 = iota
	visiting
	prepared
)

// renderer is the state of one Render call.
type renderer struct {
	d       *doc.Document
	opts    Options
	reg     *component.Registry
	st      []nodeState
	index   map[string]int32
	kids    []int32           // children of each node, grouped by parent, in (pos, id) order
	kidInfo []component.Child // the same children as components see them
	sortBuf []kidKey
	bps     []breakpoint
	bpIndex map[string]int
	ids     idSet
	classes idSet
	used    []*component.Type
	assets  component.AssetResolver // r itself when opts.Assets is set

	plainIDs bool              // every node id is usable in a class name as it is: see nodeClass
	ctx      component.Context // reused by every node's Prepare
	views    []component.View  // one per depth, reused by the second pass
	maxDepth int
	vals     map[string]string // style value → checked CSS, for this render's tokens
	tokenSet map[string]struct{}
	assetSet map[string]struct{}

	// instances is set when the document holds an Instance node: reset
	// then stops after the index, for Render to expand them first.
	instances bool

	buckets [][]byte // rules: base, hover, focus, then one per breakpoint
	decl    []byte   // scratch for one node's declarations
	nodeCSS map[string]string
}

type breakpoint struct {
	name string
	px   int
}

// renderers recycles renderers with their scratch memory: a render then
// allocates little beyond its output, which keeps the garbage collector
// (and its write barriers) out of the way.
var renderers = sync.Pool{New: func() any { return new(renderer) }}

// maxPooledNodes is the largest document whose renderer goes back to the
// pool; a huge one's memory is better given back.
const maxPooledNodes = 1 << 14

func getRenderer(d *doc.Document, opts Options) *renderer {
	r := renderers.Get().(*renderer)
	r.reset(d, opts)
	return r
}

func putRenderer(r *renderer) {
	if len(r.st) > maxPooledNodes {
		return
	}
	r.d, r.opts, r.nodeCSS, r.tokenSet, r.assetSet = nil, Options{}, nil, nil, nil
	clear(r.st) // drop the document's nodes and Prepare's data
	clear(r.views)
	r.ctx = component.Context{Styles: r.ctx.Styles[:0]}
	renderers.Put(r)
}

// reset readies a (possibly recycled) renderer for one render of d.
func (r *renderer) reset(d *doc.Document, opts Options) {
	r.d, r.opts, r.reg, r.assets = d, opts, opts.Registry, nil
	if r.reg == nil {
		r.reg = component.Default()
	}
	if opts.Assets != nil {
		r.assets = r
	}
	if r.ids == nil {
		r.ids, r.classes, r.bpIndex, r.vals = idSet{}, idSet{}, map[string]int{}, map[string]string{}
	}
	clear(r.ids)
	clear(r.classes)
	clear(r.bpIndex)
	clear(r.vals)
	r.used, r.maxDepth, r.decl, r.views = r.used[:0], 0, r.decl[:0], r.views[:0]
	r.tokenSet, r.assetSet, r.nodeCSS = nil, nil, nil

	bp := opts.Breakpoints
	if bp == nil {
		bp = DefaultBreakpoints
	}
	r.bps = r.bps[:0]
	for name, px := range bp {
		r.bps = append(r.bps, breakpoint{name, px})
	}
	slices.SortFunc(r.bps, func(a, b breakpoint) int {
		return cmp.Or(cmp.Compare(a.px, b.px), cmp.Compare(a.name, b.name))
	})
	for i, b := range r.bps {
		r.bpIndex[b.name] = i
	}
	n := bucketMedia + len(r.bps)
	if cap(r.buckets) < n {
		r.buckets = append(r.buckets[:cap(r.buckets)], make([][]byte, n-cap(r.buckets))...)
	}
	r.buckets = r.buckets[:n]
	for i := range r.buckets {
		r.buckets[i] = r.buckets[i][:0]
	}
	if opts.SplitNodeCSS {
		r.nodeCSS = map[string]string{}
	}

	// Index the nodes, then group the children by parent in one array.
	r.st = slices.Grow(r.st[:0], len(d.Nodes))
	if r.index == nil {
		r.index = make(map[string]int32, len(d.Nodes))
	}
	clear(r.index)
	root := int32(-1)
	r.plainIDs, r.instances = true, false
	for id, n := range d.Nodes {
		if n == nil {
			continue
		}
		if r.plainIDs && (n.ID != id || !plainClassID(id)) {
			r.plainIDs = false
		}
		if n.Type == component.InstanceType {
			r.instances = true
		}
		if id == d.Root {
			root = int32(len(r.st))
		}
		r.index[id] = int32(len(r.st))
		r.st = append(r.st, nodeState{n: n, parent: -1, pre: prefix8(n.Pos)})
	}
	if r.instances {
		return // Render expands them and starts again
	}
	for i := range r.st {
		s := &r.st[i]
		// A hidden node (and so its subtree) is never linked to its
		// parent: it stays in the document but is not rendered.
		if int32(i) == root || s.n.Parent == "" || s.n.Hidden {
			continue
		}
		if p, ok := r.index[s.n.Parent]; ok {
			s.parent = p
			r.st[p].nkids++
		}
	}
	off := int32(0)
	for i := range r.st {
		r.st[i].first = off
		off += r.st[i].nkids
		r.st[i].nkids = 0
	}
	r.kids = slices.Grow(r.kids[:0], int(off))[:off]
	for i := range r.st {
		if p := r.st[i].parent; p >= 0 {
			ps := &r.st[p]
			r.kids[ps.first+ps.nkids] = int32(i)
			ps.nkids++
		}
	}
	// Sort each group by (pos, id). Positions are short strings that
	// mostly differ in their first bytes, so compare those as a number
	// first and only look at the strings on a tie.
	byPos := func(a, b kidKey) int {
		if a.pre != b.pre {
			return cmp.Compare(a.pre, b.pre)
		}
		na, nb := r.st[a.idx].n, r.st[b.idx].n
		return cmp.Or(strings.Compare(na.Pos, nb.Pos), strings.Compare(na.ID, nb.ID))
	}
	r.kidInfo = slices.Grow(r.kidInfo[:0], int(off))[:off]
	for i := range r.st {
		s := &r.st[i]
		group := r.kids[s.first : s.first+s.nkids]
		if len(group) > 1 {
			keys := r.sortBuf[:0]
			for _, k := range group {
				keys = append(keys, kidKey{r.st[k].pre, k})
			}
			slices.SortFunc(keys, byPos)
			for j, k := range keys {
				group[j] = k.idx
			}
			r.sortBuf = keys
		}
		for j, k := range group {
			n := r.st[k].n
			r.kidInfo[int(s.first)+j] = component.Child{Type: n.Type, ID: n.ID}
		}
	}
}

// prepare checks and prepares node i and its subtree, children first: their
// ids, classes and rules come before their parent's, as they always have.
func (r *renderer) prepare(i int32, parent *component.Type, depth int) error {
	s := &r.st[i]
	n := s.n
	if depth > MaxDepth {
		return &Error{Node: n.ID, Message: fmt.Sprintf("nested deeper than %d levels", MaxDepth)}
	}
	if s.state == visiting {
		return &Error{Node: n.ID, Message: "is its own ancestor (cycle)"}
	}
	t, ok := r.reg.Get(n.Type)
	if !ok {
		return &Error{Node: n.ID, Field: "type", Message: fmt.Sprintf("unknown component type %q", n.Type)}
	}
	if parent != nil && !parent.Accepts(t) {
		return &Error{Node: n.ID, Field: "parent", Message: fmt.Sprintf("a %s cannot be placed inside a %s", n.Type, parent.Name)}
	}
	if fe := t.CheckProps(n.Props); len(fe) > 0 {
		return &Error{Node: n.ID, Field: fe[0].Path, Message: fe[0].Message}
	}
	s.state, s.t = visiting, t
	for k := s.first; k < s.first+s.nkids; k++ {
		if err := r.prepare(r.kids[k], t, depth+1); err != nil {
			return err
		}
	}
	s.state = prepared

	// Field by field rather than a whole new Context: cheaper, and
	// Styles keeps its memory.
	c := &r.ctx
	c.NodeID, c.Props, c.Children = n.ID, component.NewProps(n.Props, t.Defaults), r.kidInfo[s.first:s.first+s.nkids]
	c.IDs, c.Assets, c.Data, c.Class, c.Styles = &r.ids, r.assets, nil, "", c.Styles[:0]
	c.Editor, c.Skip = r.opts.Mode == Editor, false
	if t.Prepare != nil {
		if err := t.Prepare(c); err != nil {
			var fe component.FieldError
			if errors.As(err, &fe) {
				return &Error{Node: n.ID, Field: fe.Path, Message: fe.Message}
			}
			return &Error{Node: n.ID, Message: err.Error()}
		}
	}
	if c.Skip {
		// Nothing to write, so nothing to style or script either.
		s.skip, s.data, s.depth = true, nil, int32(depth)
		c.Data = nil
		return nil
	}
	if !slices.Contains(r.used, t) {
		r.used = append(r.used, t)
	}
	nc := ""
	if len(c.Styles) > 0 || len(n.Styles) > 0 {
		var err error
		if nc, err = r.styles(n, c.Styles); err != nil {
			return err
		}
	}
	s.data, s.class, s.nclass, s.depth = c.Data, c.Class, nc, int32(depth)
	r.maxDepth = max(r.maxDepth, depth)
	c.Data = nil
	return nil
}

// write writes node i's markup; its component writes the children. The
// view lives in r.views at the node's depth: a component's view stays put
// while its children's, one level down, come and go.
func (r *renderer) write(w *component.Writer, i int32) error {
	s := &r.st[i]
	if s.skip {
		return nil
	}
	if len(r.views) <= r.maxDepth {
		r.views = slices.Grow(r.views[:0], r.maxDepth+1)[:r.maxDepth+1]
	}
	// Field by field: the template-only fields stay zero (WriteNode fills
	// a copy for templates), and the rest is cheaper to set than to copy.
	v := &r.views[s.depth]
	v.NodeID, v.Props, v.Kids, v.D = s.n.ID, component.NewProps(s.n.Props, s.t.Defaults), r.kidInfo[s.first:s.first+s.nkids], s.data
	v.ClassList[0], v.ClassList[1], v.ClassList[2] = s.t.ClassName(), s.class, s.nclass
	v.Editor, v.Out, v.Handle = r.opts.Mode == Editor, r, int(i)
	if err := s.t.WriteNode(w, v); err != nil {
		var re *Error
		if errors.As(err, &re) {
			return err
		}
		return &Error{Node: s.n.ID, Message: "template: " + err.Error()}
	}
	return nil
}

// WriteChild writes child k of the node v shows (component.ChildWriter).
func (r *renderer) WriteChild(w *component.Writer, v *component.View, k int) error {
	if v.Handle < 0 || v.Handle >= len(r.st) {
		return fmt.Errorf("render: unknown node handle %d", v.Handle)
	}
	s := &r.st[v.Handle]
	if k < 0 || k >= int(s.nkids) {
		return fmt.Errorf("render: node %q has no child %d", s.n.ID, k)
	}
	return r.write(w, r.kids[int(s.first)+k])
}

// Asset looks up an asset for a component and remembers that the page uses
// it (component.AssetResolver).
func (r *renderer) Asset(id string) (component.Asset, bool) {
	a, ok := r.opts.Assets.Asset(id)
	if ok {
		if r.assetSet == nil {
			r.assetSet = map[string]struct{}{}
		}
		r.assetSet[id] = struct{}{}
	}
	return a, ok
}

// ogImage returns the og:image URL of the page, if it has a usable one:
// an absolute http(s) URL, or an asset whose Src is one. An asset
// reference that does not resolve is an error.
func (r *renderer) ogImage() (string, error) {
	s := r.d.Meta.OGImage
	if id, ok := component.AssetRef(s); ok {
		bad := func(msg string) error { return &Error{Field: "meta.ogImage", Message: msg} }
		switch {
		case !component.ValidAssetID(id):
			return "", bad("must name an asset as asset:<id> (letters, digits and '-', at most 64)")
		case r.assets == nil:
			return "", bad("refers to asset " + strconv.Quote(id) + ", but no asset library is available to this render")
		}
		a, ok := r.assets.Asset(id)
		if !ok {
			return "", bad("refers to asset " + strconv.Quote(id) + ", which does not exist")
		}
		s = a.Src
	}
	if _, ok := component.SafeImageURL(s); ok && strings.HasPrefix(strings.ToLower(s), "http") {
		return s, nil
	}
	return "", nil
}

func sortedKeys(m map[string]struct{}) []string {
	if len(m) == 0 {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// usedByName returns the used types sorted by name.
func (r *renderer) usedByName() []*component.Type {
	slices.SortFunc(r.used, func(a, b *component.Type) int { return strings.Compare(a.Name, b.Name) })
	return r.used
}

// scripts returns the used types' scripts sorted by type name.
func (r *renderer) scripts() []string {
	var out []string
	for _, t := range r.usedByName() {
		if t.Script != "" {
			out = append(out, t.Script)
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}

var langRe = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)

// head writes the HTML5 shell up to and including <body>.
func (r *renderer) head(w *component.Writer, og, tokensCSS, css string) {
	m := r.d.Meta
	lang := m.Lang
	if !langRe.MatchString(lang) {
		lang = "en"
	}
	title := strings.TrimSpace(m.Title)
	if title == "" {
		title = "Untitled page"
	}
	meta := func(attr, name, content string) {
		w.Raw("<meta " + attr + "=\"" + name + "\" content=\"")
		w.EscapePlain(content)
		w.Raw("\">\n")
	}
	w.Raw("<!doctype html>\n<html lang=\"")
	w.EscapePlain(lang)
	w.Raw("\">\n<head>\n<meta charset=\"utf-8\">\n")
	w.Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	w.Raw("<title>")
	w.EscapePlain(title)
	w.Raw("</title>\n")
	if m.Description != "" {
		meta("name", "description", m.Description)
	}
	meta("property", "og:title", title)
	if m.Description != "" {
		meta("property", "og:description", m.Description)
	}
	if og != "" {
		meta("property", "og:image", og)
	}
	if r.opts.InlineCSS {
		w.Raw("<style>\n")
		w.Raw(tokensCSS)
		w.Raw(css)
		w.Raw("</style>\n")
	} else {
		href := r.opts.StylesheetHref
		if href == "" {
			href = StylesheetPlaceholder
		}
		w.Raw("<link rel=\"stylesheet\" href=\"")
		w.EscapePlain(href)
		w.Raw("\">\n")
	}
	w.Raw("</head>\n<body>\n")
}

// idSet hands out unique HTML ids (and class suffixes) in render order, so
// the same document always gets the same ids.
type idSet map[string]int

// ID returns a valid id derived from hint, unique within this set.
func (s *idSet) ID(hint string) string {
	base := sanitizeID(hint)
	n := (*s)[base]
	if n == 0 { // the hint is free (a taken id always counts at least 1)
		(*s)[base] = 1
		return base
	}
	id := base
	for ; ; n++ {
		if n > 0 {
			id = base + "-" + strconv.Itoa(n+1)
		}
		if _, taken := (*s)[id]; !taken {
			(*s)[base] = n + 1
			(*s)[id] = 1
			return id
		}
	}
}

// plainClassID reports whether "pw-n-"+id is a class name sanitizeID
// leaves as it is.
func plainClassID(id string) bool {
	if len(id) > 64-len("pw-n-") {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// nodeClass is the class of a node's own rules, "pw-n-<id>", made unique.
// When every node id is its map key and plain, those classes are unique
// already and the set of taken ones need not be kept.
func (r *renderer) nodeClass(id string) string {
	if r.plainIDs {
		return "pw-n-" + id
	}
	return r.classes.ID("pw-n-" + id)
}

// sanitizeID keeps letters, digits, '-' and '_', replaces the rest with '-',
// and makes sure the result starts with a letter.
func sanitizeID(s string) string {
	ok := s != "" && len(s) <= 64
	for i := 0; ok && i < len(s); i++ {
		c := s[i]
		ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || (i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '_'))
	}
	if ok {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s) && b.Len() < 64; i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			b.WriteByte(c)
		} else {
			b.WriteByte('-')
		}
	}
	out := b.String()
	if out == "" || !(out[0] >= 'a' && out[0] <= 'z' || out[0] >= 'A' && out[0] <= 'Z') {
		out = "id-" + out
	}
	return out
}
