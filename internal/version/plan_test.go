package version

import (
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"
)

func TestPlanThin(t *testing.T) {
	day := func(d, h int) time.Time { return time.Date(2026, 1, d, h, 0, 0, 0, time.UTC) }
	cutoff := day(20, 0)
	// item makes version n; parents chain on the branch by default.
	type spec struct {
		kind, branch string
		at           time.Time
		tagged       bool
		source       int // number of the version this one restores or merges
	}
	build := func(specs []spec) []HistoryItem {
		var items []HistoryItem
		last := map[string]string{}
		for i, s := range specs {
			branch := s.branch
			if branch == "" {
				branch = Main
			}
			it := HistoryItem{ID: fmt.Sprintf("v%d", i+1), Number: int64(i + 1), Branch: branch, Kind: s.kind, ParentID: last[branch],
				Hash: fmt.Sprintf("h%d", i+1), CreatedAt: s.at, Tagged: s.tagged}
			if s.source > 0 {
				it.SourceID = fmt.Sprintf("v%d", s.source)
			}
			last[branch] = it.ID
			items = append(items, it)
		}
		return items
	}
	a := KindAutosave
	tests := []struct {
		name     string
		specs    []spec
		branches []Branch
		del      []string
		reparent map[string]string
	}{
		{name: "KeepsTheLastAutosaveOfEachDay",
			specs: []spec{{kind: a, at: day(1, 9)}, {kind: a, at: day(1, 10)}, {kind: a, at: day(1, 11)}, {kind: a, at: day(2, 9)}, {kind: a, at: day(25, 9)}},
			del:   []string{"v1", "v2"}, reparent: map[string]string{"v3": ""}},
		{name: "RecentAutosavesAllKept",
			specs: []spec{{kind: a, at: day(21, 9)}, {kind: a, at: day(21, 10)}, {kind: a, at: day(21, 11)}}},
		{name: "OnlyAutosavesAreThinned",
			specs: []spec{{kind: KindManual, at: day(1, 8)}, {kind: KindPublish, at: day(1, 9)}, {kind: a, at: day(1, 10)}, {kind: KindMerge, at: day(1, 11)},
				{kind: a, at: day(1, 12)}, {kind: a, at: day(30, 1)}},
			del: []string{"v3"}, reparent: map[string]string{"v4": "v2"}},
		{name: "TaggedForkSourceAndHeadsKept",
			specs: []spec{{kind: a, at: day(1, 8)}, {kind: a, at: day(1, 9), tagged: true}, {kind: a, at: day(1, 10)}, {kind: a, at: day(1, 11)},
				{kind: a, at: day(1, 12), branch: "b"}, {kind: a, at: day(1, 13)}, {kind: KindRestore, at: day(2, 9), source: 1}},
			branches: []Branch{{Name: "b", ForkVersionID: "v3", HeadVersionID: "v5"}},
			del:      []string{"v4"}, reparent: map[string]string{"v6": "v3"}},
		{name: "OneAutosavePerDayPerBranch",
			specs: []spec{{kind: a, at: day(1, 8)}, {kind: a, at: day(1, 9), branch: "b"}, {kind: a, at: day(1, 10)}, {kind: a, at: day(1, 11), branch: "b"},
				{kind: KindManual, at: day(30, 1)}, {kind: KindManual, at: day(30, 2), branch: "b"}},
			branches: []Branch{{Name: "b", ForkVersionID: "v1", HeadVersionID: "v6"}},
			del:      []string{"v2"}, reparent: map[string]string{"v4": ""}},
		{name: "ParentsRelinkedPastSeveralGoneVersions",
			specs: []spec{{kind: KindManual, at: day(1, 1)}, {kind: a, at: day(1, 2)}, {kind: a, at: day(1, 3)}, {kind: a, at: day(1, 4)}, {kind: a, at: day(2, 1)}},
			del:   []string{"v2", "v3"}, reparent: map[string]string{"v4": "v1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			del, reparent := PlanThin(build(tc.specs), tc.branches, cutoff)
			if !slices.Equal(del, tc.del) {
				t.Errorf("deleted %v, want %v", del, tc.del)
			}
			if tc.reparent == nil {
				tc.reparent = map[string]string{}
			}
			if !maps.Equal(reparent, tc.reparent) {
				t.Errorf("reparent %v, want %v", reparent, tc.reparent)
			}
		})
	}
}

func TestDocCacheBoundedBySize(t *testing.T) {
	c := newDocCache(100)
	snap := func(h string, n int) *snapshot { return &snapshot{hash: h, json: make([]byte, n)} }
	c.put("p", snap("a", 20))
	c.put("p", snap("b", 20))
	c.put("p", snap("huge", 60)) // over a quarter of the budget: not cached
	if c.get("p", "huge") != nil {
		t.Fatal("cached a document larger than a quarter of the budget")
	}
	c.get("p", "a") // a is now the most recent
	for i := range 4 {
		c.put("p", snap(fmt.Sprint(i), 20))
	}
	if c.get("p", "b") != nil || c.get("p", "a") == nil || c.get("p", "3") == nil || c.size > 100 {
		t.Fatalf("cache holds %d bytes; want b (the least recently used) evicted and a kept", c.size)
	}
	if newDocCache(-1).get("p", "a") != nil {
		t.Fatal("a disabled cache answered")
	}
}

func TestCodecRoundTrip(t *testing.T) {
	raw := []byte(`{"schemaVersion":1,"root":"root","meta":{},"nodes":{"root":{"id":"root","type":"Page"}}}`)
	got, err := decompress(compress(raw))
	if err != nil || string(got) != string(raw) {
		t.Fatalf("round trip: %q, %v", got, err)
	}
	for _, bad := range [][]byte{nil, []byte("x123"), []byte("z not zstd")} {
		if _, err := decompress(bad); err == nil {
			t.Errorf("decompress(%q) succeeded", bad)
		}
	}
}
