// Package render turns a page document into HTML and CSS (DESIGN.md §2: the
// one renderer). The editor canvas, previews, thumbnails, builds and the site
// server all call Render. It is pure: the same document, tokens, registry and
// options always give byte-identical output.
package render

import (
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"regexp"
	"slices"
	"strconv"
	"strings"

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
	// Data is API data for bound props (not used yet).
	Data any
}

// Result is a rendered page.
type Result struct {
	// HTML is a complete HTML5 document, or a fragment with Options.Subtree.
	HTML string
	// CSS is every rule the page needs: the global base, each used
	// component type's base CSS once, and the per-node classes.
	CSS string
	// Scripts are the client scripts of the component types used, one per
	// type, sorted by type name. A full document also inlines them at the
	// end of <body>.
	Scripts []string
}

// Error is a render failure naming the node and, when known, the prop or
// style property at fault.
type Error struct {
	Node    string
	Field   string
	Message string
}

// Error formats the failure.
func (e *Error) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("render: node %q: %s", e.Node, e.Message)
	}
	return fmt.Sprintf("render: node %q: %s: %s", e.Node, e.Field, e.Message)
}

// baseCSS is the page-wide reset and helpers every page gets.
const baseCSS = `*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:var(--pw-font-family-body,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);line-height:1.5;color:var(--pw-color-text-default,#1f2328);background:var(--pw-color-background-default,#fff)}
img,svg{max-width:100%}
img{height:auto}
:focus-visible{outline:3px solid var(--pw-color-focus,#0a58ca);outline-offset:2px}
.pw-sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important;scroll-behavior:auto!important}}
`

// Render renders the document. It fails, naming the node, on an unknown
// component type, a child its parent does not accept, invalid props, an
// unsafe URL, an unknown token, or an unsafe style property or value.
func Render(d *doc.Document, opts Options) (Result, error) {
	if d == nil || d.Nodes == nil {
		return Result{}, &Error{Node: "", Message: "no document"}
	}
	r := newRenderer(d, opts)
	start := d.Root
	if opts.Subtree != "" {
		start = opts.Subtree
	}
	n := d.Nodes[start]
	if n == nil {
		return Result{}, &Error{Node: start, Message: "no such node"}
	}
	body, err := r.node(n, "", 0)
	if err != nil {
		return Result{}, err
	}
	css := r.css()
	scripts := r.scripts()
	if opts.Subtree != "" {
		return Result{HTML: string(body), CSS: css, Scripts: scripts}, nil
	}
	return Result{HTML: r.document(body, css, scripts), CSS: css, Scripts: scripts}, nil
}

// renderer is the state of one Render call.
type renderer struct {
	d        *doc.Document
	opts     Options
	reg      *component.Registry
	kids     map[string][]*doc.Node
	bps      []breakpoint
	bpIndex  map[string]int
	ids      idSet
	classes  idSet
	visiting map[string]bool
	used     map[string]*component.Type
	rules    ruleSet
}

type breakpoint struct {
	name string
	px   int
}

func newRenderer(d *doc.Document, opts Options) *renderer {
	r := &renderer{d: d, opts: opts, reg: opts.Registry, ids: idSet{}, classes: idSet{},
		visiting: map[string]bool{}, used: map[string]*component.Type{}}
	if r.reg == nil {
		r.reg = component.Default()
	}
	bp := opts.Breakpoints
	if bp == nil {
		bp = DefaultBreakpoints
	}
	for name, px := range bp {
		r.bps = append(r.bps, breakpoint{name, px})
	}
	slices.SortFunc(r.bps, func(a, b breakpoint) int {
		return cmp.Or(cmp.Compare(a.px, b.px), cmp.Compare(a.name, b.name))
	})
	r.bpIndex = make(map[string]int, len(r.bps))
	for i, b := range r.bps {
		r.bpIndex[b.name] = i
	}
	r.rules.media = make([][]string, len(r.bps))
	r.kids = make(map[string][]*doc.Node, len(d.Nodes)/2+1)
	for id, n := range d.Nodes {
		if n == nil || n.Parent == "" || id == d.Root {
			continue
		}
		r.kids[n.Parent] = append(r.kids[n.Parent], n)
	}
	for _, k := range r.kids {
		slices.SortFunc(k, func(a, b *doc.Node) int {
			return cmp.Or(strings.Compare(a.Pos, b.Pos), strings.Compare(a.ID, b.ID))
		})
	}
	return r
}

