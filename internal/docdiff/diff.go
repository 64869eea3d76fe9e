// Package docdiff compares and merges page documents: a structural diff for
// people, an RFC 6902 patch for programs, the doc ops that turn one version
// into another, and a three-way merge over nodes and fields for branches.
//
// Everything here is pure: documents in, values out. The documents are
// never changed, and results may share *doc.Node values with them, which
// is safe because documents are copy-on-write per node (see doc.Apply).
package docdiff

import (
	"slices"
	"sort"

	"github.com/pagewright/pagewright/internal/doc"
)

// The kinds of change.
const (
	Added    = "added"   // a node only in the newer document
	Removed  = "removed" // a node only in the older document
	Moved    = "moved"   // a node under another parent, or reordered among its siblings
	Changed  = "changed" // a node whose fields changed
	MetaKind = "meta"    // the page's head fields changed
)

// Result is the structural difference between two documents.
type Result struct {
	// Changes are in document order of the newer document (a node that
	// moved and changed has a "moved" and then a "changed" entry), then
	// the removed nodes in the older document's order. A meta change, if
	// any, comes first.
	Changes []Change `json:"changes"`
	Summary Summary  `json:"summary"`
}

// Summary counts the changes by kind; Meta counts changed meta fields.
type Summary struct {
	Added   int `json:"added"`
	Removed int `json:"removed"`
	Moved   int `json:"moved"`
	Changed int `json:"changed"`
	Meta    int `json:"meta"`
}

// Change is one node's change, named for people by its label and path.
type Change struct {
	Kind string `json:"kind"`
	// Node is the node id; empty for a meta change.
	Node string `json:"node,omitempty"`
	Type string `json:"type,omitempty"`
	// Label is the node's layer label, else the text it shows (cut to 60
	// characters), else its type.
	Label string `json:"label"`
	// Path runs from the page to the node: "Page › Hero › Heading · Book
	// your flu shot". It is the node's path in the newer document, and in
	// the older one for a removed node.
	Path string `json:"path"`
	// Fields lists what changed, for "changed" and "meta".
	Fields []FieldChange `json:"fields,omitempty"`
	// Move says where a "moved" node went.
	Move *Move `json:"move,omitempty"`
}

// FieldChange is one field's old and new value; null means absent.
type FieldChange struct {
	// Field is "props.<name>", "styles.<breakpoint>.<property>",
	// "styles.<breakpoint>" (an empty breakpoint added or removed),
	// "bind.<prop>", "label", "hidden", "locked", "type" or
	// "meta.<field>".
	Field  string `json:"field"`
	Before any    `json:"before"`
	After  any    `json:"after"`
}

// Move is where a node was and is: its parents and its index among its
// siblings in each document.
type Move struct {
	FromParent      string `json:"fromParent"`
	FromParentLabel string `json:"fromParentLabel"`
	FromIndex       int    `json:"fromIndex"`
	// FromPath is the node's path in the older document.
	FromPath      string `json:"fromPath"`
	ToParent      string `json:"toParent"`
	ToParentLabel string `json:"toParentLabel"`
	ToIndex       int    `json:"toIndex"`
}

// Diff returns the structural difference from a to b.
//
// A node is moved when its parent changed, or when its order relative to
// the siblings it kept changed: of the children a parent has in both
// documents, the longest run still in the old order stays put and the rest
// moved. Positions re-keyed without changing the order are no move, and
// neither is a shift caused by siblings added or removed around a node.
func Diff(a, b *doc.Document) Result {
	ia, ib := doc.ChildIndex(a), doc.ChildIndex(b)
	moved := movedNodes(a, b, ia, ib)
	var res Result
	if f := metaChanges(a.Meta, b.Meta); len(f) > 0 {
		res.Changes = append(res.Changes, Change{Kind: MetaKind, Label: "Page settings", Path: segmentOr(b, b.Root, "Page"), Fields: f})
		res.Summary.Meta = len(f)
	}
	for _, id := range preorder(b, ib) {
		n, o := b.Nodes[id], a.Nodes[id]
		if o == nil {
			res.Changes = append(res.Changes, change(b, Added, n))
			res.Summary.Added++
			continue
		}
		if m := moved[id]; m != nil {
			c := change(b, Moved, n)
			c.Move = m
			res.Changes = append(res.Changes, c)
			res.Summary.Moved++
		}
		if !contentEqual(o, n) {
			c := change(b, Changed, n)
			c.Fields = fieldChanges(o, n)
			res.Changes = append(res.Changes, c)
			res.Summary.Changed++
		}
	}
	for _, id := range preorder(a, ia) {
		if b.Nodes[id] == nil {
			res.Changes = append(res.Changes, change(a, Removed, a.Nodes[id]))
			res.Summary.Removed++
		}
	}
	if res.Changes == nil {
		res.Changes = []Change{}
	}
	return res
}

// segmentOr is the path segment of id in d, or def if it is missing.
func segmentOr(d *doc.Document, id, def string) string {
	if n := d.Nodes[id]; n != nil {
		return segment(n)
	}
	return def
}

func change(d *doc.Document, kind string, n *doc.Node) Change {
	return Change{Kind: kind, Node: n.ID, Type: n.Type, Label: Label(n), Path: Path(d, n.ID)}
}

// preorder lists d's nodes from the root down, children in order. Each
// node is met once: the child index lists a node under one parent only,
// never lists the root, and a cycle cannot be reached from the root.
func preorder(d *doc.Document, idx map[string][]string) []string {
	if d.Nodes[d.Root] == nil {
		return nil
	}
	out := make([]string, 0, len(d.Nodes))
	stack := []string{d.Root}
	for len(stack) > 0 && len(out) <= len(d.Nodes) {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		out = append(out, id)
		kids := idx[id]
		for i := len(kids) - 1; i >= 0; i-- {
			stack = append(stack, kids[i])
		}
	}
	return out
}

