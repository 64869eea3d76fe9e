package audit

import (
	"testing"
	"time"
)

func chain(n int) []Entry {
	var out []Entry
	prev := ""
	for i := 1; i <= n; i++ {
		e := Entry{Seq: int64(i), ID: "id", Time: time.Unix(int64(i), 0), Action: "page.update", PrevHash: prev, Status: StatusSuccess}
		e.Hash = e.ComputeHash()
		prev = e.Hash
		out = append(out, e)
	}
	return out
}

func TestVerify(t *testing.T) {
	tests := []struct {
		name   string
		mutate func([]Entry) []Entry
		want   int64
	}{
		{"intact", func(e []Entry) []Entry { return e }, 0},
		{"edited field", func(e []Entry) []Entry { e[2].Action = "page.delete"; return e }, 3},
		{"edited and rehashed", func(e []Entry) []Entry { e[2].Action = "x"; e[2].Hash = e[2].ComputeHash(); return e }, 4},
		{"deleted entry", func(e []Entry) []Entry { return append(e[:1], e[2:]...) }, 3},
		{"deleted tail", func(e []Entry) []Entry { return e[:4] }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Verify(tt.mutate(chain(5)), 0, "")
			if tt.want == 0 && p != nil {
				t.Fatalf("unexpected problem %+v", p)
			}
			if tt.want != 0 && (p == nil || p.Seq != tt.want) {
				t.Fatalf("problem = %+v, want seq %d", p, tt.want)
			}
		})
	}
}

func TestCanonicalStableAcrossTimezones(t *testing.T) {
	a := Entry{Seq: 1, Time: time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.UTC)}
	b := a
	b.Time = a.Time.In(time.FixedZone("x", 3600))
	if a.ComputeHash() != b.ComputeHash() {
		t.Fatal("hash depends on time zone")
	}
}
