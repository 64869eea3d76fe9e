package storetest

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/page"
	"github.com/pagewright/pagewright/internal/sqlstore"
	"github.com/pagewright/pagewright/internal/symbol"
)

// RunSymbols tests sqlstore.Symbols (symbol.Store), the reusable
// component library: components and their immutable versions (ordered
// numerically, 1.10.0 after 1.9.0), listing with search, filters,
// visibility and keyset paging, usage found in page documents, bulk
// updates of pages in one transaction with per-page revision checks, and
// deletion refused while a page or another component uses a component.
func RunSymbols(t *testing.T, newDB NewDBFunc) {
	runCases(t, newDB, []testCase{
		{name: "CreateGetListAndVersions", run: func(t *testing.T, f *fixture) {
			st := sqlstore.Symbols{DB: f.db}
			s := f.addSite(t, "sym-"+randHex()[:8])
			other := f.addUser(t, "sam@riverside.example", "Sam Editor", access.RoleEditor)
			card := f.addSymbol(t, s.ID, "Card", "Cards", symbol.VisibilityOrganization, f.admin.ID, "clinic", "info")
			banner := f.addSymbol(t, s.ID, "banner", "Sections", symbol.VisibilityTeam, other.ID)
			alert := f.addSymbol(t, s.ID, "Alert", "Content", symbol.VisibilityPrivate, other.ID, "Urgent")
			mine := f.addSymbol(t, s.ID, "Dialog", "Content", symbol.VisibilityPrivate, f.admin.ID)

			got, err := st.GetComponent(f.ctx, card.ID)
			noErr(t, "get", err)
			card.Usage = symbol.Usage{}
			same(t, "component", got, card)
			_, err = st.GetComponent(f.ctx, newID())
			wantErr(t, "missing", err, errs.ErrNoRows)

			list := func(fl symbol.Filter) []string {
				t.Helper()
				if fl.Limit == 0 {
					fl.Limit = 50
				}
				cs, err := st.ListComponents(f.ctx, fl)
				noErr(t, "list", err)
				return ids(cs, func(c symbol.Component) string { return c.Name })
			}
			same(t, "all, by lowercase name", list(symbol.Filter{All: true}), []string{"Alert", "banner", "Card", "Dialog"})
			same(t, "as the admin (not All): others' private ones left out", list(symbol.Filter{OwnerID: f.admin.ID}), []string{"banner", "Card", "Dialog"})
			same(t, "as Sam", list(symbol.Filter{OwnerID: other.ID}), []string{"Alert", "banner", "Card"})
			same(t, "search in tags", list(symbol.Filter{All: true, Search: "urgent"}), []string{"Alert"})
			same(t, "search in description", list(symbol.Filter{All: true, Search: "about card"}), []string{"Card"})
			same(t, "search is literal", list(symbol.Filter{All: true, Search: "%"}), []string{})
			same(t, "category", list(symbol.Filter{All: true, Category: "Content"}), []string{"Alert", "Dialog"})
			same(t, "another site", list(symbol.Filter{All: true, SiteID: newID()}), []string{})
			same(t, "keyset page 1", list(symbol.Filter{All: true, Limit: 2}), []string{"Alert", "banner"})
			same(t, "keyset page 2", list(symbol.Filter{All: true, Limit: 2, AfterName: "banner", AfterID: banner.ID}), []string{"Card", "Dialog"})

			// Deprecation is stored and hides the component unless asked.
			dep := mine
			dep.Deprecated = &symbol.Deprecation{Message: "Use Card", ReplacementID: card.ID, At: f.now, By: &symbol.Ref{ID: f.admin.ID}}
			dep.Name, dep.Tags, dep.UpdatedAt = "Dialog box", []string{"modal"}, f.now.Add(time.Second)
			f.mutates(t, entry("component.deprecate", "component", dep.ID), func(e audit.Entry) error { return st.UpdateComponent(f.ctx, dep, e) })
			got, _ = st.GetComponent(f.ctx, dep.ID)
			if got.Deprecated == nil || got.Deprecated.ReplacementName != "Card" || got.Deprecated.By == nil || got.Deprecated.By.Name != f.admin.Name ||
				!got.Deprecated.At.Equal(f.now) || got.Name != "Dialog box" || !got.UpdatedAt.Equal(dep.UpdatedAt) {
				t.Fatalf("deprecated component %+v (%+v)", got, got.Deprecated)
			}
			same(t, "deprecated left out", list(symbol.Filter{All: true}), []string{"Alert", "banner", "Card"})
			same(t, "deprecated included", list(symbol.Filter{All: true, IncludeDeprecated: true, Search: "modal"}), []string{"Dialog box"})
			dep.Deprecated = nil
			f.mutates(t, entry("component.undeprecate", "component", dep.ID), func(e audit.Entry) error { return st.UpdateComponent(f.ctx, dep, e) })
			got, _ = st.GetComponent(f.ctx, dep.ID)
			same(t, "undeprecated", got.Deprecated, (*symbol.Deprecation)(nil))
			f.fails(t, errs.ErrNoRows, entry("component.update", "component", "x"), func(e audit.Entry) error {
				gone := dep
				gone.ID = newID()
				return st.UpdateComponent(f.ctx, gone, e)
			})

			// Versions: numeric order, immutable, compare-and-swap on the latest.
			prev := "1.0.0"
			for _, v := range []string{"1.2.0", "1.9.0", "1.10.0", "2.0.0"} {
				f.mutates(t, entry("component.publish", "component", card.ID), func(e audit.Entry) error {
					return st.CreateVersion(f.ctx, f.symbolVersion(card.ID, v), prev, e)
				})
				prev = v
			}
			vs, err := st.ListVersions(f.ctx, card.ID)
			noErr(t, "versions", err)
			same(t, "newest first, numerically", ids(vs, func(v symbol.Version) string { return v.Version }), []string{"2.0.0", "1.10.0", "1.9.0", "1.2.0", "1.0.0"})
			if vs[0].Document != nil || len(vs[0].Exposed) != 1 || vs[0].CreatedBy == nil || vs[0].CreatedBy.Name != f.admin.Name {
				t.Fatalf("listed version %+v", vs[0])
			}
			got, _ = st.GetComponent(f.ctx, card.ID)
			same(t, "latest", got.LatestVersion, "2.0.0")
			v, err := st.GetVersion(f.ctx, card.ID, "1.10.0")
			noErr(t, "get version", err)
			want := f.symbolVersion(card.ID, "1.10.0")
			want.CreatedBy.Name = f.admin.Name
			v.CreatedAt = v.CreatedAt.UTC()
			same(t, "version", v, want)
			_, err = st.GetVersion(f.ctx, card.ID, "3.0.0")
			wantErr(t, "missing version", err, errs.ErrNoRows)
			f.fails(t, errs.ErrStale, entry("component.publish", "component", card.ID), func(e audit.Entry) error {
				return st.CreateVersion(f.ctx, f.symbolVersion(card.ID, "2.1.0"), "1.10.0", e) // someone published 2.0.0
			})
			f.fails(t, errs.ErrNoRows, entry("component.publish", "component", "x"), func(e audit.Entry) error {
				return st.CreateVersion(f.ctx, f.symbolVersion(newID(), "1.1.0"), "1.0.0", e)
			})
			vs, _ = st.ListVersions(f.ctx, card.ID)
			same(t, "versions after refused publishes", len(vs), 5)
			if _, err := f.db.W.ExecContext(f.ctx, "UPDATE component_versions SET notes = 'changed' WHERE component_id = $1", card.ID); err == nil {
				t.Fatal("a stored version was changed")
			}
			restore := FailAuditAppends(t, f.db)
			if err := st.CreateVersion(f.ctx, f.symbolVersion(card.ID, "2.1.0"), "2.0.0", entry("component.publish", "component", card.ID)); err == nil {
				t.Fatal("a version was published without its audit entry")
			}
			restore()
			got, _ = st.GetComponent(f.ctx, card.ID)
			same(t, "latest after a failed publish", got.LatestVersion, "2.0.0")
			_ = alert
		}},
		{name: "UsageCountsInstances", run: func(t *testing.T, f *fixture) {
			st := sqlstore.Symbols{DB: f.db}
			s := f.addSite(t, "sym-"+randHex()[:8])
			a := f.addSymbol(t, s.ID, "Hours", "Content", symbol.VisibilityOrganization, f.admin.ID)
			b := f.addSymbol(t, s.ID, "Footer", "Navigation", symbol.VisibilityOrganization, f.admin.ID)
			p1 := f.symbolPage(t, s.ID, "one", instanceNode("i1", a.ID, "1.0.0", nil), instanceNode("i2", a.ID, "1.1.0", nil), instanceNode("i3", b.ID, "1.0.0", nil))
			p2 := f.symbolPage(t, s.ID, "two", instanceNode("i1", a.ID, "1.0.0", map[string]any{"title": "Hi"}))
			f.symbolPage(t, s.ID, "three", instanceNode("i1", b.ID, "2.0.0", nil))
			f.addPage(t, s.ID, "plain")

			hits, err := st.PageUsage(f.ctx, []string{a.ID})
			noErr(t, "usage", err)
			same(t, "pages using a", ids(hits, func(h symbol.PageHit) string { return h.PageID }), sortedIDs(p1.ID, p2.ID))
			for _, h := range hits {
				switch h.PageID {
				case p1.ID:
					same(t, "page one", h.Refs, map[string]map[string]int{a.ID: {"1.0.0": 1, "1.1.0": 1}})
					same(t, "page one's title and revision", []any{h.Title, h.SiteID, h.Revision}, []any{p1.Title, s.ID, int64(1)})
				case p2.ID:
					same(t, "page two", h.Refs, map[string]map[string]int{a.ID: {"1.0.0": 1}})
				}
			}
			hits, _ = st.PageUsage(f.ctx, []string{a.ID, b.ID})
			same(t, "pages using a or b", len(hits), 3)
			// Many components at once read every page with an instance.
			many := []string{b.ID}
			for range 25 {
				many = append(many, newID())
			}
			hits, _ = st.PageUsage(f.ctx, many)
			same(t, "pages using b among many", len(hits), 2)
			hits, _ = st.PageUsage(f.ctx, []string{newID()})
			same(t, "unused", len(hits), 0)

			pd, err := st.PageDocument(f.ctx, p2.ID)
			noErr(t, "page document", err)
			if pd.Title != p2.Title || pd.SiteID != s.ID || pd.Revision != 1 || !strings.Contains(string(pd.JSON), a.ID+"@1.0.0") {
				t.Fatalf("page document %+v", pd)
			}
			_, err = st.PageDocument(f.ctx, newID())
			wantErr(t, "missing page", err, errs.ErrNoRows)
		}},
		{name: "BulkUpdateIsOneTransaction", run: func(t *testing.T, f *fixture) {
			st := sqlstore.Symbols{DB: f.db}
			s := f.addSite(t, "sym-"+randHex()[:8])
			a := f.addSymbol(t, s.ID, "Hours", "Content", symbol.VisibilityOrganization, f.admin.ID)
			p1 := f.symbolPage(t, s.ID, "one", instanceNode("i1", a.ID, "1.0.0", nil))
			p2 := f.symbolPage(t, s.ID, "two", instanceNode("i1", a.ID, "1.0.0", nil))
			p3 := f.symbolPage(t, s.ID, "three", instanceNode("i1", a.ID, "1.0.0", nil))
			// p3 moves on to revision 2 behind the bulk update's back.
			_, err := f.pages.PutDocument(f.ctx, p3.ID, symbolDoc("three", instanceNode("i1", a.ID, "1.0.0", nil)), 1, f.admin.ID, f.now,
				entry("page.document.update", "page", p3.ID))
			noErr(t, "save page three", err)

			writes := func(pages ...page.Page) []symbol.PageWrite {
				var out []symbol.PageWrite
				for _, p := range pages {
					out = append(out, symbol.PageWrite{PageID: p.ID, Revision: 1, Entry: entry("page.document.update", "page", p.ID),
						Document: symbolDoc(p.Title, instanceNode("i1", a.ID, "2.0.0", nil))})
				}
				return out
			}
			snapshot := func() string {
				var b strings.Builder
				for _, p := range []page.Page{p1, p2, p3} {
					d, err := f.pages.GetDocument(f.ctx, p.ID)
					noErr(t, "read", err)
					b.WriteString(string(d.JSON) + "@" + itoa64(d.Revision) + "\n")
				}
				return b.String()
			}
			before := snapshot()
			n0, _ := f.auditState(t)
			err = st.UpdatePages(f.ctx, writes(p1, p2, p3), f.admin.ID, f.now, entry("component.bulk_update", "component", a.ID))
			var sp *symbol.StalePage
			if !errors.As(err, &sp) || sp.PageID != p3.ID || !errors.Is(err, errs.ErrStale) {
				t.Fatalf("bulk update with a stale page: %v, want a StalePage naming %s", err, p3.ID)
			}
			if n1, _ := f.auditState(t); n1 != n0 {
				t.Fatalf("a refused bulk update wrote %d audit entries", n1-n0)
			}
			same(t, "pages after a refused bulk update", snapshot(), before)
			err = st.UpdatePages(f.ctx, []symbol.PageWrite{{PageID: newID(), Revision: 1, Document: []byte("{}"), Entry: entry("page.document.update", "page", "x")}},
				f.admin.ID, f.now, entry("component.bulk_update", "component", a.ID))
			wantErr(t, "missing page", err, errs.ErrNoRows)

			// Without the stale page it goes through: one entry per page,
			// then the bulk update's, all in the chain.
			at := f.now.Add(time.Minute)
			noErr(t, "bulk update", st.UpdatePages(f.ctx, writes(p1, p2), f.admin.ID, at, entry("component.bulk_update", "component", a.ID)))
			n2, _ := f.auditState(t)
			same(t, "audit entries", n2-n0, int64(3))
			es, err := f.db.QueryAudit(f.ctx, audit.Filter{Limit: 3})
			noErr(t, "audit", err)
			same(t, "audit actions, newest first", ids(es, func(e audit.Entry) string { return e.Action + " " + e.ResourceID }),
				[]string{"component.bulk_update " + a.ID, "page.document.update " + p2.ID, "page.document.update " + p1.ID})
			for _, p := range []page.Page{p1, p2} {
				d, _ := f.pages.GetDocument(f.ctx, p.ID)
				if d.Revision != 2 || !strings.Contains(string(d.JSON), a.ID+"@2.0.0") || !d.UpdatedAt.Equal(at) {
					t.Fatalf("page %s after the bulk update: revision %d, %s", p.Title, d.Revision, d.JSON)
				}
				pg, _ := f.pages.GetPage(f.ctx, p.ID)
				if pg.UpdatedBy == nil || pg.UpdatedBy.ID != f.admin.ID {
					t.Fatalf("updated by %+v", pg.UpdatedBy)
				}
			}
			// A failed audit append rolls the pages back too.
			restore := FailAuditAppends(t, f.db)
			w := writes(p1)
			w[0].Revision = 2
			if err := st.UpdatePages(f.ctx, w, f.admin.ID, at, entry("component.bulk_update", "component", a.ID)); err == nil {
				t.Fatal("a bulk update went through without its audit entries")
			}
			restore()
			d, _ := f.pages.GetDocument(f.ctx, p1.ID)
			same(t, "revision after a bulk update that could not be audited", d.Revision, int64(2))
		}},
		{name: "DeleteRefusedWhileInUse", run: func(t *testing.T, f *fixture) {
			st := sqlstore.Symbols{DB: f.db}
			s := f.addSite(t, "sym-"+randHex()[:8])
			a := f.addSymbol(t, s.ID, "Hours", "Content", symbol.VisibilityOrganization, f.admin.ID)
			b := f.addSymbol(t, s.ID, "Footer", "Content", symbol.VisibilityOrganization, f.admin.ID)
			p := f.symbolPage(t, s.ID, "one", instanceNode("i1", a.ID, "1.0.0", nil))
			f.fails(t, symbol.ErrInUse, entry("component.delete", "component", a.ID), func(e audit.Entry) error { return st.DeleteComponent(f.ctx, a.ID, e) })

			// Used by another component's version only.
			nested := f.symbolVersion(b.ID, "1.1.0")
			nested.Document = symbolDoc("Footer", instanceNode("n1", a.ID, "1.0.0", nil))
			f.mutates(t, entry("component.publish", "component", b.ID), func(e audit.Entry) error { return st.CreateVersion(f.ctx, nested, "1.0.0", e) })
			f.mutates(t, entry("page.delete", "page", p.ID), func(e audit.Entry) error { return f.pages.DeletePage(f.ctx, p.ID, e) })
			f.fails(t, symbol.ErrInUse, entry("component.delete", "component", a.ID), func(e audit.Entry) error { return st.DeleteComponent(f.ctx, a.ID, e) })

			// b is unused: it goes, with its versions, and stops being a
			// replacement.
			a.Deprecated = &symbol.Deprecation{Message: "Old", ReplacementID: b.ID, At: f.now}
			f.mutates(t, entry("component.deprecate", "component", a.ID), func(e audit.Entry) error { return st.UpdateComponent(f.ctx, a, e) })
			f.mutates(t, entry("component.delete", "component", b.ID), func(e audit.Entry) error { return st.DeleteComponent(f.ctx, b.ID, e) })
			_, err := st.GetComponent(f.ctx, b.ID)
			wantErr(t, "deleted", err, errs.ErrNoRows)
			vs, _ := st.ListVersions(f.ctx, b.ID)
			same(t, "versions of the deleted component", len(vs), 0)
			got, _ := st.GetComponent(f.ctx, a.ID)
			if got.Deprecated == nil || got.Deprecated.ReplacementID != "" {
				t.Fatalf("deprecation after the replacement was deleted: %+v", got.Deprecated)
			}
			// Now nothing uses a.
			f.mutates(t, entry("component.delete", "component", a.ID), func(e audit.Entry) error { return st.DeleteComponent(f.ctx, a.ID, e) })
			f.fails(t, errs.ErrNoRows, entry("component.delete", "component", a.ID), func(e audit.Entry) error { return st.DeleteComponent(f.ctx, a.ID, e) })
		}},
	})
}

