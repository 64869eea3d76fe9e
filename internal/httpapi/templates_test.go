package httpapi_test

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/apptest"
)

type templateBody struct {
	ID, Slug, Name, Category, Kind, Visibility, Version string
	Builtin                                             bool
	InstallCount                                        int
	RatingAvg                                           float64
	RatingCount, MyRating                               int
	CanEdit                                             bool
	PreviewURL                                          string
	Tags                                                []string
	Warnings                                            []string
	Versions                                            []struct{ Version, Notes string }
}

type templateList struct {
	Items      []templateBody
	NextCursor string
	Categories []struct {
		Slug, Label string
		Count       int
	}
}

func listTemplates(t testing.TB, c *apptest.Client, query string) templateList {
	t.Helper()
	return decode[templateList](t, c.Do(t, "GET", "/api/v1/templates?"+query, nil).Want(t, 200))
}

// builtinTemplate finds a shipped template by slug.
func builtinTemplate(t testing.TB, c *apptest.Client, slug string) templateBody {
	t.Helper()
	for _, it := range listTemplates(t, c, "limit=60&sort=name").Items {
		if it.Slug == slug {
			return it
		}
	}
	t.Fatalf("no shipped template %q", slug)
	return templateBody{}
}

// publishFixture publishes a fresh page as an organisation template, as
// the admin.
func publishFixture(t testing.TB, w *world) templateBody {
	t.Helper()
	fx := w.fixture(t.(*testing.T))
	return decode[templateBody](t, w.admin.Do(t, "POST", "/api/v1/templates", map[string]any{"pageId": fx.page,
		"name": "Authz template " + randHex(3), "category": "landing", "tags": []string{"authz"}}).Want(t, 201))
}

var sharedTemplates sync.Map // *world → template id

func sharedTemplate(t *testing.T, w *world) string {
	if id, ok := sharedTemplates.Load(w); ok {
		return id.(string)
	}
	id := builtinTemplate(t, w.admin, "faq").ID
	sharedTemplates.Store(w, id)
	return id
}

var templateRequests = map[string]builder{
	"list-templates": func(t *testing.T, w *world, a *actor) call {
		return call{query: url.Values{"q": {"vaccination"}}}
	},
	"get-template": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"template": sharedTemplate(t, w)}}
	},
	"template-preview": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"template": sharedTemplate(t, w)}}
	},
	"get-template-document": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"template": sharedTemplate(t, w)}}
	},
	"template-thumbnail": func(t *testing.T, w *world, a *actor) call {
		// Tests run without thumbnails (no browser per instance).
		return call{params: map[string]string{"template": sharedTemplate(t, w)}, wantStatus: 404, wantCode: "thumbnail.not_found"}
	},
	"list-template-reviews": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"template": sharedTemplate(t, w)}}
	},
	"publish-template": func(t *testing.T, w *world, a *actor) call {
		fx := w.fixture(t)
		name := "Published by " + a.name + " " + randHex(3)
		return call{body: map[string]any{"pageId": fx.page, "name": name, "category": "landing"},
			state: func() []byte { return w.read(t, "/api/v1/templates?q="+url.QueryEscape(name), false) }}
	},
	"update-template": func(t *testing.T, w *world, a *actor) call {
		tpl := publishFixture(t, w)
		return call{params: map[string]string{"template": tpl.ID}, body: map[string]any{"name": "Renamed by " + a.name},
			state: func() []byte { return w.read(t, "/api/v1/templates/"+tpl.ID, false) }}
	},
	"delete-template": func(t *testing.T, w *world, a *actor) call {
		tpl := publishFixture(t, w)
		return call{params: map[string]string{"template": tpl.ID},
			state: func() []byte { return w.read(t, "/api/v1/templates/"+tpl.ID, false) },
			after: func(t *testing.T, _ *apptest.Response) {
				wantProblem(t, w.admin.Do(t, "GET", "/api/v1/templates/"+tpl.ID, nil), 404, "template.not_found")
			}}
	},
	"add-template-version": func(t *testing.T, w *world, a *actor) call {
		tpl := publishFixture(t, w)
		fx := w.fixture(t)
		return call{params: map[string]string{"template": tpl.ID}, body: map[string]any{"pageId": fx.page, "notes": "by " + a.name},
			state: func() []byte { return w.read(t, "/api/v1/templates/"+tpl.ID, false) }}
	},
	"install-template": func(t *testing.T, w *world, a *actor) call {
		fx := w.fixture(t)
		return call{params: map[string]string{"template": sharedTemplate(t, w)}, body: map[string]any{"siteId": fx.site, "title": "FAQ by " + a.name},
			state: func() []byte { return w.read(t, "/api/v1/sites/"+fx.site+"/pages", false) }}
	},
	"put-template-review": func(t *testing.T, w *world, a *actor) call {
		tpl := publishFixture(t, w)
		return call{params: map[string]string{"template": tpl.ID}, body: map[string]any{"rating": 4, "body": "Useful"},
			state: func() []byte { return w.read(t, "/api/v1/templates/"+tpl.ID+"/reviews", false) }}
	},
	"delete-template-review": func(t *testing.T, w *world, a *actor) call {
		tpl := publishFixture(t, w)
		c := call{params: map[string]string{"template": tpl.ID}}
		if a.role != "" {
			a.client.Do(t, "PUT", "/api/v1/templates/"+tpl.ID+"/reviews/mine", map[string]any{"rating": 3}).Want(t, 200)
		} else {
			c.state = func() []byte { return w.read(t, "/api/v1/templates/"+tpl.ID+"/reviews", false) }
		}
		return c
	},
}

