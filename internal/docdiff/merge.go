package docdiff

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/errs"
)

// The sides of a merge, which are also the values of a choice.
const (
	Ours   = "ours"
	Theirs = "theirs"
)

// The conflict fields that are not a node field.
const (
	FieldNode      = "node"      // one side deleted the node (with its subtree), the other changed it
	FieldPlacement = "placement" // the node's parent and position among its siblings
)

// Conflict is one point where ours and theirs changed the same thing
// differently. The merged document holds the side named by Taken; Resolve
// switches it.
type Conflict struct {
	// ID is Node + "/" + Field, stable across runs of the same merge; a
	// choice names it.
	ID string `json:"id"`
	// Node is the node id, empty for a meta field.
	Node  string `json:"node"`
	Type  string `json:"type,omitempty"`
	Label string `json:"label"`
	Path  string `json:"path"`
	// Field is a node field as in FieldChange ("props.text",
	// "styles.md.color", "label", "meta.title", …), or FieldNode, or
	// FieldPlacement.
	Field string `json:"field"`
	// Base, Ours and Theirs are the field's values (null: absent). For
	// FieldNode they are "kept" or "deleted" (base: nil); for
	// FieldPlacement a *Placement (nil: the node is not on that side).
	Base   any `json:"base"`
	Ours   any `json:"ours"`
	Theirs any `json:"theirs"`
	// Taken is the side the merged document holds: "ours" or "theirs",
	// or "" when a placement fell back to the base one (or the end of the
	// page) because neither side's could be kept.
	Taken string `json:"taken"`
	// Reason explains a node or placement conflict in words.
	Reason string `json:"reason,omitempty"`

	st  *mergeState // the merge that found it, for Resolve
	seq int         // order of discovery, which is field order within a node
}

// Placement is where a node sits: its parent and its position key.
type Placement struct {
	Parent      string `json:"parent"`
	ParentLabel string `json:"parentLabel"`
	Pos         string `json:"pos"`
}

// mergeState is what Resolve needs to run a merge again with choices.
type mergeState struct {
	base, ours, theirs, merged *doc.Document
}

// Merge merges the changes ours and theirs each made since base, three
// ways, node by node and field by field. The merged document passes
// doc.Check; conflicts are listed in the merged document's order (meta
// first, nodes not in it last) and resolved provisionally:
//
//   - A node added on one side is kept; deleted on both, it is deleted.
//   - A node deleted on one side and unchanged on the other is deleted.
//     If the other side changed it — or anything in the subtree deleted
//     with it, or added, moved or reordered a node inside that subtree —
//     the subtree is one FieldNode conflict on its top node, and the merge
//     keeps it, whichever side that is (so nothing is lost, and nothing
//     added inside is orphaned).
//   - Each field (every prop, every style breakpoint/property, every
//     binding, label, hidden, locked, type, every meta field) and the
//     placement (parent and pos together) takes the side that changed it.
//     Changed on both sides to equal values, it takes that value; to
//     different values, it is a conflict and the merge takes ours.
//   - Siblings are ordered by (pos, id), so nodes inserted at the same
//     spot on both sides all survive in a stable order.
//   - Moves on both sides can make a cycle (ours puts A inside B, theirs
//     B inside A). The merge undoes one move in the cycle — theirs'
//     where it can, as the later, incoming change — putting that node back
//     where it was in base, and reports a FieldPlacement conflict on it.
//   - A node whose chosen parent is gone (only possible after Resolve
//     deletes a subtree another node was moved into) falls back to its
//     other side's, then its base, placement, and last to the end of the
//     page; a new node there is deleted with the subtree.
//
// The documents are not changed; the merged one shares unchanged nodes
// with them.
func Merge(base, ours, theirs *doc.Document) (*doc.Document, []Conflict) {
	m := newMerger(base, ours, theirs, nil)
	merged, conflicts, err := m.run()
	if err != nil {
		// Without choices nothing is pinned, so the repairs always have a
		// way out; an error here is a bug.
		panic("docdiff: merge without choices failed: " + err.Error())
	}
	st := &mergeState{base: base, ours: ours, theirs: theirs, merged: merged}
	for i := range conflicts {
		conflicts[i].st = st
	}
	return merged, conflicts
}

