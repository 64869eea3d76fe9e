package version_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/sqlstore"
	"github.com/pagewright/pagewright/internal/storetest"
	"github.com/pagewright/pagewright/internal/version"
	"github.com/pagewright/pagewright/internal/version/versiontest"
)

// versions lists every version of the env's page, oldest first.
func (e *env) versions() []version.Version {
	e.t.Helper()
	vs, err := e.svc.List(e.ctx, e.page.ID, version.Filter{Limit: 200})
	must(e.t, err)
	slices.Reverse(vs)
	return vs
}

func canonical(t testing.TB, d *doc.Document) []byte {
	t.Helper()
	b, err := version.Canonical(d)
	must(t, err)
	return b
}

// TestAutosaveAtMostEveryFiveMinutes drives the autosave hook with a
// clock: a version at most every five minutes, and only for a document
// that changed since the last version.
func TestAutosaveAtMostEveryFiveMinutes(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	d := versiontest.Document(60, 1)
	e := newEnv(t, storetest.Open(t, "", t.TempDir()), d)
	steps := []struct {
		name   string
		after  time.Duration
		change bool
		want   int
	}{
		{"FirstSaveMakesAVersion", 0, true, 1},
		{"OneMinuteLaterNone", time.Minute, true, 1},
		{"FourMinutesLaterStillNone", 3 * time.Minute, true, 1},
		{"FiveMinutesAfterTheFirst", time.Minute + time.Second, true, 2},
		{"UnchangedLongAfterNone", time.Hour, false, 2},
		{"ChangedAgain", time.Second, true, 3},
		{"ManualVersionCountsAsTheLast", 0, true, 4},
		{"SoNoAutosaveRightAfterIt", 10 * time.Second, true, 4},
	}
	made, versioned := 0, d
	for _, st := range steps {
		e.advance(st.after)
		if st.change {
			d = versiontest.Edit(d, rng)
		}
		if st.name == "ManualVersionCountsAsTheLast" {
			e.save(d) // within five minutes of the last: no autosave …
			_, err := e.svc.Create(e.ctx, e.page.ID, version.CreateInput{Message: "Winter hours"})
			must(t, err) // … but a manual version
		} else {
			e.save(d)
		}
		vs := e.versions()
		if len(vs) > made {
			made, versioned = len(vs), d
		}
		if len(vs) != st.want {
			t.Fatalf("%s: %d versions, want %d", st.name, len(vs), st.want)
		}
		last := vs[len(vs)-1]
		if last.Number != int64(len(vs)) || last.Author == nil || last.Author.Name != "Maya Admin" {
			t.Fatalf("%s: newest version %+v", st.name, last)
		}
		if st.change && len(vs) > 1 && vs[len(vs)-2].ID != last.ParentID {
			t.Fatalf("%s: parent %s, want %s", st.name, last.ParentID, vs[len(vs)-2].ID)
		}
	}
	// The newest version is the document as saved at that moment.
	vs := e.versions()
	_, b, err := e.svc.Get(e.ctx, vs[len(vs)-1].ID)
	must(t, err)
	if !bytes.Equal(b, canonical(t, versioned)) {
		t.Fatal("the newest version is not the saved document")
	}
	if kinds := []string{vs[0].Kind, vs[1].Kind, vs[2].Kind, vs[3].Kind}; !slices.Equal(kinds, []string{"autosave", "autosave", "autosave", "manual"}) {
		t.Fatalf("kinds %v", kinds)
	}
}

