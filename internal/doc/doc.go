// Package doc is the page document: a flat map of nodes keyed by id, each
// knowing its parent and its position among siblings (see DESIGN.md §4).
package doc

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/pagewright/pagewright/internal/errs"
)

// SchemaVersion is the current document schema version.
const SchemaVersion = 1

// MaxBytes is the largest document accepted.
const MaxBytes = 5 << 20

// MaxLabel is the longest layer label, in bytes.
const MaxLabel = 200

// Node is one element of the page tree.
type Node struct {
	ID     string                    `json:"id"`
	Type   string                    `json:"type"`
	Parent string                    `json:"parent,omitempty"`
	Pos    string                    `json:"pos,omitempty"`
	Props  map[string]any            `json:"props,omitempty"`
	Styles map[string]map[string]any `json:"styles,omitempty"`
	Bind   map[string]any            `json:"bind,omitempty"`
	// Label is the layer name the editor shows instead of the type.
	Label string `json:"label,omitempty"`
	// Hidden nodes (and their subtrees) are kept in the document but not
	// rendered.
	Hidden bool `json:"hidden,omitempty"`
	// Locked nodes cannot be selected on the editor canvas; only the
	// editor reads it.
	Locked bool `json:"locked,omitempty"`
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

// Parse decodes and checks a document: known fields only, migrated forward
// from an older schema version (see Migrate), node ids unique and equal to
// their keys, and the tree structure Check describes. It returns the
// document and its canonical bytes: the input compacted, or the migrated
// document if it was older.
func Parse(b []byte) (*Document, []byte, error) {
	if len(b) > MaxBytes {
		return nil, nil, &errs.Error{Kind: errs.KindTooLarge, Code: "document.too_large", Message: fmt.Sprintf("The document is larger than %d MiB.", MaxBytes>>20)}
	}
	if !json.Valid(b) {
		return nil, nil, &errs.Error{Kind: errs.KindBadRequest, Code: "request.malformed", Message: "The document is not valid JSON."}
	}
	d, err := decodeStrict(b)
	migrated := false
	if err != nil || d.SchemaVersion != SchemaVersion {
		// Only an older or newer document ends up here, or a broken one;
		// the common case pays for no version sniffing.
		out, from, merr := Migrate(b)
		if merr != nil {
			return nil, nil, merr
		}
		if from != SchemaVersion {
			b, migrated = out, true
			d, err = decodeStrict(b)
		}
	}
	if err != nil {
		return nil, nil, err
	}
	fe := checkFields(d)
	if dup := duplicateNodeKeys(b, len(d.Nodes)); len(dup) > 0 {
		for _, id := range dup {
			fe = append(fe, errs.FieldError{Location: "body.nodes." + id, Message: "is defined more than once: node ids must be unique"})
		}
		slices.SortFunc(fe, func(a, b errs.FieldError) int { return cmp.Compare(a.Location, b.Location) })
	}
	if len(fe) > 0 {
		return nil, nil, errs.Invalid("document.invalid", "The document has errors.", fe...)
	}
	if migrated {
		return d, b, nil // Migrate's output is already compact
	}
	// Store the document as sent, minus insignificant white space:
	// re-encoding it would cost as much again as decoding it.
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		return nil, nil, errs.Invalid("document.malformed", "The document is not valid JSON.")
	}
	return d, out.Bytes(), nil
}

// decodeStrict decodes a document, rejecting unknown fields so that a typo
// in a field name is an error rather than silently lost content.
func decodeStrict(b []byte) (*Document, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var d Document
	if err := dec.Decode(&d); err != nil {
		return nil, errs.Invalid("document.malformed", "The document is not valid JSON of the expected shape: "+err.Error())
	}
	if dec.More() {
		return nil, errs.Invalid("document.malformed", "The document has trailing data after the JSON object.")
	}
	return &d, nil
}

// Validate is Parse for callers that only need the canonical bytes.
func Validate(b []byte) ([]byte, error) {
	_, out, err := Parse(b)
	return out, err
}
