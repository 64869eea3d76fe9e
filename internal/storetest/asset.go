package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/asset"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/jobs"
	"github.com/pagewright/pagewright/internal/sqlstore"
)

// ---------------------------------------------------------------------------
// Assets.

// RunAssets tests sqlstore.Assets (asset.Store): the rows, search and
// paging, the per-site uniqueness of content, and the jobs queued with
// uploads and deletions.
func RunAssets(t *testing.T, newDB NewDBFunc) {
	runCases(t, newDB, []testCase{
		{name: "CreateGetAndFindByContent", run: func(t *testing.T, f *fixture) {
			s := f.addSite(t, "clinic")
			a := f.newAsset(s.ID, "flu-poster.jpg", asset.StatusProcessing)
			a.Alt = "A nurse giving a flu shot"
			f.addAsset(t, a)
			got, err := f.assets().GetAsset(f.ctx, a.ID)
			noErr(t, "get", err)
			same(t, "asset", utcAsset(got), a)
			if got.URL != "/api/v1/assets/"+a.ID+"/file" || got.Variants == nil {
				t.Fatalf("url %q, variants %#v: want the file URL and an empty non-nil list", got.URL, got.Variants)
			}
			got, err = f.assets().FindAssetBySHA(f.ctx, s.ID, a.SHA256)
			noErr(t, "find by content", err)
			same(t, "asset by content", utcAsset(got), a)
			_, err = f.assets().FindAssetBySHA(f.ctx, f.addSite(t, "other").ID, a.SHA256)
			wantErr(t, "same content on another site", err, errs.ErrNoRows)
			_, err = f.assets().GetAsset(f.ctx, newID())
			wantErr(t, "missing asset", err, errs.ErrNoRows)
		}},
		{name: "VariantsJobQueuedOnlyWhileProcessing", run: func(t *testing.T, f *fixture) {
			s := f.addSite(t, "clinic")
			big := f.addAsset(t, f.newAsset(s.ID, "big.jpg", asset.StatusProcessing))
			f.addAsset(t, f.newAsset(s.ID, "icon.png", asset.StatusReady))
			if got := assetJobs(t, f.db, jobs.AssetVariants{}.Kind()); !slices.Equal(got, []string{big.ID}) {
				t.Fatalf("asset.variants jobs for %v, want one for %s", got, big.ID)
			}
		}},
		{name: "ContentUniquePerSite", run: func(t *testing.T, f *fixture) {
			s, other := f.addSite(t, "clinic"), f.addSite(t, "other")
			first := f.addAsset(t, f.newAsset(s.ID, "a.png", asset.StatusProcessing))
			dup := f.newAsset(s.ID, "copy of a.png", asset.StatusProcessing)
			dup.SHA256 = first.SHA256
			jobsBefore := CountJobs(t, f.db, jobs.AssetVariants{}.Kind())
			f.fails(t, errs.ErrDuplicate, entry("asset.upload", "asset", dup.ID), func(e audit.Entry) error {
				return f.assets().CreateAsset(f.ctx, dup, e)
			})
			if n := CountJobs(t, f.db, jobs.AssetVariants{}.Kind()); n != jobsBefore {
				t.Fatalf("a refused upload queued %d variants jobs", n-jobsBefore)
			}
			_, err := f.assets().GetAsset(f.ctx, dup.ID)
			wantErr(t, "duplicate asset", err, errs.ErrNoRows)
			elsewhere := f.newAsset(other.ID, "a.png", asset.StatusReady)
			elsewhere.SHA256 = first.SHA256
			f.addAsset(t, elsewhere) // the same picture in another site's library
		}},
		{name: "CreateOnMissingSite", run: func(t *testing.T, f *fixture) {
			a := f.newAsset(newID(), "a.png", asset.StatusReady)
			f.fails(t, errs.ErrNoRows, entry("asset.upload", "asset", a.ID), func(e audit.Entry) error {
				return f.assets().CreateAsset(f.ctx, a, e)
			})
		}},
		{name: "CreateRolledBackWithoutItsAuditEntry", run: func(t *testing.T, f *fixture) {
			s := f.addSite(t, "clinic")
			a := f.newAsset(s.ID, "a.jpg", asset.StatusProcessing)
			FailAuditAppends(t, f.db)
			if err := f.assets().CreateAsset(f.ctx, a, entry("asset.upload", "asset", a.ID)); err == nil {
				t.Fatal("asset created without its audit entry")
			}
			_, err := f.assets().GetAsset(f.ctx, a.ID)
			wantErr(t, "rolled-back asset", err, errs.ErrNoRows)
			if n := CountJobs(t, f.db, jobs.AssetVariants{}.Kind()); n != 0 {
				t.Fatalf("a rolled-back upload left %d variants jobs", n)
			}
		}},
		{name: "ListNewestFirstWithCursorPerSite", run: func(t *testing.T, f *fixture) {
			s, other := f.addSite(t, "clinic"), f.addSite(t, "other")
			var want []string
			for _, n := range []string{"one.png", "two.png", "three.png", "four.png", "five.png"} {
				want = append(want, f.addAsset(t, f.newAsset(s.ID, n, asset.StatusReady)).ID)
				f.addAsset(t, f.newAsset(other.ID, n, asset.StatusReady))
			}
			slices.Reverse(want)
			var got []string
			before := ""
			for _, size := range []int{2, 2, 1, 0} {
				page, err := f.assets().ListAssets(f.ctx, s.ID, asset.Filter{BeforeID: before, Limit: 2})
				noErr(t, "list", err)
				if len(page) != size || page == nil {
					t.Fatalf("page before %q: %d assets (%#v), want %d", before, len(page), page, size)
				}
				for _, a := range page {
					if a.SiteID != s.ID {
						t.Fatalf("listed %s of site %s", a.ID, a.SiteID)
					}
				}
				got = append(got, ids(page, assetID)...)
				if len(page) > 0 {
					before = page[len(page)-1].ID
				}
			}
			same(t, "assets newest first", got, want)
		}},
		{name: "SearchNameAndAltInAnyCase", run: func(t *testing.T, f *fixture) {
			s, other := f.addSite(t, "clinic"), f.addSite(t, "other")
			add := func(name, alt string) string {
				a := f.newAsset(s.ID, name, asset.StatusReady)
				a.Alt = alt
				return f.addAsset(t, a).ID
			}
			nurse := add("IMG_2041.JPG", "A nurse giving a FLU shot")
			carPark := add("Clinic Map.png", "Map of the clinic car park")
			aerztin := add("ärztin.webp", "Die Ärztin im Gespräch")
			pct := add("100%_done.png", "")
			under := add("snake_case.gif", "")
			o := f.newAsset(other.ID, "flu on another site.png", asset.StatusReady)
			f.addAsset(t, o)
			tests := []struct {
				name, q string
				want    []string
			}{
				{"All", "", []string{under, pct, aerztin, carPark, nurse}},
				{"AltLowerFindsUpper", "flu", []string{nurse}},
				{"NameUpperFindsMixed", "CLINIC MAP", []string{carPark}},
				{"AltOnly", "nurse", []string{nurse}},
				{"NameAndAlt", "clinic", []string{carPark}},
				{"NameCaseFolded", "img_2041.jpg", []string{nurse}},
				{"BeyondASCII", "ÄRZTIN", []string{aerztin}},
				{"PercentIsLiteral", "%", []string{pct}},
				{"UnderscoreIsLiteral", "_", []string{under, pct, nurse}},
				{"NoMatch", "x-ray", nil},
			}
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					as, err := f.assets().ListAssets(f.ctx, s.ID, asset.Filter{Q: tc.q, Limit: 50})
					noErr(t, "search", err)
					got := ids(as, assetID)
					if len(got) == 0 {
						got = nil
					}
					same(t, "search "+tc.q, got, tc.want)
				})
			}
			// Search follows a renamed asset.
			a, err := f.assets().GetAsset(f.ctx, pct)
			noErr(t, "get", err)
			a.Name, a.Alt = "finished.png", "Progress bar at X-RAY level"
			f.mutates(t, entry("asset.update", "asset", a.ID), func(e audit.Entry) error { return f.assets().UpdateAsset(f.ctx, a, e) })
			as, err := f.assets().ListAssets(f.ctx, s.ID, asset.Filter{Q: "x-ray", Limit: 50})
			noErr(t, "search after update", err)
			same(t, "search after update", ids(as, assetID), []string{pct})
		}},
		{name: "Update", run: func(t *testing.T, f *fixture) {
			s := f.addSite(t, "clinic")
			a := f.addAsset(t, f.newAsset(s.ID, "a.png", asset.StatusReady))
			a.Name, a.Alt, a.UpdatedAt = "Renamed.png", "Now described", f.now.Add(time.Minute)
			f.mutates(t, entry("asset.update", "asset", a.ID), func(e audit.Entry) error { return f.assets().UpdateAsset(f.ctx, a, e) })
			got, err := f.assets().GetAsset(f.ctx, a.ID)
			noErr(t, "get", err)
			same(t, "updated asset", utcAsset(got), a)
			missing := f.newAsset(s.ID, "missing.png", asset.StatusReady)
			f.fails(t, errs.ErrNoRows, entry("asset.update", "asset", missing.ID), func(e audit.Entry) error {
				return f.assets().UpdateAsset(f.ctx, missing, e)
			})
		}},
		{name: "SetVariants", run: func(t *testing.T, f *fixture) {
			s := f.addSite(t, "clinic")
			a := f.addAsset(t, f.newAsset(s.ID, "a.jpg", asset.StatusProcessing))
			vs := []asset.ImageVariant{
				{Width: 320, Height: 200, ContentType: "image/jpeg", Size: 9000, SHA256: hash64("320")},
				{Width: 640, Height: 400, ContentType: "image/jpeg", Size: 30000, SHA256: hash64("640")},
			}
			n0, _ := f.auditState(t)
			noErr(t, "set variants", f.assets().SetAssetVariants(f.ctx, a.ID, vs, asset.StatusReady, ""))
			got, err := f.assets().GetAsset(f.ctx, a.ID)
			noErr(t, "get", err)
			a.Variants, a.Status = vs, asset.StatusReady
			same(t, "asset with variants (and their hashes)", utcAsset(got), a)
			if n1, _ := f.auditState(t); n1 != n0 {
				t.Fatalf("the job's bookkeeping added %d audit entries", n1-n0)
			}
			b, _ := json.Marshal(got)
			if containsKey(t, b, "sha256", 1) {
				t.Fatalf("variant hashes leak into the API form: %s", b)
			}

			noErr(t, "fail", f.assets().SetAssetVariants(f.ctx, a.ID, []asset.ImageVariant{}, asset.StatusFailed, "could not decode"))
			got, err = f.assets().GetAsset(f.ctx, a.ID)
			noErr(t, "get", err)
			if got.Status != asset.StatusFailed || got.Error != "could not decode" || got.Variants == nil || len(got.Variants) != 0 {
				t.Fatalf("failed asset %+v", got)
			}
			wantErr(t, "variants of a missing asset", f.assets().SetAssetVariants(f.ctx, newID(), vs, asset.StatusReady, ""), errs.ErrNoRows)
		}},
		{name: "DeleteQueuesPurgeOfItsFiles", run: func(t *testing.T, f *fixture) {
			s := f.addSite(t, "clinic")
			a := f.addAsset(t, f.newAsset(s.ID, "a.png", asset.StatusReady))
			keep := f.addAsset(t, f.newAsset(s.ID, "b.png", asset.StatusReady))
			f.mutates(t, entry("asset.delete", "asset", a.ID), func(e audit.Entry) error { return f.assets().DeleteAsset(f.ctx, a.ID, e) })
			_, err := f.assets().GetAsset(f.ctx, a.ID)
			wantErr(t, "deleted asset", err, errs.ErrNoRows)
			_, err = f.assets().GetAsset(f.ctx, keep.ID)
			noErr(t, "other asset", err)
			if got := assetJobs(t, f.db, jobs.AssetPurge{}.Kind()); !slices.Equal(got, []string{s.ID + "/" + a.ID}) {
				t.Fatalf("asset.purge jobs %v, want one for %s/%s", got, s.ID, a.ID)
			}
			f.fails(t, errs.ErrNoRows, entry("asset.delete", "asset", a.ID), func(e audit.Entry) error { return f.assets().DeleteAsset(f.ctx, a.ID, e) })
			if n := CountJobs(t, f.db, jobs.AssetPurge{}.Kind()); n != 1 {
				t.Fatalf("%d asset.purge jobs after deleting a missing asset, want still 1", n)
			}
		}},
		{name: "DeletingTheSiteDeletesItsAssets", run: func(t *testing.T, f *fixture) {
			s, keep := f.addSite(t, "doomed"), f.addSite(t, "keep")
			a := f.addAsset(t, f.newAsset(s.ID, "a.png", asset.StatusProcessing))
			k := f.addAsset(t, f.newAsset(keep.ID, "a.png", asset.StatusReady))
			f.mutates(t, entry("site.delete", "site", s.ID), func(e audit.Entry) error { return f.sites.DeleteSite(f.ctx, s.ID, e) })
			_, err := f.assets().GetAsset(f.ctx, a.ID)
			wantErr(t, "asset of the deleted site", err, errs.ErrNoRows)
			_, err = f.assets().GetAsset(f.ctx, k.ID)
			noErr(t, "asset of another site", err)
			// The files go with the site's purge (everything under sites/<id>/).
			if got := purgeJobs(t, f.db); !slices.Equal(got, []string{s.ID}) {
				t.Fatalf("site.purge jobs %v, want one for %s", got, s.ID)
			}
		}},
	})
}