// TestDeltasKeyframesAndDedup checks the storage on both databases: every
// version reads back exactly (also with nothing cached), chains stay
// below KeyframeEvery, and a document seen before costs no new content.
func TestDeltasKeyframesAndDedup(t *testing.T) {
	t.Parallel()
	storetest.OnEachDatabase(t, func(t *testing.T, db *sqlstore.DB) {
		rng := rand.New(rand.NewPCG(3, 4))
		d := versiontest.Document(300, 2)
		e := newEnv(t, db, d)
		e.svc.KeyframeEvery = 5
		want := map[string][]byte{}
		var docs []*doc.Document
		for i := range 23 {
			if i > 0 {
				d = versiontest.Edit(d, rng)
			}
			docs = append(docs, d)
			e.save(d)
			v, err := e.svc.Create(e.ctx, e.page.ID, version.CreateInput{Message: "step"})
			must(t, err)
			want[v.ID] = canonical(t, d)
		}
		contents, err := sqlstore.Versions{DB: db}.Contents(e.ctx, e.page.ID)
		must(t, err)
		keyframes := 0
		for _, c := range contents {
			if c.Depth >= 5 {
				t.Fatalf("content at depth %d, KeyframeEvery is 5", c.Depth)
			}
			if c.BaseHash == "" {
				keyframes++
			}
		}
		if keyframes < 5 || keyframes > 6 {
			t.Fatalf("%d keyframes for 23 contents with KeyframeEvery 5", keyframes)
		}
		cold := e.cold()
		for id, w := range want {
			for name, svc := range map[string]*version.Service{"warm": e.svc, "cold": cold} {
				_, got, err := svc.Get(e.ctx, id)
				must(t, err)
				if !bytes.Equal(got, w) {
					t.Fatalf("%s read of %s differs from the saved document", name, id)
				}
			}
		}
		// Going back to an earlier document shares its content.
		e.save(docs[3])
		_, err = e.svc.Create(e.ctx, e.page.ID, version.CreateInput{Message: "back to step 4"})
		must(t, err)
		after, err := sqlstore.Versions{DB: db}.Contents(e.ctx, e.page.ID)
		must(t, err)
		if len(after) != len(contents) {
			t.Fatalf("an earlier document stored again: %d contents, had %d", len(after), len(contents))
		}
	})
}

