package docdiff

import (
	"encoding/json"
	"slices"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/wI2L/jsondiff"
)

// Patch returns the RFC 6902 JSON Patch that turns document JSON a into b.
// Nodes are keyed by id, so paths read /nodes/<id>/props/text and a moved
// node is a replace of its parent and pos. Arrays inside props are
// compared element by element. Two equal documents give [].
func Patch(a, b []byte) (json.RawMessage, error) {
	p, err := jsondiff.CompareJSON(a, b)
	if err != nil {
		return nil, errs.Invalid("document.malformed", "The document is not valid JSON: "+err.Error())
	}
	if p == nil {
		return json.RawMessage("[]"), nil
	}
	out, err := json.Marshal(p)
	if err != nil {
		return nil, errs.Internal(err)
	}
	return out, nil
}

// PatchDocs is Patch for documents already decoded: it compares node by
// node, skipping equal nodes with the cheap comparisons Diff uses, and
// runs jsondiff only on the nodes and meta that differ. On a 5,000-node
// page that is most of the cost of Patch saved, which is mostly decoding
// both documents into generic values. The documents must hold only the
// values encoding/json decodes (as doc.Parse gives them); the patch then
// turns json.Marshal(a) into json.Marshal(b).
func PatchDocs(a, b *doc.Document) (json.RawMessage, error) {
	p := jsondiff.Patch{}
	if a.SchemaVersion != b.SchemaVersion {
		p = append(p, jsondiff.Operation{Type: jsondiff.OperationReplace, Path: "/schemaVersion", Value: b.SchemaVersion})
	}
	if a.Root != b.Root {
		p = append(p, jsondiff.Operation{Type: jsondiff.OperationReplace, Path: "/root", Value: b.Root})
	}
	if a.Meta != b.Meta {
		mp, err := jsondiff.CompareWithoutMarshal(metaValue(a.Meta), metaValue(b.Meta))
		if err != nil {
			return nil, errs.Internal(err)
		}
		p = appendUnder(p, "/meta", mp)
	}
	var ids []string
	for id, n := range a.Nodes {
		if o := b.Nodes[id]; o == nil || !nodeEqual(n, o) {
			ids = append(ids, id)
		}
	}
	for id := range b.Nodes {
		if a.Nodes[id] == nil {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		path := "/nodes/" + escape(id)
		switch o, n := a.Nodes[id], b.Nodes[id]; {
		case n == nil:
			p = append(p, jsondiff.Operation{Type: jsondiff.OperationRemove, Path: path})
		case o == nil:
			p = append(p, jsondiff.Operation{Type: jsondiff.OperationAdd, Path: path, Value: n})
		default:
			np, err := jsondiff.CompareWithoutMarshal(nodeValue(o), nodeValue(n))
			if err != nil {
				return nil, errs.Internal(err)
			}
			p = appendUnder(p, path, np)
		}
	}
	out, err := json.Marshal(p)
	if err != nil {
		return nil, errs.Internal(err)
	}
	return out, nil
}

// appendUnder appends the ops of sub with their paths moved under prefix.
func appendUnder(p jsondiff.Patch, prefix string, sub jsondiff.Patch) jsondiff.Patch {
	for _, op := range sub {
		op.Path = prefix + op.Path
		if op.From != "" {
			op.From = prefix + op.From
		}
		p = append(p, op)
	}
	return p
}

// metaValue is a Meta as encoding/json would decode its encoding.
func metaValue(m doc.Meta) map[string]any {
	v := make(map[string]any, 4)
	for _, f := range metaFields {
		if s := *f.get(&m); s != "" {
			v[f.name] = s
		}
	}
	return v
}

// nodeValue is a node as encoding/json would decode its encoding (the
// omitempty fields left out when empty).
func nodeValue(n *doc.Node) map[string]any {
	v := map[string]any{"id": n.ID, "type": n.Type}
	str := func(k, s string) {
		if s != "" {
			v[k] = s
		}
	}
	str("parent", n.Parent)
	str("pos", n.Pos)
	str("label", n.Label)
	if len(n.Props) > 0 {
		v["props"] = n.Props
	}
	if len(n.Bind) > 0 {
		v["bind"] = n.Bind
	}
	if len(n.Styles) > 0 {
		s := make(map[string]any, len(n.Styles))
		for bp, m := range n.Styles {
			if m == nil {
				s[bp] = nil // a nil breakpoint encodes as null
			} else {
				s[bp] = m
			}
		}
		v["styles"] = s
	}
	if n.Hidden {
		v["hidden"] = true
	}
	if n.Locked {
		v["locked"] = true
	}
	return v
}
