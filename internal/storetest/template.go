package storetest

import (
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/sqlstore"
	"github.com/pagewright/pagewright/internal/template"
)

// ---------------------------------------------------------------------------
// Templates.

// RunTemplates tests sqlstore.Templates (template.Store): full-text search
// (FTS5 on SQLite, a tsvector on PostgreSQL) with stemming and prefixes,
// visibility, sorting and paging, category counts, versions in semver
// order, installs that create the page and count in one transaction (and
// change nothing when the slug is taken), reviews with their running
// average, and thumbnails.
func RunTemplates(t *testing.T, newDB NewDBFunc) {
	runCases(t, newDB, []testCase{
		{name: "SearchSortAndCount", run: func(t *testing.T, f *fixture) {
			ts := sqlstore.Templates{DB: f.db}
			flu := f.addTemplate(t, "Vaccination campaign", "Flu and COVID-19 vaccinations for the whole family.", "campaigns", []string{"vaccines", "flu"}, "organization", "")
			intake := f.addTemplate(t, "Patient intake form", "Collect a new patient's details before the first visit.", "forms", []string{"intake"}, "organization", "")
			booking := f.addTemplate(t, "Appointment booking", "Book a clinic appointment online.", "forms", []string{"booking", "appointments"}, "organization", "")
			all := template.Viewer{UserID: f.admin.ID, AllTeams: true}
			list := func(q template.Query) []string {
				t.Helper()
				q.Viewer = all
				if q.Limit == 0 {
					q.Limit = 10
				}
				items, _, err := ts.ListTemplates(f.ctx, q)
				noErr(t, "list", err)
				ids := []string{}
				for _, it := range items {
					ids = append(ids, it.ID)
				}
				return ids
			}
			// Stemming and prefixes: "vaccinating" and "vacc" find "Vaccination".
			same(t, "stemmed search", list(template.Query{Q: "vaccinating", Sort: template.SortRelevance}), []string{flu})
			same(t, "prefix search", list(template.Query{Q: "vacc", Sort: template.SortRelevance}), []string{flu})
			same(t, "search in description", list(template.Query{Q: "clinic", Sort: template.SortRelevance}), []string{booking})
			same(t, "every word must match", list(template.Query{Q: "patient vaccination", Sort: template.SortRelevance}), []string{})
			same(t, "name sort", list(template.Query{Sort: template.SortName}), []string{booking, intake, flu})
			same(t, "category filter", list(template.Query{Category: "forms", Sort: template.SortName}), []string{booking, intake})
			counts, err := ts.CategoryCounts(f.ctx, template.Query{Viewer: all, Category: "forms"})
			noErr(t, "counts", err)
			same(t, "counts ignore the category filter", counts, map[string]int{"forms": 2, "campaigns": 1})
			counts, _ = ts.CategoryCounts(f.ctx, template.Query{Viewer: all, Q: "intake"})
			same(t, "counts follow the search", counts, map[string]int{"forms": 1})
			// Two installs make intake the most popular.
			s := f.addSite(t, "tpl-"+randHex()[:6])
			for i, sl := range []string{"a", "b"} {
				noErr(t, "install", ts.InstallTemplate(f.ctx, f.newInstallPage(s.ID, sl), template.Install{ID: newID(), TemplateID: intake, Version: "1.0.0",
					UserID: f.admin.ID, SiteID: s.ID, PageID: newID(), At: f.now.Add(time.Duration(i) * time.Second)}, nil))
			}
			same(t, "popular first", list(template.Query{Sort: template.SortPopular})[0], intake)
			// Paging.
			items, more, err := ts.ListTemplates(f.ctx, template.Query{Viewer: all, Sort: template.SortName, Limit: 2})
			noErr(t, "page 1", err)
			same(t, "page 1 has more", more, true)
			same(t, "page 1 size", len(items), 2)
			items, more, _ = ts.ListTemplates(f.ctx, template.Query{Viewer: all, Sort: template.SortName, Limit: 2, Offset: 2})
			same(t, "page 2 is the last", more, false)
			same(t, "page 2", items[0].ID, flu)
			// A changed name is searchable at once.
			tpl, err := ts.GetTemplate(f.ctx, flu, f.admin.ID)
			noErr(t, "get", err)
			tpl.Name, tpl.Description = "Shingles clinic", "The shingles vaccine for people over 65."
			noErr(t, "update", ts.UpdateTemplate(f.ctx, tpl, entry("template.update", "template", flu)))
			same(t, "new name found", list(template.Query{Q: "shingles", Sort: template.SortRelevance}), []string{flu})
			same(t, "old name gone", list(template.Query{Q: "family", Sort: template.SortRelevance}), []string{})
		}},
		{name: "Visibility", run: func(t *testing.T, f *fixture) {
			ts := sqlstore.Templates{DB: f.db}
			other := f.addUser(t, "sam@riverside.example", "Sam", "editor")
			s1, s2 := f.addSite(t, "vis-a"), f.addSite(t, "vis-b")
			org := f.addTemplate(t, "Org", "", "landing", nil, "organization", "")
			mine := f.addTemplateBy(t, "Mine", other.ID, "private", s1.ID)
			team1 := f.addTemplateBy(t, "Team one", other.ID, "team", s1.ID)
			team2 := f.addTemplateBy(t, "Team two", other.ID, "team", s2.ID)
			see := func(v template.Viewer) []string {
				t.Helper()
				items, _, err := ts.ListTemplates(f.ctx, template.Query{Viewer: v, Sort: template.SortName, Limit: 10})
				noErr(t, "list", err)
				ids := []string{}
				for _, it := range items {
					ids = append(ids, it.ID)
				}
				return ids
			}
			same(t, "the author sees theirs", see(template.Viewer{UserID: other.ID}), []string{mine, org, team1, team2})
			same(t, "a stranger sees the organisation's", see(template.Viewer{UserID: newID()}), []string{org})
			same(t, "site team", see(template.Viewer{UserID: newID(), Sites: []string{s1.ID}}), []string{org, team1})
			same(t, "every team", see(template.Viewer{UserID: f.admin.ID, AllTeams: true}), []string{org, team1, team2})
		}},
		{name: "VersionsInSemverOrder", run: func(t *testing.T, f *fixture) {
			ts := sqlstore.Templates{DB: f.db}
			id := f.addTemplate(t, "Careers", "", "careers", nil, "organization", "")
			for _, v := range []string{"1.2.0", "1.10.0", "1.9.0"} {
				e := entry("template.version", "template", id)
				f.mutates(t, e, func(e audit.Entry) error {
					return ts.AddVersion(f.ctx, template.TemplateVersion{TemplateID: id, Version: v, Document: docJSON(v), Hash: v, CreatedAt: f.now}, &e)
				})
			}
			vs, err := ts.ListVersions(f.ctx, id)
			noErr(t, "versions", err)
			got := []string{}
			for _, v := range vs {
				got = append(got, v.Version)
			}
			same(t, "order", got, []string{"1.10.0", "1.9.0", "1.2.0", "1.0.0"})
			tpl, _ := ts.GetTemplate(f.ctx, id, "")
			same(t, "current is the last added", tpl.Version, "1.9.0")
			v, err := ts.GetVersion(f.ctx, id, "1.10.0")
			noErr(t, "get version", err)
			same(t, "document", string(v.Document), string(docJSON("1.10.0")))
			_, err = ts.GetVersion(f.ctx, id, "3.0.0")
			wantErr(t, "unknown version", err, errs.ErrNoRows)
			wantErr(t, "duplicate version", ts.AddVersion(f.ctx, template.TemplateVersion{TemplateID: id, Version: "1.9.0", Document: docJSON("x"), CreatedAt: f.now}, nil), errs.ErrDuplicate)
		}},
		{name: "InstallIsAllOrNothing", run: func(t *testing.T, f *fixture) {
			ts := sqlstore.Templates{DB: f.db}
			id := f.addTemplate(t, "FAQ", "", "support", nil, "organization", "")
			s := f.addSite(t, "inst-"+randHex()[:6])
			p := f.newInstallPage(s.ID, "faq")
			in := template.Install{ID: newID(), TemplateID: id, Version: "1.0.0", UserID: f.admin.ID, SiteID: s.ID, PageID: p.ID, At: f.now}
			n0, _ := f.auditState(t)
			noErr(t, "install", ts.InstallTemplate(f.ctx, p, in, []audit.Entry{entry("page.create", "page", p.ID), entry("template.install", "template", id)}))
			n1, _ := f.auditState(t)
			same(t, "two audit entries", n1-n0, int64(2))
			d, err := f.pages.GetDocument(f.ctx, p.ID)
			noErr(t, "page document", err)
			same(t, "page document", string(d.JSON), string(p.Document))
			tpl, _ := ts.GetTemplate(f.ctx, id, "")
			same(t, "install count", tpl.InstallCount, 1)
			// The same slug again: refused, nothing written.
			p2 := f.newInstallPage(s.ID, "faq")
			in.ID, in.PageID = newID(), p2.ID
			err = ts.InstallTemplate(f.ctx, p2, in, []audit.Entry{entry("page.create", "page", p2.ID), entry("template.install", "template", id)})
			wantErr(t, "slug taken", err, errs.ErrDuplicate)
			n2, _ := f.auditState(t)
			same(t, "no audit entries", n2, n1)
			tpl, _ = ts.GetTemplate(f.ctx, id, "")
			same(t, "install count unchanged", tpl.InstallCount, 1)
			_, err = f.pages.GetPage(f.ctx, p2.ID)
			wantErr(t, "no page", err, errs.ErrNoRows)
		}},
		{name: "ReviewsKeepTheAverage", run: func(t *testing.T, f *fixture) {
			ts := sqlstore.Templates{DB: f.db}
			id := f.addTemplate(t, "Contact", "", "contact", nil, "organization", "")
			u2 := f.addUser(t, "lee@riverside.example", "Lee", "viewer")
			put := func(userID string, rating int, body string) template.Review {
				t.Helper()
				var r template.Review
				f.mutates(t, entry("template.review", "template", id), func(e audit.Entry) error {
					var err error
					r, err = ts.PutReview(f.ctx, template.Review{ID: newID(), TemplateID: id, User: template.Author{ID: userID}, Rating: rating, Body: body, CreatedAt: f.now, UpdatedAt: f.now}, e)
					return err
				})
				return r
			}
			first := put(f.admin.ID, 2, "Too long for us.")
			again := put(f.admin.ID, 4, "Shortened it; works well.")
			same(t, "a second review replaces the first", again.ID, first.ID)
			same(t, "new text", again.Body, "Shortened it; works well.")
			same(t, "author name", again.User.Name, f.admin.Name)
			put(u2.ID, 5, "")
			sum, err := ts.ReviewSummary(f.ctx, id)
			noErr(t, "summary", err)
			same(t, "summary", sum, template.ReviewSummary{Avg: 4.5, Count: 2, Histogram: [5]int{0, 0, 0, 1, 1}})
			tpl, _ := ts.GetTemplate(f.ctx, id, u2.ID)
			same(t, "kept on the template", []any{tpl.RatingAvg, tpl.RatingCount, tpl.MyRating}, []any{4.5, 2, 5})
			rs, more, err := ts.ListReviews(f.ctx, id, 0, 1)
			noErr(t, "list", err)
			same(t, "one of two", []any{len(rs), more}, []any{1, true})
			f.mutates(t, entry("template.review.delete", "template", id), func(e audit.Entry) error { return ts.DeleteReview(f.ctx, id, u2.ID, e) })
			tpl, _ = ts.GetTemplate(f.ctx, id, u2.ID)
			same(t, "recounted", []any{tpl.RatingAvg, tpl.RatingCount, tpl.MyRating}, []any{4.0, 1, 0})
			f.fails(t, errs.ErrNoRows, entry("template.review.delete", "template", id), func(e audit.Entry) error { return ts.DeleteReview(f.ctx, id, u2.ID, e) })
		}},
		{name: "ThumbnailsAndDelete", run: func(t *testing.T, f *fixture) {
			ts := sqlstore.Templates{DB: f.db}
			id := f.addTemplate(t, "Thank you", "", "utility", nil, "organization", "")
			missing := func() int {
				l, err := ts.MissingThumbnails(f.ctx, 10)
				noErr(t, "missing", err)
				return len(l)
			}
			same(t, "new template needs a thumbnail", missing(), 1)
			noErr(t, "set", ts.SetThumbnail(f.ctx, id, "1.0.0", "templates/x.png"))
			same(t, "done", missing(), 0)
			noErr(t, "version", ts.AddVersion(f.ctx, template.TemplateVersion{TemplateID: id, Version: "1.1.0", Document: docJSON("x"), CreatedAt: f.now}, nil))
			same(t, "a new version needs one", missing(), 1)
			f.mutates(t, entry("template.delete", "template", id), func(e audit.Entry) error { return ts.DeleteTemplate(f.ctx, id, e) })
			_, err := ts.GetTemplate(f.ctx, id, "")
			wantErr(t, "deleted", err, errs.ErrNoRows)
			items, _, _ := ts.ListTemplates(f.ctx, template.Query{Viewer: template.Viewer{AllTeams: true}, Q: "thank", Sort: template.SortRelevance, Limit: 5})
			same(t, "not found by search", len(items), 0)
			f.fails(t, errs.ErrNoRows, entry("template.delete", "template", id), func(e audit.Entry) error { return ts.DeleteTemplate(f.ctx, id, e) })
		}},
	})
}