// TestRetentionKeepsEveryKeptVersionReadable builds six weeks of history
// with everything retention must keep, thins it, and reads every
// remaining version back from the store alone.
func TestRetentionKeepsEveryKeptVersionReadable(t *testing.T) {
	t.Parallel()
	storetest.OnEachDatabase(t, func(t *testing.T, db *sqlstore.DB) {
		rng := rand.New(rand.NewPCG(5, 6))
		d := versiontest.Document(200, 3)
		e := newEnv(t, db, d)
		e.svc.KeyframeEvery = 8
		want := map[string][]byte{}
		record := func() version.Version {
			vs := e.versions()
			v := vs[len(vs)-1]
			_, b, err := e.svc.Get(e.ctx, v.ID)
			must(t, err)
			want[v.Hash] = b
			return v
		}
		var tagged, fork, restored, manual version.Version
		for day := range 12 {
			for range 6 {
				d = versiontest.Edit(d, rng)
				e.save(d)
				e.advance(6 * time.Minute)
				record()
			}
			switch day {
			case 1:
				var err error
				manual, err = e.svc.Create(e.ctx, e.page.ID, version.CreateInput{Message: "Reviewed"})
				must(t, err)
				record()
			case 2:
				tagged = e.versions()[len(e.versions())-3]
				_, err := e.svc.Tag(e.ctx, tagged.ID, "approved", false)
				must(t, err)
			case 3:
				fork = e.versions()[len(e.versions())-4]
				_, err := e.svc.CreateBranch(e.ctx, e.page.ID, "winter", fork.ID)
				must(t, err)
				_, head, err := e.svc.BranchDocument(e.ctx, e.page.ID, "winter")
				must(t, err)
				bd, _, err := doc.Parse(head)
				must(t, err)
				bd = versiontest.Edit(bd, rng)
				_, err = e.svc.PutBranchDocument(e.ctx, e.page.ID, "winter", versiontest.JSON(bd), fork.Number, "")
				must(t, err)
				record()
			case 5:
				restored = e.versions()[2]
				res, err := e.svc.Restore(e.ctx, restored.ID, e.page.ID, e.revision(), "")
				must(t, err)
				record()
				_, cur, err := e.svc.Get(e.ctx, res.Version.ID)
				must(t, err)
				d, _, err = doc.Parse(cur)
				must(t, err)
			}
			e.advance(24*time.Hour - 36*time.Minute)
		}
		before := e.versions()
		e.advance(40 * 24 * time.Hour) // everything is older than the 30-day default now
		stats, err := e.svc.ApplyRetention(e.ctx)
		must(t, err)
		after := e.versions()
		t.Logf("retention: %+v (%d versions before, %d after)", stats, len(before), len(after))
		if stats.Deleted == 0 || stats.Deleted != len(before)-len(after) || stats.Pages != 1 || stats.Rewritten == 0 || stats.Dropped == 0 {
			t.Fatalf("stats %+v: %d versions before, %d after", stats, len(before), len(after))
		}
		kept := map[string]bool{}
		for _, v := range after {
			kept[v.ID] = true
		}
		for _, v := range []version.Version{tagged, fork, restored, manual} {
			if !kept[v.ID] {
				t.Fatalf("version %d (%s) was thinned but must be kept", v.Number, v.Kind)
			}
		}
		days := map[string]int{}
		for _, v := range after {
			if v.Kind == version.KindAutosave && v.Branch == version.Main && !slices.Contains(v.Tags, "approved") && v.ID != fork.ID && v.ID != restored.ID {
				days[v.CreatedAt.Format(time.DateOnly)]++
			}
			if v.ParentID != "" && !kept[v.ParentID] {
				t.Fatalf("version %d's parent %s was thinned and not relinked", v.Number, v.ParentID)
			}
		}
		for day, n := range days {
			if n > 1 {
				t.Fatalf("%d plain autosaves kept on %s, want one per day", n, day)
			}
		}
		// Every kept version reads back from the store alone.
		cold := e.cold()
		for _, v := range after {
			_, got, err := cold.Get(e.ctx, v.ID)
			must(t, err)
			if w := want[v.Hash]; w != nil && !bytes.Equal(got, w) {
				t.Fatalf("version %d reads back different after thinning", v.Number)
			}
		}
		contents, err := sqlstore.Versions{DB: db}.Contents(e.ctx, e.page.ID)
		must(t, err)
		hashes := map[string]bool{}
		for _, v := range after {
			hashes[v.Hash] = true
		}
		for _, c := range contents {
			if !hashes[c.Hash] {
				t.Fatalf("content %s is kept though no version has it", c.Hash)
			}
			if c.Depth >= 8 {
				t.Fatalf("content at depth %d after rebasing", c.Depth)
			}
		}
		// A second run finds nothing more to do.
		again, err := e.svc.ApplyRetention(e.ctx)
		must(t, err)
		if again.Deleted != 0 {
			t.Fatalf("second run deleted %d more", again.Deleted)
		}
	})
}