// Resolve returns the merged document with the given choices applied.
// Choices map conflict ids to "ours" or "theirs"; a conflict without a
// choice keeps what merged holds. merged and conflicts must be what Merge
// returned. Resolve runs the merge again with the choices fixed, so their
// consequences follow: deleting a subtree deletes the nodes the other
// side added in it, and taking theirs for a move that was undone to break
// a cycle undoes ours' move in that cycle instead. Choices that cannot
// all hold — keeping a move into a subtree chosen to be deleted, or moves
// that still make a cycle — fail with merge.choices_conflict.
func Resolve(merged *doc.Document, conflicts []Conflict, choices map[string]string) (*doc.Document, error) {
	var st *mergeState
	known := make(map[string]bool, len(conflicts))
	for _, c := range conflicts {
		if c.st == nil || (st != nil && c.st != st) {
			return nil, errs.Internal(errors.New("docdiff: Resolve needs the conflicts of one Merge call"))
		}
		st = c.st
		known[c.ID] = true
	}
	var fe []errs.FieldError
	for _, id := range sortedKeys(choices) {
		switch v := choices[id]; {
		case !known[id]:
			fe = append(fe, errs.FieldError{Location: "body.choices." + id, Message: "is not a conflict of this merge", Value: v})
		case v != Ours && v != Theirs:
			fe = append(fe, errs.FieldError{Location: "body.choices." + id, Message: `must be "ours" or "theirs"`, Value: v})
		}
	}
	if len(fe) > 0 {
		return nil, errs.Invalid("merge.choice_invalid", "Some choices do not fit the merge's conflicts.", fe...)
	}
	if st == nil {
		return merged, doc.Check(merged)
	}
	if st.merged != merged {
		return nil, errs.Internal(errors.New("docdiff: Resolve needs the document Merge returned with the conflicts"))
	}
	d, _, err := newMerger(st.base, st.ours, st.theirs, choices).run()
	if err != nil {
		return nil, err
	}
	if err := doc.Check(d); err != nil {
		return nil, errs.Internal(fmt.Errorf("docdiff: resolved merge is invalid: %w", err))
	}
	return d, nil
}

type plc struct{ parent, pos string }

func placeOf(n *doc.Node) plc { return plc{n.Parent, n.Pos} }

// merger is one run of a merge.
type merger struct {
	o, a, t *doc.Document
	root    string
	choices map[string]string
	// content holds every node the merged document keeps, as the node
	// carrying its merged fields (its parent and pos may be stale).
	content map[string]*doc.Node
	// place is every kept node's merged placement (the root has none).
	place map[string]plc
	// pinned nodes have a placement a choice fixed; repairs may not move
	// them.
	pinned map[string]bool
	// tried lists the placements a repair has moved a node away from.
	tried     map[string][]plc
	conflicts map[string]*Conflict
	meta      doc.Meta
	err       error
}

func newMerger(o, a, t *doc.Document, choices map[string]string) *merger {
	return &merger{o: o, a: a, t: t, root: a.Root, choices: choices,
		content: make(map[string]*doc.Node, len(a.Nodes)+len(t.Nodes)/8),
		place:   make(map[string]plc, len(a.Nodes)+len(t.Nodes)/8),
		pinned:  map[string]bool{}, tried: map[string][]plc{}, conflicts: map[string]*Conflict{}}
}

func (m *merger) run() (*doc.Document, []Conflict, error) {
	o, a, t := m.o, m.a, m.t
	var dt, da map[string]bool // deleted by theirs only, by ours only
	for id, on := range o.Nodes {
		an, tn := a.Nodes[id], t.Nodes[id]
		switch {
		case an != nil && tn != nil:
			m.keep(id, m.mergeContent(id, on, an, tn), m.mergePlacement(id, on, an, tn))
		case an != nil:
			if dt == nil {
				dt = map[string]bool{}
			}
			dt[id] = true
		case tn != nil:
			if da == nil {
				da = map[string]bool{}
			}
			da[id] = true
		}
	}
	for id, an := range a.Nodes {
		if o.Nodes[id] != nil {
			continue
		}
		if tn := t.Nodes[id]; tn != nil { // the same id added on both sides
			m.keep(id, m.mergeContent(id, nil, an, tn), m.mergePlacement(id, nil, an, tn))
		} else {
			m.keep(id, an, placeOf(an))
		}
	}
	for id, tn := range t.Nodes {
		if o.Nodes[id] == nil && a.Nodes[id] == nil {
			m.keep(id, tn, placeOf(tn))
		}
	}
	if dt != nil {
		m.deletions(dt, a, Ours, Theirs)
	}
	if da != nil {
		m.deletions(da, t, Theirs, Ours)
	}
	m.mergeMeta()
	m.pinChoices()
	m.repair()
	if m.err != nil {
		return nil, nil, m.err
	}
	d := &doc.Document{SchemaVersion: a.SchemaVersion, Root: m.root, Meta: m.meta, Nodes: make(map[string]*doc.Node, len(m.content))}
	for id, c := range m.content {
		if p, ok := m.place[id]; ok && (c.Parent != p.parent || c.Pos != p.pos) {
			n := *c
			n.Parent, n.Pos = p.parent, p.pos
			c = &n
		}
		d.Nodes[id] = c
	}
	return d, m.finishConflicts(d), nil
}