// node renders one node and its subtree.
func (r *renderer) node(n *doc.Node, parentType string, depth int) (template.HTML, error) {
	if depth > MaxDepth {
		return "", &Error{Node: n.ID, Message: fmt.Sprintf("nested deeper than %d levels", MaxDepth)}
	}
	if r.visiting[n.ID] {
		return "", &Error{Node: n.ID, Message: "is its own ancestor (cycle)"}
	}
	t, ok := r.reg.Get(n.Type)
	if !ok {
		return "", &Error{Node: n.ID, Field: "type", Message: fmt.Sprintf("unknown component type %q", n.Type)}
	}
	if parentType != "" && !r.reg.Allowed(parentType, n.Type) {
		return "", &Error{Node: n.ID, Field: "parent", Message: fmt.Sprintf("a %s cannot be placed inside a %s", n.Type, parentType)}
	}
	if fe := r.reg.ValidateProps(n.Type, n.Props); len(fe) > 0 {
		return "", &Error{Node: n.ID, Field: fe[0].Path, Message: fe[0].Message}
	}
	r.visiting[n.ID] = true
	defer delete(r.visiting, n.ID)

	ctx := component.Context{NodeID: n.ID, Props: mergeProps(t.Defaults, n.Props), IDs: &r.ids}
	kids := r.kids[n.ID]
	if len(kids) > 0 {
		ctx.Children = make([]component.Child, 0, len(kids))
		for _, k := range kids {
			h, err := r.node(k, n.Type, depth+1)
			if err != nil {
				return "", err
			}
			ctx.Children = append(ctx.Children, component.Child{Type: k.Type, HTML: h})
		}
	}
	if t.Prepare != nil {
		if err := t.Prepare(&ctx); err != nil {
			var fe component.FieldError
			if errors.As(err, &fe) {
				return "", &Error{Node: n.ID, Field: fe.Path, Message: fe.Message}
			}
			return "", &Error{Node: n.ID, Message: err.Error()}
		}
	}
	r.used[t.Name] = t

	class := t.ClassName()
	if ctx.Class != "" {
		class += " " + ctx.Class
	}
	if len(ctx.Styles) > 0 || len(n.Styles) > 0 {
		nc, err := r.styles(n, ctx.Styles)
		if err != nil {
			return "", err
		}
		if nc != "" {
			class += " " + nc
		}
	}
	v := component.View{Class: class, P: ctx.Props, D: ctx.Data}
	if r.opts.Mode == Editor {
		v.Attrs = template.HTMLAttr(` data-pw-node="` + template.HTMLEscapeString(n.ID) + `"`)
	}
	if len(ctx.Children) > 0 {
		size := 0
		for _, c := range ctx.Children {
			size += len(c.HTML)
		}
		var sb strings.Builder
		sb.Grow(size)
		for _, c := range ctx.Children {
			sb.WriteString(string(c.HTML))
		}
		v.Children = template.HTML(sb.String())
	}
	var out strings.Builder
	if err := t.Execute(&out, &v); err != nil {
		return "", &Error{Node: n.ID, Message: "template: " + err.Error()}
	}
	return template.HTML(out.String()), nil
}

// mergeProps overlays props on defaults. Neither input is modified; with no
// props the (read-only) defaults are returned as they are.
func mergeProps(defaults, props map[string]any) map[string]any {
	if len(props) == 0 {
		return defaults
	}
	m := make(map[string]any, len(defaults)+len(props))
	for k, v := range defaults {
		m[k] = v
	}
	for k, v := range props {
		if v != nil {
			m[k] = v
		}
	}
	return m
}

// scripts returns the used types' scripts sorted by type name.
func (r *renderer) scripts() []string {
	var names []string
	for name, t := range r.used {
		if t.Script != "" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	out := make([]string, 0, len(names))
	for _, n := range names {
		out = append(out, r.used[n].Script)
	}
	return out
}

var langRe = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)

// document wraps the body in the HTML5 shell.
func (r *renderer) document(body template.HTML, css string, scripts []string) string {
	m := r.d.Meta
	lang := m.Lang
	if !langRe.MatchString(lang) {
		lang = "en"
	}
	title := strings.TrimSpace(m.Title)
	if title == "" {
		title = "Untitled page"
	}
	esc := template.HTMLEscapeString
	var b strings.Builder
	b.Grow(len(body) + len(css) + 1024)
	b.WriteString("<!doctype html>\n<html lang=\"" + esc(lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<title>" + esc(title) + "</title>\n")
	if m.Description != "" {
		b.WriteString("<meta name=\"description\" content=\"" + esc(m.Description) + "\">\n")
	}
	b.WriteString("<meta property=\"og:title\" content=\"" + esc(title) + "\">\n")
	if m.Description != "" {
		b.WriteString("<meta property=\"og:description\" content=\"" + esc(m.Description) + "\">\n")
	}
	if u, ok := component.SafeImageURL(m.OGImage); ok && strings.HasPrefix(strings.ToLower(m.OGImage), "http") {
		b.WriteString("<meta property=\"og:image\" content=\"" + esc(string(u)) + "\">\n")
	}
	if r.opts.InlineCSS {
		b.WriteString("<style>\n" + r.opts.TokensCSS + css + "</style>\n")
	} else {
		href := r.opts.StylesheetHref
		if href == "" {
			href = StylesheetPlaceholder
		}
		b.WriteString("<link rel=\"stylesheet\" href=\"" + esc(href) + "\">\n")
	}
	b.WriteString("</head>\n<body>\n")
	b.WriteString(string(body))
	b.WriteString("\n")
	for _, s := range scripts {
		b.WriteString("<script>" + s + "</script>\n")
	}
	b.WriteString("</body>\n</html>\n")
	return b.String()
}

// idSet hands out unique HTML ids (and class suffixes) in render order, so
// the same document always gets the same ids.
type idSet map[string]int

// ID returns a valid id derived from hint, unique within this set.
func (s *idSet) ID(hint string) string {
	base := sanitizeID(hint)
	id := base
	for n := (*s)[base]; ; n++ {
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
