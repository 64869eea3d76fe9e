package doc

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/pagewright/pagewright/internal/errs"
)

// The document stores only parent links; these helpers derive the tree.
// Each scans the node map rather than caching an index in Document, because
// Document is a plain value that callers build and change directly and a
// cache would go stale behind their backs. Callers that walk the whole tree
// take ChildIndex once instead.

// compareSiblings orders siblings by (pos, id): the id breaks ties between
// equal positions, which two people inserting at the same spot can create.
func compareSiblings(a, b *Node) int {
	if c := cmp.Compare(a.Pos, b.Pos); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// Children returns the ids of id's children in order.
func Children(d *Document, id string) []string {
	var kids []*Node
	for _, n := range d.Nodes {
		if n != nil && n.Parent == id && n.ID != d.Root {
			kids = append(kids, n)
		}
	}
	slices.SortFunc(kids, compareSiblings)
	out := make([]string, len(kids))
	for i, n := range kids {
		out[i] = n.ID
	}
	return out
}

// ChildIndex returns every node's children in order, keyed by parent id,
// for callers that walk the whole tree (rendering, Subtree, Check).
func ChildIndex(d *Document) map[string][]string {
	byParent := make(map[string][]*Node)
	for key, n := range d.Nodes {
		if n != nil && key != d.Root && n.Parent != "" {
			byParent[n.Parent] = append(byParent[n.Parent], n)
		}
	}
	idx := make(map[string][]string, len(byParent))
	for p, kids := range byParent {
		slices.SortFunc(kids, compareSiblings)
		ids := make([]string, len(kids))
		for i, n := range kids {
			ids[i] = n.ID
		}
		idx[p] = ids
	}
	return idx
}

// Ancestors returns the ids above id, nearest first and the root last. It
// stops at a missing parent or, in a malformed document, where the chain
// starts to repeat.
func Ancestors(d *Document, id string) []string {
	var out []string
	n := d.Nodes[id]
	for n != nil && n.ID != d.Root && n.Parent != "" && len(out) <= len(d.Nodes) {
		out = append(out, n.Parent)
		n = d.Nodes[n.Parent]
	}
	if len(out) > len(d.Nodes) {
		out = out[:len(d.Nodes)]
	}
	return out
}

// Subtree returns id and all its descendants in document order (pre-order,
// children in sibling order), or nil if id is not a node.
func Subtree(d *Document, id string) []string {
	if d.Nodes[id] == nil {
		return nil
	}
	idx := ChildIndex(d)
	out := []string{}
	seen := make(map[string]bool)
	stack := []string{id}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[n] { // only a malformed document has a cycle here
			continue
		}
		seen[n] = true
		out = append(out, n)
		kids := idx[n]
		for i := len(kids) - 1; i >= 0; i-- {
			stack = append(stack, kids[i])
		}
	}
	return out
}

// Check validates the document's structure: the schema version, a root
// that exists and has no parent, node ids equal to their keys, a type on
// every node, and for every other node a parent that exists, a valid
// position, and a parent chain that reaches the root without looping. The
// error is document.invalid with one field error per problem, each located
// at the node field that causes it (body.nodes.<id>.<field>) and sorted by
// location. A problem is reported once, where it starts: the nodes below
// an orphan or a cycle are unreachable too, but fixing that one link fixes
// them all.
func Check(d *Document) error {
	if fe := checkFields(d); len(fe) > 0 {
		return errs.Invalid("document.invalid", "The document has errors.", fe...)
	}
	return nil
}

// Node states during the reachability walk in checkFields.
const (
	unvisited uint8 = iota
	walking         // on the current parent chain
	reachable       // reaches the root
	broken          // reaches an orphan, a cycle or a bad node
)

func checkFields(d *Document) []errs.FieldError {
	var fe []errs.FieldError
	if d.SchemaVersion != SchemaVersion {
		fe = append(fe, errs.FieldError{Location: "body.schemaVersion", Message: fmt.Sprintf("must be %d", SchemaVersion), Value: d.SchemaVersion})
	}
	root := d.Nodes[d.Root]
	switch {
	case root == nil:
		fe = append(fe, errs.FieldError{Location: "body.root", Message: "must name a node in nodes", Value: d.Root})
	case root.Parent != "":
		fe = append(fe, errs.FieldError{Location: "body.nodes." + d.Root + ".parent", Message: "must be empty: the root has no parent", Value: root.Parent})
	}
	state := make(map[string]uint8, len(d.Nodes))
	// Local checks first; a node failing one is broken and not walked.
	for key, n := range d.Nodes {
		// Built only for an error: a concatenation per node would be most
		// of Check's allocations on a valid document.
		loc := func() string { return "body.nodes." + key }
		bad := true
		switch {
		case n == nil:
			fe = append(fe, errs.FieldError{Location: loc(), Message: "node is null"})
		case n.ID != key:
			fe = append(fe, errs.FieldError{Location: loc() + ".id", Message: "must equal the node's key", Value: n.ID})
		case n.Type == "":
			fe = append(fe, errs.FieldError{Location: loc() + ".type", Message: "is required"})
		case key == d.Root:
			bad = false
		case n.Parent == "":
			fe = append(fe, errs.FieldError{Location: loc() + ".parent", Message: "is required: only the root has no parent"})
		case d.Nodes[n.Parent] == nil:
			fe = append(fe, errs.FieldError{Location: loc() + ".parent", Message: "must name a node in nodes (orphan node)", Value: n.Parent})
		case n.Pos == "":
			fe = append(fe, errs.FieldError{Location: loc() + ".pos", Message: "is required: it orders the node among its siblings"})
		default:
			if err := ValidKey(n.Pos); err != nil {
				fe = append(fe, errs.FieldError{Location: loc() + ".pos", Message: "must be a fractional index key: it " + err.Error(), Value: n.Pos})
			} else {
				bad = false
			}
		}
		if bad {
			state[key] = broken
		}
	}
	if root != nil && state[d.Root] != broken {
		state[d.Root] = reachable
		if root.Parent != "" {
			state[d.Root] = broken // reported above
		}
	}
	// Walk each node's parent chain until it meets a node of known state,
	// then mark the whole chain with the outcome, so each node is walked
	// once. Meeting a node still being walked means the chain loops.
	var chain []string
	for key := range d.Nodes {
		chain = chain[:0]
		id := key
		for state[id] == unvisited {
			state[id] = walking
			chain = append(chain, id)
			id = d.Nodes[id].Parent
		}
		outcome := state[id]
		if outcome == walking {
			// id is on the chain: the nodes from id onwards form the cycle.
			start := slices.Index(chain, id)
			cycle := append(slices.Clone(chain[start:]), id)
			for _, c := range chain[start:] {
				fe = append(fe, errs.FieldError{Location: "body.nodes." + c + ".parent",
					Message: "forms a cycle, so the node is not reachable from the root: " + strings.Join(cycle, " → "), Value: d.Nodes[c].Parent})
			}
			outcome = broken
		}
		for _, c := range chain {
			state[c] = outcome
		}
	}
	slices.SortFunc(fe, func(a, b errs.FieldError) int { return cmp.Compare(a.Location, b.Location) })
	return fe
}
