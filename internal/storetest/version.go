package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/page"
	"github.com/pagewright/pagewright/internal/sqlstore"
	"github.com/pagewright/pagewright/internal/version"
)

// ---------------------------------------------------------------------------
// Versions.

// RunVersions tests sqlstore.Versions (version.Store): numbering and
// parents, content sharing, the conditions checked under the page's lock,
// tags, branches, policies and retention's plans. The store treats content
// payloads as opaque bytes, so these use made-up ones.
func RunVersions(t *testing.T, newDB NewDBFunc) {
	runCases(t, newDB, []testCase{
		{name: "NumberedPerPageWithParentsAndSharedContent", run: func(t *testing.T, f *fixture) {
			p := f.versionPage(t)
			other := f.versionPage(t)
			v1 := f.addVersion(t, f.newVersion(p.ID, version.Main, version.KindAutosave, "h1", ""))
			v2 := f.addVersion(t, f.newVersion(p.ID, version.Main, version.KindManual, "h2", "h1"))
			o1 := f.addVersion(t, f.newVersion(other.ID, version.Main, version.KindAutosave, "h1", ""))
			same(t, "numbers", []int64{v1.Number, v2.Number, o1.Number}, []int64{1, 2, 1})
			same(t, "parents", []string{v1.ParentID, v2.ParentID}, []string{"", v1.ID})
			// The same document again shares its content: no payload sent.
			nv := f.newVersion(p.ID, version.Main, version.KindRestore, "h1", "")
			nv.Content, nv.SourceID = nil, v1.ID
			v3 := f.addVersion(t, nv)
			got, err := f.versions().GetVersion(f.ctx, v3.ID)
			noErr(t, "get", err)
			same(t, "restore version", utcVersion(got), utcVersion(v3))
			if got.Author == nil || got.Author.Name != f.admin.Name || got.SourceID != v1.ID {
				t.Fatalf("version %+v: want the admin as author and v1 as source", got)
			}
			contents, err := f.versions().Contents(f.ctx, p.ID)
			noErr(t, "contents", err)
			if len(contents) != 2 {
				t.Fatalf("page has %d contents, want 2 (h1 stored once): %+v", len(contents), contents)
			}
			head, err := f.versions().Head(f.ctx, p.ID, version.Main)
			noErr(t, "head", err)
			same(t, "head", head.ID, v3.ID)
			_, err = f.versions().GetVersion(f.ctx, newID())
			wantErr(t, "missing version", err, errs.ErrNoRows)
			_, err = f.versions().Head(f.ctx, f.versionPage(t).ID, version.Main)
			wantErr(t, "head of a page without versions", err, errs.ErrNoRows)
		}},
		{name: "ContentChainDownToKeyframe", run: func(t *testing.T, f *fixture) {
			p := f.versionPage(t)
			f.addVersion(t, f.newVersion(p.ID, version.Main, version.KindAutosave, "k", ""))
			f.addVersion(t, f.newVersion(p.ID, version.Main, version.KindAutosave, "d1", "k"))
			f.addVersion(t, f.newVersion(p.ID, version.Main, version.KindAutosave, "d2", "d1"))
			chain, err := f.versions().ContentChain(f.ctx, p.ID, "d2")
			noErr(t, "chain", err)
			var hashes []string
			for _, c := range chain {
				hashes = append(hashes, c.Hash)
				if string(c.Data) != "payload of "+c.Hash {
					t.Fatalf("content %s payload %q", c.Hash, c.Data)
				}
			}
			same(t, "chain", hashes, []string{"d2", "d1", "k"})
			same(t, "depths", []int{chain[0].Depth, chain[1].Depth, chain[2].Depth}, []int{2, 1, 0})
			_, err = f.versions().ContentChain(f.ctx, p.ID, "nope")
			wantErr(t, "missing content", err, errs.ErrNoRows)
		}},
		{name: "DeltaNeedsItsBase", run: func(t *testing.T, f *fixture) {
			p := f.versionPage(t)
			nv := f.newVersion(p.ID, version.Main, version.KindAutosave, "d1", "gone")
			f.fails(t, version.ErrBaseGone, entry("version.create", "page", p.ID), func(e audit.Entry) error {
				_, err := f.versions().CreateVersion(f.ctx, nv, e)
				return err
			})
			nv = f.newVersion(p.ID, version.Main, version.KindAutosave, "x", "")
			nv.Content = nil // claims the content exists, but it does not
			f.fails(t, version.ErrBaseGone, entry("version.create", "page", p.ID), func(e audit.Entry) error {
				_, err := f.versions().CreateVersion(f.ctx, nv, e)
				return err
			})
		}},
		{name: "ConditionsCheckedUnderLock", run: func(t *testing.T, f *fixture) {
			p := f.versionPage(t)
			v1 := f.addVersion(t, f.newVersion(p.ID, version.Main, version.KindAutosave, "h1", ""))
			tests := []struct {
				name   string
				change func(nv *version.NewVersion)
				want   error
			}{
				{"HeadYoungerThanSkipAfter", func(nv *version.NewVersion) { at := f.now.Add(-time.Minute); nv.SkipAfter = &at }, version.ErrUnchanged},
				{"SameContentAsHead", func(nv *version.NewVersion) { nv.Hash, nv.Content, nv.SkipSame = "h1", nil, true }, version.ErrUnchanged},
				{"StaleExpectedHead", func(nv *version.NewVersion) { other := newID(); nv.ExpectHead = &other }, errs.ErrStale},
				{"TagTaken", func(nv *version.NewVersion) { nv.Tags = []string{"approved", "approved"} }, errs.ErrDuplicate},
				{"MissingPage", func(nv *version.NewVersion) { nv.PageID = newID() }, errs.ErrNoRows},
				{"StalePageDocument", func(nv *version.NewVersion) {
					nv.Document = &version.DocumentWrite{JSON: []byte(`{"changed":true}`), Want: 99}
				}, errs.ErrStale},
			}
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					nv := f.newVersion(p.ID, version.Main, version.KindAutosave, "h-"+tc.name, "h1")
					tc.change(&nv)
					f.fails(t, tc.want, entry("version.create", "page", p.ID), func(e audit.Entry) error {
						_, err := f.versions().CreateVersion(f.ctx, nv, e)
						return err
					})
				})
			}
			list, err := f.versions().ListVersions(f.ctx, p.ID, version.Filter{Limit: 10})
			noErr(t, "list", err)
			same(t, "versions after refusals", ids(list, versionID), []string{v1.ID})
			contents, err := f.versions().Contents(f.ctx, p.ID)
			noErr(t, "contents", err)
			if len(contents) != 1 {
				t.Fatalf("refused versions left contents behind: %+v", contents)
			}
			cur, err := f.pages.GetDocument(f.ctx, p.ID)
			noErr(t, "document", err)
			if string(cur.JSON) == `{"changed":true}` {
				t.Fatal("a refused version wrote the page document")
			}
			// A head older than SkipAfter with other content passes.
			nv := f.newVersion(p.ID, version.Main, version.KindAutosave, "h2", "h1")
			at := f.now.Add(time.Minute)
			nv.SkipAfter, nv.SkipSame, nv.ExpectHead = &at, true, &v1.ID
			f.addVersion(t, nv)
			// A version with the page's document writes both.
			nv = f.newVersion(p.ID, version.Main, version.KindRestore, "h3", "h2")
			nv.Document = &version.DocumentWrite{JSON: []byte(`{"restored":true}`), Want: cur.Revision}
			f.addVersion(t, nv)
			after, err := f.pages.GetDocument(f.ctx, p.ID)
			noErr(t, "document after", err)
			same(t, "document written with the version", string(after.JSON), `{"restored":true}`)
			same(t, "revision", after.Revision, cur.Revision+1)
		}},
		{name: "RolledBackWithoutItsAuditEntry", run: func(t *testing.T, f *fixture) {
			p := f.versionPage(t)
			FailAuditAppends(t, f.db)
			nv := f.newVersion(p.ID, version.Main, version.KindManual, "h1", "")
			nv.Tags = []string{"approved"}
			if _, err := f.versions().CreateVersion(f.ctx, nv, entry("version.create", "page", p.ID)); err == nil {
				t.Fatal("version created without its audit entry")
			}
			list, err := f.versions().ListVersions(f.ctx, p.ID, version.Filter{Limit: 10})
			noErr(t, "list", err)
			contents, err := f.versions().Contents(f.ctx, p.ID)
			noErr(t, "contents", err)
			if len(list) != 0 || len(contents) != 0 {
				t.Fatalf("rolled-back version left %d versions, %d contents", len(list), len(contents))
			}
		}},
		{name: "ListFiltersAndCursor", run: func(t *testing.T, f *fixture) {
			p := f.versionPage(t)
			var all []string
			kinds := []string{version.KindAutosave, version.KindManual, version.KindAutosave, version.KindPublish, version.KindAutosave}
			for i, k := range kinds {
				nv := f.newVersion(p.ID, version.Main, k, "h"+string(rune('a'+i)), "")
				if i == 3 {
					nv.Tags = []string{"v2.1", "approved"}
				}
				all = append(all, f.addVersion(t, nv).ID)
			}
			f.addVersion(t, f.newVersion(f.versionPage(t).ID, version.Main, version.KindAutosave, "elsewhere", ""))
			slices.Reverse(all)
			var got []string
			before := int64(0)
			for {
				page, err := f.versions().ListVersions(f.ctx, p.ID, version.Filter{BeforeNumber: before, Limit: 2})
				noErr(t, "list", err)
				if len(page) == 0 {
					break
				}
				got = append(got, ids(page, versionID)...)
				before = page[len(page)-1].Number
			}
			same(t, "newest first", got, all)
			auto, err := f.versions().ListVersions(f.ctx, p.ID, version.Filter{Kind: version.KindAutosave, Limit: 10})
			noErr(t, "list autosaves", err)
			same(t, "autosaves", ids(auto, versionID), []string{all[0], all[2], all[4]})
			tagged, err := f.versions().ListVersions(f.ctx, p.ID, version.Filter{Tag: "approved", Limit: 10})
			noErr(t, "list tagged", err)
			if len(tagged) != 1 || !slices.Equal(tagged[0].Tags, []string{"approved", "v2.1"}) {
				t.Fatalf("tagged: %+v, want one version with its two tags, sorted", tagged)
			}
			onBranch, err := f.versions().ListVersions(f.ctx, p.ID, version.Filter{Branch: "draft", Limit: 10})
			noErr(t, "list branch", err)
			if onBranch == nil || len(onBranch) != 0 {
				t.Fatalf("versions of a branch without any: %#v, want an empty list", onBranch)
			}
		}},
		{name: "TagsUniquePerPageMovedOnlyWhenAsked", run: func(t *testing.T, f *fixture) {
			p, other := f.versionPage(t), f.versionPage(t)
			v1 := f.addVersion(t, f.newVersion(p.ID, version.Main, version.KindManual, "h1", ""))
			v2 := f.addVersion(t, f.newVersion(p.ID, version.Main, version.KindManual, "h2", ""))
			o1 := f.addVersion(t, f.newVersion(other.ID, version.Main, version.KindManual, "h1", ""))
			tag := func(pageID, id string, move bool) func(audit.Entry) error {
				return func(e audit.Entry) error {
					return f.versions().TagVersion(f.ctx, pageID, id, "approved", move, f.admin.ID, f.now, e)
				}
			}
			f.mutates(t, tagEntry(p.ID), tag(p.ID, v1.ID, false))
			f.mutates(t, tagEntry(other.ID), tag(other.ID, o1.ID, false)) // another page may use the same tag
			f.fails(t, errs.ErrDuplicate, tagEntry(p.ID), tag(p.ID, v2.ID, false))
			f.fails(t, errs.ErrNoRows, tagEntry(p.ID), tag(p.ID, o1.ID, false)) // a version of another page
			f.mutates(t, tagEntry(p.ID), tag(p.ID, v2.ID, true))
			got1, _ := f.versions().GetVersion(f.ctx, v1.ID)
			got2, _ := f.versions().GetVersion(f.ctx, v2.ID)
			same(t, "tags after the move", [][]string{got1.Tags, got2.Tags}, [][]string{{}, {"approved"}})
			f.fails(t, errs.ErrNoRows, tagEntry(p.ID), func(e audit.Entry) error {
				return f.versions().UntagVersion(f.ctx, p.ID, v1.ID, "approved", e)
			})
			f.mutates(t, tagEntry(p.ID), func(e audit.Entry) error {
				return f.versions().UntagVersion(f.ctx, p.ID, v2.ID, "approved", e)
			})
		}},
		{name: "BranchAutosaveAmendsItsHead", run: func(t *testing.T, f *fixture) {
			p := f.versionPage(t)
			v1 := f.addVersion(t, f.newVersion(p.ID, version.Main, version.KindManual, "h1", ""))
			f.mutates(t, entry("branch.create", "page", p.ID), func(e audit.Entry) error {
				return f.versions().CreateBranch(f.ctx, version.Branch{PageID: p.ID, Name: "b", ForkVersionID: v1.ID, CreatedAt: f.now}, e)
			})
			window := f.now.Add(-5 * time.Minute)
			save := func(hash, base, expect string, at time.Time) version.Version {
				nv := f.newVersion(p.ID, "b", version.KindAutosave, hash, base)
				nv.ExpectHead, nv.AmendAfter, nv.CreatedAt = &expect, &window, at
				return f.addVersion(t, nv)
			}
			// The fork is referenced by the branch: the first save adds a version.
			w1 := save("w1", "h1", v1.ID, f.now)
			same(t, "first save's parent", w1.ParentID, v1.ID)
			// The next save within the window replaces w1: a new number, w1's
			// parent and creation time.
			w2 := save("w2", "w1", w1.ID, f.now.Add(time.Minute))
			same(t, "amended parent", w2.ParentID, v1.ID)
			same(t, "amended number", w2.Number, w1.Number+1)
			same(t, "amended created at", w2.CreatedAt.UTC(), w1.CreatedAt.UTC())
			_, err := f.versions().GetVersion(f.ctx, w1.ID)
			wantErr(t, "replaced head", err, errs.ErrNoRows)
			b, err := f.versions().GetBranch(f.ctx, p.ID, "b")
			noErr(t, "branch", err)
			same(t, "branch head", b.HeadVersionID, w2.ID)
			// A tagged head is kept.
			f.mutates(t, tagEntry(p.ID), func(e audit.Entry) error {
				return f.versions().TagVersion(f.ctx, p.ID, w2.ID, "draft", false, "", f.now, e)
			})
			w3 := save("w3", "w2", w2.ID, f.now.Add(2*time.Minute))
			same(t, "parent after a tagged head", w3.ParentID, w2.ID)
			// A head older than the window is kept.
			window = f.now.Add(10 * time.Minute)
			w4 := save("w4", "w3", w3.ID, f.now.Add(3*time.Minute))
			same(t, "parent after an old head", w4.ParentID, w3.ID)
			// A stale head refuses the save, amend or not.
			window = f.now.Add(-5 * time.Minute)
			nv := f.newVersion(p.ID, "b", version.KindAutosave, "w5", "w4")
			nv.ExpectHead, nv.AmendAfter = &w3.ID, &window
			f.fails(t, errs.ErrStale, entry("version.create", "page", p.ID), func(e audit.Entry) error {
				_, err := f.versions().CreateVersion(f.ctx, nv, e)
				return err
			})
			list, err := f.versions().ListVersions(f.ctx, p.ID, version.Filter{Limit: 10})
			noErr(t, "list", err)
			if len(list) != 4 {
				t.Fatalf("%d versions, want v1, w2, w3 and w4: %+v", len(list), list)
			}
		}},
		{name: "BranchesForkHeadAndMerge", run: func(t *testing.T, f *fixture) {
			p, other := f.versionPage(t), f.versionPage(t)
			v1 := f.addVersion(t, f.newVersion(p.ID, version.Main, version.KindManual, "h1", ""))
			o1 := f.addVersion(t, f.newVersion(other.ID, version.Main, version.KindManual, "h1", ""))
			b := version.Branch{PageID: p.ID, Name: "winter", ForkVersionID: v1.ID, CreatedAt: f.now, CreatedBy: &version.Person{ID: f.admin.ID}}
			f.mutates(t, entry("branch.create", "page", p.ID), func(e audit.Entry) error { return f.versions().CreateBranch(f.ctx, b, e) })
			f.fails(t, errs.ErrDuplicate, entry("branch.create", "page", p.ID), func(e audit.Entry) error { return f.versions().CreateBranch(f.ctx, b, e) })
			alien := b
			alien.Name, alien.ForkVersionID = "alien", o1.ID
			f.fails(t, errs.ErrNoRows, entry("branch.create", "page", p.ID), func(e audit.Entry) error { return f.versions().CreateBranch(f.ctx, alien, e) })

			head, err := f.versions().Head(f.ctx, p.ID, "winter")
			noErr(t, "head", err)
			same(t, "head of a new branch", head.ID, v1.ID)
			nv := f.newVersion(p.ID, "winter", version.KindAutosave, "w1", "h1")
			nv.ExpectHead = &v1.ID
			w1 := f.addVersion(t, nv)
			same(t, "first branch version's parent", w1.ParentID, v1.ID)
			got, err := f.versions().GetBranch(f.ctx, p.ID, "winter")
			noErr(t, "branch", err)
			if got.HeadVersionID != w1.ID || got.HeadNumber != w1.Number || got.ForkNumber != v1.Number || got.Merged || got.CreatedBy == nil || got.CreatedBy.Name != f.admin.Name {
				t.Fatalf("branch %+v", got)
			}
			mv := f.newVersion(p.ID, version.Main, version.KindMerge, "m1", "")
			mv.SourceID, mv.MergeBranch = w1.ID, "winter"
			m1 := f.addVersion(t, mv)
			same(t, "merge version's parent", m1.ParentID, v1.ID)
			got, err = f.versions().GetBranch(f.ctx, p.ID, "winter")
			noErr(t, "branch", err)
			if !got.Merged || got.MergeVersionID != m1.ID || got.MergedBy == nil || got.MergedBy.ID != f.admin.ID || got.MergedAt == nil {
				t.Fatalf("merged branch %+v", got)
			}
			again := f.newVersion(p.ID, version.Main, version.KindMerge, "m2", "")
			again.MergeBranch = "winter"
			f.fails(t, version.ErrMerged, entry("branch.merge", "page", p.ID), func(e audit.Entry) error {
				_, err := f.versions().CreateVersion(f.ctx, again, e)
				return err
			})
			onMerged := f.newVersion(p.ID, "winter", version.KindAutosave, "w2", "w1")
			f.fails(t, version.ErrMerged, entry("version.create", "page", p.ID), func(e audit.Entry) error {
				_, err := f.versions().CreateVersion(f.ctx, onMerged, e)
				return err
			})
			list, err := f.versions().ListBranches(f.ctx, p.ID)
			noErr(t, "list", err)
			same(t, "branches", len(list), 1)
			_, err = f.versions().GetBranch(f.ctx, p.ID, "summer")
			wantErr(t, "missing branch", err, errs.ErrNoRows)
		}},
		{name: "PolicyPerSite", run: func(t *testing.T, f *fixture) {
			s := f.addSite(t, "clinic")
			_, err := f.versions().GetPolicy(f.ctx, s.ID)
			wantErr(t, "no policy yet", err, errs.ErrNoRows)
			at := f.now
			for _, days := range []int{7, 0} {
				p := version.Policy{SiteID: s.ID, ThinAfterDays: days, UpdatedAt: &at, UpdatedBy: &version.Person{ID: f.admin.ID}}
				f.mutates(t, entry("version_policy.update", "site", s.ID), func(e audit.Entry) error { return f.versions().PutPolicy(f.ctx, p, e) })
				got, err := f.versions().GetPolicy(f.ctx, s.ID)
				noErr(t, "get", err)
				if got.ThinAfterDays != days || got.UpdatedBy == nil || got.UpdatedBy.Name != f.admin.Name || !got.UpdatedAt.Equal(at) {
					t.Fatalf("policy %+v, want %d days by the admin", got, days)
				}
			}
			missing := version.Policy{SiteID: newID(), ThinAfterDays: 3}
			f.fails(t, errs.ErrNoRows, entry("version_policy.update", "site", missing.SiteID), func(e audit.Entry) error {
				return f.versions().PutPolicy(f.ctx, missing, e)
			})
		}},
		{name: "RetentionTargetsPerSitePolicy", run: func(t *testing.T, f *fixture) {
			now := f.now
			// 01:00 UTC, so that an hour later is still the same day.
			old := now.Add(-40 * 24 * time.Hour).Truncate(24 * time.Hour).Add(time.Hour)
			dense := f.versionPage(t)  // two old autosaves on one day: a target
			sparse := f.versionPage(t) // one old autosave per day: nothing to thin
			recent := f.versionPage(t) // autosaves younger than the cutoff
			keepAll := f.addSite(t, "keep")
			kept := f.addPage(t, keepAll.ID, "kept") // its site keeps every autosave
			at := now
			f.mutates(t, entry("version_policy.update", "site", keepAll.ID), func(e audit.Entry) error {
				return f.versions().PutPolicy(f.ctx, version.Policy{SiteID: keepAll.ID, ThinAfterDays: 0, UpdatedAt: &at}, e)
			})
			add := func(p page.Page, hash string, at time.Time) {
				nv := f.newVersion(p.ID, version.Main, version.KindAutosave, hash, "")
				nv.CreatedAt = at
				f.addVersion(t, nv)
			}
			add(dense, "a", old)
			add(dense, "b", old.Add(time.Hour))
			add(sparse, "a", old)
			add(sparse, "b", old.Add(24*time.Hour))
			add(recent, "a", now.Add(-time.Hour))
			add(recent, "b", now.Add(-time.Minute))
			add(kept, "a", old)
			add(kept, "b", old.Add(time.Hour))
			got, err := f.versions().RetentionTargets(f.ctx, now, 30)
			noErr(t, "targets", err)
			if len(got) != 1 || got[0].PageID != dense.ID || got[0].SiteID != dense.SiteID || !got[0].Cutoff.Equal(now.Add(-30*24*time.Hour)) {
				t.Fatalf("targets %+v, want only %s with a 30-day cutoff", got, dense.ID)
			}
		}},
		{name: "ThinDeletesRelinksRewritesAndDrops", run: func(t *testing.T, f *fixture) {
			p := f.versionPage(t)
			v1 := f.addVersion(t, f.newVersion(p.ID, version.Main, version.KindAutosave, "k", ""))
			v2 := f.addVersion(t, f.newVersion(p.ID, version.Main, version.KindAutosave, "d1", "k"))
			v3 := f.addVersion(t, f.newVersion(p.ID, version.Main, version.KindAutosave, "d2", "d1"))
			plan := version.ThinPlan{PageID: p.ID, Delete: []string{v2.ID}, Reparent: map[string]string{v3.ID: v1.ID},
				Rewrite: []version.Rewrite{{Content: version.Content{Hash: "d2", BaseHash: "k", Depth: 1, Size: 10, Data: []byte("rebased d2")}, OldBase: "d1"}},
				Drop:    []string{"d1"}}
			f.mutates(t, entry("version.thin", "page", p.ID), func(e audit.Entry) error { return f.versions().Thin(f.ctx, plan, e) })
			_, err := f.versions().GetVersion(f.ctx, v2.ID)
			wantErr(t, "thinned version", err, errs.ErrNoRows)
			got, err := f.versions().GetVersion(f.ctx, v3.ID)
			noErr(t, "kept version", err)
			same(t, "relinked parent", got.ParentID, v1.ID)
			chain, err := f.versions().ContentChain(f.ctx, p.ID, "d2")
			noErr(t, "chain", err)
			if len(chain) != 2 || string(chain[0].Data) != "rebased d2" || chain[1].Hash != "k" {
				t.Fatalf("chain after the rewrite %+v", chain)
			}
			contents, err := f.versions().Contents(f.ctx, p.ID)
			noErr(t, "contents", err)
			same(t, "contents left", len(contents), 2)
		}},
		{name: "ThinRefusesWhatBecameProtected", run: func(t *testing.T, f *fixture) {
			p := f.versionPage(t)
			v1 := f.addVersion(t, f.newVersion(p.ID, version.Main, version.KindAutosave, "k", ""))
			v2 := f.addVersion(t, f.newVersion(p.ID, version.Main, version.KindAutosave, "d1", "k"))
			f.addVersion(t, f.newVersion(p.ID, version.Main, version.KindAutosave, "d2", "d1"))
			f.mutates(t, tagEntry(p.ID), func(e audit.Entry) error {
				return f.versions().TagVersion(f.ctx, p.ID, v2.ID, "approved", false, "", f.now, e)
			})
			plan := version.ThinPlan{PageID: p.ID, Delete: []string{v1.ID, v2.ID}}
			f.fails(t, errs.ErrStale, entry("version.thin", "page", p.ID), func(e audit.Entry) error { return f.versions().Thin(f.ctx, plan, e) })
			_, err := f.versions().GetVersion(f.ctx, v1.ID)
			noErr(t, "v1 survives the refused plan", err)
			// A rewrite whose content changed since it was planned is refused too.
			plan = version.ThinPlan{PageID: p.ID, Rewrite: []version.Rewrite{{Content: version.Content{Hash: "d2", BaseHash: "k", Depth: 1, Data: []byte("x")}, OldBase: "k"}}}
			f.fails(t, errs.ErrStale, entry("version.thin", "page", p.ID), func(e audit.Entry) error { return f.versions().Thin(f.ctx, plan, e) })
			// A content some version still uses is never dropped.
			plan = version.ThinPlan{PageID: p.ID, Drop: []string{"d2", "d1", "k"}}
			f.mutates(t, entry("version.thin", "page", p.ID), func(e audit.Entry) error { return f.versions().Thin(f.ctx, plan, e) })
			contents, err := f.versions().Contents(f.ctx, p.ID)
			noErr(t, "contents", err)
			same(t, "contents kept", len(contents), 3)
		}},
		{name: "PageDeletionTakesHistory", run: func(t *testing.T, f *fixture) {
			p := f.versionPage(t)
			v1 := f.addVersion(t, f.newVersion(p.ID, version.Main, version.KindManual, "h1", ""))
			f.mutates(t, tagEntry(p.ID), func(e audit.Entry) error {
				return f.versions().TagVersion(f.ctx, p.ID, v1.ID, "approved", false, "", f.now, e)
			})
			f.mutates(t, entry("branch.create", "page", p.ID), func(e audit.Entry) error {
				return f.versions().CreateBranch(f.ctx, version.Branch{PageID: p.ID, Name: "b", ForkVersionID: v1.ID, CreatedAt: f.now}, e)
			})
			f.addVersion(t, f.newVersion(p.ID, "b", version.KindAutosave, "h2", "h1"))
			f.mutates(t, entry("page.delete", "page", p.ID), func(e audit.Entry) error { return f.pages.DeletePage(f.ctx, p.ID, e) })
			for _, table := range []string{"page_versions", "version_contents", "version_tags", "page_branches"} {
				var n int
				if err := f.db.R.QueryRowContext(f.ctx, "SELECT COUNT(*) FROM "+table+" WHERE page_id = $1", p.ID).Scan(&n); err != nil || n != 0 {
					t.Fatalf("%s: %d rows of the deleted page (%v)", table, n, err)
				}
			}
		}},
	})
}

