package doc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pagewright/pagewright/internal/errs"
)

// Every edit to a document is a list of ops (DESIGN.md §4). Versions,
// diffs, undo and live collaboration all work on ops rather than whole
// documents, so the four kinds below are the complete vocabulary.

// The op kinds.
const (
	OpSet    = "set"    // set a node field (or a meta field) to a value
	OpInsert = "insert" // insert one new node under an existing parent
	OpDelete = "delete" // delete a node and its whole subtree
	OpMove   = "move"   // give a node a new parent and position
)

// Op is one edit. Its JSON forms are:
//
//	{"op": "set",    "node": "h1a", "path": "props/text", "value": "Hello"}
//	{"op": "set",                   "path": "meta/title", "value": "Flu clinic"}
//	{"op": "insert", "node": {"id": "p2", "type": "Text", "parent": "root", "pos": "a1", "props": {…}}}
//	{"op": "delete", "node": "h1a"}
//	{"op": "move",   "node": "h1a", "parent": "sec1", "pos": "a0"}
//
// For insert, "node" is the whole node object (its id, type, parent and
// pos included), because an insert has nothing else to say; Op.Node then
// holds its id and Op.NodeValue the node. Every other op names the node by
// id.
//
// Set paths are slash-separated like JSON Pointer (with its ~1 and ~0
// escapes for "/" and "~" in names, and an optional leading "/"):
//
//	props, props/<name>              a node's props, or one prop
//	bind, bind/<prop>                the data bindings, or one binding
//	styles, styles/<bp>, styles/<bp>/<property>
//	                                 all styles, one breakpoint or state, one CSS property
//	label, hidden, locked            the editor's layer name and flags
//	meta/title, meta/description, meta/lang, meta/ogImage
//	                                 the page's head fields; node must be empty
//
// A null value removes the field, so "set to null" is also "unset". A
// node's id, type, parent and pos are not settable: parent and pos change
// by move, and a type change is a delete plus an insert so that the
// parent/child rules are checked.
type Op struct {
	Op        string          `json:"op"`
	Node      string          `json:"-"`
	Path      string          `json:"path,omitempty"`
	Value     json.RawMessage `json:"value,omitempty"`
	Parent    string          `json:"parent,omitempty"`
	Pos       string          `json:"pos,omitempty"`
	NodeValue *Node           `json:"-"`
}

// opJSON is Op's wire form, with node either an id or a node object.
type opJSON struct {
	Op     string          `json:"op"`
	Node   json.RawMessage `json:"node,omitempty"`
	Path   string          `json:"path,omitempty"`
	Value  json.RawMessage `json:"value,omitempty"`
	Parent string          `json:"parent,omitempty"`
	Pos    string          `json:"pos,omitempty"`
}

