package version_test

import (
	"math/rand/v2"
	"testing"

	"github.com/klauspost/compress/zstd"

	"github.com/pagewright/pagewright/internal/sqlstore"
	"github.com/pagewright/pagewright/internal/storetest"
	"github.com/pagewright/pagewright/internal/version"
	"github.com/pagewright/pagewright/internal/version/versiontest"
)

// history saves n versions of a page of the given size, each one small
// edit after the last, and returns the env and the version ids in order.
func history(b *testing.B, nodes, n int, seed uint64) (*env, []string) {
	b.Helper()
	rng := rand.New(rand.NewPCG(seed, seed+1))
	d := versiontest.Document(nodes, seed)
	e := newEnv(b, storetest.Open(b, "", b.TempDir()), d)
	ids := make([]string, 0, n)
	for i := range n {
		if i > 0 {
			d = versiontest.Edit(d, rng)
		}
		e.save(d)
		v, err := e.svc.Create(e.ctx, e.page.ID, version.CreateInput{Message: "edit"})
		must(b, err)
		ids = append(ids, v.ID)
	}
	return e, ids
}

// BenchmarkVersionStorage is issue 5's storage figure: a 1,000-node page
// over 100 small edits. bytes/version is the stored content (compressed
// keyframes and deltas) divided by the versions; pct-of-snapshot compares
// it with one full snapshot's JSON, pct-of-zstd-snapshot with one
// compressed snapshot. Goal: ≤ 5% of one full snapshot.
func BenchmarkVersionStorage(b *testing.B) {
	var stored, raw, zipped, versions int
	for b.Loop() {
		e, ids := history(b, 1000, 100, 11)
		contents, err := sqlstore.Versions{DB: e.db}.Contents(e.ctx, e.page.ID)
		must(b, err)
		stored, versions = 0, len(ids)
		for _, c := range contents {
			stored += int(c.Stored)
		}
		_, last, err := e.svc.Get(e.ctx, ids[len(ids)-1])
		must(b, err)
		raw = len(last)
		enc, _ := zstd.NewWriter(nil)
		zipped = len(enc.EncodeAll(last, nil))
	}
	per := float64(stored) / float64(versions)
	b.ReportMetric(per, "bytes/version")
	b.ReportMetric(100*per/float64(raw), "pct-of-snapshot")
	b.ReportMetric(100*per/float64(zipped), "pct-of-zstd-snapshot")
	b.ReportMetric(float64(raw), "snapshot-bytes")
	b.ReportMetric(float64(zipped), "zstd-snapshot-bytes")
}

// BenchmarkVersionReconstruct reads a 1,000-node version that is 49
// deltas from its keyframe, with nothing cached: the chain query, the
// keyframe's decompression and parse, 49 replays and the hash check.
func BenchmarkVersionReconstruct(b *testing.B) {
	e, ids := history(b, 1000, version.KeyframeEvery, 12)
	chain, err := sqlstore.Versions{DB: e.db}.ContentChain(e.ctx, e.page.ID, mustVersion(b, e, ids[len(ids)-1]).Hash)
	must(b, err)
	if len(chain) != version.KeyframeEvery {
		b.Fatalf("chain of %d contents, want %d (49 deltas and a keyframe)", len(chain), version.KeyframeEvery)
	}
	cold := e.cold()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := cold.Get(e.ctx, ids[len(ids)-1]); err != nil {
			b.Fatal(err)
		}
	}
}

func mustVersion(b *testing.B, e *env, id string) version.Version {
	v, _, err := e.svc.Get(e.ctx, id)
	must(b, err)
	return v
}

// BenchmarkVersionDiff is the diff API's work for two 5,000-node versions
// 100 edits apart: reading both (cold: replayed from the store; warm:
// cached, as right after they were viewed), the structural diff and the
// RFC 6902 patch.
func BenchmarkVersionDiff(b *testing.B) {
	rng := rand.New(rand.NewPCG(13, 14))
	d := versiontest.Document(5000, 13)
	e := newEnv(b, storetest.Open(b, "", b.TempDir()), d)
	e.save(d)
	from, err := e.svc.Create(e.ctx, e.page.ID, version.CreateInput{Message: "from"})
	must(b, err)
	for range 100 {
		d = versiontest.Edit(d, rng)
	}
	e.save(d)
	to, err := e.svc.Create(e.ctx, e.page.ID, version.CreateInput{Message: "to"})
	must(b, err)
	if len(d.Nodes) < 4900 {
		b.Fatalf("%d nodes", len(d.Nodes))
	}
	cold := e.cold()
	for name, svc := range map[string]*version.Service{"cold": cold, "warm": e.svc} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				res, err := svc.Diff(e.ctx, e.page.ID, from.ID, to.ID)
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Changes.Changes) == 0 {
					b.Fatal("no changes")
				}
			}
		})
	}
}

// BenchmarkVersionMergePreview is the merge API's work (without the
// writes) for two branches of a 5,000-node page with 100 edits each:
// reading the fork, the page and the branch head, and the three-way merge.
func BenchmarkVersionMergePreview(b *testing.B) {
	rng := rand.New(rand.NewPCG(15, 16))
	base := versiontest.Document(5000, 15)
	e := newEnv(b, storetest.Open(b, "", b.TempDir()), base)
	e.save(base)
	fork, err := e.svc.Create(e.ctx, e.page.ID, version.CreateInput{Message: "fork"})
	must(b, err)
	_, err = e.svc.CreateBranch(e.ctx, e.page.ID, "b", fork.ID)
	must(b, err)
	theirs, ours := base, base
	for range 100 {
		theirs = versiontest.Edit(theirs, rng)
		ours = versiontest.Edit(ours, rng)
	}
	_, err = e.svc.PutBranchDocument(e.ctx, e.page.ID, "b", versiontest.JSON(theirs), fork.Number, "")
	must(b, err)
	e.save(ours)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.svc.MergePreview(e.ctx, e.page.ID, "b"); err != nil {
			b.Fatal(err)
		}
	}
}
