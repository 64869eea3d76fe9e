package render

import (
	"bytes"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/render/component"
)

// Reusable components ("symbols", DESIGN.md §5): a component version is a
// saved subtree with exposed props, immutable and referenced as
// "<componentId>@<semver>". A page places one with an Instance node
// (component.InstanceType), which the renderer replaces with the
// component's nodes before it renders anything: see ExpandInstances.

// MaxInstanceDepth is how deeply instances may nest: an instance inside a
// component inside a component … at most this many levels.
const MaxInstanceDepth = 16

// MaxExpandedNodes is the most nodes the instances of one page may add to
// it, so that components nesting many instances of each other cannot blow
// a page up exponentially.
const MaxExpandedNodes = 100_000

// Symbol is one immutable version of a reusable component, as instances
// render it.
type Symbol struct {
	Ref string // "<id>@<version>"
	// Name is the component's display name, used in messages; optional.
	Name     string
	Document *doc.Document // schema v1; its root Page node has exactly one child: the component's top node
	Exposed  []ExposedProp
}

// ExposedProp is an inner prop an instance may override.
type ExposedProp struct {
	Key   string `json:"key"`  // unique within the component, e.g. "title"
	Node  string `json:"node"` // id of the inner node (in Symbol.Document)
	Prop  string `json:"prop"` // a top-level prop name of that node
	Label string `json:"label"`
	Type  string `json:"type"` // JSON type of the prop: string, number, integer, boolean, array, object
}

// SymbolResolver finds component versions by ref. The renderer asks for
// each ref a page (and the components it uses) needs once per render;
// a Symbol it returns must not change afterwards.
type SymbolResolver interface {
	Symbol(ref string) (*Symbol, bool)
}

// InstanceOf returns the id of the page's instance a node of an expanded
// document comes from: the part of expandedID before the first "_"
// (expanded ids are "<instanceId>_<innerId>", nested ones "a_b_c"), or
// expandedID itself when it has none.
func InstanceOf(expandedID string) string {
	id, _, _ := strings.Cut(expandedID, "_")
	return id
}

// InstanceRefs returns the sorted, unique, well-formed component refs of
// the Instance nodes of d itself (not of the components they place), for
// loading them before a render.
func InstanceRefs(d *doc.Document) []string {
	if d == nil {
		return nil
	}
	var out []string
	for _, n := range d.Nodes {
		if n == nil || n.Type != component.InstanceType {
			continue
		}
		if ref, ok := n.Props["component"].(string); ok && component.ValidComponentRef(ref) && !slices.Contains(out, ref) {
			out = append(out, ref)
		}
	}
	slices.Sort(out)
	return out
}