// TestRestoreAndBadInput covers restore's rules on the service.
func TestRestoreAndBadInput(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 8))
	d := versiontest.Document(40, 4)
	e := newEnv(t, storetest.Open(t, "", t.TempDir()), d)
	e.save(d)
	v1 := e.versions()[0]
	d2 := versiontest.Edit(d, rng)
	e.save(d2) // within five minutes: not yet a version
	tests := []struct {
		name     string
		id, page string
		rev      int64
		code     string
		kind     errs.Kind
	}{
		{"UnknownVersion", newID(), "", 0, "version.not_found", errs.KindNotFound},
		{"OtherPage", v1.ID, newID(), 0, "version.other_page", errs.KindInvalid},
		{"StaleRevision", v1.ID, "", 1, "document.stale", errs.KindPreconditionFailed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rev := tc.rev
			if rev == 0 {
				rev = e.revision()
			}
			_, err := e.svc.Restore(e.ctx, tc.id, tc.page, rev, "")
			if ee := errs.As(err); ee.Code != tc.code || ee.Kind != tc.kind {
				t.Fatalf("error %v, want %s", err, tc.code)
			}
			if n := len(e.versions()); n != 1 {
				t.Fatalf("a refused restore left %d versions", n)
			}
		})
	}
	res, err := e.svc.Restore(e.ctx, v1.ID, e.page.ID, e.revision(), "")
	must(t, err)
	vs := e.versions()
	// The unversioned edit was kept first, then the restore.
	if len(vs) != 3 || vs[1].Kind != version.KindAutosave || vs[2].Kind != version.KindRestore || vs[2].SourceID != v1.ID ||
		vs[2].ParentID != vs[1].ID || vs[2].Hash != v1.Hash || res.Revision != e.revision() || vs[2].Message != "Restored version 1" {
		t.Fatalf("history after restore: %+v (result %+v)", vs, res)
	}
	_, b, err := e.svc.Get(e.ctx, vs[1].ID)
	must(t, err)
	if !bytes.Equal(b, canonical(t, d2)) {
		t.Fatal("the kept autosave is not the overwritten document")
	}
	cur, err := e.pages.GetDocument(e.ctx, e.page.ID)
	must(t, err)
	var got, wantDoc any
	must(t, json.Unmarshal(cur.JSON, &got))
	must(t, json.Unmarshal(canonical(t, d), &wantDoc))
	if !jsonEqual(got, wantDoc) {
		t.Fatal("the page document is not the restored version")
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// TestAutosavePendingCatchesTheLastEdits: edits saved within five minutes
// of the last version get their version from the periodic sweep, once five
// minutes have passed; a page nobody saved since its last version is left
// alone.
func TestAutosavePendingCatchesTheLastEdits(t *testing.T) {
	t.Parallel()
	storetest.OnEachDatabase(t, func(t *testing.T, db *sqlstore.DB) {
		rng := rand.New(rand.NewPCG(9, 9))
		d := versiontest.Document(40, 9)
		e := newEnv(t, db, d)
		sweep := func(want int) {
			t.Helper()
			n, err := e.svc.AutosavePending(e.ctx)
			must(t, err)
			if n != want {
				t.Fatalf("sweep made %d versions, want %d", n, want)
			}
		}
		sweep(0) // created, never saved
		e.save(d)
		sweep(0) // the save made version 1
		e.advance(time.Minute)
		d = versiontest.Edit(d, rng)
		e.save(d) // too soon for an autosave
		sweep(0)  // and still too soon for the sweep
		e.advance(5 * time.Minute)
		sweep(1)
		sweep(0)
		vs := e.versions()
		if len(vs) != 2 || vs[1].Author == nil || vs[1].Author.Name != "Maya Admin" {
			t.Fatalf("versions %+v", vs)
		}
		_, b, err := e.svc.Get(e.ctx, vs[1].ID)
		must(t, err)
		if !bytes.Equal(b, canonical(t, d)) {
			t.Fatal("the swept version is not the last saved document")
		}
	})
}

// TestPinPublish: pinning the same document twice gives the same publish
// version; a changed document gets a new one, sharing stored content with
// the autosave of the same document.
func TestPinPublish(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(11, 12))
	d := versiontest.Document(30, 11)
	e := newEnv(t, storetest.Open(t, "", t.TempDir()), d)
	e.save(d)
	p1, err := e.svc.Pin(e.ctx, e.page.ID, version.KindPublish, "Published to production")
	must(t, err)
	again, err := e.svc.Pin(e.ctx, e.page.ID, version.KindPublish, "")
	must(t, err)
	if p1.Kind != version.KindPublish || again.ID != p1.ID || p1.Hash != e.versions()[0].Hash {
		t.Fatalf("pins %+v, %+v", p1, again)
	}
	e.save(versiontest.Edit(d, rng))
	p2, err := e.svc.Pin(e.ctx, e.page.ID, version.KindPublish, "")
	must(t, err)
	if p2.ID == p1.ID || p2.ParentID != p1.ID {
		t.Fatalf("second pin %+v after %+v", p2, p1)
	}
	contents, err := sqlstore.Versions{DB: e.db}.Contents(e.ctx, e.page.ID)
	must(t, err)
	if len(contents) != 2 {
		t.Fatalf("%d contents for two distinct documents", len(contents))
	}
	if _, err := e.svc.Pin(e.ctx, newID(), version.KindPublish, ""); errs.As(err).Code != "page.not_found" {
		t.Fatalf("pin of a missing page: %v", err)
	}
}