// addSymbol stores a component at 1.0.0 made by owner.
func (f *fixture) addSymbol(t *testing.T, siteID, name, category, visibility, ownerID string, tags ...string) symbol.Component {
	t.Helper()
	if tags == nil {
		tags = []string{}
	}
	c := symbol.Component{ID: newID(), Name: name, Description: "About " + strings.ToLower(name), Category: category, Tags: tags,
		Visibility: visibility, SiteID: siteID, Owner: &symbol.Ref{ID: ownerID}, LatestVersion: "1.0.0", CreatedAt: f.now, UpdatedAt: f.now}
	f.mutates(t, entry("component.create", "component", c.ID), func(e audit.Entry) error {
		return sqlstore.Symbols{DB: f.db}.CreateComponent(f.ctx, c, f.symbolVersion(c.ID, "1.0.0"), e)
	})
	name2 := "Maya Admin"
	if ownerID != f.admin.ID {
		name2 = "Sam Editor"
	}
	c.Owner.Name = name2
	return c
}

func (f *fixture) symbolVersion(id, v string) symbol.Version {
	return symbol.Version{ComponentID: id, Version: v, Notes: "Version " + v, Document: symbolDoc("Card"),
		Exposed:   []symbol.Exposed{{Key: "title", Node: "h", Prop: "text", Label: "Title", Type: "string"}},
		CreatedAt: f.now, CreatedBy: &symbol.Ref{ID: f.admin.ID}}
}

