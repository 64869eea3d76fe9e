package doc

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/pagewright/pagewright/internal/errs"
)

// Documents are stored as the client sent them, so a database holds
// documents of every schema version the server ever accepted. Rather than
// rewriting them all when the schema changes, each change registers a
// migration from version N to N+1 and documents are upgraded when read:
// Parse calls Migrate whenever a document is not at SchemaVersion.

// A Migration upgrades a document from schema version From to From+1. Up
// works on the generic JSON form (numbers as json.Number, so they survive
// unchanged) because the Go types only describe the current version. Up
// may return an *errs.Error with field errors naming what cannot be
// migrated; Migrate sets schemaVersion itself.
type Migration struct {
	From int
	Name string
	Up   func(doc map[string]any) error
}

// migrations holds one entry per version below SchemaVersion, in order.
var migrations = []Migration{
	{From: 0, Name: "children arrays become parent and pos", Up: v0ToV1},
}

func init() {
	// A gap in the chain would strand documents of that version; fail at
	// start-up rather than on the first old document read.
	if len(migrations) != SchemaVersion {
		panic(fmt.Sprintf("doc: %d migrations registered for schema version %d", len(migrations), SchemaVersion))
	}
	for i, m := range migrations {
		if m.From != i {
			panic(fmt.Sprintf("doc: migration %d is registered from version %d", i, m.From))
		}
	}
}

// Migrate upgrades a document to SchemaVersion one migration at a time. It
// returns the document and the version it had: a current document comes
// back as is (same slice), an older one re-encoded compactly. A document
// without schemaVersion is version 0. A version newer than SchemaVersion is
// rejected with document.invalid at body.schemaVersion: this server would
// drop or misread fields it does not know.
func Migrate(raw []byte) ([]byte, int, error) {
	var head struct {
		SchemaVersion json.RawMessage `json:"schemaVersion"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, 0, errs.Invalid("document.malformed", "The document is not a JSON object: "+err.Error())
	}
	v := 0
	if len(head.SchemaVersion) > 0 && string(head.SchemaVersion) != "null" {
		n, err := strconv.Atoi(string(head.SchemaVersion))
		if err != nil {
			return nil, 0, errs.Invalid("document.invalid", "The document's schema version is not a whole number.",
				errs.FieldError{Location: "body.schemaVersion", Message: "must be a whole number", Value: string(head.SchemaVersion)})
		}
		v = n
	}
	switch {
	case v > SchemaVersion:
		return nil, v, errs.Invalid("document.invalid",
			fmt.Sprintf("The document has schema version %d, but this server reads versions up to %d: it was written by a newer Pagewright.", v, SchemaVersion),
			errs.FieldError{Location: "body.schemaVersion", Message: fmt.Sprintf("must be at most %d", SchemaVersion), Value: v})
	case v < 0:
		return nil, v, errs.Invalid("document.invalid", "The document's schema version is negative.",
			errs.FieldError{Location: "body.schemaVersion", Message: fmt.Sprintf("must be between 0 and %d", SchemaVersion), Value: v})
	case v == SchemaVersion:
		return raw, v, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, v, errs.Invalid("document.malformed", "The document is not a JSON object: "+err.Error())
	}
	for _, m := range migrations[v:] {
		if err := m.Up(doc); err != nil {
			var e *errs.Error
			if errors.As(err, &e) {
				return nil, v, e
			}
			return nil, v, errs.Invalid("document.invalid", fmt.Sprintf("The document cannot be migrated from schema version %d (%s): %v", m.From, m.Name, err))
		}
		doc["schemaVersion"] = m.From + 1
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return nil, v, errs.Internal(err)
	}
	return out, v, nil
}

// v0ToV1 converts the version 0 tree, where each node listed its children
// in order, to parent links with generated positions. Version 0 stored the
// order in the parent, so moving a node rewrote two arrays and concurrent
// edits to one list conflicted; version 1 moves touch only the moved node.
func v0ToV1(doc map[string]any) error {
	nodes, ok := doc["nodes"].(map[string]any)
	if !ok {
		if doc["nodes"] == nil {
			return nil // nothing to convert; Check reports the missing root
		}
		return errs.Invalid("document.invalid", "The version 0 document cannot be migrated.",
			errs.FieldError{Location: "body.nodes", Message: "must be an object"})
	}
	root, _ := doc["root"].(string)
	var fe []errs.FieldError
	claimed := make(map[string]string) // child id → the parent listing it
	ids := make([]string, 0, len(nodes))
	for id := range nodes {
		ids = append(ids, id)
	}
	slices.Sort(ids) // deterministic errors and output
	// Check every node before any gains a parent below.
	for _, id := range ids {
		if n, ok := nodes[id].(map[string]any); ok {
			for _, f := range []string{"parent", "pos"} {
				if _, has := n[f]; has {
					fe = append(fe, errs.FieldError{Location: "body.nodes." + id + "." + f, Message: "is not a version 0 field (version 0 lists children instead; is schemaVersion missing?)"})
				}
			}
		}
	}
	for _, id := range ids {
		n, ok := nodes[id].(map[string]any)
		if !ok {
			continue // Check reports a null or non-object node after migration
		}
		loc := "body.nodes." + id
		raw, has := n["children"]
		delete(n, "children")
		if !has || raw == nil {
			continue
		}
		list, ok := raw.([]any)
		if !ok {
			fe = append(fe, errs.FieldError{Location: loc + ".children", Message: "must be an array of node ids"})
			continue
		}
		keys, err := NKeysBetween("", "", len(list))
		if err != nil {
			return err
		}
		for i, c := range list {
			cid, ok := c.(string)
			child, _ := nodes[cid].(map[string]any)
			switch {
			case !ok:
				fe = append(fe, errs.FieldError{Location: fmt.Sprintf("%s.children[%d]", loc, i), Message: "must be a node id", Value: c})
			case child == nil:
				fe = append(fe, errs.FieldError{Location: fmt.Sprintf("%s.children[%d]", loc, i), Message: "must name a node in nodes", Value: cid})
			case cid == root:
				fe = append(fe, errs.FieldError{Location: fmt.Sprintf("%s.children[%d]", loc, i), Message: "must not list the root", Value: cid})
			case claimed[cid] != "":
				fe = append(fe, errs.FieldError{Location: fmt.Sprintf("%s.children[%d]", loc, i), Message: "lists a node that " + claimed[cid] + " already lists: a node has one parent", Value: cid})
			default:
				claimed[cid] = id
				child["parent"] = id
				child["pos"] = keys[i]
			}
		}
	}
	for _, id := range ids {
		if _, ok := nodes[id].(map[string]any); ok && id != root && claimed[id] == "" {
			fe = append(fe, errs.FieldError{Location: "body.nodes." + id, Message: "is not listed in any node's children (orphan node)"})
		}
	}
	if len(fe) > 0 {
		slices.SortFunc(fe, func(a, b errs.FieldError) int { return cmp.Compare(a.Location, b.Location) })
		return errs.Invalid("document.invalid", "The version 0 document cannot be migrated.", fe...)
	}
	return nil
}