func (f *fixture) addTemplate(t *testing.T, name, desc, category string, tags []string, visibility, siteID string) string {
	t.Helper()
	tpl := template.Template{ID: newID(), Slug: "t-" + randHex()[:10], Name: name, Description: desc, Category: category, Tags: tags,
		Kind: template.KindPage, Visibility: visibility, Version: "1.0.0", CreatedAt: f.now, UpdatedAt: f.now}
	if siteID != "" {
		tpl.SiteID = &siteID
	}
	e := entry("template.publish", "template", tpl.ID)
	f.mutates(t, e, func(e audit.Entry) error {
		return sqlstore.Templates{DB: f.db}.CreateTemplate(f.ctx, tpl, template.TemplateVersion{TemplateID: tpl.ID, Version: "1.0.0", Document: docJSON(name), Hash: "h", CreatedAt: f.now}, &e)
	})
	return tpl.ID
}

func (f *fixture) addTemplateBy(t *testing.T, name, authorID, visibility, siteID string) string {
	t.Helper()
	tpl := template.Template{ID: newID(), Slug: "t-" + randHex()[:10], Name: name, Category: "landing", Kind: template.KindPage,
		Visibility: visibility, Version: "1.0.0", Author: &template.Author{ID: authorID}, SiteID: &siteID, CreatedAt: f.now, UpdatedAt: f.now}
	noErr(t, "create", sqlstore.Templates{DB: f.db}.CreateTemplate(f.ctx, tpl, template.TemplateVersion{TemplateID: tpl.ID, Version: "1.0.0", Document: docJSON(name), CreatedAt: f.now}, nil))
	return tpl.ID
}

func (f *fixture) newInstallPage(siteID, slug string) template.NewPage {
	return template.NewPage{ID: newID(), SiteID: siteID, Title: "From a template", Slug: slug, Document: docJSON("From a template"), By: f.admin.ID, At: f.now}
}
