// Package doc is the page document: a flat map of nodes keyed by id, each
// knowing its parent and its position among siblings (see DESIGN.md §4).
package doc

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/pagewright/pagewright/internal/errs"
)

// SchemaVersion is the current document schema version.
const SchemaVersion = 1

// MaxBytes is the largest document accepted.
const MaxBytes = 5 << 20

// Node is one element of the page tree.
type Node struct {
	ID     string                    `json:"id"`
	Type   string                    `json:"type"`
	Parent string                    `json:"parent,omitempty"`
	Pos    string                    `json:"pos,omitempty"`
	Props  map[string]any            `json:"props,omitempty"`
	Styles map[string]map[string]any `json:"styles,omitempty"`
	Bind   map[string]any            `json:"bind,omitempty"`
}

// Meta is the page's head information.
type Meta struct {
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	Lang        string `json:"lang,omitempty"`
	OGImage     string `json:"ogImage,omitempty"`
}

// Document is a page document.
type Document struct {
	SchemaVersion int              `json:"schemaVersion"`
	Root          string           `json:"root"`
	Meta          Meta             `json:"meta"`
	Nodes         map[string]*Node `json:"nodes"`
}

// New returns the starter document of a new page.
func New(title string) []byte {
	d := Document{SchemaVersion: SchemaVersion, Root: "root", Meta: Meta{Title: title, Lang: "en"},
		Nodes: map[string]*Node{"root": {ID: "root", Type: "Page", Props: map[string]any{}}}}
	b, _ := json.Marshal(d)
	return b
}

// Parse decodes and structurally checks a document: known fields only, the
// current schema version, a root that exists, node ids matching their keys,
// and every parent present. It returns the document compacted.
func Parse(b []byte) (*Document, []byte, error) {
	if len(b) > MaxBytes {
		return nil, nil, &errs.Error{Kind: errs.KindTooLarge, Code: "document.too_large", Message: fmt.Sprintf("The document is larger than %d MiB.", MaxBytes>>20)}
	}
	if !json.Valid(b) {
		return nil, nil, &errs.Error{Kind: errs.KindBadRequest, Code: "request.malformed", Message: "The document is not valid JSON."}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var d Document
	if err := dec.Decode(&d); err != nil {
		return nil, nil, errs.Invalid("document.malformed", "The document is not valid JSON of the expected shape: "+err.Error())
	}
	if dec.More() {
		return nil, nil, errs.Invalid("document.malformed", "The document has trailing data after the JSON object.")
	}
	var fe []errs.FieldError
	if d.SchemaVersion != SchemaVersion {
		fe = append(fe, errs.FieldError{Location: "body.schemaVersion", Message: fmt.Sprintf("must be %d", SchemaVersion), Value: d.SchemaVersion})
	}
	if d.Nodes[d.Root] == nil {
		fe = append(fe, errs.FieldError{Location: "body.root", Message: "must name a node in nodes", Value: d.Root})
	}
	for key, n := range d.Nodes {
		loc := "body.nodes." + key
		switch {
		case n == nil:
			fe = append(fe, errs.FieldError{Location: loc, Message: "node is null"})
		case n.ID != key:
			fe = append(fe, errs.FieldError{Location: loc + ".id", Message: "must equal the node's key", Value: n.ID})
		case n.Type == "":
			fe = append(fe, errs.FieldError{Location: loc + ".type", Message: "is required"})
		case key != d.Root && d.Nodes[n.Parent] == nil:
			fe = append(fe, errs.FieldError{Location: loc + ".parent", Message: "must name a node in nodes (orphan node)", Value: n.Parent})
		}
	}
	if len(fe) > 0 {
		return nil, nil, errs.Invalid("document.invalid", "The document has errors.", fe...)
	}
	// Store the document as sent, minus insignificant white space:
	// re-encoding it would cost as much again as decoding it.
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		return nil, nil, errs.Invalid("document.malformed", "The document is not valid JSON.")
	}
	return &d, out.Bytes(), nil
}

// Validate is Parse for callers that only need the canonical bytes.
func Validate(b []byte) ([]byte, error) {
	_, out, err := Parse(b)
	return out, err
}
