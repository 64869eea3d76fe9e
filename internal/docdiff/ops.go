package docdiff

import (
	"slices"

	"github.com/pagewright/pagewright/internal/doc"
)

// Ops returns doc ops that turn a into b: applied to a copy of a with
// doc.Apply (and doc.AnyChild), they give a document whose JSON equals
// b's. Restoring a version and storing a version as a delta both use it.
//
// The ops come in three phases:
//
//  1. Only if a node kept its id but changed its type (which no op can
//     do): the nodes that survive below it are parked at the end of the
//     root, and the old node is deleted.
//  2. In b's document order, parents first: inserts of new nodes, moves of
//     nodes whose parent or pos changed, and sets of changed fields at the
//     finest path (props/<name>, styles/<bp>/<property>, bind/<prop>,
//     label, hidden, locked). Going parents first means every move's new
//     parent already has its final ancestors, so no move can make a cycle
//     however the tree was rearranged.
//  3. Deletes, one per removed subtree root (everything still in it is
//     removed: phase 2 moved the survivors out), then meta sets.
//
// A value that a fine path cannot express falls back to a coarser set: a
// prop or binding that is present but null sets the whole props or bind
// map, and a breakpoint holding a null or a non-scalar value sets the whole
// breakpoint. Both documents must share a root id and root type; a label
// longer than doc.MaxLabel in b gives a set that Apply rejects.
func Ops(a, b *doc.Document) []doc.Op {
	ia, ib := doc.ChildIndex(a), doc.ChildIndex(b)
	var ops []doc.Op
	survives := func(id string) bool {
		o, n := a.Nodes[id], b.Nodes[id]
		return o != nil && n != nil && (o.Type == n.Type || id == b.Root)
	}
	type place struct{ parent, pos string }
	parked := map[string]place{}

	// Phase 1: replace nodes whose type changed.
	isReplaced := map[string]bool{}
	for id, o := range a.Nodes {
		if n := b.Nodes[id]; n != nil && n.Type != o.Type && id != a.Root {
			isReplaced[id] = true
		}
	}
	if len(isReplaced) > 0 {
		// Outermost first, so a replaced node inside another goes with it.
		replaced := slices.DeleteFunc(preorder(a, ia), func(id string) bool { return !isReplaced[id] })
		last := ""
		if kids := ia[a.Root]; len(kids) > 0 {
			last = a.Nodes[kids[len(kids)-1]].Pos
		}
		deleted := map[string]bool{}
		for _, x := range replaced {
			if deleted[x] {
				continue
			}
			// Walk the part of x's subtree that goes with it, parking the
			// survivors met on the way (their own subtrees travel along).
			stack := []string{x}
			for len(stack) > 0 {
				id := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				deleted[id] = true
				for _, k := range ia[id] {
					if survives(k) {
						pos, err := doc.KeyBetween(last, "")
						if err != nil {
							continue // unreachable: the key space after a real key never runs out
						}
						last = pos
						parked[k] = place{a.Root, pos}
						ops = append(ops, doc.Op{Op: doc.OpMove, Node: k, Parent: a.Root, Pos: pos})
					} else {
						stack = append(stack, k)
					}
				}
			}
			ops = append(ops, doc.Op{Op: doc.OpDelete, Node: x})
		}
	}

	// Phase 2: inserts, moves and sets, parents first.
	for _, id := range preorder(b, ib) {
		n := b.Nodes[id]
		if !survives(id) {
			ops = append(ops, doc.Op{Op: doc.OpInsert, Node: id, NodeValue: n})
			continue
		}
		o := a.Nodes[id]
		if id != b.Root {
			cur, ok := parked[id]
			if !ok {
				cur = place{o.Parent, o.Pos}
			}
			if cur != (place{n.Parent, n.Pos}) {
				ops = append(ops, doc.Op{Op: doc.OpMove, Node: id, Parent: n.Parent, Pos: n.Pos})
			}
		}
		if !contentEqual(o, n) {
			ops = setOps(ops, o, n)
		}
	}

	// Phase 3: deletes of removed subtrees, then meta.
	for _, id := range preorder(a, ia) {
		if b.Nodes[id] == nil {
			if p := a.Nodes[id].Parent; survives(p) {
				ops = append(ops, doc.Op{Op: doc.OpDelete, Node: id})
			}
		}
	}
	for _, mf := range metaFields {
		if x, y := *mf.get(&a.Meta), *mf.get(&b.Meta); x != y {
			ops = append(ops, doc.Op{Op: doc.OpSet, Path: "meta/" + mf.name, Value: raw(y)})
		}
	}
	return ops
}

// setOps appends the sets that turn o's content into n's (same type).
func setOps(ops []doc.Op, o, n *doc.Node) []doc.Op {
	set := func(path string, v any) {
		ops = append(ops, doc.Op{Op: doc.OpSet, Node: n.ID, Path: path, Value: raw(v)})
	}
	if o.Label != n.Label {
		set("label", zeroNil(n.Label))
	}
	if o.Hidden != n.Hidden {
		set("hidden", n.Hidden)
	}
	if o.Locked != n.Locked {
		set("locked", n.Locked)
	}
	ops = mapSetOps(ops, n.ID, "props", o.Props, n.Props)
	ops = mapSetOps(ops, n.ID, "bind", o.Bind, n.Bind)
	if stylesEqual(o.Styles, n.Styles) {
		return ops
	}
	for _, bp := range sortedKeys(o.Styles, n.Styles) {
		ob, ook := o.Styles[bp]
		nb, nok := n.Styles[bp]
		path := "styles/" + escape(bp)
		switch {
		case !nok:
			set(path, nil)
		case ook && mapEqual(ob, nb):
		case !fineStyles(nb) || (!ook && len(nb) == 0):
			// A null or non-scalar value has no per-property set, and an
			// empty breakpoint has no property to create it with.
			if nb == nil {
				nb = map[string]any{}
			}
			set(path, nb)
		default:
			for _, k := range sortedKeys(ob, nb) {
				ov, ok1 := ob[k]
				nv, ok2 := nb[k]
				if ok1 != ok2 || !jsonEqual(ov, nv) {
					set(path+"/"+escape(k), nv) // absent → nil → removes it
				}
			}
		}
	}
	return ops
}

// fineStyles reports whether every value of a breakpoint can be set on its
// own: a string or a number (a null would remove rather than store it).
func fineStyles(m map[string]any) bool {
	for _, v := range m {
		switch v.(type) {
		case string, float64:
		default:
			return false
		}
	}
	return true
}

// mapSetOps appends the sets for one of the props and bind maps, per key
// unless n holds a null value somewhere a per-key set would remove it.
func mapSetOps(ops []doc.Op, id, field string, o, n map[string]any) []doc.Op {
	if mapEqual(o, n) {
		return ops
	}
	for k, v := range n {
		if v == nil {
			if _, had := o[k]; !had || o[k] != nil {
				return append(ops, doc.Op{Op: doc.OpSet, Node: id, Path: field, Value: raw(n)})
			}
		}
	}
	for _, k := range sortedKeys(o, n) {
		ov, ok1 := o[k]
		nv, ok2 := n[k]
		if ok1 != ok2 || !jsonEqual(ov, nv) {
			ops = append(ops, doc.Op{Op: doc.OpSet, Node: id, Path: field + "/" + escape(k), Value: raw(nv)})
		}
	}
	return ops
}