func (f *fixture) versions() sqlstore.Versions { return sqlstore.Versions{DB: f.db} }

// versionPage adds a page on a new site.
func (f *fixture) versionPage(t *testing.T) page.Page {
	t.Helper()
	s := f.addSite(t, "site-"+randHex()[:8])
	return f.addPage(t, s.ID, "home")
}

// newVersion is a version by the admin whose content is hash, stored as
// a delta of base ("" for a keyframe).
func (f *fixture) newVersion(pageID, branch, kind, hash, base string) version.NewVersion {
	depth := 0
	if base != "" {
		depth = 1
		if chain, err := f.versions().ContentChain(f.ctx, pageID, base); err == nil {
			depth = chain[0].Depth + 1
		}
	}
	return version.NewVersion{
		Version: version.Version{ID: newID(), PageID: pageID, Branch: branch, Kind: kind, Message: kind + " " + hash,
			Author: &version.Person{ID: f.admin.ID, Name: f.admin.Name}, Hash: hash, Size: 100, CreatedAt: f.now, Tags: nil},
		Content: &version.Content{Hash: hash, BaseHash: base, Depth: depth, Size: 100, Data: []byte("payload of " + hash)},
	}
}

func (f *fixture) addVersion(t *testing.T, nv version.NewVersion) version.Version {
	t.Helper()
	var v version.Version
	f.mutates(t, entry("version.create", "page", nv.PageID), func(e audit.Entry) error {
		var err error
		v, err = f.versions().CreateVersion(f.ctx, nv, e)
		return err
	})
	return v
}

func tagEntry(pageID string) audit.Entry { return entry("version.tag", "page", pageID) }

func versionID(v version.Version) string { return v.ID }

func utcVersion(v version.Version) version.Version {
	v.CreatedAt = v.CreatedAt.UTC()
	return v
}
