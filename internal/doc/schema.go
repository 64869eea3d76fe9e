package doc

import (
	_ "embed" // for the document schema
	"slices"
)

//go:embed document.schema.json
var schemaJSON []byte

// JSONSchema returns the JSON Schema (draft 2020-12) of a schema version 1
// document, for the OpenAPI description and for outside tools. The server
// does not validate with it: Parse and Check enforce the same shape plus
// the tree rules a schema cannot express (one root, no cycles, every
// parent present) with field errors that name the node. It returns a copy
// so that no caller can change what the others see.
func JSONSchema() []byte { return slices.Clone(schemaJSON) }