// movedNodes finds the nodes of b that moved since a.
func movedNodes(a, b *doc.Document, ia, ib map[string][]string) map[string]*Move {
	moved := map[string]*Move{}
	var aIndex map[string]int
	for p, kb := range ib {
		ka := ia[p]
		if slices.Equal(ka, kb) {
			continue
		}
		if aIndex == nil {
			aIndex = map[string]int{}
		}
		clear(aIndex)
		for i, id := range ka {
			aIndex[id] = i
		}
		// The siblings that were already here, by their old index, in
		// their new order; the longest increasing run kept its order.
		var stay []int   // indexes into kb
		var oldIdx []int // their index in ka
		for j, id := range kb {
			if i, ok := aIndex[id]; ok {
				stay = append(stay, j)
				oldIdx = append(oldIdx, i)
			} else if o := a.Nodes[id]; o != nil {
				moved[id] = newMove(a, b, o, ia, j) // came from another parent
			}
		}
		keep := lis(oldIdx)
		for k, j := range stay {
			if !keep[k] {
				id := kb[j]
				moved[id] = &Move{FromParent: p, FromParentLabel: labelOf(a, p), FromIndex: oldIdx[k], FromPath: Path(a, id),
					ToParent: p, ToParentLabel: labelOf(b, p), ToIndex: j}
			}
		}
	}
	return moved
}

// newMove describes the move of o, now child j of its parent in b.
func newMove(a, b *doc.Document, o *doc.Node, ia map[string][]string, j int) *Move {
	n := b.Nodes[o.ID]
	return &Move{FromParent: o.Parent, FromParentLabel: labelOf(a, o.Parent), FromIndex: slices.Index(ia[o.Parent], o.ID), FromPath: Path(a, o.ID),
		ToParent: n.Parent, ToParentLabel: labelOf(b, n.Parent), ToIndex: j}
}

func labelOf(d *doc.Document, id string) string { return Label(d.Nodes[id]) }

// lis marks the members of one longest strictly increasing subsequence of
// s (patience sorting, O(n log n)).
func lis(s []int) []bool {
	tails := []int{} // tails[k]: index in s of the smallest tail of a run of length k+1
	prev := make([]int, len(s))
	for i, v := range s {
		k := sort.Search(len(tails), func(k int) bool { return s[tails[k]] >= v })
		if k > 0 {
			prev[i] = tails[k-1]
		} else {
			prev[i] = -1
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	keep := make([]bool, len(s))
	if len(tails) > 0 {
		for i := tails[len(tails)-1]; i >= 0; i = prev[i] {
			keep[i] = true
		}
	}
	return keep
}

// fieldChanges lists the differences in content between two versions of a
// node, in a fixed order: type, label, hidden, locked, props, styles,
// bind, each map by key.
func fieldChanges(o, n *doc.Node) []FieldChange {
	var f []FieldChange
	if o.Type != n.Type {
		f = append(f, FieldChange{"type", o.Type, n.Type})
	}
	if o.Label != n.Label {
		f = append(f, FieldChange{"label", zeroNil(o.Label), zeroNil(n.Label)})
	}
	if o.Hidden != n.Hidden {
		f = append(f, FieldChange{"hidden", o.Hidden, n.Hidden})
	}
	if o.Locked != n.Locked {
		f = append(f, FieldChange{"locked", o.Locked, n.Locked})
	}
	f = mapChanges(f, "props.", o.Props, n.Props)
	if !stylesEqual(o.Styles, n.Styles) {
		for _, bp := range sortedKeys(o.Styles, n.Styles) {
			ob, ook := o.Styles[bp]
			nb, nok := n.Styles[bp]
			before := len(f)
			f = mapChanges(f, "styles."+bp+".", ob, nb)
			if len(f) == before && ook != nok {
				// Only an empty breakpoint appeared or went.
				f = append(f, FieldChange{"styles." + bp, mapOrNil(ob, ook), mapOrNil(nb, nok)})
			}
		}
	}
	f = mapChanges(f, "bind.", o.Bind, n.Bind)
	return f
}

func mapOrNil(m map[string]any, ok bool) any {
	if !ok {
		return nil
	}
	if m == nil {
		return map[string]any{}
	}
	return m
}

// mapChanges appends the keys that differ between two maps.
func mapChanges(f []FieldChange, prefix string, o, n map[string]any) []FieldChange {
	if mapEqual(o, n) {
		return f
	}
	for _, k := range sortedKeys(o, n) {
		ov, ook := o[k]
		nv, nok := n[k]
		if ook != nok || !jsonEqual(ov, nv) {
			f = append(f, FieldChange{prefix + k, ov, nv})
		}
	}
	return f
}

// zeroNil is s, or nil when empty (an absent label).
func zeroNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// metaFields names the meta fields and reaches into a Meta.
var metaFields = []struct {
	name string
	get  func(*doc.Meta) *string
}{
	{"title", func(m *doc.Meta) *string { return &m.Title }},
	{"description", func(m *doc.Meta) *string { return &m.Description }},
	{"lang", func(m *doc.Meta) *string { return &m.Lang }},
	{"ogImage", func(m *doc.Meta) *string { return &m.OGImage }},
}

func metaChanges(a, b doc.Meta) []FieldChange {
	var f []FieldChange
	for _, mf := range metaFields {
		if x, y := *mf.get(&a), *mf.get(&b); x != y {
			f = append(f, FieldChange{"meta." + mf.name, zeroNil(x), zeroNil(y)})
		}
	}
	return f
}