// keep records a node of the merged document.
func (m *merger) keep(id string, content *doc.Node, p plc) {
	m.content[id] = content
	if id != m.root {
		m.place[id] = p
	}
}

// conflict records a conflict; the first record of an id wins.
func (m *merger) conflict(node, field string, base, ours, theirs any, taken, reason string) *Conflict {
	id := node + "/" + field
	if c := m.conflicts[id]; c != nil {
		return c
	}
	c := &Conflict{ID: id, Node: node, Field: field, Base: base, Ours: ours, Theirs: theirs, Taken: taken, Reason: reason, seq: len(m.conflicts)}
	m.conflicts[id] = c
	return c
}

// side decides one field from whether each pair of versions is equal:
// theirs if only theirs changed it, ours if only ours did or both made the
// same change, and otherwise a conflict, settled by the choice or ours.
func (m *merger) side(id string, eqAO, eqTO, eqAT bool) (takeTheirs, conflict bool) {
	switch {
	case eqAO:
		return true, false
	case eqTO, eqAT:
		return false, false
	}
	return m.choices[id] == Theirs, true
}

func takenName(theirs bool) string {
	if theirs {
		return Theirs
	}
	return Ours
}

// emptyNode stands in for the base of a node added on both sides.
var emptyNode = &doc.Node{}

// mergeContent merges a node's fields (o is nil if both sides added it).
func (m *merger) mergeContent(id string, o, a, t *doc.Node) *doc.Node {
	if o != nil {
		if contentEqual(a, o) {
			return t
		}
		if contentEqual(t, o) {
			return a
		}
	} else {
		o = emptyNode
	}
	if contentEqual(a, t) {
		return a
	}
	n := &doc.Node{ID: id, Parent: a.Parent, Pos: a.Pos}
	n.Type = scalar(m, id, "type", o.Type, a.Type, t.Type, "")
	n.Label = scalar(m, id, "label", o.Label, a.Label, t.Label, "")
	n.Hidden = scalar(m, id, "hidden", o.Hidden, a.Hidden, t.Hidden, false)
	n.Locked = scalar(m, id, "locked", o.Locked, a.Locked, t.Locked, false)
	n.Props = m.mergeMap(id, "props.", o.Props, a.Props, t.Props)
	n.Styles = m.mergeStyles(id, o.Styles, a.Styles, t.Styles)
	n.Bind = m.mergeMap(id, "bind.", o.Bind, a.Bind, t.Bind)
	return n
}

// scalar merges one comparable field; zero is its absent value.
func scalar[T comparable](m *merger, node, field string, o, a, t, zero T) T {
	th, c := m.side(node+"/"+field, a == o, t == o, a == t)
	if c {
		val := func(v T) any {
			if v == zero {
				return nil
			}
			return v
		}
		m.conflict(node, field, val(o), val(a), val(t), takenName(th), "")
	}
	if th {
		return t
	}
	return a
}

// mergeMap merges a props, bind or breakpoint map key by key.
func (m *merger) mergeMap(node, prefix string, o, a, t map[string]any) map[string]any {
	if mapEqual(a, o) {
		return t
	}
	if mapEqual(t, o) || mapEqual(a, t) {
		return a
	}
	out := make(map[string]any, len(a)+1)
	for _, k := range sortedKeys(o, a, t) {
		ov, oo := o[k]
		av, ao := a[k]
		tv, to := t[k]
		field := prefix + k
		th, c := m.side(node+"/"+field, ao == oo && jsonEqual(av, ov), to == oo && jsonEqual(tv, ov), ao == to && jsonEqual(av, tv))
		if c {
			m.conflict(node, field, ov, av, tv, takenName(th), "")
		}
		switch {
		case th && to:
			out[k] = tv
		case !th && ao:
			out[k] = av
		}
	}
	return out
}

