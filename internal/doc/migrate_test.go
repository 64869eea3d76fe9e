package doc

import (
	"slices"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/errs"
)

// v0Doc is a version 0 document: children arrays, no parent or pos.
const v0Doc = `{"schemaVersion":0,"root":"root","meta":{"title":"Old","lang":"en"},"nodes":{
	"root":{"id":"root","type":"Page","props":{},"children":["hero","body","foot"]},
	"hero":{"id":"hero","type":"Section","children":["h1","lead"]},
	"h1":{"id":"h1","type":"Heading","props":{"text":"Flu clinic","level":1,"big":12345678901234567890}},
	"lead":{"id":"lead","type":"Text","props":{"text":"Walk in"},"styles":{"base":{"color":"{color.text}"}}},
	"body":{"id":"body","type":"Text","children":[]},
	"foot":{"id":"foot","type":"Text"}}}`

func TestMigrateV0(t *testing.T) {
	out, from, err := Migrate([]byte(v0Doc))
	if err != nil || from != 0 {
		t.Fatalf("Migrate: from %d, %v", from, err)
	}
	d, canon, err := Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(canon) != string(out) {
		t.Fatal("migrated output is not canonical")
	}
	for parent, want := range map[string][]string{"root": {"hero", "body", "foot"}, "hero": {"h1", "lead"}, "body": {}} {
		if got := Children(d, parent); !slices.Equal(got, want) {
			t.Errorf("children of %s: %q, want %q", parent, got, want)
		}
	}
	if !strings.Contains(string(out), `"big":12345678901234567890`) {
		t.Errorf("a large number lost precision: %s", out)
	}
	if d.Meta.Title != "Old" || d.SchemaVersion != SchemaVersion {
		t.Errorf("meta %+v, version %d", d.Meta, d.SchemaVersion)
	}
	// Parse migrates on read too, with the same result.
	_, viaParse, err := Parse([]byte(v0Doc))
	if err != nil || string(viaParse) != string(out) {
		t.Fatalf("Parse of v0: %v\n%s\n%s", err, viaParse, out)
	}
}

func TestMigrate(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		from   int
		fields []string // error locations; nil for success
		msg    string   // part of the error message
	}{
		{name: "current unchanged", in: string(New("x")), from: 1},
		{name: "no version is 0", in: `{"root":"r","nodes":{"r":{"id":"r","type":"Page"}}}`, from: 0},
		{name: "no nodes", in: `{"schemaVersion":0,"root":"r"}`, from: 0},
		{name: "newer", in: `{"schemaVersion":2,"root":"r","nodes":{}}`, from: 2, fields: []string{"body.schemaVersion"}, msg: "written by a newer Pagewright"},
		{name: "negative", in: `{"schemaVersion":-1}`, from: -1, fields: []string{"body.schemaVersion"}},
		{name: "fraction", in: `{"schemaVersion":0.5}`, fields: []string{"body.schemaVersion"}},
		{name: "listed twice", in: `{"root":"r","nodes":{"r":{"id":"r","type":"Page","children":["a"]},"s":{"id":"s","type":"Box","children":["a"]},"a":{"id":"a","type":"Text"}}}`,
			fields: []string{"body.nodes.s", "body.nodes.s.children[0]"}},
		{name: "missing child", in: `{"root":"r","nodes":{"r":{"id":"r","type":"Page","children":["gone"]}}}`, fields: []string{"body.nodes.r.children[0]"}},
		{name: "root as child", in: `{"root":"r","nodes":{"r":{"id":"r","type":"Page","children":["r"]}}}`, fields: []string{"body.nodes.r.children[0]"}},
		{name: "children not an array", in: `{"root":"r","nodes":{"r":{"id":"r","type":"Page","children":"a"}}}`, fields: []string{"body.nodes.r.children"}},
		{name: "v1 fields in v0", in: `{"root":"r","nodes":{"r":{"id":"r","type":"Page","children":["a"]},"a":{"id":"a","type":"Text","parent":"r","pos":"a0"}}}`,
			fields: []string{"body.nodes.a.parent", "body.nodes.a.pos"}, msg: "cannot be migrated"},
		{name: "unlisted node", in: `{"root":"r","nodes":{"r":{"id":"r","type":"Page"},"a":{"id":"a","type":"Text"}}}`, fields: []string{"body.nodes.a"}},
		{name: "nodes not an object", in: `{"root":"r","nodes":[]}`, fields: []string{"body.nodes"}},
		{name: "not an object", in: `[]`, msg: "not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, from, err := Migrate([]byte(tt.in))
			if tt.fields == nil && tt.msg == "" {
				if err != nil || from != tt.from {
					t.Fatalf("from %d, %v; want from %d", from, err, tt.from)
				}
				if from == SchemaVersion && string(out) != tt.in {
					t.Fatal("a current document changed")
				}
				return
			}
			if err == nil {
				t.Fatalf("migrated to %s, want an error", out)
			}
			e := errs.As(err)
			if e.Kind != errs.KindInvalid || !strings.Contains(e.Message, tt.msg) {
				t.Fatalf("err %v, want an invalid error mentioning %q", err, tt.msg)
			}
			var got []string
			for _, f := range e.Fields {
				got = append(got, f.Location)
			}
			if tt.fields != nil && !slices.Equal(got, tt.fields) {
				t.Fatalf("locations %q, want %q", got, tt.fields)
			}
		})
	}
}
