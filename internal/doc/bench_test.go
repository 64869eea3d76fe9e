package doc

import (
	"encoding/json"
	"fmt"
	"testing"
)

// sampleDoc returns a valid document of n text nodes under the root.
func sampleDoc(n int) []byte {
	nodes := map[string]*Node{"root": {ID: "root", Type: "Page", Props: map[string]any{}}}
	keys, err := NKeysBetween("", "", n)
	if err != nil {
		panic(err)
	}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("n%d", i)
		nodes[id] = &Node{ID: id, Type: "Text", Parent: "root", Pos: keys[i],
			Props:  map[string]any{"text": "The flu clinic is open on weekdays from 8am to 6pm."},
			Styles: map[string]map[string]any{"base": {"margin-bottom": "{space.4}"}}}
	}
	b, _ := json.Marshal(Document{SchemaVersion: 1, Root: "root", Nodes: nodes})
	return b
}

// BenchmarkParse is the validation every document save pays.
func BenchmarkParse(b *testing.B) {
	for _, n := range []int{100, 1000} {
		doc := sampleDoc(n)
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := Parse(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkApplySet is one keystroke in the editor: a set op. Its cost
// must not grow with the document (Apply copies the changed node, not the
// document), so the sizes should show the same time and allocations.
func BenchmarkApplySet(b *testing.B) {
	for _, n := range []int{100, 10000} {
		d, _, err := Parse(sampleDoc(n))
		if err != nil {
			b.Fatal(err)
		}
		ops := []Op{{Op: OpSet, Node: "n7", Path: "props/text", Value: json.RawMessage(`"Open on Saturdays too."`)}}
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Apply(d, ops, AnyChild); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkApplyMove is a drag and drop, which walks the new parent's
// ancestors for the cycle check.
func BenchmarkApplyMove(b *testing.B) {
	d, _, err := Parse(sampleDoc(10000))
	if err != nil {
		b.Fatal(err)
	}
	ops := []Op{{Op: OpMove, Node: "n7", Parent: "root", Pos: "a0a0"}}
	b.ReportAllocs()
	for b.Loop() {
		if err := Apply(d, ops, AnyChild); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkChildren lists a node with 1,000 children, which the renderer
// does for every container.
func BenchmarkChildren(b *testing.B) {
	d, _, err := Parse(sampleDoc(1000))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if len(Children(d, "root")) != 1000 {
			b.Fatal("wrong count")
		}
	}
}

// BenchmarkCheck is the structural validation alone.
func BenchmarkCheck(b *testing.B) {
	d, _, err := Parse(sampleDoc(10000))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := Check(d); err != nil {
			b.Fatal(err)
		}
	}
}
