package version

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/docdiff"
)

// patch returns the RFC 6902 patch from document a to b. Nodes are keyed
// by id, so the patch is docdiff.Patch of each node that differs (and of
// the meta), under /nodes/<id>: comparing a few changed nodes instead of
// two whole documents is what keeps a diff of two 5,000-node versions
// fast. Nodes the two documents share (the same *Node, as replayed
// versions do) are not even encoded. Documents that differ in root or
// schema version are compared whole.
func patch(a, b *snapshot) (json.RawMessage, error) {
	if a.doc.Root != b.doc.Root || a.doc.SchemaVersion != b.doc.SchemaVersion {
		return docdiff.Patch(a.json, b.json)
	}
	var ops []json.RawMessage
	sub := func(prefix string, x, y any) error {
		xb, err := json.Marshal(x)
		if err != nil {
			return err
		}
		yb, err := json.Marshal(y)
		if err != nil {
			return err
		}
		if bytes.Equal(xb, yb) {
			return nil
		}
		p, err := docdiff.Patch(xb, yb)
		if err != nil {
			return err
		}
		var list []map[string]json.RawMessage
		if err := json.Unmarshal(p, &list); err != nil {
			return err
		}
		for _, op := range list {
			for _, k := range []string{"path", "from"} {
				var ptr string
				if raw, ok := op[k]; ok && json.Unmarshal(raw, &ptr) == nil {
					op[k], _ = json.Marshal(prefix + ptr)
				}
			}
			b, err := json.Marshal(op)
			if err != nil {
				return err
			}
			ops = append(ops, b)
		}
		return nil
	}
	if err := sub("/meta", a.doc.Meta, b.doc.Meta); err != nil {
		return nil, err
	}
	ids := slices.Sorted(maps.Keys(a.doc.Nodes))
	for id := range b.doc.Nodes {
		if a.doc.Nodes[id] == nil {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		x, y := a.doc.Nodes[id], b.doc.Nodes[id]
		path := "/nodes/" + pointerEscape(id)
		switch {
		case sameNode(x, y):
		case y == nil:
			ops = append(ops, op("remove", path, nil))
		case x == nil:
			v, err := json.Marshal(y)
			if err != nil {
				return nil, err
			}
			ops = append(ops, op("add", path, v))
		default:
			if err := sub(path, x, y); err != nil {
				return nil, err
			}
		}
	}
	if len(ops) == 0 {
		return json.RawMessage("[]"), nil
	}
	return json.Marshal(ops)
}

func op(kind, path string, value json.RawMessage) json.RawMessage {
	m := map[string]json.RawMessage{}
	m["op"], _ = json.Marshal(kind)
	m["path"], _ = json.Marshal(path)
	if value != nil {
		m["value"] = value
	}
	b, _ := json.Marshal(m)
	return b
}

// pointerEscape escapes a JSON Pointer reference token (RFC 6901).
func pointerEscape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// sameNode is a quick exact comparison of two nodes (nil: absent), so
// that only nodes that differ are encoded; a false negative would only
// cost an encoding.
func sameNode(a, b *doc.Node) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil || a.ID != b.ID || a.Type != b.Type || a.Parent != b.Parent || a.Pos != b.Pos || a.Label != b.Label ||
		a.Hidden != b.Hidden || a.Locked != b.Locked || len(a.Styles) != len(b.Styles) {
		return false
	}
	for bp, av := range a.Styles {
		bv, ok := b.Styles[bp]
		if !ok || !sameValue(av, bv) {
			return false
		}
	}
	return sameValue(a.Props, b.Props) && sameValue(a.Bind, b.Bind)
}

// sameValue compares decoded JSON values.
func sameValue[T any](a, b T) bool {
	switch x := any(a).(type) {
	case nil:
		return any(b) == nil
	case string:
		y, ok := any(b).(string)
		return ok && x == y
	case float64:
		y, ok := any(b).(float64)
		return ok && x == y
	case bool:
		y, ok := any(b).(bool)
		return ok && x == y
	case []any:
		y, ok := any(b).([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameValue(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := any(b).(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !sameValue(xv, yv) {
				return false
			}
		}
		return true
	}
	return false
}