// mergeStyles merges styles property by property; a breakpoint left
// empty survives if the side that decides its presence has it.
func (m *merger) mergeStyles(node string, o, a, t map[string]map[string]any) map[string]map[string]any {
	if stylesEqual(a, o) {
		return t
	}
	if stylesEqual(t, o) || stylesEqual(a, t) {
		return a
	}
	out := make(map[string]map[string]any, len(a)+1)
	for _, bp := range sortedKeys(o, a, t) {
		ob, oo := o[bp]
		ab, ao := a[bp]
		tb, to := t[bp]
		in := m.mergeMap(node, "styles."+bp+".", ob, ab, tb)
		present := len(in) > 0
		if !present {
			if ao == oo {
				present = to
			} else {
				present = ao
			}
		}
		if present {
			if in == nil {
				in = map[string]any{}
			}
			out[bp] = in
		}
	}
	return out
}

// mergePlacement merges parent and pos as one field (o nil: both added).
func (m *merger) mergePlacement(id string, o, a, t *doc.Node) plc {
	pa, pt := placeOf(a), placeOf(t)
	var po plc
	if o != nil {
		po = placeOf(o)
	}
	th, c := m.side(id+"/"+FieldPlacement, o != nil && pa == po, o != nil && pt == po, pa == pt)
	if c {
		var base any
		if o != nil {
			base = m.placement(m.o, o)
		}
		m.conflict(id, FieldPlacement, base, m.placement(m.a, a), m.placement(m.t, t), "",
			"Ours and theirs both moved this node, to different places.")
	}
	if th {
		return pt
	}
	return pa
}

// pinChoices fixes the placements the choices name, including those of
// conflicts that breaking a cycle reported (which mergePlacement does not
// see), so that repairs work around them.
func (m *merger) pinChoices() {
	for cid, side := range m.choices {
		node, field, _ := strings.Cut(cid, "/")
		if field != FieldPlacement {
			continue
		}
		if _, kept := m.place[node]; !kept {
			continue
		}
		d := m.a
		if side == Theirs {
			d = m.t
		}
		if n := d.Nodes[node]; n != nil {
			m.place[node] = placeOf(n)
			m.pinned[node] = true
		}
	}
}

// placement describes n's placement in d for a conflict.
func (m *merger) placement(d *doc.Document, n *doc.Node) *Placement {
	if n == nil {
		return nil
	}
	return &Placement{Parent: n.Parent, ParentLabel: labelOf(d, n.Parent), Pos: n.Pos}
}

func (m *merger) mergeMeta() {
	m.meta = m.a.Meta
	for _, mf := range metaFields {
		o, a, t := *mf.get(&m.o.Meta), *mf.get(&m.a.Meta), *mf.get(&m.t.Meta)
		*mf.get(&m.meta) = scalar(m, "", "meta."+mf.name, o, a, t, "")
	}
}

// deletions settles the nodes one side (the deleter) deleted and the other
// (the keeper) still has. They fall into subtrees, each under a top node
// whose base parent the deleter kept. A subtree the keeper did not touch
// is deleted. One it touched — changed or moved a node of it, or added or
// moved a node into it — is a FieldNode conflict, kept unless the choice
// says the deleter's side.
func (m *merger) deletions(del map[string]bool, keeper *doc.Document, keeperSide, deleterSide string) {
	top := func(id string) string {
		for i := 0; i <= len(m.o.Nodes); i++ {
			p := m.o.Nodes[id].Parent
			if !del[p] {
				break
			}
			id = p
		}
		return id
	}
	groups := map[string][]string{}
	tops := make(map[string]string, len(del))
	for id := range del {
		r := top(id)
		tops[id] = r
		groups[r] = append(groups[r], id)
	}
	// A subtree is touched by a member the keeper changed in any way, and
	// by a node the keeper added, moved or reordered inside it (even a
	// member of another subtree, or a node the deleter moved out first):
	// then a choice to keep that node where the keeper put it needs the
	// subtree kept, so the subtree must be a choice too.
	touched := map[string][]string{} // top → the keeper's nodes that touch it
	touch := func(top, id string) { touched[top] = append(touched[top], id) }
	for id := range del {
		k, o := keeper.Nodes[id], m.o.Nodes[id]
		if placeOf(k) != placeOf(o) || !contentEqual(k, o) {
			touch(tops[id], id)
		}
	}
	for id, k := range keeper.Nodes {
		if del[k.Parent] {
			if o := m.o.Nodes[id]; o == nil || placeOf(o) != placeOf(k) {
				touch(tops[k.Parent], id)
			}
		}
	}
	for r, members := range groups {
		by := touched[r]
		keep := false
		if len(by) > 0 {
			cid := r + "/" + FieldNode
			keep = m.choices[cid] != deleterSide
			slices.Sort(by)
			by = slices.Compact(by)
			var names []string
			for i, id := range by {
				if i == 3 {
					names = append(names, fmt.Sprintf("and %d more", len(by)-3))
					break
				}
				names = append(names, segment(keeper.Nodes[id]))
			}
			ours, theirs := "kept", "deleted"
			if keeperSide == Theirs {
				ours, theirs = theirs, ours
			}
			taken := deleterSide
			if keep {
				taken = keeperSide
			}
			m.conflict(r, FieldNode, nil, ours, theirs, taken, fmt.Sprintf("%s deleted this node and everything in it; %s changed or added nodes in it: %s.",
				capital(deleterSide), keeperSide, strings.Join(names, ", ")))
		}
		if keep {
			for _, id := range members {
				n := keeper.Nodes[id]
				m.keep(id, n, placeOf(n))
			}
		}
	}
}