func init() {
	for id, b := range templateRequests {
		requests[id] = b
	}
}

// TestTemplatesAPI follows the marketplace: the shipped templates are
// there, searchable and sorted; an Editor installs one into a site as a new
// page; an Admin publishes a page and a section; visibility hides private
// templates; reviews keep the average; and bad input changes nothing.
func TestTemplatesAPI(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Setup(t)
	editor := env.CreateUser(t, "Eddie Editor", access.RoleEditor)
	viewer := env.CreateUser(t, "Vera Viewer", access.RoleViewer)

	all := listTemplates(t, editor, "limit=60")
	if len(all.Items) < 15 {
		t.Fatalf("%d shipped templates, want at least 15", len(all.Items))
	}
	total := 0
	for _, c := range all.Categories {
		total += c.Count
	}
	if total != len(all.Items) {
		t.Errorf("category counts add up to %d, want %d", total, len(all.Items))
	}
	found := listTemplates(t, viewer, "q=vaccinations")
	if len(found.Items) == 0 || found.Items[0].Slug != "vaccination-campaign" {
		t.Errorf("search for vaccinations: %+v", found.Items)
	}
	forms := listTemplates(t, viewer, "category=forms&sort=name")
	for _, it := range forms.Items {
		if it.Category != "forms" {
			t.Errorf("category filter let %s (%s) through", it.Slug, it.Category)
		}
	}
	page1 := listTemplates(t, viewer, "limit=5&sort=name")
	page2 := listTemplates(t, viewer, "limit=5&sort=name&cursor="+page1.NextCursor)
	if page1.NextCursor == "" || len(page2.Items) != 5 || page2.Items[0].Name < page1.Items[4].Name {
		t.Errorf("paging: %q then %+v", page1.NextCursor, page2.Items)
	}
	wantProblem(t, viewer.Do(t, "GET", "/api/v1/templates?category=nope", nil), 422, "template.invalid_query")
	wantProblem(t, viewer.Do(t, "GET", "/api/v1/templates?cursor=bogus", nil), 422, "cursor.invalid")
	wantProblem(t, viewer.Do(t, "GET", "/api/v1/templates?sort=random", nil), 422, "request.invalid")

	// Preview: a whole HTML page.
	clinic := builtinTemplate(t, viewer, "clinic-landing")
	res := viewer.Do(t, "GET", clinic.PreviewURL, nil).Want(t, 200)
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(res.Body), "<h1") {
		t.Errorf("preview: %s %.200s", res.Header.Get("Content-Type"), res.Body)
	}

	// An Editor installs the clinic landing page into a site.
	var site struct{ ID string }
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Northside Clinic"}).Want(t, 201).JSON(t, &site)
	var installed struct {
		Page     struct{ ID, Title, Slug string }
		Template templateBody
	}
	editor.Do(t, "POST", "/api/v1/templates/"+clinic.ID+"/install", map[string]any{"siteId": site.ID, "title": "Welcome"}).Want(t, 201).JSON(t, &installed)
	if installed.Page.Title != "Welcome" || installed.Page.Slug != "welcome" || installed.Template.InstallCount != 1 {
		t.Errorf("installed %+v", installed)
	}
	var d struct {
		Meta  struct{ Title string }
		Nodes map[string]json.RawMessage
	}
	editor.Do(t, "GET", "/api/v1/pages/"+installed.Page.ID+"/document", nil).Want(t, 200).JSON(t, &d)
	if d.Meta.Title != "Welcome" || len(d.Nodes) < 10 {
		t.Errorf("installed document: title %q, %d nodes", d.Meta.Title, len(d.Nodes))
	}
	// The same slug again: 409, and nothing is counted.
	p := wantProblem(t, editor.Do(t, "POST", "/api/v1/templates/"+clinic.ID+"/install", map[string]any{"siteId": site.ID, "title": "Welcome"}), 409, "page.slug_taken")
	if len(p.Errors) == 0 || !strings.Contains(p.Errors[0].Location, "slug") {
		t.Errorf("slug conflict names no field: %+v", p)
	}
	if got := decode[templateBody](t, editor.Do(t, "GET", "/api/v1/templates/"+clinic.ID, nil).Want(t, 200)); got.InstallCount != 1 {
		t.Errorf("install count %d after a refused install, want 1", got.InstallCount)
	}
	// A Viewer may not create pages.
	wantProblem(t, viewer.Do(t, "POST", "/api/v1/templates/"+clinic.ID+"/install", map[string]any{"siteId": site.ID}), 403, "access.denied")
	wantProblem(t, editor.Do(t, "POST", "/api/v1/templates/"+clinic.ID+"/install", map[string]any{"siteId": "nope"}), 404, "site.not_found")
	// The most installed comes first by popularity.
	if top := listTemplates(t, viewer, "sort=popular&limit=1").Items[0]; top.ID != clinic.ID {
		t.Errorf("most popular is %s, want clinic-landing", top.Slug)
	}

	// A site whose design system lacks a token the template uses: refused
	// with the token named, and no page made.
	var ds struct {
		Tokens map[string]any
	}
	dsRes := admin.Do(t, "GET", "/api/v1/sites/"+site.ID+"/design-system", nil).Want(t, 200)
	dsRes.JSON(t, &ds)
	if space, ok := ds.Tokens["space"].(map[string]any); ok {
		delete(space, "16")
	}
	admin.Do(t, "PUT", "/api/v1/sites/"+site.ID+"/design-system", map[string]any{"tokens": ds.Tokens}, "If-Match", dsRes.Header.Get("ETag")).Want(t, 200)
	before := admin.Do(t, "GET", "/api/v1/sites/"+site.ID+"/pages", nil).Want(t, 200).Body
	p = wantProblem(t, editor.Do(t, "POST", "/api/v1/templates/"+clinic.ID+"/install", map[string]any{"siteId": site.ID, "title": "Again"}), 422, "template.unknown_tokens")
	if len(p.Errors) != 1 || p.Errors[0].Value != "space.16" || !strings.Contains(p.Detail, "{space.16}") {
		t.Errorf("incompatible template does not name the missing token: %+v", p.Errors)
	}
	if after := admin.Do(t, "GET", "/api/v1/sites/"+site.ID+"/pages", nil).Want(t, 200).Body; string(after) != string(before) {
		t.Error("a refused install changed the site's pages")
	}

	// Publishing: Admins only; a section becomes a section template.
	wantProblem(t, editor.Do(t, "POST", "/api/v1/templates", map[string]any{"pageId": installed.Page.ID, "name": "Mine", "category": "landing"}), 403, "access.denied")
	var other struct{ ID string }
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Template Source"}).Want(t, 201).JSON(t, &other)
	var src struct{ ID string }
	admin.Do(t, "POST", "/api/v1/sites/"+other.ID+"/pages", map[string]string{"title": "Source"}).Want(t, 201).JSON(t, &src)
	putDoc(t, admin, src.ID, formDoc("Contact the clinic"))
	pub := decode[templateBody](t, admin.Do(t, "POST", "/api/v1/templates", map[string]any{"pageId": src.ID, "name": "Clinic contact",
		"description": "Our contact form", "category": "contact", "tags": []string{"Contact", "contact", "forms"}, "visibility": "private"}).Want(t, 201))
	if pub.Kind != "page" || pub.Version != "1.0.0" || pub.Builtin || !pub.CanEdit || strings.Join(pub.Tags, ",") != "contact,forms" {
		t.Errorf("published %+v", pub)
	}
	sec := decode[templateBody](t, admin.Do(t, "POST", "/api/v1/templates", map[string]any{"pageId": src.ID, "node": "f",
		"name": "Contact form section", "category": "sections", "visibility": "organization"}).Want(t, 201))
	if sec.Kind != "section" {
		t.Errorf("section template kind %q", sec.Kind)
	}
	var secDoc struct {
		Nodes map[string]struct{ Parent string }
	}
	admin.Do(t, "GET", "/api/v1/templates/"+sec.ID+"/preview", nil).Want(t, 200)
	// Its document, for inserting into a page: root has exactly one child.
	var secTpl struct {
		Version  string
		Document struct {
			Root  string
			Nodes map[string]struct{ Parent string }
		}
	}
	editor.Do(t, "GET", "/api/v1/templates/"+sec.ID+"/document", nil).Want(t, 200).JSON(t, &secTpl)
	children := 0
	for _, n := range secTpl.Document.Nodes {
		if n.Parent == secTpl.Document.Root {
			children++
		}
	}
	if secTpl.Version != "1.0.0" || secTpl.Document.Root == "" || children != 1 {
		t.Errorf("section template document: version %q, root %q, %d children under root", secTpl.Version, secTpl.Document.Root, children)
	}
	wantProblem(t, editor.Do(t, "GET", "/api/v1/templates/"+sec.ID+"/document?version=9.9.9", nil), 404, "template_version.not_found")
	editor.Do(t, "POST", "/api/v1/templates/"+sec.ID+"/install", map[string]any{"siteId": other.ID, "title": "Just the form"}).Want(t, 201)
	pages := decode[struct{ Items []struct{ ID, Title string } }](t, admin.Do(t, "GET", "/api/v1/sites/"+other.ID+"/pages", nil).Want(t, 200))
	for _, pg := range pages.Items {
		if pg.Title == "Just the form" {
			admin.Do(t, "GET", "/api/v1/pages/"+pg.ID+"/document", nil).Want(t, 200).JSON(t, &secDoc)
		}
	}
	if len(secDoc.Nodes) != 6 || secDoc.Nodes["f"].Parent != "root" || secDoc.Nodes["h"].Parent != "" {
		t.Errorf("section install: %+v", secDoc.Nodes)
	}
	// The source site already has a form "contact" (and the section
	// installed above became "contact-2"): the contact template's form is
	// renamed on install, so the forms' submissions stay apart.
	var contactInstall struct {
		Page  struct{ ID string }
		Notes []string
	}
	editor.Do(t, "POST", "/api/v1/templates/"+builtinTemplate(t, editor, "contact-locations").ID+"/install",
		map[string]any{"siteId": other.ID, "title": "Contact us"}).Want(t, 201).JSON(t, &contactInstall)
	if len(contactInstall.Notes) != 1 || !strings.Contains(contactInstall.Notes[0], "“contact-3”") {
		t.Errorf("install notes %q, want the form renamed to contact-3", contactInstall.Notes)
	}
	if body := string(admin.Do(t, "GET", "/api/v1/pages/"+contactInstall.Page.ID+"/document", nil).Want(t, 200).Body); !strings.Contains(body, `"formId":"contact-3"`) {
		t.Errorf("the installed page's form was not renamed: %.300s", body)
	}
	wantProblem(t, admin.Do(t, "POST", "/api/v1/templates", map[string]any{"pageId": src.ID, "node": "root", "name": "x", "category": "sections"}), 422, "template.invalid")
	p = wantProblem(t, admin.Do(t, "POST", "/api/v1/templates", map[string]any{"pageId": src.ID, "name": " ", "category": "shoes"}), 422, "template.invalid")
	if len(p.Errors) != 2 {
		t.Errorf("want name and category errors: %+v", p.Errors)
	}

	// Private: the editor cannot see it, even by id.
	if got := listTemplates(t, editor, "q=clinic+contact"); len(got.Items) != 1 || got.Items[0].ID == pub.ID {
		t.Errorf("editor's search for clinic contact: %+v", got.Items)
	}
	wantProblem(t, editor.Do(t, "GET", "/api/v1/templates/"+pub.ID, nil), 404, "template.not_found")
	admin.Do(t, "PATCH", "/api/v1/templates/"+pub.ID, map[string]any{"visibility": "organization"}).Want(t, 200)
	editor.Do(t, "GET", "/api/v1/templates/"+pub.ID, nil).Want(t, 200)

	// Versions.
	v := decode[templateBody](t, admin.Do(t, "POST", "/api/v1/templates/"+pub.ID+"/versions", map[string]any{"pageId": src.ID, "notes": "Shorter form"}).Want(t, 201))
	if v.Version != "1.1.0" {
		t.Errorf("next version %q, want 1.1.0", v.Version)
	}
	wantProblem(t, admin.Do(t, "POST", "/api/v1/templates/"+pub.ID+"/versions", map[string]any{"pageId": src.ID, "version": "1.0.5"}), 422, "template.invalid")
	detail := decode[templateBody](t, admin.Do(t, "GET", "/api/v1/templates/"+pub.ID, nil).Want(t, 200))
	if len(detail.Versions) != 2 || detail.Versions[0].Version != "1.1.0" || detail.Versions[0].Notes != "Shorter form" {
		t.Errorf("versions %+v", detail.Versions)
	}
	admin.Do(t, "GET", "/api/v1/templates/"+pub.ID+"/preview?version=1.0.0", nil).Want(t, 200)
	wantProblem(t, admin.Do(t, "GET", "/api/v1/templates/"+pub.ID+"/preview?version=9.9.9", nil), 404, "template_version.not_found")

	// Shipped templates cannot be changed or deleted.
	wantProblem(t, admin.Do(t, "DELETE", "/api/v1/templates/"+clinic.ID, nil), 409, "template.builtin")
	wantProblem(t, admin.Do(t, "PATCH", "/api/v1/templates/"+clinic.ID, map[string]any{"name": "x"}), 409, "template.builtin")

	// Reviews.
	editor.Do(t, "PUT", "/api/v1/templates/"+clinic.ID+"/reviews/mine", map[string]any{"rating": 2, "body": "Too long"}).Want(t, 200)
	editor.Do(t, "PUT", "/api/v1/templates/"+clinic.ID+"/reviews/mine", map[string]any{"rating": 5, "body": "Trimmed it, great"}).Want(t, 200)
	viewer.Do(t, "PUT", "/api/v1/templates/"+clinic.ID+"/reviews/mine", map[string]any{"rating": 4}).Want(t, 200)
	wantProblem(t, viewer.Do(t, "PUT", "/api/v1/templates/"+clinic.ID+"/reviews/mine", map[string]any{"rating": 6}), 422, "request.invalid")
	var reviews struct {
		Items   []struct{ Rating int }
		Summary struct {
			Avg       float64
			Count     int
			Histogram []int
		}
	}
	viewer.Do(t, "GET", "/api/v1/templates/"+clinic.ID+"/reviews", nil).Want(t, 200).JSON(t, &reviews)
	if reviews.Summary.Avg != 4.5 || reviews.Summary.Count != 2 || len(reviews.Items) != 2 || strconv.Itoa(reviews.Summary.Histogram[4]) != "1" {
		t.Errorf("reviews %+v", reviews)
	}
	if got := decode[templateBody](t, viewer.Do(t, "GET", "/api/v1/templates/"+clinic.ID, nil).Want(t, 200)); got.MyRating != 4 || got.RatingAvg != 4.5 {
		t.Errorf("template rating %+v", got)
	}
	if top := listTemplates(t, viewer, "sort=rating&limit=1").Items[0]; top.ID != clinic.ID {
		t.Errorf("highest rated is %s", top.Slug)
	}
	viewer.Do(t, "DELETE", "/api/v1/templates/"+clinic.ID+"/reviews/mine", nil).Want(t, 204)
	wantProblem(t, viewer.Do(t, "DELETE", "/api/v1/templates/"+clinic.ID+"/reviews/mine", nil), 404, "review.not_found")

	// Deleting a template keeps the pages made from it.
	admin.Do(t, "DELETE", "/api/v1/templates/"+sec.ID, nil).Want(t, 204)
	wantProblem(t, admin.Do(t, "GET", "/api/v1/templates/"+sec.ID, nil), 404, "template.not_found")
	admin.Do(t, "GET", "/api/v1/sites/"+other.ID+"/pages", nil).Want(t, 200)
}
