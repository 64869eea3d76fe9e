package docdiff

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/pagewright/pagewright/internal/doc"
)

// bigDoc is a 5,001-node page: 100 sections of 49 content nodes each, with
// props and styles like real ones.
func bigDoc(tb testing.TB) *doc.Document {
	tb.Helper()
	d := &doc.Document{SchemaVersion: doc.SchemaVersion, Root: "root", Meta: doc.Meta{Title: "Flu clinic", Lang: "en"},
		Nodes: map[string]*doc.Node{"root": {ID: "root", Type: "Page"}}}
	secKeys, _ := doc.NKeysBetween("", "", 100)
	kidKeys, _ := doc.NKeysBetween("", "", 49)
	types := []string{"Heading", "Text", "Image", "Button"}
	for s := range 100 {
		sid := fmt.Sprintf("s%d", s)
		d.Nodes[sid] = &doc.Node{ID: sid, Type: "Section", Parent: "root", Pos: secKeys[s], Label: fmt.Sprintf("Section %d", s),
			Styles: map[string]map[string]any{"base": {"padding": "{space.8}"}, "md": {"padding": "{space.12}"}}}
		for k := range 49 {
			id := fmt.Sprintf("s%dn%d", s, k)
			d.Nodes[id] = &doc.Node{ID: id, Type: types[k%4], Parent: sid, Pos: kidKeys[k],
				Props: map[string]any{"text": fmt.Sprintf("The flu clinic is open on weekdays, item %d.", k), "level": 2.0},
				Styles: map[string]map[string]any{"base": {"color": "{color.text}", "margin-bottom": "{space.4}"},
					"md": {"font-size": "{font.size.lg}"}}}
		}
	}
	if err := doc.Check(d); err != nil {
		tb.Fatal(err)
	}
	return d
}

// scattered applies n random valid ops to a copy of d: about 60% sets, 15%
// moves, 15% inserts and 10% deletes of leaves.
func scattered(tb testing.TB, d *doc.Document, n int, seed uint64, prefix string) *doc.Document {
	tb.Helper()
	r := rand.New(rand.NewPCG(seed, 9))
	c := clone(d)
	node := func() string { return fmt.Sprintf("s%dn%d", r.IntN(100), r.IntN(49)) }
	for done := 0; done < n; {
		var op doc.Op
		switch k := r.IntN(20); {
		case k < 4:
			op = doc.Op{Op: doc.OpSet, Node: node(), Path: "props/text", Value: raw(fmt.Sprintf("Changed %d", done))}
		case k < 8:
			op = doc.Op{Op: doc.OpSet, Node: node(), Path: "styles/md/color", Value: raw("{color.brand}")}
		case k < 12:
			op = doc.Op{Op: doc.OpSet, Node: node(), Path: "label", Value: raw(fmt.Sprintf("Card %d", done))}
		case k < 15:
			op = doc.Op{Op: doc.OpMove, Node: node(), Parent: fmt.Sprintf("s%d", r.IntN(100)), Pos: fmt.Sprintf("a%ca%d", "0123456789ABCDEFGHIJ"[r.IntN(20)], r.IntN(10))}
		case k < 18:
			id := fmt.Sprintf("%s%d", prefix, done)
			op = doc.Op{Op: doc.OpInsert, Node: id, NodeValue: &doc.Node{ID: id, Type: "Text", Parent: fmt.Sprintf("s%d", r.IntN(100)), Pos: "b0" + fmt.Sprint(r.IntN(10)),
				Props: map[string]any{"text": "New paragraph"}}}
		default:
			op = doc.Op{Op: doc.OpDelete, Node: node()}
		}
		if doc.Apply(c, []doc.Op{op}, nil) == nil {
			done++
		}
	}
	return c
}

// reparse round-trips d through JSON, so the benchmark pays for
// comparing every node rather than finding shared pointers: the case of
// versions loaded from storage.
func reparse(tb testing.TB, d *doc.Document) *doc.Document {
	tb.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		tb.Fatal(err)
	}
	out, _, err := doc.Parse(b)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// BenchmarkDiff5k: two versions of a 5,000-node page, 100 changes apart.
// Goal ≤ 20 ms.
func BenchmarkDiff5k(b *testing.B) {
	base := bigDoc(b)
	edited := scattered(b, base, 100, 1, "x")
	for _, v := range []struct {
		name string
		a, b *doc.Document
	}{{"loaded", reparse(b, base), reparse(b, edited)}, {"shared", base, edited}} {
		b.Run(v.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if r := Diff(v.a, v.b); len(r.Changes) < 90 {
					b.Fatalf("only %d changes", len(r.Changes))
				}
			}
		})
	}
}

// BenchmarkMerge5k: a 5,000-node base and two branches with 100 changes
// each. Goal ≤ 50 ms.
func BenchmarkMerge5k(b *testing.B) {
	base := bigDoc(b)
	ours, theirs := scattered(b, base, 100, 2, "o"), scattered(b, base, 100, 3, "t")
	for _, v := range []struct {
		name    string
		o, a, t *doc.Document
	}{{"loaded", reparse(b, base), reparse(b, ours), reparse(b, theirs)}, {"shared", base, ours, theirs}} {
		b.Run(v.name, func(b *testing.B) {
			m, _ := Merge(v.o, v.a, v.t)
			if err := doc.Check(m); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				Merge(v.o, v.a, v.t)
			}
		})
	}
}

// BenchmarkOps5k: the ops between two versions 100 changes apart, as a
// restore or a stored delta computes them.
func BenchmarkOps5k(b *testing.B) {
	base := bigDoc(b)
	edited := scattered(b, base, 100, 4, "x")
	a, e := reparse(b, base), reparse(b, edited)
	b.ReportAllocs()
	for b.Loop() {
		if len(Ops(a, e)) < 90 {
			b.Fatal("too few ops")
		}
	}
}

// BenchmarkPatch5k: the RFC 6902 patch between the same two versions:
// from their JSON (Patch, jsondiff on the whole document) and from the
// decoded documents (PatchDocs, jsondiff on the changed nodes only).
func BenchmarkPatch5k(b *testing.B) {
	base := bigDoc(b)
	edited := scattered(b, base, 100, 1, "x")
	ja, _ := json.Marshal(base)
	jb, _ := json.Marshal(edited)
	b.Run("json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Patch(ja, jb); err != nil {
				b.Fatal(err)
			}
		}
	})
	da, db := reparse(b, base), reparse(b, edited)
	b.Run("docs", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := PatchDocs(da, db); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestBenchDocs checks the benchmark inputs merge and round-trip, so the
// figures measure correct work.
func TestBenchDocs(t *testing.T) {
	base := bigDoc(t)
	ours, theirs := scattered(t, base, 100, 2, "o"), scattered(t, base, 100, 3, "t")
	m, cs := Merge(reparse(t, base), reparse(t, ours), reparse(t, theirs))
	valid(t, m)
	t.Logf("merge of two 100-change branches: %d conflicts", len(cs))
	checkOps(t, reparse(t, base), reparse(t, ours))
	if d := Diff(base, ours); d.Summary.Changed+d.Summary.Added+d.Summary.Removed+d.Summary.Moved < 90 {
		t.Errorf("diff too small: %+v", d.Summary)
	}
}
