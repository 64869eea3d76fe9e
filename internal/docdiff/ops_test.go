package docdiff

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/doc"
)

// checkOps applies Ops(a, b) to a copy of a and compares with b.
func checkOps(t testing.TB, a, b *doc.Document) []doc.Op {
	t.Helper()
	ops := Ops(a, b)
	c := clone(a)
	if err := doc.Apply(c, ops, nil); err != nil {
		wire, _ := json.Marshal(ops)
		t.Fatalf("apply: %v\nops %s\na:\n%sb:\n%s", err, wire, describe(a), describe(b))
	}
	if got, want := mustJSON(t, c), mustJSON(t, b); got != want {
		wire, _ := json.Marshal(ops)
		t.Fatalf("Apply(a, Ops(a, b)) differs from b\n got %s\nwant %s\nops %s", got, want, wire)
	}
	return ops
}

func TestOps(t *testing.T) {
	base := parse(t, baseJSON)
	tests := []struct {
		name string
		a    string // ops from base to a ("" = base)
		b    string // ops from base to b
		want string // the ops, as JSON
	}{
		{name: "none", want: `null`},
		{name: "finest sets", b: `[{"op":"set","node":"h1","path":"props/text","value":"Hi"},{"op":"set","node":"h1","path":"styles/md/font-size","value":null},
			{"op":"set","node":"h1","path":"styles/base/margin","value":"0"},{"op":"set","node":"h1","path":"label","value":"Title"},
			{"op":"set","node":"h1","path":"locked","value":true},{"op":"set","node":"h1","path":"bind/text","value":{"source":"s","path":"$"}},
			{"op":"set","path":"meta/title","value":"New"}]`,
			want: `[{"op":"set","node":"h1","path":"label","value":"Title"},{"op":"set","node":"h1","path":"locked","value":true},
			{"op":"set","node":"h1","path":"props/text","value":"Hi"},{"op":"set","node":"h1","path":"bind/text","value":{"path":"$","source":"s"}},
			{"op":"set","node":"h1","path":"styles/base/margin","value":"0"},{"op":"set","node":"h1","path":"styles/md/font-size","value":null},
			{"op":"set","path":"meta/title","value":"New"}]`},
		{name: "removed breakpoint and label", a: `[{"op":"set","node":"img","path":"label","value":"Photo"}]`,
			b:    `[{"op":"set","node":"h1","path":"styles/md","value":null}]`,
			want: `[{"op":"set","node":"h1","path":"styles/md","value":null},{"op":"set","node":"img","path":"label","value":null}]`},
		{name: "insert parents first, delete subtree roots only",
			b:    `[{"op":"insert","node":{"id":"faq","type":"Section","parent":"root","pos":"a3"}},{"op":"insert","node":{"id":"q","type":"Text","parent":"faq","pos":"a0"}},{"op":"delete","node":"sec"}]`,
			want: `[{"op":"insert","node":{"id":"faq","type":"Section","parent":"root","pos":"a3"}},{"op":"insert","node":{"id":"q","type":"Text","parent":"faq","pos":"a0"}},{"op":"delete","node":"sec"}]`},
		{name: "survivor moved out before its parent is deleted",
			b:    `[{"op":"move","node":"btn","parent":"hero","pos":"a2"},{"op":"delete","node":"sec"}]`,
			want: `[{"op":"move","node":"btn","parent":"hero","pos":"a2"},{"op":"delete","node":"sec"}]`},
		{name: "swap parent and child without a cycle",
			b:    `[{"op":"move","node":"h1","parent":"root","pos":"Zz"},{"op":"move","node":"hero","parent":"h1","pos":"a0"}]`,
			want: `[{"op":"move","node":"h1","parent":"root","pos":"Zz"},{"op":"move","node":"hero","parent":"h1","pos":"a0"}]`},
		{name: "type changed: children parked, node replaced",
			b: `[{"op":"move","node":"img","parent":"root","pos":"a5"},{"op":"move","node":"btn","parent":"root","pos":"a6"},{"op":"delete","node":"sec"},
				{"op":"insert","node":{"id":"sec","type":"Card","parent":"root","pos":"a1"}},{"op":"move","node":"img","parent":"sec","pos":"a0"},{"op":"move","node":"btn","parent":"sec","pos":"a1"}]`,
			want: `[{"op":"move","node":"img","parent":"root","pos":"aA"},{"op":"move","node":"btn","parent":"root","pos":"aI"},{"op":"delete","node":"sec"},
				{"op":"insert","node":{"id":"sec","type":"Card","parent":"root","pos":"a1"}},{"op":"move","node":"img","parent":"sec","pos":"a0"},{"op":"move","node":"btn","parent":"sec","pos":"a1"}]`},
		{name: "null prop sets the whole map", b: `[{"op":"delete","node":"p1"},{"op":"insert","node":{"id":"p1","type":"Text","parent":"hero","pos":"a1","props":{"text":"x","note":null}}}]`,
			want: `[{"op":"set","node":"p1","path":"props","value":{"note":null,"text":"x"}}]`},
		{name: "escaped names", b: `[{"op":"set","node":"p1","path":"props/a~1b","value":1}]`,
			want: `[{"op":"set","node":"p1","path":"props/a~1b","value":1}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := edit(t, base, tt.a), edit(t, base, tt.b)
			ops := checkOps(t, a, b)
			got, _ := json.Marshal(ops)
			if !jsonSame(t, string(got), tt.want) {
				t.Errorf("ops %s\nwant %s", got, strings.Join(strings.Fields(tt.want), ""))
			}
		})
	}
}

// TestOpsProperty: for random a and b, Apply(a, Ops(a, b)) is b. Half the
// pairs are a version and its edit; the other half are unrelated documents
// drawing ids from one small pool, so the same id comes with other types,
// parents and contents.
func TestOpsProperty(t *testing.T) {
	for seed := range uint64(2000) {
		g := &gen{r: rand.New(rand.NewPCG(seed, 3)), prefix: "x"}
		pool := func(i int) string { return "n" + itoa(g.r.IntN(16)) }
		var a, b *doc.Document
		if seed%2 == 0 {
			a = g.randomDoc(int(seed%30), func(i int) string { return "n" + itoa(i) })
			b, _ = g.randomEdits(a, int(seed%15))
		} else {
			a = g.randomDoc(int(seed%20), pool)
			b = g.randomDoc(int(seed%17), pool)
		}
		checkOps(t, a, b)
		valid(t, b)
	}
}

func FuzzOps(f *testing.F) {
	for i := range uint64(8) {
		f.Add(i, uint8(10), uint8(6))
	}
	f.Fuzz(func(t *testing.T, seed uint64, size, edits uint8) {
		g := &gen{r: rand.New(rand.NewPCG(seed, 4)), prefix: "x"}
		pool := func(int) string { return "n" + itoa(g.r.IntN(int(size%40)+1)) }
		a := g.randomDoc(int(size%40), pool)
		b, _ := g.randomEdits(a, int(edits%20))
		checkOps(t, a, b)
		checkOps(t, b, a)
		c := g.randomDoc(int(edits%30), pool)
		checkOps(t, a, c)
	})
}
