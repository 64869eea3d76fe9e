package doc

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/pagewright/pagewright/internal/errs"
)

// testDoc decodes a document literal without checking it, so that tests
// can build broken ones.
func testDoc(t testing.TB, s string) *Document {
	t.Helper()
	var d Document
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

// treeJSON is a small valid page: root → sec → [h, p, q], root → img.
// p and q share a position, so their ids order them.
const treeJSON = `{"schemaVersion":1,"root":"root","meta":{"title":"T"},"nodes":{
	"root":{"id":"root","type":"Page"},
	"sec":{"id":"sec","type":"Section","parent":"root","pos":"a0"},
	"img":{"id":"img","type":"Image","parent":"root","pos":"a1"},
	"q":{"id":"q","type":"Text","parent":"sec","pos":"a5","props":{"text":"q"}},
	"p":{"id":"p","type":"Text","parent":"sec","pos":"a5","props":{"text":"p"}},
	"h":{"id":"h","type":"Heading","parent":"sec","pos":"Zz","props":{"text":"Hi","level":1},"styles":{"base":{"color":"{color.text}"}}}}}`

func TestTreeHelpers(t *testing.T) {
	d := testDoc(t, treeJSON)
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"children of root", Children(d, "root"), []string{"sec", "img"}},
		{"children by pos then id", Children(d, "sec"), []string{"h", "p", "q"}},
		{"children of a leaf", Children(d, "p"), []string{}},
		{"ancestors", Ancestors(d, "p"), []string{"sec", "root"}},
		{"ancestors of root", Ancestors(d, "root"), nil},
		{"subtree in document order", Subtree(d, "root"), []string{"root", "sec", "h", "p", "q", "img"}},
		{"subtree of a section", Subtree(d, "sec"), []string{"sec", "h", "p", "q"}},
		{"subtree of nothing", Subtree(d, "nope"), nil},
		{"index", ChildIndex(d)["sec"], []string{"h", "p", "q"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !slices.Equal(tt.got, tt.want) || (tt.want == nil) != (tt.got == nil) {
				t.Fatalf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
	// A cycle must not hang the helpers.
	c := testDoc(t, `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page"},"a":{"id":"a","type":"Box","parent":"b","pos":"a0"},"b":{"id":"b","type":"Box","parent":"a","pos":"a0"}}}`)
	if got := Ancestors(c, "a"); len(got) > 3 {
		t.Fatalf("ancestors in a cycle: %q", got)
	}
	if got := Subtree(c, "a"); !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("subtree in a cycle: %q", got)
	}
}

func TestCheck(t *testing.T) {
	const root = `"r":{"id":"r","type":"Page"}`
	doc := func(nodes string) string { return `{"schemaVersion":1,"root":"r","nodes":{` + root + nodes + `}}` }
	tests := []struct {
		name string
		in   string
		want []string // the error locations, sorted; nil for a valid document
	}{
		{"valid", treeJSON, nil},
		{"root only", doc(``), nil},
		{"wrong version", `{"schemaVersion":2,"root":"r","nodes":{` + root + `}}`, []string{"body.schemaVersion"}},
		{"missing root", `{"schemaVersion":1,"root":"x","nodes":{` + root + `}}`, []string{"body.nodes.r.parent", "body.root"}},
		{"root with a parent", `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page","parent":"a"},"a":{"id":"a","type":"Box","parent":"r","pos":"a0"}}}`, []string{"body.nodes.r.parent"}},
		{"second root", doc(`,"a":{"id":"a","type":"Box"}`), []string{"body.nodes.a.parent"}},
		{"orphan", doc(`,"a":{"id":"a","type":"Text","parent":"gone","pos":"a0"}`), []string{"body.nodes.a.parent"}},
		{"orphan's children are not reported again", doc(`,"a":{"id":"a","type":"Box","parent":"gone","pos":"a0"},"b":{"id":"b","type":"Text","parent":"a","pos":"a0"}`), []string{"body.nodes.a.parent"}},
		{"self cycle", doc(`,"a":{"id":"a","type":"Box","parent":"a","pos":"a0"}`), []string{"body.nodes.a.parent"}},
		{"cycle", doc(`,"a":{"id":"a","type":"Box","parent":"c","pos":"a0"},"b":{"id":"b","type":"Box","parent":"a","pos":"a0"},"c":{"id":"c","type":"Box","parent":"b","pos":"a0"},"d":{"id":"d","type":"Text","parent":"c","pos":"a1"}`),
			[]string{"body.nodes.a.parent", "body.nodes.b.parent", "body.nodes.c.parent"}},
		{"missing pos", doc(`,"a":{"id":"a","type":"Text","parent":"r"}`), []string{"body.nodes.a.pos"}},
		{"invalid pos", doc(`,"a":{"id":"a","type":"Text","parent":"r","pos":"a000"}`), []string{"body.nodes.a.pos"}},
		{"null node", doc(`,"a":null`), []string{"body.nodes.a"}},
		{"id mismatch", doc(`,"a":{"id":"b","type":"Text","parent":"r","pos":"a0"}`), []string{"body.nodes.a.id"}},
		{"no type", doc(`,"a":{"id":"a","parent":"r","pos":"a0"}`), []string{"body.nodes.a.type"}},
		{"several", doc(`,"a":{"id":"a","parent":"r","pos":"a0"},"b":{"id":"b","type":"Text","parent":"r","pos":"?"}`), []string{"body.nodes.a.type", "body.nodes.b.pos"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(testDoc(t, tt.in))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			e := errs.As(err)
			if err == nil || e.Code != "document.invalid" {
				t.Fatalf("err = %v, want document.invalid", err)
			}
			var got []string
			for _, f := range e.Fields {
				got = append(got, f.Location)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("locations %q, want %q (%v)", got, tt.want, e.Fields)
			}
		})
	}
}

func TestCheckCycleMessage(t *testing.T) {
	d := testDoc(t, `{"schemaVersion":1,"root":"r","nodes":{"r":{"id":"r","type":"Page"},"a":{"id":"a","type":"Box","parent":"b","pos":"a0"},"b":{"id":"b","type":"Box","parent":"a","pos":"a0"}}}`)
	f := errs.As(Check(d)).Fields[0]
	if f.Location != "body.nodes.a.parent" || (f.Message != "forms a cycle, so the node is not reachable from the root: a → b → a" &&
		f.Message != "forms a cycle, so the node is not reachable from the root: b → a → b") {
		t.Fatalf("field %+v", f)
	}
}
