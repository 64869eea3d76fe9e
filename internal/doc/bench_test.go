package doc

import (
	"encoding/json"
	"fmt"
	"testing"
)

func sampleDoc(n int) []byte {
	nodes := map[string]*Node{"root": {ID: "root", Type: "Page", Props: map[string]any{}}}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("n%d", i)
		nodes[id] = &Node{ID: id, Type: "Text", Parent: "root", Pos: fmt.Sprintf("a%05d", i),
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
