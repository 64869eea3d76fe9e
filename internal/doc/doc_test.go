package doc

import (
	"slices"
	"testing"

	"github.com/pagewright/pagewright/internal/errs"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		code  string
		field string // a location the error must name
	}{
		{"starter", string(New("Home")), "", ""},
		{"tree", treeJSON, "", ""},
		{"not json", `{`, "request.malformed", ""},
		{"unknown field", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page"}},"x":1}`, "document.malformed", ""},
		{"trailing", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page"}}} {}`, "request.malformed", ""},
		{"wrong version", `{"schemaVersion":9,"root":"r","nodes":{"r":{"id":"r","type":"Page"}}}`, "document.invalid", "body.schemaVersion"},
		{"version not a number", `{"schemaVersion":"1","root":"r","nodes":{"r":{"id":"r","type":"Page"}}}`, "document.invalid", "body.schemaVersion"},
		{"missing root", `{"schemaVersion":1,"root":"x","nodes":{}}`, "document.invalid", "body.root"},
		{"id mismatch", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"q","type":"Page"}}}`, "document.invalid", "body.nodes.r.id"},
		{"orphan", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page"},"a":{"id":"a","type":"Text","parent":"zz"}}}`, "document.invalid", "body.nodes.a.parent"},
		{"cycle", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page"},"a":{"id":"a","type":"Box","parent":"a","pos":"a0"}}}`, "document.invalid", "body.nodes.a.parent"},
		{"missing pos", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page"},"a":{"id":"a","type":"Text","parent":"r"}}}`, "document.invalid", "body.nodes.a.pos"},
		{"duplicate id", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page"},"a":{"id":"a","type":"Text","parent":"r","pos":"a0"},"a":{"id":"a","type":"Text","parent":"r","pos":"a1"}}}`, "document.invalid", "body.nodes.a"},
		{"duplicate id escaped", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page"},"a":{"id":"a","type":"Text","parent":"r","pos":"a0"},"\u0061":{"id":"a","type":"Text","parent":"r","pos":"a1"}}}`, "document.invalid", "body.nodes.a"},
		{"same key in different objects", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page","props":{"r":1,"x":{"r":2}}},"x":{"id":"x","type":"T","parent":"r","pos":"a0"}}}`, "", ""},
		{"version 0 migrates", `{"root":"r","nodes":{"r":{"id":"r","type":"Page","children":["a"]},"a":{"id":"a","type":"Text"}}}`, "", ""},
		{"version 0 that cannot migrate", `{"schemaVersion":0,"root":"r","nodes":{"r":{"id":"r","type":"Page","children":["a","a"]},"a":{"id":"a","type":"Text"}}}`, "document.invalid", "body.nodes.r.children[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse([]byte(tt.in))
			if tt.code == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if err == nil || errs.As(err).Code != tt.code {
				t.Fatalf("err = %v, want code %s", err, tt.code)
			}
			if tt.field != "" && !slices.ContainsFunc(errs.As(err).Fields, func(f errs.FieldError) bool { return f.Location == tt.field }) {
				t.Fatalf("fields %+v do not name %s", errs.As(err).Fields, tt.field)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add(New("Home"))
	f.Add([]byte(`{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page"},"a":{"id":"a","type":"Text","parent":"r"}}}`))
	f.Add([]byte(treeJSON))
	f.Add([]byte(`{"root":"r","nodes":{"r":{"id":"r","type":"Page","children":["a"]},"a":{"id":"a","type":"Text","children":[]}}}`))
	f.Add([]byte(`{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page"},"a":{"id":"a","type":"Box","parent":"b","pos":"a0"},"b":{"id":"b","type":"Box","parent":"a","pos":"a0"},"a":null}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, out, err := Parse(b)
		if err != nil {
			if errs.KindOf(err) == errs.KindInternal {
				t.Fatalf("internal error for outside input: %v", err)
			}
			return
		}
		if err := Check(d); err != nil {
			t.Fatalf("parsed document fails Check: %v", err)
		}
		// A parsed document re-parses to itself.
		_, again, err := Parse(out)
		if err != nil || string(again) != string(out) || d.Nodes[d.Root] == nil {
			t.Fatalf("canonical form not stable: %v", err)
		}
	})
}
