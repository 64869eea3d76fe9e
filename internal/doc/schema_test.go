package doc

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// compileSchema compiles the embedded schema; the compiler checks it
// against the draft 2020-12 meta-schema.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	if !json.Valid(JSONSchema()) {
		t.Fatal("document.schema.json is not valid JSON")
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSONSchema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("document.schema.json", v); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("document.schema.json")
	if err != nil {
		t.Fatalf("schema does not compile: %v", err)
	}
	return s
}

// TestSchema checks that documents the server accepts conform to the
// published schema, and that the schema rejects what it can express.
func TestSchema(t *testing.T) {
	s := compileSchema(t)
	migrated, _, err := Migrate([]byte(v0Doc))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		doc   []byte
		valid bool
	}{
		{"starter", New("Home"), true},
		{"sample", []byte(treeJSON), true},
		{"design example", []byte(`{"schemaVersion":1,"root":"root","meta":{"title":"Flu clinic","description":"…","lang":"en","ogImage":"asset:1"},
			"nodes":{"root":{"id":"root","type":"Page","props":{}},
			"h1a":{"id":"h1a","type":"Heading","parent":"root","pos":"a0","props":{"text":"Book your flu shot","level":1},
			"styles":{"base":{"color":"{color.text.strong}","margin-bottom":"{space.4}"},"md":{"font-size":"{font.size.3xl}"},"hover":{}},"bind":{}}}}`), true},
		{"benchmark document", sampleDoc(50), true},
		{"migrated", migrated, true},
		{"unknown field", []byte(`{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page","onclick":"x"}}}`), false},
		{"old version", []byte(`{"schemaVersion":0,"root":"r","nodes":{"r":{"id":"r","type":"Page"}}}`), false},
		{"bad pos", []byte(`{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page"},"a":{"id":"a","type":"T","parent":"r","pos":"0a"}}}`), false},
		{"no type", []byte(`{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r"}}}`), false},
		{"style object", []byte(`{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page","styles":{"base":{"color":{}}}}}}`), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.valid {
				if _, _, err := Parse(tt.doc); err != nil {
					t.Fatalf("Parse rejects a sample: %v", err)
				}
			}
			v, err := jsonschema.UnmarshalJSON(bytes.NewReader(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			err = s.Validate(v)
			if tt.valid && err != nil {
				t.Fatalf("does not conform: %v", err)
			}
			if !tt.valid && err == nil {
				t.Fatal("conforms, want a violation")
			}
		})
	}
}