// MarshalJSON writes node as the node object for insert and as the id
// otherwise.
func (o Op) MarshalJSON() ([]byte, error) {
	w := opJSON{Op: o.Op, Path: o.Path, Value: o.Value, Parent: o.Parent, Pos: o.Pos}
	var err error
	switch {
	case o.NodeValue != nil:
		w.Node, err = json.Marshal(o.NodeValue)
	case o.Node != "":
		w.Node, err = json.Marshal(o.Node)
	}
	if err != nil {
		return nil, err
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads either form of node and rejects unknown fields, so
// a misspelt "parnet" is an error and not a silently ignored move.
func (o *Op) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var w opJSON
	if err := dec.Decode(&w); err != nil {
		return err
	}
	*o = Op{Op: w.Op, Path: w.Path, Value: w.Value, Parent: w.Parent, Pos: w.Pos}
	switch n := bytes.TrimSpace(w.Node); {
	case len(n) == 0 || string(n) == "null":
	case n[0] == '{':
		d := json.NewDecoder(bytes.NewReader(n))
		d.DisallowUnknownFields()
		var node Node
		if err := d.Decode(&node); err != nil {
			return fmt.Errorf("op node: %w", err)
		}
		o.NodeValue, o.Node = &node, node.ID
	default:
		if err := json.Unmarshal(n, &o.Node); err != nil {
			return errors.New("op node: must be a node id, or a node object for insert")
		}
	}
	return nil
}

// ChildRules decides which component types may contain which. The
// component registry implements it; Apply consults it for every insert and
// move so that a document never gains a pair the renderer cannot handle.
type ChildRules interface {
	Allowed(parentType, childType string) bool
}

// RulesFunc adapts a function to ChildRules.
type RulesFunc func(parentType, childType string) bool

// Allowed calls f.
func (f RulesFunc) Allowed(parentType, childType string) bool { return f(parentType, childType) }

// AnyChild allows every parent/child pair: for tests and for tools that
// only need the tree rules.
var AnyChild ChildRules = RulesFunc(func(string, string) bool { return true })

// Apply applies ops to d in order, all or nothing: on error d is unchanged
// and the error (document.op_invalid) names the first failing op, e.g.
// "ops[3] (move n7): would make n7 its own ancestor", with the field
// location body.ops[3].
//
// Apply is copy-on-write per node, not per document: an op replaces the
// *Node it changes (and the one map inside it that changes) with a copy and
// leaves the original untouched, and the copies enter d.Nodes only after
// the last op succeeds. A set on a 10,000-node document therefore costs the
// same as on a 10-node one, and anyone still holding the old *Node sees a
// consistent old node. In return, Apply assumes a *Node in a document is
// not mutated in place by its callers either.
//
// d is assumed to pass Check; Apply keeps it that way (one root, every node
// reachable, valid positions) and additionally enforces rules (nil means
// AnyChild). Apply does not re-run Check or the size limit: callers that
// store the result serialise it, and Validate does both.
func Apply(d *Document, ops []Op, rules ChildRules) error {
	t := newTxn(d, rules, false)
	if err := t.run(ops); err != nil {
		return err
	}
	t.commit()
	return nil
}

// Invert returns the ops that undo ops on d, in the order to apply them:
// Apply(d, ops) followed by Apply(d, Invert(d, ops)) restores d (the
// inverse must be computed on d before ops are applied). A deleted subtree
// comes back as inserts, parents first. d is not changed. The error is
// Apply's if the ops would fail (the parent/child rules are not consulted:
// undo only ever restores pairs that existed).
func Invert(d *Document, ops []Op) ([]Op, error) {
	t := newTxn(d, AnyChild, true)
	if err := t.run(ops); err != nil {
		return nil, err
	}
	inv := t.inverse
	for i, j := 0, len(inv)-1; i < j; i, j = i+1, j-1 {
		inv[i], inv[j] = inv[j], inv[i]
	}
	return inv, nil
}

// txn is an Apply in progress: the changed nodes and meta, kept beside the
// untouched document until commit.
type txn struct {
	d       *Document
	rules   ChildRules
	changed map[string]*Node // id → new node, or nil if deleted
	meta    *Meta            // the new meta, if set
	// kids is the child index, built on the first delete (only a delete
	// needs descendants) and then kept up to date by every op.
	kids map[string]map[string]bool
	// inverse collects the undo ops, in application order, if recording.
	record  bool
	inverse []Op
}

func newTxn(d *Document, rules ChildRules, record bool) *txn {
	if rules == nil {
		rules = AnyChild
	}
	return &txn{d: d, rules: rules, changed: make(map[string]*Node), record: record}
}

// node returns the current version of id, or nil.
func (t *txn) node(id string) *Node {
	if n, ok := t.changed[id]; ok {
		return n
	}
	return t.d.Nodes[id]
}

// commit writes the changes into the document.
func (t *txn) commit() {
	if t.meta != nil {
		t.d.Meta = *t.meta
	}
	if len(t.changed) > 0 && t.d.Nodes == nil {
		t.d.Nodes = make(map[string]*Node, len(t.changed))
	}
	for id, n := range t.changed {
		if n == nil {
			delete(t.d.Nodes, id)
		} else {
			t.d.Nodes[id] = n
		}
	}
}

// opError is the error for ops[i].
func opError(i int, op Op, field, format string, args ...any) error {
	label := op.Op
	if op.Node != "" {
		label += " " + op.Node
	}
	msg := fmt.Sprintf(format, args...)
	loc := fmt.Sprintf("body.ops[%d]", i)
	if field != "" {
		loc += "." + field
	}
	return errs.Invalid("document.op_invalid", fmt.Sprintf("ops[%d] (%s): %s", i, label, msg),
		errs.FieldError{Location: loc, Message: msg})
}

func (t *txn) run(ops []Op) error {
	for i, op := range ops {
		var err error
		switch op.Op {
		case OpSet:
			err = t.set(i, op)
		case OpInsert:
			err = t.insert(i, op)
		case OpDelete:
			err = t.delete(i, op)
		case OpMove:
			err = t.move(i, op)
		default:
			err = opError(i, op, "op", "unknown op %q: must be set, insert, delete or move", op.Op)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// existing returns the op's node or an error naming it.
func (t *txn) existing(i int, op Op) (*Node, error) {
	if op.Node == "" {
		return nil, opError(i, op, "node", "node is required")
	}
	n := t.node(op.Node)
	if n == nil {
		return nil, opError(i, op, "node", "no node %s in the document", op.Node)
	}
	return n, nil
}

// noExtras rejects fields that belong to other op kinds, which would
// otherwise be silently ignored.
func noExtras(i int, op Op, path, value, parent, pos, nodeValue bool) error {
	switch {
	case !path && op.Path != "":
		return opError(i, op, "path", "path is only for set")
	case !value && op.Value != nil:
		return opError(i, op, "value", "value is only for set")
	case !parent && op.Parent != "":
		return opError(i, op, "parent", "parent is only for move (an insert's parent is in its node)")
	case !pos && op.Pos != "":
		return opError(i, op, "pos", "pos is only for move (an insert's pos is in its node)")
	case !nodeValue && op.NodeValue != nil:
		return opError(i, op, "node", "a node object is only for insert; name the node by id")
	}
	return nil
}

// checkPlace validates a parent and position for child under the current
// state: the parent exists, the rules allow the pair, the pos is a key.
func (t *txn) checkPlace(i int, op Op, childType, parent, pos string, field string) (*Node, error) {
	if parent == "" {
		return nil, opError(i, op, field+"parent", "parent is required: only the root has no parent")
	}
	p := t.node(parent)
	if p == nil {
		return nil, opError(i, op, field+"parent", "no parent node %s in the document", parent)
	}
	if !t.rules.Allowed(p.Type, childType) {
		return nil, opError(i, op, field+"parent", "a %s cannot contain a %s", p.Type, childType)
	}
	if err := ValidKey(pos); err != nil {
		return nil, opError(i, op, field+"pos", "pos %q must be a fractional index key: it %v", pos, err)
	}
	return p, nil
}

func (t *txn) insert(i int, op Op) error {
	if err := noExtras(i, op, false, false, false, false, true); err != nil {
		return err
	}
	n := op.NodeValue
	switch {
	case n == nil:
		return opError(i, op, "node", "node must be the node object to insert")
	case n.ID == "":
		return opError(i, op, "node.id", "the node needs an id")
	case op.Node != "" && op.Node != n.ID:
		return opError(i, op, "node.id", "the node's id %s differs from the op's node %s", n.ID, op.Node)
	case n.Type == "":
		return opError(i, op, "node.type", "the node needs a type")
	case t.node(n.ID) != nil:
		return opError(i, op, "node.id", "a node %s already exists", n.ID)
	}
	op.Node = n.ID // name it in errors even when only NodeValue was set
	if _, err := t.checkPlace(i, op, n.Type, n.Parent, n.Pos, "node."); err != nil {
		return err
	}
	c := *n // the caller keeps its struct; maps are shared and never mutated
	t.changed[n.ID] = &c
	if t.kids != nil {
		t.addKid(n.Parent, n.ID)
	}
	if t.record {
		t.inverse = append(t.inverse, Op{Op: OpDelete, Node: n.ID})
	}
	return nil
}

func (t *txn) delete(i int, op Op) error {
	if err := noExtras(i, op, false, false, false, false, false); err != nil {
		return err
	}
	n, err := t.existing(i, op)
	if err != nil {
		return err
	}
	if n.ID == t.d.Root {
		return opError(i, op, "node", "cannot delete the root")
	}
	t.buildKids()
	// Collect the subtree parents first, which is also the order in which
	// inserts restore it.
	sub := []string{n.ID}
	for j := 0; j < len(sub); j++ {
		for k := range t.kids[sub[j]] {
			sub = append(sub, k)
		}
	}
	if t.record {
		// Invert reverses the whole list, so children go in first here to
		// come out after their parents.
		for _, id := range slices.Backward(sub) {
			t.inverse = append(t.inverse, Op{Op: OpInsert, Node: id, NodeValue: t.node(id)})
		}
	}
	delete(t.kids[n.Parent], n.ID)
	for _, id := range sub {
		t.changed[id] = nil
		delete(t.kids, id)
	}
	return nil
}

func (t *txn) move(i int, op Op) error {
	if err := noExtras(i, op, false, false, true, true, false); err != nil {
		return err
	}
	n, err := t.existing(i, op)
	if err != nil {
		return err
	}
	if n.ID == t.d.Root {
		return opError(i, op, "node", "cannot move the root")
	}
	if _, err := t.checkPlace(i, op, n.Type, op.Parent, op.Pos, ""); err != nil {
		return err
	}
	// The new parent must not be n or below n. Walking up from the new
	// parent costs the tree's depth, not its size. The bound guards against
	// a document that already had a cycle.
	limit := len(t.d.Nodes) + len(t.changed) + 1
	for a := op.Parent; a != ""; a = t.node(a).Parent {
		if a == n.ID {
			return opError(i, op, "parent", "would make %s its own ancestor", n.ID)
		}
		if a == t.d.Root || t.node(a) == nil {
			break
		}
		if limit--; limit < 0 {
			return opError(i, op, "parent", "the parent chain of %s loops", op.Parent)
		}
	}
	if t.record {
		t.inverse = append(t.inverse, Op{Op: OpMove, Node: n.ID, Parent: n.Parent, Pos: n.Pos})
	}
	if t.kids != nil {
		delete(t.kids[n.Parent], n.ID)
		t.addKid(op.Parent, n.ID)
	}
	c := *n
	c.Parent, c.Pos = op.Parent, op.Pos
	t.changed[n.ID] = &c
	return nil
}

// buildKids builds the child index from the current state.
func (t *txn) buildKids() {
	if t.kids != nil {
		return
	}
	t.kids = make(map[string]map[string]bool)
	for id, n := range t.d.Nodes {
		if _, ok := t.changed[id]; !ok && n != nil && id != t.d.Root {
			t.addKid(n.Parent, id)
		}
	}
	for id, n := range t.changed {
		if n != nil && id != t.d.Root {
			t.addKid(n.Parent, id)
		}
	}
}

func (t *txn) addKid(parent, id string) {
	s := t.kids[parent]
	if s == nil {
		s = make(map[string]bool)
		t.kids[parent] = s
	}
	s[id] = true
}

// splitPath splits a set path into its unescaped segments.
func splitPath(p string) []string {
	p = strings.TrimPrefix(p, "/")
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if strings.Contains(s, "~") {
			segs[i] = strings.NewReplacer("~1", "/", "~0", "~").Replace(s)
		}
	}
	return segs
}

// escapePathSegment is splitPath's inverse for one segment.
func escapePathSegment(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

func (t *txn) set(i int, op Op) error {
	if err := noExtras(i, op, true, true, false, false, false); err != nil {
		return err
	}
	if op.Path == "" {
		return opError(i, op, "path", "path is required")
	}
	if op.Value == nil {
		return opError(i, op, "value", "value is required (null removes the field)")
	}
	segs := splitPath(op.Path)
	for _, s := range segs {
		if s == "" {
			return opError(i, op, "path", "path %q has an empty segment", op.Path)
		}
	}
	if segs[0] == "meta" {
		return t.setMeta(i, op, segs)
	}
	n, err := t.existing(i, op)
	if err != nil {
		return err
	}
	var v any
	if err := json.Unmarshal(op.Value, &v); err != nil {
		return opError(i, op, "value", "value is not valid JSON")
	}
	c := *n
	var old any
	invPath := op.Path
	switch segs[0] {
	case "props", "bind":
		field := &c.Props
		if segs[0] == "bind" {
			field = &c.Bind
		}
		switch len(segs) {
		case 1:
			m, ok := v.(map[string]any)
			if !ok && v != nil {
				return opError(i, op, "value", "%s must be an object or null", segs[0])
			}
			old, *field = *field, m
		case 2:
			old = (*field)[segs[1]]
			*field = setKey(*field, segs[1], v)
		default:
			return opError(i, op, "path", "path %q is too deep: set %s/%s to the whole value", op.Path, segs[0], segs[1])
		}
	case "styles":
		switch len(segs) {
		case 1:
			var m map[string]map[string]any
			if err := json.Unmarshal(op.Value, &m); err != nil {
				return opError(i, op, "value", "styles must be an object of breakpoint objects, or null")
			}
			old, c.Styles = c.Styles, m
		case 2:
			bp, ok := v.(map[string]any)
			if !ok && v != nil {
				return opError(i, op, "value", "styles/%s must be an object or null", segs[1])
			}
			old = c.Styles[segs[1]]
			if v == nil {
				c.Styles = setKey(c.Styles, segs[1], nil)
			} else {
				c.Styles = setKey(c.Styles, segs[1], bp)
			}
		case 3:
			if !validStyleValue(v) {
				return opError(i, op, "value", "a style value must be a string, a number or null")
			}
			bp, had := c.Styles[segs[1]]
			old = bp[segs[2]]
			if !had {
				if v == nil {
					return nil // removing from an absent breakpoint changes nothing
				}
				// Undo removes the breakpoint this creates, rather than
				// leaving an empty one behind.
				invPath, old = "styles/"+escapePathSegment(segs[1]), map[string]any(nil)
			}
			c.Styles = maps.Clone(c.Styles)
			if c.Styles == nil {
				c.Styles = map[string]map[string]any{}
			}
			c.Styles[segs[1]] = setKey(bp, segs[2], v)
		default:
			return opError(i, op, "path", "path %q is too deep: styles/<breakpoint>/<property> is the deepest", op.Path)
		}
	case "label", "hidden", "locked":
		if len(segs) != 1 {
			return opError(i, op, "path", "path %q is too deep", op.Path)
		}
		if segs[0] == "label" {
			l, ok := v.(string)
			if !ok && v != nil {
				return opError(i, op, "value", "label must be a string or null")
			}
			if len(l) > MaxLabel {
				return opError(i, op, "value", "label must be at most %d bytes", MaxLabel)
			}
			old, c.Label = nilIfZero(c.Label), l
			break
		}
		b, ok := v.(bool)
		if !ok && v != nil {
			return opError(i, op, "value", "%s must be true, false or null", segs[0])
		}
		f := &c.Hidden
		if segs[0] == "locked" {
			f = &c.Locked
		}
		old, *f = nilIfZero(*f), b
	case "id", "type", "parent", "pos":
		return opError(i, op, "path", "%s is not settable: use move for parent and pos, delete and insert for id and type", segs[0])
	default:
		return opError(i, op, "path", "path %q must start with props, styles, bind, label, hidden, locked or meta", op.Path)
	}
	if t.record {
		t.inverse = append(t.inverse, Op{Op: OpSet, Node: n.ID, Path: invPath, Value: rawValue(old)})
	}
	t.changed[n.ID] = &c
	return nil
}

// nilIfZero is v, or nil for the zero value, so that undoing a set removes
// a field that was absent rather than writing its zero value.
func nilIfZero[T comparable](v T) any {
	var zero T
	if v == zero {
		return nil
	}
	return v
}

// setKey returns a copy of m with k set to v, or removed if v is nil; the
// copy keeps the original map intact for anyone still holding it.
func setKey[V any](m map[string]V, k string, v any) map[string]V {
	c := make(map[string]V, len(m)+1)
	maps.Copy(c, m)
	if v == nil {
		delete(c, k)
	} else {
		c[k] = v.(V)
	}
	return c
}

// validStyleValue reports whether v may be a CSS value: a string (which
// may be a token reference "{path}"), a number, or null to remove it.
func validStyleValue(v any) bool {
	switch v.(type) {
	case nil, string, float64:
		return true
	}
	return false
}

// rawValue encodes an old value for an inverse set; absent is null.
func rawValue(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil || isNilMap(v) {
		return json.RawMessage("null")
	}
	return b
}

// isNilMap reports whether v is a nil map of one of the node's map types,
// which must undo to "absent" (null), not to an empty object.
func isNilMap(v any) bool {
	switch m := v.(type) {
	case map[string]any:
		return m == nil
	case map[string]map[string]any:
		return m == nil
	}
	return false
}

func (t *txn) setMeta(i int, op Op, segs []string) error {
	if op.Node != "" {
		return opError(i, op, "node", "meta paths belong to the document: leave node empty")
	}
	if len(segs) != 2 {
		return opError(i, op, "path", "path %q must be meta/<field>", op.Path)
	}
	var s *string
	if err := json.Unmarshal(op.Value, &s); err != nil {
		return opError(i, op, "value", "a meta value must be a string or null")
	}
	m := t.d.Meta
	if t.meta != nil {
		m = *t.meta
	}
	var f *string
	switch segs[1] {
	case "title":
		f = &m.Title
	case "description":
		f = &m.Description
	case "lang":
		f = &m.Lang
	case "ogImage":
		f = &m.OGImage
	default:
		return opError(i, op, "path", "meta has no field %q: title, description, lang or ogImage", segs[1])
	}
	if t.record {
		t.inverse = append(t.inverse, Op{Op: OpSet, Path: op.Path, Value: rawValue(*f)})
	}
	*f = ""
	if s != nil {
		*f = *s
	}
	t.meta = &m
	return nil
}