func (f *fixture) assets() sqlstore.Assets { return sqlstore.Assets{DB: f.db} }

// newAsset is an image of site siteID with content of its own.
func (f *fixture) newAsset(siteID, name, status string) asset.Asset {
	id := newID()
	return asset.Asset{ID: id, SiteID: siteID, Name: name, ContentType: "image/jpeg", Size: 123456, Width: 2400, Height: 1600,
		SHA256: hash64(id), Status: status, Variants: []asset.ImageVariant{}, URL: asset.URL(id),
		CreatedAt: f.now, CreatedBy: f.admin.ID, UpdatedAt: f.now}
}

func (f *fixture) addAsset(t *testing.T, a asset.Asset) asset.Asset {
	t.Helper()
	f.mutates(t, entry("asset.upload", "asset", a.ID), func(e audit.Entry) error { return f.assets().CreateAsset(f.ctx, a, e) })
	return a
}

func utcAsset(a asset.Asset) asset.Asset {
	a.CreatedAt, a.UpdatedAt = utc(a.CreatedAt), utc(a.UpdatedAt)
	return a
}

func assetID(a asset.Asset) string { return a.ID }

// hash64 is the hex SHA-256 of s, standing in for an image's.
func hash64(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// containsKey reports whether the JSON b has more than n occurrences of
// the key anywhere.
func containsKey(t *testing.T, b []byte, key string, n int) bool {
	t.Helper()
	var count func(v any) int
	count = func(v any) int {
		c := 0
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if k == key {
					c++
				}
				c += count(x)
			}
		case []any:
			for _, x := range v {
				c += count(x)
			}
		}
		return c
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return count(v) > n
}

// assetJobs returns the queued jobs of an asset job kind, as "<assetId>"
// for asset.variants and "<siteId>/<assetId>" for asset.purge.
func assetJobs(t *testing.T, db *sqlstore.DB, kind string) []string {
	t.Helper()
	args := "args"
	if db.Dialect == sqlstore.SQLite {
		args = "json(args)"
	}
	rows, err := db.R.QueryContext(context.Background(), "SELECT "+args+" FROM river_job WHERE kind = $1 ORDER BY id", kind)
	if err != nil {
		t.Fatalf("list jobs: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			t.Fatal(err)
		}
		var a struct{ SiteID, AssetID string }
		if err := json.Unmarshal(raw, &a); err != nil {
			t.Fatalf("job args %s: %v", raw, err)
		}
		if a.SiteID != "" {
			out = append(out, a.SiteID+"/"+a.AssetID)
		} else {
			out = append(out, a.AssetID)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
