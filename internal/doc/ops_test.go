package doc

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/errs"
)

// leafRules lets only pages and sections contain anything, and keeps
// pages out of everything: enough to exercise ChildRules.
var leafRules = RulesFunc(func(parent, child string) bool {
	return (parent == "Page" || parent == "Section") && child != "Page"
})

// mustJSON encodes d for comparisons.
func mustJSON(t testing.TB, d *Document) string {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// parseOps decodes a JSON array of ops.
func parseOps(t testing.TB, s string) []Op {
	t.Helper()
	var ops []Op
	if err := json.Unmarshal([]byte(s), &ops); err != nil {
		t.Fatalf("ops %s: %v", s, err)
	}
	return ops
}

func TestApply(t *testing.T) {
	tests := []struct {
		name  string
		ops   string
		err   string // the error message; "" for success
		check func(t *testing.T, d *Document)
	}{
		{name: "set prop", ops: `[{"op":"set","node":"h","path":"props/text","value":"Book now"}]`,
			check: func(t *testing.T, d *Document) { want(t, d.Nodes["h"].Props["text"], "Book now") }},
		{name: "set with leading slash and escapes", ops: `[{"op":"set","node":"h","path":"/props/a~1b~0c","value":1}]`,
			check: func(t *testing.T, d *Document) { want(t, d.Nodes["h"].Props["a/b~c"], 1.0) }},
		{name: "unset prop", ops: `[{"op":"set","node":"h","path":"props/level","value":null}]`,
			check: func(t *testing.T, d *Document) { want(t, len(d.Nodes["h"].Props), 1) }},
		{name: "set style", ops: `[{"op":"set","node":"h","path":"styles/md/color","value":"{color.brand}"}]`,
			check: func(t *testing.T, d *Document) {
				want(t, d.Nodes["h"].Styles["md"]["color"], "{color.brand}")
				want(t, d.Nodes["h"].Styles["base"]["color"], "{color.text}")
			}},
		{name: "set breakpoint", ops: `[{"op":"set","node":"h","path":"styles/base","value":{"margin":"0"}}]`,
			check: func(t *testing.T, d *Document) { want(t, d.Nodes["h"].Styles["base"]["margin"], "0") }},
		{name: "remove breakpoint", ops: `[{"op":"set","node":"h","path":"styles/base","value":null}]`,
			check: func(t *testing.T, d *Document) { want(t, len(d.Nodes["h"].Styles), 0) }},
		{name: "set all props", ops: `[{"op":"set","node":"p","path":"props","value":{"text":"x","size":"lg"}}]`,
			check: func(t *testing.T, d *Document) { want(t, len(d.Nodes["p"].Props), 2) }},
		{name: "set binding", ops: `[{"op":"set","node":"p","path":"bind/text","value":{"source":"integration/x/y","path":"$.a"}}]`,
			check: func(t *testing.T, d *Document) { want(t, d.Nodes["p"].Bind["text"].(map[string]any)["path"], "$.a") }},
		{name: "set meta", ops: `[{"op":"set","path":"meta/title","value":"Flu"},{"op":"set","path":"meta/lang","value":"fr"}]`,
			check: func(t *testing.T, d *Document) { want(t, d.Meta, Meta{Title: "Flu", Lang: "fr"}) }},
		{name: "insert", ops: `[{"op":"insert","node":{"id":"n1","type":"Text","parent":"sec","pos":"a9","props":{"text":"new"}}}]`,
			check: func(t *testing.T, d *Document) { want(t, strings.Join(Children(d, "sec"), ","), "h,p,q,n1") }},
		{name: "insert under an insert", ops: `[{"op":"insert","node":{"id":"s2","type":"Section","parent":"root","pos":"a2"}},{"op":"insert","node":{"id":"t2","type":"Text","parent":"s2","pos":"a0"}}]`,
			check: func(t *testing.T, d *Document) { want(t, strings.Join(Subtree(d, "s2"), ","), "s2,t2") }},
		{name: "delete subtree", ops: `[{"op":"delete","node":"sec"}]`,
			check: func(t *testing.T, d *Document) { want(t, strings.Join(Subtree(d, "root"), ","), "root,img") }},
		{name: "delete then reuse id", ops: `[{"op":"delete","node":"p"},{"op":"insert","node":{"id":"p","type":"Heading","parent":"root","pos":"a3"}}]`,
			check: func(t *testing.T, d *Document) { want(t, d.Nodes["p"].Parent, "root") }},
		{name: "move", ops: `[{"op":"move","node":"p","parent":"root","pos":"Zz"}]`,
			check: func(t *testing.T, d *Document) { want(t, strings.Join(Children(d, "root"), ","), "p,sec,img") }},
		{name: "move then delete old parent", ops: `[{"op":"move","node":"p","parent":"root","pos":"a5"},{"op":"delete","node":"sec"}]`,
			check: func(t *testing.T, d *Document) { want(t, strings.Join(Subtree(d, "root"), ","), "root,img,p") }},
		{name: "delete then move into deleted", ops: `[{"op":"delete","node":"sec"},{"op":"move","node":"img","parent":"sec","pos":"a0"}]`,
			err: "ops[1] (move img): no parent node sec in the document"},

		{name: "unknown node", ops: `[{"op":"set","node":"zz","path":"props/text","value":"x"}]`, err: "ops[0] (set zz): no node zz in the document"},
		{name: "unknown op", ops: `[{"op":"replace","node":"h"}]`, err: `ops[0] (replace h): unknown op "replace": must be set, insert, delete or move`},
		{name: "insert existing id", ops: `[{"op":"set","node":"h","path":"props/text","value":"x"},{"op":"insert","node":{"id":"p","type":"Text","parent":"sec","pos":"a0"}}]`,
			err: "ops[1] (insert p): a node p already exists"},
		{name: "insert without parent", ops: `[{"op":"insert","node":{"id":"n","type":"Text","pos":"a0"}}]`, err: "ops[0] (insert n): parent is required: only the root has no parent"},
		{name: "insert bad pos", ops: `[{"op":"insert","node":{"id":"n","type":"Text","parent":"sec","pos":"a00"}}]`,
			err: `ops[0] (insert n): pos "a00" must be a fractional index key: it has '0' at byte 2 where a segment head (a-z or A-Z) belongs`},
		{name: "insert disallowed", ops: `[{"op":"insert","node":{"id":"n","type":"Text","parent":"img","pos":"a0"}}]`, err: "ops[0] (insert n): a Image cannot contain a Text"},
		{name: "insert parent and pos outside node", ops: `[{"op":"insert","node":{"id":"n","type":"Text"},"parent":"sec","pos":"a0"}]`,
			err: "ops[0] (insert n): parent is only for move (an insert's parent is in its node)"},
		{name: "delete root", ops: `[{"op":"delete","node":"root"}]`, err: "ops[0] (delete root): cannot delete the root"},
		{name: "delete twice", ops: `[{"op":"delete","node":"sec"},{"op":"delete","node":"h"}]`, err: "ops[1] (delete h): no node h in the document"},
		{name: "move under itself", ops: `[{"op":"move","node":"sec","parent":"sec","pos":"a0"}]`, err: "ops[0] (move sec): would make sec its own ancestor"},
		{name: "move under descendant", ops: `[{"op":"insert","node":{"id":"s2","type":"Section","parent":"sec","pos":"b00"}},{"op":"set","node":"p","path":"props/text","value":"x"},{"op":"move","node":"sec","parent":"s2","pos":"a0"}]`,
			err: "ops[2] (move sec): would make sec its own ancestor"},
		{name: "move root", ops: `[{"op":"move","node":"root","parent":"sec","pos":"a0"}]`, err: "ops[0] (move root): cannot move the root"},
		{name: "move disallowed", ops: `[{"op":"move","node":"p","parent":"img","pos":"a0"}]`, err: "ops[0] (move p): a Image cannot contain a Text"},
		{name: "move without pos", ops: `[{"op":"move","node":"p","parent":"root"}]`, err: `ops[0] (move p): pos "" must be a fractional index key: it is empty`},
		{name: "set id", ops: `[{"op":"set","node":"p","path":"parent","value":"root"}]`, err: "ops[0] (set p): parent is not settable: use move for parent and pos, delete and insert for id and type"},
		{name: "set unknown field", ops: `[{"op":"set","node":"p","path":"children","value":[]}]`, err: `ops[0] (set p): path "children" must start with props, styles, bind, label, hidden, locked or meta`},
		{name: "set label to a number", ops: `[{"op":"set","node":"p","path":"label","value":3}]`, err: "ops[0] (set p): label must be a string or null"},
		{name: "set hidden to a string", ops: `[{"op":"set","node":"p","path":"hidden","value":"yes"}]`, err: "ops[0] (set p): hidden must be true, false or null"},
		{name: "set label too deep", ops: `[{"op":"set","node":"p","path":"label/x","value":"a"}]`, err: `ops[0] (set p): path "label/x" is too deep`},
		{name: "set too deep", ops: `[{"op":"set","node":"p","path":"props/a/b","value":1}]`, err: `ops[0] (set p): path "props/a/b" is too deep: set props/a to the whole value`},
		{name: "set without value", ops: `[{"op":"set","node":"p","path":"props/text"}]`, err: "ops[0] (set p): value is required (null removes the field)"},
		{name: "set props to a string", ops: `[{"op":"set","node":"p","path":"props","value":"x"}]`, err: "ops[0] (set p): props must be an object or null"},
		{name: "set style to an object", ops: `[{"op":"set","node":"p","path":"styles/base/color","value":{}}]`, err: "ops[0] (set p): a style value must be a string, a number or null"},
		{name: "set meta on a node", ops: `[{"op":"set","node":"p","path":"meta/title","value":"x"}]`, err: "ops[0] (set p): meta paths belong to the document: leave node empty"},
		{name: "set unknown meta", ops: `[{"op":"set","path":"meta/robots","value":"x"}]`, err: `ops[0] (set): meta has no field "robots": title, description, lang or ogImage`},
		{name: "delete with value", ops: `[{"op":"delete","node":"p","value":1}]`, err: "ops[0] (delete p): value is only for set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := testDoc(t, treeJSON)
			before := mustJSON(t, d)
			h := d.Nodes["h"]
			hBefore, _ := json.Marshal(h)
			err := Apply(d, parseOps(t, tt.ops), leafRules)
			if hAfter, _ := json.Marshal(h); string(hAfter) != string(hBefore) {
				t.Fatalf("Apply mutated a *Node in place: %s → %s", hBefore, hAfter)
			}
			if tt.err != "" {
				if err == nil || errs.As(err).Message != tt.err || errs.As(err).Code != "document.op_invalid" {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				if after := mustJSON(t, d); after != before {
					t.Fatalf("document changed by a failed Apply:\n%s\n%s", before, after)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := Check(d); err != nil {
				t.Fatalf("result fails Check: %v", err)
			}
			if tt.check != nil {
				tt.check(t, d)
			}
		})
	}
}

func want(t *testing.T, got, want any) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestApplyErrorLocation(t *testing.T) {
	d := testDoc(t, treeJSON)
	err := Apply(d, parseOps(t, `[{"op":"set","node":"h","path":"props/x","value":1},{"op":"move","node":"sec","parent":"p","pos":"a0"}]`), AnyChild)
	f := errs.As(err).Fields
	if len(f) != 1 || f[0].Location != "body.ops[1].parent" {
		t.Fatalf("fields %+v", f)
	}
}

func TestInvert(t *testing.T) {
	tests := []struct{ name, ops string }{
		{"set", `[{"op":"set","node":"h","path":"props/text","value":"x"},{"op":"set","node":"h","path":"props/new","value":2}]`},
		{"set twice", `[{"op":"set","node":"h","path":"props/text","value":"x"},{"op":"set","node":"h","path":"props/text","value":"y"}]`},
		{"set whole maps", `[{"op":"set","node":"p","path":"styles","value":{"md":{"color":"red"}}},{"op":"set","node":"q","path":"props","value":null},{"op":"set","node":"p","path":"bind","value":{"text":{}}}]`},
		{"styles", `[{"op":"set","node":"h","path":"styles/md/color","value":"red"},{"op":"set","node":"h","path":"styles/base","value":null},{"op":"set","node":"p","path":"styles/hover","value":{"color":"blue"}}]`},
		{"layer fields", `[{"op":"set","node":"h","path":"label","value":"Main title"},{"op":"set","node":"h","path":"hidden","value":true},{"op":"set","node":"p","path":"locked","value":true},{"op":"set","node":"p","path":"locked","value":null}]`},
		{"meta", `[{"op":"set","path":"meta/title","value":"New"},{"op":"set","path":"meta/ogImage","value":"asset:1"}]`},
		{"insert", `[{"op":"insert","node":{"id":"n","type":"Text","parent":"sec","pos":"a9"}}]`},
		{"delete subtree", `[{"op":"delete","node":"sec"}]`},
		{"move", `[{"op":"move","node":"h","parent":"root","pos":"b00"}]`},
		{"mixed", `[{"op":"insert","node":{"id":"s2","type":"Section","parent":"root","pos":"a2"}},{"op":"move","node":"p","parent":"s2","pos":"a0"},{"op":"set","node":"p","path":"props/text","value":"moved"},{"op":"delete","node":"sec"},{"op":"move","node":"s2","parent":"root","pos":"Zz"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := testDoc(t, treeJSON)
			before := mustJSON(t, d)
			ops := parseOps(t, tt.ops)
			inv, err := Invert(d, ops)
			if err != nil {
				t.Fatal(err)
			}
			if mustJSON(t, d) != before {
				t.Fatal("Invert changed the document")
			}
			if err := Apply(d, ops, AnyChild); err != nil {
				t.Fatal(err)
			}
			// The inverse survives the wire.
			b, _ := json.Marshal(inv)
			if err := Apply(d, parseOps(t, string(b)), AnyChild); err != nil {
				t.Fatalf("applying the inverse %s: %v", b, err)
			}
			if after := mustJSON(t, d); after != before {
				t.Fatalf("undo did not restore the document:\n%s\n%s\ninverse %s", before, after, b)
			}
		})
	}
	if _, err := Invert(testDoc(t, treeJSON), parseOps(t, `[{"op":"delete","node":"root"}]`)); err == nil {
		t.Fatal("Invert of an invalid op succeeded")
	}
}

func TestOpJSON(t *testing.T) {
	tests := []struct {
		name, in string
		want     Op
		err      bool
	}{
		{name: "set", in: `{"op":"set","node":"h","path":"props/text","value":"x"}`, want: Op{Op: "set", Node: "h", Path: "props/text", Value: json.RawMessage(`"x"`)}},
		{name: "set null", in: `{"op":"set","node":"h","path":"props/text","value":null}`, want: Op{Op: "set", Node: "h", Path: "props/text", Value: json.RawMessage(`null`)}},
		{name: "move", in: `{"op":"move","node":"h","parent":"root","pos":"a0"}`, want: Op{Op: "move", Node: "h", Parent: "root", Pos: "a0"}},
		{name: "delete", in: `{"op":"delete","node":"h"}`, want: Op{Op: "delete", Node: "h"}},
		{name: "insert", in: `{"op":"insert","node":{"id":"n","type":"Text","parent":"root","pos":"a0"}}`,
			want: Op{Op: "insert", Node: "n", NodeValue: &Node{ID: "n", Type: "Text", Parent: "root", Pos: "a0"}}},
		{name: "unknown field", in: `{"op":"move","node":"h","parnet":"root","pos":"a0"}`, err: true},
		{name: "unknown node field", in: `{"op":"insert","node":{"id":"n","type":"Text","children":[]}}`, err: true},
		{name: "node a number", in: `{"op":"delete","node":7}`, err: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var op Op
			err := json.Unmarshal([]byte(tt.in), &op)
			if tt.err {
				if err == nil {
					t.Fatalf("decoded %+v, want an error", op)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := json.Marshal(op); string(got) != tt.in {
				t.Fatalf("round trip %s, want %s", got, tt.in)
			}
			g, _ := json.Marshal(op)
			w, _ := json.Marshal(tt.want)
			if string(g) != string(w) || op.Node != tt.want.Node {
				t.Fatalf("decoded %+v, want %+v", op, tt.want)
			}
		})
	}
}

// FuzzApply applies random op sequences to a seed document: Apply must not
// panic, a failure must leave the document unchanged, a success must pass
// Check and re-parse, and the inverse must restore the seed. The input is
// either a JSON array of ops or bytes driving an op generator, which
// reaches deep sequences that random JSON rarely would.
func FuzzApply(f *testing.F) {
	f.Add([]byte(`[{"op":"move","node":"p","parent":"root","pos":"a5"},{"op":"delete","node":"sec"}]`))
	f.Add([]byte(`[{"op":"insert","node":{"id":"n","type":"Text","parent":"sec","pos":"a9"}},{"op":"move","node":"sec","parent":"n","pos":"a0"}]`))
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	f.Add([]byte("\x02\x05\x01\x03\x07\x00\x03\x02\x01\x01\x04\x09\x00\x00\x02\x03"))
	f.Fuzz(func(t *testing.T, b []byte) {
		seed := testDoc(t, treeJSON)
		var ops []Op
		if json.Unmarshal(b, &ops) != nil {
			ops = genOps(seed, b)
		}
		d := testDoc(t, treeJSON)
		before := mustJSON(t, d)
		inv, invErr := Invert(d, ops)
		err := Apply(d, ops, leafRules)
		if err != nil {
			if errs.KindOf(err) != errs.KindInvalid {
				t.Fatalf("error of kind %v: %v", errs.KindOf(err), err)
			}
			if mustJSON(t, d) != before {
				t.Fatalf("failed Apply changed the document: %v", err)
			}
			return
		}
		if err := Check(d); err != nil {
			t.Fatalf("ops %+v: result fails Check: %v", ops, err)
		}
		if _, _, err := Parse([]byte(mustJSON(t, d))); err != nil {
			t.Fatalf("result does not parse: %v", err)
		}
		if invErr != nil {
			t.Fatalf("Apply succeeded but Invert failed: %v", invErr)
		}
		if err := Apply(d, inv, AnyChild); err != nil {
			t.Fatalf("inverse failed: %v", err)
		}
		if mustJSON(t, d) != before {
			t.Fatalf("inverse did not restore the seed")
		}
	})
}

// genOps turns bytes into ops on ids of the seed and of nodes the ops
// insert, with positions from KeyBetween or occasionally garbage.
func genOps(d *Document, b []byte) []Op {
	ids := slices.Sorted(func(yield func(string) bool) {
		for id := range d.Nodes {
			if !yield(id) {
				return
			}
		}
	})
	types := []string{"Section", "Text", "Image", "Page"}
	paths := []string{"props/text", "styles/base/color", "styles/md", "bind/text", "props", "meta/title", "props/a/b", "type"}
	values := []string{`"x"`, `null`, `{"a":1}`, `3`, `[1]`}
	keys := []string{"a0", "Zz", "b00", "a0a0", "", "a00", "zz"}
	next := func() int {
		if len(b) == 0 {
			return 0
		}
		v := int(b[0])
		b = b[1:]
		return v
	}
	pick := func(s []string) string { return s[next()%len(s)] }
	var ops []Op
	for len(b) > 0 && len(ops) < 50 {
		switch next() % 4 {
		case 0:
			op := Op{Op: OpSet, Node: pick(ids), Path: pick(paths), Value: json.RawMessage(pick(values))}
			if strings.HasPrefix(op.Path, "meta/") {
				op.Node = ""
			}
			ops = append(ops, op)
		case 1:
			id := fmt.Sprintf("g%d", len(ops))
			ids = append(ids, id)
			ops = append(ops, Op{Op: OpInsert, NodeValue: &Node{ID: id, Type: pick(types), Parent: pick(ids), Pos: pick(keys)}})
		case 2:
			ops = append(ops, Op{Op: OpDelete, Node: pick(ids)})
		case 3:
			a, c := pick(keys), pick(keys)
			pos, err := KeyBetween(min(a, c), max(a, c))
			if err != nil {
				pos = a
			}
			ops = append(ops, Op{Op: OpMove, Node: pick(ids), Parent: pick(ids), Pos: pos})
		}
	}
	return ops
}
