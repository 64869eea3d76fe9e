package audit

import (
	"testing"
	"time"
)

func BenchmarkComputeHash(b *testing.B) {
	e := Entry{Seq: 42, ID: "0192", Time: time.Now(), ActorID: "u", ActorName: "Maya", Action: "page.update",
		ResourceType: "page", ResourceID: "p", ResourceName: "Flu clinic", Status: StatusSuccess,
		Changes: &Changes{Before: map[string]any{"title": "Flu"}, After: map[string]any{"title": "Flu clinic"}}}
	b.ReportAllocs()
	for b.Loop() {
		_ = e.ComputeHash()
	}
}