// symbolPage stores a page whose document holds the given nodes under
// its root.
func (f *fixture) symbolPage(t *testing.T, siteID, slug string, nodes ...string) page.Page {
	t.Helper()
	p := f.newPage(siteID, slug)
	f.mutates(t, entry("page.create", "page", p.ID), func(e audit.Entry) error {
		return f.pages.CreatePage(f.ctx, p, symbolDoc(p.Title, nodes...), e)
	})
	return p
}

// symbolDoc is a compact document with a heading and the nodes under the
// root.
func symbolDoc(title string, nodes ...string) []byte {
	extra := ""
	for _, n := range nodes {
		extra += "," + n
	}
	return []byte(`{"schemaVersion":1,"root":"root","meta":{"title":` + quote(title) + `},"nodes":{"root":{"id":"root","type":"Page","props":{}},` +
		`"h":{"id":"h","type":"Heading","parent":"root","pos":"a0","props":{"text":` + quote(title) + `}}` + extra + `}}`)
}

// instanceNode is a compact Instance node under the root.
func instanceNode(id, componentID, version string, overrides map[string]any) string {
	props := map[string]any{"component": componentID + "@" + version}
	if overrides != nil {
		props["overrides"] = overrides
	}
	b, _ := json.Marshal(props)
	return quote(id) + `:{"id":` + quote(id) + `,"type":"Instance","parent":"root","pos":"a1","props":` + string(b) + `}`
}

func sortedIDs(xs ...string) []string {
	out := append([]string(nil), xs...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func itoa64(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