// TestBranchEditingFoldsAutosaves saves a branch the way the editor does,
// every few seconds: one autosave version per five minutes, each save
// readable as the head with a new number (the ETag), and a message makes
// a manual version that the next autosave does not fold into.
func TestBranchEditingFoldsAutosaves(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	d := versiontest.Document(60, 1)
	e := newEnv(t, storetest.Open(t, "", t.TempDir()), d)
	e.save(d)
	fork := e.versions()[0]
	_, err := e.svc.CreateBranch(e.ctx, e.page.ID, "winter", fork.ID)
	must(t, err)
	head := fork.Number
	put := func(message string) version.Version {
		t.Helper()
		d = versiontest.Edit(d, rng)
		v, err := e.svc.PutBranchDocument(e.ctx, e.page.ID, "winter", versiontest.JSON(d), head, message)
		must(t, err)
		if v.Number <= head {
			t.Fatalf("save numbered %d after %d: the ETag must move", v.Number, head)
		}
		head = v.Number
		_, b, err := e.svc.BranchDocument(e.ctx, e.page.ID, "winter")
		must(t, err)
		if !bytes.Equal(b, canonical(t, d)) {
			t.Fatal("the branch head is not the saved document")
		}
		return v
	}
	branchVersions := func() []version.Version {
		var out []version.Version
		for _, v := range e.versions() {
			if v.Branch == "winter" {
				out = append(out, v)
			}
		}
		return out
	}
	for range 20 { // a minute and a half of edits
		put("")
		e.advance(4 * time.Second)
	}
	if n := len(branchVersions()); n != 1 {
		t.Fatalf("%d branch versions after 20 saves in 80 s, want 1", n)
	}
	e.advance(5 * time.Minute)
	put("")
	if n := len(branchVersions()); n != 2 {
		t.Fatalf("%d branch versions after five minutes, want 2", n)
	}
	m := put("Ready for review")
	if m.Kind != version.KindManual {
		t.Fatalf("kind %s, want manual", m.Kind)
	}
	put("")
	vs := branchVersions()
	if len(vs) != 4 || vs[2].ID != m.ID || vs[3].ParentID != m.ID {
		t.Fatalf("after a manual version the next autosave must follow it: %+v", vs)
	}
	// Saving the same document with a message still makes a manual version
	// (the editor saves first, then asks for the version).
	same, err := e.svc.PutBranchDocument(e.ctx, e.page.ID, "winter", versiontest.JSON(d), head, "Approved copy")
	must(t, err)
	if same.Kind != version.KindManual || same.Number <= head {
		t.Fatalf("a message on an unchanged document gave %+v", same)
	}
	head = same.Number
	// A stale ETag is refused and changes nothing.
	if _, err := e.svc.PutBranchDocument(e.ctx, e.page.ID, "winter", versiontest.JSON(d), head-1, ""); err == nil {
		t.Fatal("a stale branch save was accepted")
	}
	if n := len(branchVersions()); n != 5 {
		t.Fatalf("%d branch versions after a refused save", n)
	}
}