// ExpandInstances replaces every Instance node of d with the nodes of the
// component version it places, recursively, and returns the result. A
// document without instances comes back as it is (d itself). Otherwise d
// is not modified: the result is a new document that shares d's other
// nodes (and the components' props and styles) and must be treated as
// read-only.
//
// An instance's component top node takes the instance's id, parent and
// position (and its hidden, locked and label fields); its styles are the
// top node's with the instance's merged over them, breakpoint by
// breakpoint and property by property. Every other node of the component
// gets the id "<instanceId>_<innerId>" ("a_b_c" for nested instances:
// InstanceOf maps them back). The instance's overrides set the component's
// exposed props; an override of a key the component does not expose is
// ignored, and so is a null one. Children of an Instance node inside a
// component are left out.
//
// Failures are *Error naming the page's Instance node (the outermost one
// for a problem inside a component) with Field "props.component": no
// resolver, an unknown or malformed component, a component containing
// itself (by component id, whatever the versions), nesting deeper than
// MaxInstanceDepth, more than MaxExpandedNodes added nodes, or an expanded
// id that is already taken; with Field "props.overrides" when the
// overrides are not an object. A node of the page placed inside an
// Instance fails with Field "parent", naming that node. What the
// expanded nodes' props and styles are worth is for the render to check:
// its errors name them by their expanded ids.
func ExpandInstances(d *doc.Document, syms SymbolResolver) (*doc.Document, error) {
	if d == nil {
		return d, nil
	}
	var insts map[string]*doc.Node
	for id, n := range d.Nodes {
		if n != nil && n.Type == component.InstanceType {
			if insts == nil {
				insts = map[string]*doc.Node{}
			}
			insts[id] = n
		}
	}
	if insts == nil {
		return d, nil // the common case: one scan, nothing allocated
	}
	out := &doc.Document{SchemaVersion: d.SchemaVersion, Root: d.Root, Meta: d.Meta,
		Nodes: make(map[string]*doc.Node, len(d.Nodes)+8*len(insts))}
	bad := ""
	for id, n := range d.Nodes {
		if n == nil || n.Type == component.InstanceType {
			continue
		}
		out.Nodes[id] = n
		// An Instance takes no children (CheckDocument says so at save
		// time): the render fails as it would for any other type that
		// takes none.
		if insts[n.Parent] != nil && id != d.Root && (bad == "" || id < bad) {
			bad = id
		}
	}
	if bad != "" {
		return nil, &Error{Node: bad, Field: "parent", Message: fmt.Sprintf("a %s cannot be placed inside a reusable component's instance", d.Nodes[bad].Type)}
	}
	e := &expander{syms: syms, out: out.Nodes}
	for _, id := range slices.Sorted(maps.Keys(insts)) {
		n := insts[id]
		e.owner = id
		if err := e.expand(n, id, n.Parent); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// expander is the state of one ExpandInstances call.
type expander struct {
	syms  SymbolResolver
	out   map[string]*doc.Node
	plans map[string]*symPlan // by ref
	chain []string            // the refs being expanded, outermost first
	owner string              // the page's instance being expanded
	added int
}

// symPlan is a component version made ready to expand.
type symPlan struct {
	sym   *Symbol
	top   *doc.Node
	inner []*doc.Node         // the top's descendants, by id
	in    map[string]struct{} // the ids of the top and its descendants
}

// fail is an error naming the page's instance.
func (e *expander) fail(format string, args ...any) error {
	return &Error{Node: e.owner, Field: "props.component", Message: fmt.Sprintf(format, args...)}
}

// usedIn says which component a nested instance is in, for messages.
func (e *expander) usedIn() string {
	if len(e.chain) == 0 {
		return ""
	}
	return " (it is used inside component " + e.label(e.chain[len(e.chain)-1]) + ")"
}

// label names a component for messages: its name when known, else its ref.
func (e *expander) label(ref string) string {
	if p := e.plans[ref]; p != nil && p.sym.Name != "" {
		return quote(p.sym.Name) + " (" + ref + ")"
	}
	return ref
}

// expand places instance n as node id under parent.
func (e *expander) expand(n *doc.Node, id, parent string) error {
	ref, _ := n.Props["component"].(string)
	if !component.ValidComponentRef(ref) {
		return e.fail("must name a component version as <componentId>@<major>.<minor>.<patch>%s", e.usedIn())
	}
	cid := component.ComponentRefID(ref)
	for k, r := range e.chain {
		if component.ComponentRefID(r) == cid {
			path := append(slices.Clone(e.chain[k:]), ref)
			return e.fail("component %s contains itself through %s", e.label(r), strings.Join(path, " → "))
		}
	}
	if len(e.chain) >= MaxInstanceDepth {
		return e.fail("reusable components are nested deeper than %d levels: %s", MaxInstanceDepth, strings.Join(append(slices.Clone(e.chain), ref), " → "))
	}
	p, err := e.plan(ref)
	if err != nil {
		return err
	}
	var ov map[string]any
	if x := n.Props["overrides"]; x != nil {
		var ok bool
		if ov, ok = x.(map[string]any); !ok {
			return &Error{Node: e.owner, Field: "props.overrides", Message: "must be an object"}
		}
	}
	if e.added+len(p.inner)+1 > MaxExpandedNodes {
		return e.fail("the page's reusable components add more than %d nodes", MaxExpandedNodes)
	}

	// The overridden props, by inner node id: later exposed props win.
	var set map[string]map[string]any
	for _, x := range p.sym.Exposed {
		v, ok := ov[x.Key]
		if _, inside := p.in[x.Node]; !ok || v == nil || !inside || x.Prop == "" {
			continue
		}
		if set == nil {
			set = map[string]map[string]any{}
		}
		if set[x.Node] == nil {
			set[x.Node] = map[string]any{}
		}
		set[x.Node][x.Prop] = v
	}
	props := func(in *doc.Node) map[string]any {
		s := set[in.ID]
		if s == nil {
			return in.Props
		}
		m := make(map[string]any, len(in.Props)+len(s))
		maps.Copy(m, in.Props)
		maps.Copy(m, s)
		return m
	}

	e.chain = append(e.chain, ref)
	defer func() { e.chain = e.chain[:len(e.chain)-1] }()

	nodes := make([]doc.Node, 1+len(p.inner))
	top := &nodes[0]
	*top = *p.top
	top.ID, top.Parent, top.Pos = id, parent, n.Pos
	top.Props = props(p.top)
	top.Styles = mergeStyles(p.top.Styles, n.Styles)
	top.Hidden = top.Hidden || n.Hidden
	top.Locked = n.Locked
	if n.Label != "" {
		top.Label = n.Label
	}
	if err := e.place(top); err != nil {
		return err
	}
	for i, in := range p.inner {
		c := &nodes[i+1]
		*c = *in
		c.ID = id + "_" + in.ID
		if in.Parent == p.top.ID {
			c.Parent = id
		} else {
			c.Parent = id + "_" + in.Parent
		}
		c.Props = props(in)
		if err := e.place(c); err != nil {
			return err
		}
	}
	return nil
}

// place adds node c to the expanded document, or expands it when it is
// an instance itself.
func (e *expander) place(c *doc.Node) error {
	if c.Type == component.InstanceType {
		return e.expand(c, c.ID, c.Parent)
	}
	if _, taken := e.out[c.ID]; taken {
		return e.fail("the node id %s of component %s is taken by another node of the page", quote(c.ID), e.label(e.chain[len(e.chain)-1]))
	}
	e.added++
	e.out[c.ID] = c
	return nil
}

// plan resolves ref (once per expansion) and finds its top node and the
// nodes below it.
func (e *expander) plan(ref string) (*symPlan, error) {
	if p := e.plans[ref]; p != nil {
		return p, nil
	}
	if e.syms == nil {
		return nil, e.fail("this page uses reusable components, but no component library is available")
	}
	sym, ok := e.syms.Symbol(ref)
	if !ok || sym == nil {
		return nil, e.fail("component %s is not in the library%s", ref, e.usedIn())
	}
	malformed := func(why string) error {
		return e.fail("component %s is malformed: %s", ref, why)
	}
	sd := sym.Document
	if sd == nil || sd.Nodes == nil {
		return nil, malformed("it has no document")
	}
	if sd.SchemaVersion != doc.SchemaVersion {
		return nil, malformed(fmt.Sprintf("its document has schema version %d, not %d", sd.SchemaVersion, doc.SchemaVersion))
	}
	if root := sd.Nodes[sd.Root]; root == nil || root.ID != sd.Root {
		return nil, malformed("its document has no root node")
	}
	kids := map[string][]*doc.Node{}
	for id, n := range sd.Nodes {
		if n == nil || n.ID != id {
			return nil, malformed(fmt.Sprintf("its node %s is not stored under its id", quote(id)))
		}
		if id != sd.Root {
			kids[n.Parent] = append(kids[n.Parent], n)
		}
	}
	if tops := kids[sd.Root]; len(tops) != 1 {
		return nil, malformed(fmt.Sprintf("its page holds %d nodes; it must hold exactly one, the component's top node", len(tops)))
	}
	p := &symPlan{sym: sym, top: kids[sd.Root][0], in: map[string]struct{}{}}
	p.in[p.top.ID] = struct{}{}
	// Each node has one parent, so the walk from the top meets each node
	// below it once, and never a cycle (which cannot reach the root).
	stack := []*doc.Node{p.top}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == component.InstanceType {
			continue // an Instance takes no children
		}
		for _, k := range kids[n.ID] {
			p.in[k.ID] = struct{}{}
			p.inner = append(p.inner, k)
			stack = append(stack, k)
		}
	}
	slices.SortFunc(p.inner, func(a, b *doc.Node) int { return strings.Compare(a.ID, b.ID) })
	if e.plans == nil {
		e.plans = map[string]*symPlan{}
	}
	e.plans[ref] = p
	return p, nil
}

// mergeStyles returns base with over merged over it, key by key and
// property by property. Neither is modified; either may be returned.
func mergeStyles(base, over map[string]map[string]any) map[string]map[string]any {
	if len(over) == 0 {
		return base
	}
	if len(base) == 0 {
		return over
	}
	out := maps.Clone(base)
	for k, o := range over {
		b := base[k]
		if len(b) == 0 {
			out[k] = o
			continue
		}
		m := maps.Clone(b)
		maps.Copy(m, o)
		out[k] = m
	}
	return out
}

// Symbols is a SymbolResolver over component versions loaded before a
// render: the resolver is called during the render, with no context, so
// everything a page needs is fetched first (LoadSymbols).
type Symbols map[string]*Symbol

// Symbol returns a loaded component version.
func (m Symbols) Symbol(ref string) (*Symbol, bool) {
	s, ok := m[ref]
	return s, ok
}

// MaxLoadedSymbols bounds how many component versions one render loads.
const MaxLoadedSymbols = 1000

// LoadSymbols loads the component versions refs name and, through their
// documents, every version those contain. load returns nil (and no error)
// for a ref that does not exist: the render then names the instance.
func LoadSymbols(refs []string, load func(ref string) (*Symbol, error)) (Symbols, error) {
	out := Symbols{}
	queue := slices.Clone(refs)
	for len(queue) > 0 {
		ref := queue[0]
		queue = queue[1:]
		if _, seen := out[ref]; seen {
			continue
		}
		if len(out) >= MaxLoadedSymbols {
			return nil, fmt.Errorf("render: more than %d component versions", MaxLoadedSymbols)
		}
		s, err := load(ref)
		if err != nil {
			return nil, err
		}
		out[ref] = s
		if s != nil && s.Document != nil {
			queue = append(queue, InstanceRefs(s.Document)...)
		}
	}
	for ref, s := range out {
		if s == nil {
			delete(out, ref)
		}
	}
	return out, nil
}

var componentRefJSON = regexp.MustCompile(`"component"\s*:\s*"([0-9a-f-]{36}@[0-9]+\.[0-9]+\.[0-9]+)"`)

// RefsInJSON finds the component refs of Instance nodes in a stored page
// document without decoding it (a site build reads every page): a cheap
// check for "Instance" first, then the refs. It may find a ref in a prop
// that merely looks like one; loading it is harmless.
func RefsInJSON(b []byte) []string {
	if !bytes.Contains(b, []byte(`"Instance"`)) {
		return nil
	}
	var out []string
	for _, m := range componentRefJSON.FindAllSubmatch(b, -1) {
		if r := string(m[1]); !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	return out
}