func capital(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// repair makes the kept nodes a tree: no placement under a node that is
// gone, no cycle.
func (m *merger) repair() {
	for m.err == nil {
		m.fixOrphans()
		if m.err != nil || !m.fixCycles() {
			return
		}
	}
}

// fixOrphans gives every node whose parent is gone another placement, or
// deletes it if it is new and has none, until no orphan is left.
func (m *merger) fixOrphans() {
	for {
		var orphans []string
		for id, p := range m.place {
			if _, ok := m.content[p.parent]; !ok {
				orphans = append(orphans, id)
			}
		}
		if len(orphans) == 0 {
			return
		}
		slices.Sort(orphans)
		var toRoot []string
		for _, id := range orphans {
			if m.pinned[id] {
				m.err = m.choicesConflict(id, "puts the node inside %s, which the other choices delete", m.place[id].parent)
				return
			}
			if next, ok := m.fallback(id); ok {
				m.place[id] = next
			} else if m.o.Nodes[id] == nil {
				delete(m.content, id)
				delete(m.place, id)
			} else {
				toRoot = append(toRoot, id)
			}
		}
		m.toRoot(toRoot)
	}
}

// fallback moves id to the first placement it has on a side (ours, theirs,
// base) that it has not left before and whose parent is kept.
func (m *merger) fallback(id string) (plc, bool) {
	cur := m.place[id]
	m.tried[id] = append(m.tried[id], cur)
	for _, d := range []*doc.Document{m.a, m.t, m.o} {
		n := d.Nodes[id]
		if n == nil {
			continue
		}
		p := placeOf(n)
		if _, ok := m.content[p.parent]; ok && !slices.Contains(m.tried[id], p) {
			return p, true
		}
	}
	return plc{}, false
}

// toRoot places nodes at the end of the root, in id order.
func (m *merger) toRoot(ids []string) {
	if len(ids) == 0 {
		return
	}
	last := ""
	for _, p := range m.place {
		if p.parent == m.root && p.pos > last {
			last = p.pos
		}
	}
	for _, id := range ids {
		pos, err := doc.KeyBetween(last, "")
		if err != nil {
			pos = last + doc.FirstKey // a valid key above last: a key extended by a segment sorts after it
		}
		last = pos
		m.place[id] = plc{m.root, pos}
	}
}

// fixCycles finds every cycle of parents and breaks each by moving one of
// its nodes; it reports whether there were any.
func (m *merger) fixCycles() bool {
	const (
		walking = 1
		done    = 2
	)
	state := make(map[string]uint8, len(m.place))
	var cycles [][]string
	var chain []string
	for id := range m.place {
		chain = chain[:0]
		cur := id
		for state[cur] == 0 {
			p, ok := m.place[cur]
			if !ok {
				break
			}
			state[cur] = walking
			chain = append(chain, cur)
			cur = p.parent
		}
		if state[cur] == walking {
			cycles = append(cycles, slices.Clone(chain[slices.Index(chain, cur):]))
		}
		for _, c := range chain {
			state[c] = done
		}
	}
	if len(cycles) == 0 {
		return false
	}
	for _, c := range cycles {
		slices.Sort(c)
	}
	slices.SortFunc(cycles, func(x, y []string) int { return cmp.Compare(x[0], y[0]) })
	for _, c := range cycles {
		m.breakCycle(c)
		if m.err != nil {
			break
		}
	}
	return true
}

// breakCycle undoes one move in a cycle (ids sorted): theirs' move of a
// node where there is one, else any move away from base, else a new
// node's placement; the node goes back to its base placement, or the next
// one it has, or the end of the page.
func (m *merger) breakCycle(cycle []string) {
	pick := ""
	for tier := 0; tier < 3 && pick == ""; tier++ {
		for _, id := range cycle {
			if m.pinned[id] {
				continue
			}
			o, a, t, cur := m.o.Nodes[id], m.a.Nodes[id], m.t.Nodes[id], m.place[id]
			ok := false
			switch tier {
			case 0:
				ok = o != nil && t != nil && cur == placeOf(t) && (a == nil || cur != placeOf(a))
			case 1:
				ok = o != nil && cur != placeOf(o)
			case 2:
				ok = true
			}
			if ok {
				pick = id
				break
			}
		}
	}
	if pick == "" {
		m.err = m.choicesConflict(cycle[0], "and the other placement choices put nodes inside each other: %s", strings.Join(cycle, ", "))
		return
	}
	cur := m.place[pick]
	if o := m.o.Nodes[pick]; o != nil {
		var a, t *Placement
		if n := m.a.Nodes[pick]; n != nil {
			a = m.placement(m.a, n)
		}
		if n := m.t.Nodes[pick]; n != nil {
			t = m.placement(m.t, n)
		}
		m.conflict(pick, FieldPlacement, m.placement(m.o, o), a, t, "",
			"Ours and theirs moved nodes into each other; this node's move was undone to keep the page a tree.")
		base := placeOf(o)
		if _, ok := m.content[base.parent]; ok && !slices.Contains(m.tried[pick], base) && base != cur {
			m.tried[pick] = append(m.tried[pick], cur)
			m.place[pick] = base
			return
		}
		if next, ok := m.fallback(pick); ok {
			m.place[pick] = next
			return
		}
	}
	m.toRoot([]string{pick})
}

// choicesConflict is the error for choices that cannot all hold.
func (m *merger) choicesConflict(id, format string, args ...any) error {
	msg := "The choice for " + id + "/" + FieldPlacement + " " + fmt.Sprintf(format, args...) + "."
	return &errs.Error{Kind: errs.KindInvalid, Code: "merge.choices_conflict", Message: msg,
		Fields: []errs.FieldError{{Location: "body.choices." + id + "/" + FieldPlacement, Message: msg}}}
}

// finishConflicts names the conflicts' nodes, fills in which side each
// placement took, and orders them: meta first, then the merged document's
// order, then nodes it does not have; within a node, in field order.
func (m *merger) finishConflicts(d *doc.Document) []Conflict {
	if len(m.conflicts) == 0 {
		return nil
	}
	order := map[string]int{}
	for i, id := range preorder(d, doc.ChildIndex(d)) {
		order[id] = i + 1
	}
	out := make([]Conflict, 0, len(m.conflicts))
	for _, c := range m.conflicts {
		if c.Node == "" {
			c.Label, c.Path = "Page settings", segmentOr(d, d.Root, "Page")
		} else {
			for _, src := range []*doc.Document{d, m.a, m.t, m.o} {
				if n := src.Nodes[c.Node]; n != nil {
					c.Type, c.Label, c.Path = n.Type, Label(n), Path(src, c.Node)
					break
				}
			}
		}
		if c.Field == FieldPlacement {
			c.Taken = ""
			if p, ok := m.place[c.Node]; ok {
				for _, s := range []struct {
					d    *doc.Document
					name string
				}{{m.a, Ours}, {m.t, Theirs}} {
					if n := s.d.Nodes[c.Node]; n != nil && placeOf(n) == p {
						c.Taken = s.name
						break
					}
				}
			}
		}
		out = append(out, *c)
	}
	rank := func(c Conflict) int {
		switch {
		case c.Node == "":
			return 0
		case order[c.Node] > 0:
			return order[c.Node]
		}
		return len(order) + 1
	}
	slices.SortFunc(out, func(x, y Conflict) int {
		if c := cmp.Compare(rank(x), rank(y)); c != 0 {
			return c
		}
		if c := cmp.Compare(x.Node, y.Node); c != 0 {
			return c
		}
		return cmp.Compare(x.seq, y.seq)
	})
	return out
}
