package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/apptest"
	"github.com/pagewright/pagewright/internal/config"
)

// componentDoc is a component's document: a Card holding a heading and a
// text, plus extra nodes under the card.
func componentDoc(title string, extra ...string) json.RawMessage {
	nodes := `"root":{"id":"root","type":"Page"},` +
		`"card":{"id":"card","type":"Card","parent":"root","pos":"a0"},` +
		`"h":{"id":"h","type":"Heading","parent":"card","pos":"a0","props":{"text":` + jsonString(title) + `,"level":2}},` +
		`"t":{"id":"t","type":"Text","parent":"card","pos":"a1","props":{"html":"<p>Mon–Fri 8–6</p>"}}`
	for _, x := range extra {
		nodes += "," + x
	}
	return json.RawMessage(`{"schemaVersion":1,"root":"root","meta":{"title":"c","lang":"en"},"nodes":{` + nodes + `}}`)
}

// instanceJSON is an Instance node of ref under parent.
func instanceJSON(id, parent, ref string, overrides map[string]any) string {
	props := map[string]any{"component": ref}
	if overrides != nil {
		props["overrides"] = overrides
	}
	b, _ := json.Marshal(props)
	return jsonString(id) + `:{"id":` + jsonString(id) + `,"type":"Instance","parent":` + jsonString(parent) + `,"pos":"a5","props":` + string(b) + `}`
}

// pageWith is a page document with the nodes under its root.
func pageWith(title string, nodes ...string) string {
	all := `"root":{"id":"root","type":"Page"}`
	for _, n := range nodes {
		all += "," + n
	}
	return `{"schemaVersion":1,"root":"root","meta":{"title":` + jsonString(title) + `,"lang":"en"},"nodes":{` + all + `}}`
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

var exposedTitleBody = []map[string]string{{"key": "title", "node": "h", "prop": "text", "label": "Title"}, {"key": "body", "node": "t", "prop": "html", "label": "Body"}}

// componentBody is the API's Component.
type componentBody struct {
	ID            string   `json:"id"`
	Name          string   `json:"name"`
	Category      string   `json:"category"`
	Tags          []string `json:"tags"`
	Visibility    string   `json:"visibility"`
	SiteID        string   `json:"siteId"`
	LatestVersion string   `json:"latestVersion"`
	Owner         *struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"owner"`
	Deprecated *struct {
		Message         string `json:"message"`
		ReplacementID   string `json:"replacementId"`
		ReplacementName string `json:"replacementName"`
	} `json:"deprecated"`
	Usage struct {
		Pages     int `json:"pages"`
		Instances int `json:"instances"`
	} `json:"usage"`
}

func createComponent(t testing.TB, c *apptest.Client, site, name string, d json.RawMessage, exposed any) componentBody {
	t.Helper()
	return decode[componentBody](t, c.Do(t, "POST", "/api/v1/components", map[string]any{"siteId": site, "name": name, "category": "Content",
		"visibility": "organization", "document": d, "exposed": exposed}).Want(t, 201))
}

// TestComponents walks the library end to end over HTTP — create, publish
// with semver, use on pages, preview and bulk update — and sends it bad
// input, each of which gets a stable problem and changes nothing.
func TestComponents(t *testing.T) {
	t.Parallel()
	env := apptest.New(t, func(c *config.Config) { c.LoginLimit = 1000 })
	admin := env.Setup(t)
	editor := env.CreateUser(t, "Eddie Editor", access.RoleEditor)
	viewer := env.CreateUser(t, "Vera Viewer", access.RoleViewer)
	site := decode[idBody](t, admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside"}).Want(t, 201))
	flu := decode[idBody](t, admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Flu clinic"}).Want(t, 201))
	vacc := decode[idBody](t, admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Vaccines"}).Want(t, 201))

	hours := createComponent(t, editor, site.ID, "Opening hours", componentDoc("Hours"), exposedTitleBody)
	if hours.LatestVersion != "1.0.0" || hours.Owner == nil || hours.Owner.Name != "Eddie Editor" || hours.Visibility != "organization" ||
		hours.Category != "Content" || hours.Tags == nil || hours.Deprecated != nil {
		t.Fatalf("created %+v", hours)
	}
	card := createComponent(t, editor, site.ID, "Clinic card", componentDoc("Card", instanceJSON("ih", "card", hours.ID+"@1.0.0", map[string]any{"title": "Hours"})), nil)
	v1 := hours.ID + "@1.0.0"
	putDoc(t, editor, flu.ID, pageWith("Flu clinic", instanceJSON("i1", "root", v1, map[string]any{"title": "Flu hours", "body": "<p>Sat</p>"})))
	putDoc(t, editor, vacc.ID, pageWith("Vaccines", instanceJSON("i1", "root", v1, nil), instanceJSON("i2", "root", v1, map[string]any{"title": "Vax"})))

	// 2.0.0 drops the body prop.
	hoursPath := "/api/v1/components/" + hours.ID
	var v2 struct {
		Version string `json:"version"`
		Exposed []struct{ Key, Node, Prop, Label, Type string }
	}
	editor.Do(t, "POST", hoursPath+"/versions", map[string]any{"document": componentDoc("Hours v2"), "exposed": exposedTitleBody[:1], "notes": "No body"}).Want(t, 201).JSON(t, &v2)
	if v2.Version != "2.0.0" || len(v2.Exposed) != 1 || v2.Exposed[0].Type != "string" {
		t.Fatalf("published %+v", v2)
	}

	var usage struct {
		Items []struct {
			PageID    string   `json:"pageId"`
			Title     string   `json:"title"`
			Revision  int64    `json:"revision"`
			Versions  []string `json:"versions"`
			Instances int      `json:"instances"`
		}
	}
	viewer.Do(t, "GET", hoursPath+"/usage", nil).Want(t, 200).JSON(t, &usage)
	if len(usage.Items) != 2 || usage.Items[0].Title != "Flu clinic" || usage.Items[1].Instances != 2 || usage.Items[0].Revision != 2 ||
		strings.Join(usage.Items[0].Versions, ",") != "1.0.0" {
		t.Fatalf("usage %+v", usage)
	}
	var detail struct {
		Component componentBody
		Versions  []struct {
			Version  string          `json:"version"`
			Document json.RawMessage `json:"document"`
		}
	}
	viewer.Do(t, "GET", hoursPath, nil).Want(t, 200).JSON(t, &detail)
	if detail.Component.Usage.Pages != 2 || detail.Component.Usage.Instances != 3 || detail.Component.LatestVersion != "2.0.0" ||
		len(detail.Versions) != 2 || detail.Versions[0].Version != "2.0.0" || detail.Versions[0].Document != nil {
		t.Fatalf("detail %+v", detail)
	}
	var list struct {
		Items      []componentBody
		NextCursor string
	}
	viewer.Do(t, "GET", "/api/v1/components?limit=1", nil).Want(t, 200).JSON(t, &list)
	if len(list.Items) != 1 || list.Items[0].Name != "Clinic card" || list.NextCursor == "" {
		t.Fatalf("list page 1 %+v", list)
	}
	viewer.Do(t, "GET", "/api/v1/components?limit=1&cursor="+url.QueryEscape(list.NextCursor), nil).Want(t, 200).JSON(t, &list)
	if len(list.Items) != 1 || list.Items[0].Name != "Opening hours" || list.NextCursor != "" {
		t.Fatalf("list page 2 %+v", list)
	}

	var preview struct {
		Revision  int64           `json:"revision"`
		Instances int             `json:"instances"`
		Document  json.RawMessage `json:"document"`
		Dropped   []struct{ Node, Key, Reason string }
	}
	viewer.Do(t, "POST", hoursPath+"/bulk-update/preview", map[string]string{"version": "2.0.0", "page": flu.ID}).Want(t, 200).JSON(t, &preview)
	if preview.Revision != 2 || preview.Instances != 1 || len(preview.Dropped) != 1 || preview.Dropped[0].Key != "body" ||
		!bytes.Contains(preview.Document, []byte(hours.ID+"@2.0.0")) {
		t.Fatalf("preview %+v %s", preview, preview.Document)
	}

	// Bad input: each gets its problem and changes nothing.
	fluDoc, vaccDoc := "/api/v1/pages/"+flu.ID+"/document", "/api/v1/pages/"+vacc.ID+"/document"
	unknown := "01a20000-0000-7000-8000-000000000000"
	hugeName := strings.Repeat("a", 6<<20)
	cases := []badCase{
		{name: "malformed-json/create", client: editor, method: "POST", path: "/api/v1/components", body: `{"name":`, status: 400, code: "request.malformed"},
		{name: "malformed-json/publish", client: editor, method: "POST", path: hoursPath + "/versions", body: `{"document":{`, status: 400, code: "request.malformed"},
		{name: "unknown-field/create", client: editor, method: "POST", path: "/api/v1/components", body: map[string]any{"siteId": site.ID, "name": "X",
			"document": componentDoc("X"), "owner": "me"}, status: 422, code: "request.invalid", field: "body.owner"},
		{name: "oversized/create", client: editor, method: "POST", path: "/api/v1/components", body: `{"name":"` + hugeName + `"}`, status: 413, code: "request.too_large"},
		{name: "oversized/update", client: editor, method: "PATCH", path: hoursPath, body: `{"name":"` + strings.Repeat("a", 70<<10) + `"}`, status: 413, code: "request.too_large"},
		{name: "not-found/get", client: editor, method: "GET", path: "/api/v1/components/" + unknown, status: 404, code: "component.not_found"},
		{name: "not-found/garbage-id", client: editor, method: "GET", path: "/api/v1/components/nope", status: 404, code: "component.not_found"},
		{name: "not-found/publish", client: editor, method: "POST", path: "/api/v1/components/" + unknown + "/versions", body: map[string]any{"document": componentDoc("X")}, status: 404, code: "component.not_found"},
		{name: "not-found/version", client: viewer, method: "GET", path: hoursPath + "/versions/3.0.0", status: 404, code: "component.version_not_found"},
		{name: "not-found/version-garbage", client: viewer, method: "GET", path: hoursPath + "/versions/latest", status: 404, code: "component.version_not_found"},
		{name: "not-found/site", client: editor, method: "POST", path: "/api/v1/components", body: map[string]any{"siteId": unknown, "name": "X", "document": componentDoc("X")}, status: 404, code: "site.not_found"},
		{name: "not-found/preview-page", client: viewer, method: "POST", path: hoursPath + "/bulk-update/preview", body: map[string]string{"version": "2.0.0", "page": unknown}, status: 404, code: "page.not_found"},
		{name: "invalid/category", client: editor, method: "POST", path: "/api/v1/components", body: map[string]any{"siteId": site.ID, "name": "X", "category": "Widgets",
			"document": componentDoc("X")}, status: 422, code: "component.invalid", field: "body.category"},
		{name: "invalid/two-top-nodes", client: editor, method: "POST", path: "/api/v1/components", body: map[string]any{"siteId": site.ID, "name": "X",
			"document": json.RawMessage(pageWith("x", `"a":{"id":"a","type":"Heading","parent":"root","pos":"a0","props":{"text":"A"}}`,
				`"b":{"id":"b","type":"Heading","parent":"root","pos":"a1","props":{"text":"B"}}`))}, status: 422, code: "component.invalid", field: "body.document.nodes.root"},
		{name: "invalid/exposed-prop", client: editor, method: "POST", path: "/api/v1/components", body: map[string]any{"siteId": site.ID, "name": "X",
			"document": componentDoc("X"), "exposed": []map[string]string{{"key": "x", "node": "h", "prop": "colour"}}}, status: 422, code: "component.invalid", field: "body.exposed[0].prop"},
		{name: "invalid/document-node", client: editor, method: "POST", path: "/api/v1/components", body: map[string]any{"siteId": site.ID, "name": "X",
			"document": componentDoc("X", `"z":{"id":"z","type":"Nope","parent":"card","pos":"a3"}`)}, status: 422, code: "document.invalid", field: "body.document.nodes.z.type"},
		{name: "unknown-component/in-document", client: editor, method: "POST", path: "/api/v1/components", body: map[string]any{"siteId": site.ID, "name": "X",
			"document": componentDoc("X", instanceJSON("i", "card", unknown+"@1.0.0", nil))}, status: 422, code: "component.unknown", field: "body.document.nodes.i.props.component"},
		{name: "semver/removed-prop", client: editor, method: "POST", path: hoursPath + "/versions", body: map[string]any{"version": "2.1.0", "document": componentDoc("Hours")},
			status: 422, code: "component.semver", field: "body.version", mention: "Removing the exposed prop “title” is a breaking change: publish 3.0.0 or higher."},
		{name: "semver/not-newer", client: editor, method: "POST", path: hoursPath + "/versions", body: map[string]any{"version": "1.5.0", "document": componentDoc("Hours"), "exposed": exposedTitleBody[:1]},
			status: 422, code: "component.semver", field: "body.version", mention: "publish 2.0.1 or higher"},
		{name: "semver/bad-version", client: editor, method: "POST", path: hoursPath + "/versions", body: map[string]any{"version": "v3", "document": componentDoc("Hours")},
			status: 422, code: "component.invalid", field: "body.version"},
		{name: "cycle/a-b-a", client: editor, method: "POST", path: hoursPath + "/versions", body: map[string]any{"version": "3.0.0", "exposed": exposedTitleBody[:1],
			"document": componentDoc("Hours", instanceJSON("ic", "card", card.ID+"@1.0.0", nil))}, status: 422, code: "component.cycle",
			field: "body.document.nodes.ic.props.component", mention: "“Opening hours” cannot contain itself: Opening hours → Clinic card → Opening hours."},
		{name: "cycle/self", client: editor, method: "POST", path: hoursPath + "/versions", body: map[string]any{"version": "3.0.0", "exposed": exposedTitleBody[:1],
			"document": componentDoc("Hours", instanceJSON("is", "card", v1, nil))}, status: 422, code: "component.cycle"},
		{name: "replacement/itself", client: editor, method: "POST", path: hoursPath + "/deprecate", body: map[string]string{"message": "x", "replacementId": hours.ID},
			status: 422, code: "component.invalid_replacement", field: "body.replacementId"},
		{name: "in-use/delete", client: admin, method: "DELETE", path: hoursPath, status: 409, code: "component.in_use", mention: "used on 2 pages"},
		{name: "stale/bulk-update", client: editor, method: "POST", path: hoursPath + "/bulk-update", body: map[string]any{"version": "2.0.0",
			"pages": []map[string]any{{"id": flu.ID, "revision": 2}, {"id": vacc.ID, "revision": 1}}}, status: 412, code: "page.stale", field: "body.pages[1].revision", mention: "“Vaccines”"},
		{name: "bulk-update/no-pages", client: editor, method: "POST", path: hoursPath + "/bulk-update", body: map[string]any{"version": "2.0.0", "pages": []any{}},
			status: 422, code: "request.invalid", field: "body.pages"},
		{name: "bulk-update/unknown-version", client: editor, method: "POST", path: hoursPath + "/bulk-update", body: map[string]any{"version": "9.0.0",
			"pages": []map[string]any{{"id": flu.ID, "revision": 2}}}, status: 404, code: "component.version_not_found"},
		{name: "page/unknown-override", client: editor, method: "PUT", path: fluDoc, body: pageWith("Flu clinic", instanceJSON("i1", "root", v1, map[string]any{"nope": "x"})),
			headers: []string{"If-Match", `"2"`}, status: 422, code: "document.invalid", field: "body.nodes.i1.props.overrides.nope"},
		{name: "page/override-type", client: editor, method: "PUT", path: vaccDoc, body: pageWith("Vaccines", instanceJSON("i1", "root", v1, map[string]any{"title": 7})),
			headers: []string{"If-Match", `"2"`}, status: 422, code: "document.invalid", field: "body.nodes.i1.props.overrides.title"},
		{name: "page/unknown-component", client: editor, method: "PUT", path: vaccDoc, body: pageWith("Vaccines", instanceJSON("i1", "root", unknown+"@1.0.0", nil)),
			headers: []string{"If-Match", `"2"`}, status: 422, code: "component.unknown", field: "body.nodes.i1.props.component"},
		{name: "viewer/create", client: viewer, method: "POST", path: "/api/v1/components", body: map[string]any{"siteId": site.ID, "name": "Mine", "document": componentDoc("X")},
			status: 403, code: "access.denied", audit: []string{"component:create failure"}},
		{name: "viewer/bulk-update", client: viewer, method: "POST", path: hoursPath + "/bulk-update", body: map[string]any{"version": "2.0.0",
			"pages": []map[string]any{{"id": flu.ID, "revision": 2}}}, status: 403, code: "access.denied", audit: []string{"page:edit failure"}},
		{name: "editor/delete", client: editor, method: "DELETE", path: "/api/v1/components/" + card.ID, status: 403, code: "access.denied", audit: []string{"component:delete failure"}},
		{name: "bad-cursor/list", client: viewer, method: "GET", path: "/api/v1/components?cursor=%21%21", status: 422, code: "request.bad_cursor", field: "query.cursor"},
	}
	snap := func(t *testing.T) ([]byte, int64) {
		b, seq := snapshot(t, admin, []string{flu.ID, vacc.ID})
		b = append(b, admin.Do(t, "GET", "/api/v1/components?deprecated=true&limit=200", nil).Want(t, 200).Body...)
		for _, id := range []string{hours.ID, card.ID} {
			b = append(b, admin.Do(t, "GET", "/api/v1/components/"+id, nil).Want(t, 200).Body...)
		}
		return b, seq
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before, seq := snap(t)
			res := tc.client.Do(t, tc.method, tc.path, tc.body, tc.headers...)
			p := wantProblem(t, res, tc.status, tc.code)
			checkProblemDetails(t, res, p, tc.field, tc.mention)
			if after, _ := snap(t); !bytes.Equal(before, after) {
				t.Errorf("the request changed the state:\nbefore %s\nafter  %s", before, after)
			}
			var got []string
			for _, e := range auditSince(t, admin, seq) {
				got = append(got, e.Action+" "+e.Status)
			}
			if strings.Join(got, ",") != strings.Join(tc.audit, ",") {
				t.Errorf("new audit entries %q, want %q", got, tc.audit)
			}
		})
	}

	// The bulk update at the revisions read goes through, all pages at once.
	_, seq := snapshot(t, admin, nil)
	var bulk struct {
		Pages []struct {
			ID       string `json:"id"`
			Revision int64  `json:"revision"`
		}
	}
	editor.Do(t, "POST", hoursPath+"/bulk-update", map[string]any{"version": "2.0.0",
		"pages": []map[string]any{{"id": flu.ID, "revision": 2}, {"id": vacc.ID, "revision": 2}}}).Want(t, 200).JSON(t, &bulk)
	if len(bulk.Pages) != 2 || bulk.Pages[0].ID != flu.ID || bulk.Pages[0].Revision != 3 || bulk.Pages[1].Revision != 3 {
		t.Fatalf("bulk update %+v", bulk)
	}
	res := editor.Do(t, "GET", fluDoc, nil).Want(t, 200)
	if res.Header.Get("ETag") != `"3"` || !bytes.Contains(res.Body, []byte(hours.ID+"@2.0.0")) || bytes.Contains(res.Body, []byte("Sat")) ||
		!bytes.Contains(res.Body, []byte("Flu hours")) {
		t.Fatalf("page after the bulk update (%s): %s", res.Header.Get("ETag"), res.Body)
	}
	var actions []string
	for _, e := range auditSince(t, admin, seq) {
		actions = append(actions, e.Action+" "+e.Resource.ID)
	}
	if strings.Join(actions, ",") != "page.document.update "+flu.ID+",page.document.update "+vacc.ID+",component.bulk_update "+hours.ID {
		t.Fatalf("audit after the bulk update: %v", actions)
	}
	// The old version is no longer used; deprecate it in favour of the card.
	var dep componentBody
	editor.Do(t, "POST", hoursPath+"/deprecate", map[string]string{"message": "Use the clinic card", "replacementId": card.ID}).Want(t, 200).JSON(t, &dep)
	if dep.Deprecated == nil || dep.Deprecated.ReplacementName != "Clinic card" {
		t.Fatalf("deprecated %+v", dep)
	}
	editor.Do(t, "GET", "/api/v1/components", nil).Want(t, 200).JSON(t, &list)
	if len(list.Items) != 1 || list.Items[0].ID != card.ID {
		t.Fatalf("library without deprecated components: %+v", list.Items)
	}
	editor.Do(t, "DELETE", hoursPath+"/deprecate", nil).Want(t, 200)
}

// ---------------------------------------------------------------------------
// The authorization matrix's request builders for the component routes
// (authz_test.go holds their rows).

func init() {
	for id, b := range componentRequests {
		requests[id] = b
	}
}

// component makes a throwaway component everyone can see, as the admin.
func (w *world) component(t *testing.T, fx fixture) componentBody {
	t.Helper()
	return createComponent(t, w.admin, fx.site, "Matrix "+randHex(4), componentDoc("Hours"), exposedTitleBody)
}

// usedComponent is a component at 1.0.0 and 1.0.1 whose 1.0.0 the
// fixture's page uses.
func (w *world) usedComponent(t *testing.T) (componentBody, fixture) {
	t.Helper()
	fx := w.fixture(t)
	c := w.component(t, fx)
	w.admin.Do(t, "POST", "/api/v1/components/"+c.ID+"/versions", map[string]any{"document": componentDoc("Hours 2"), "exposed": exposedTitleBody}).Want(t, 201)
	putDoc(t, w.admin, fx.page, pageWith("Home", instanceJSON("i1", "root", c.ID+"@1.0.0", map[string]any{"title": "Hi"})))
	return c, fx
}

var componentRequests = map[string]builder{
	"list-components": func(t *testing.T, w *world, a *actor) call { return call{query: url.Values{"q": {"matrix"}}} },
	"create-component": func(t *testing.T, w *world, a *actor) call {
		fx := w.fixture(t)
		name := "Made by " + a.name + " " + randHex(4)
		return call{body: map[string]any{"siteId": fx.site, "name": name, "document": componentDoc("Hours"), "exposed": exposedTitleBody},
			state: func() []byte { return w.read(t, "/api/v1/components?deprecated=true&q="+url.QueryEscape(name), false) }}
	},
	"get-component": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"component": w.component(t, w.shared).ID}}
	},
	"update-component": func(t *testing.T, w *world, a *actor) call {
		c := w.component(t, w.fixture(t))
		return call{params: map[string]string{"component": c.ID}, body: map[string]any{"description": "Changed by " + a.name, "tags": []string{"x"}},
			state: func() []byte { return w.read(t, "/api/v1/components/"+c.ID, false) }}
	},
	"delete-component": func(t *testing.T, w *world, a *actor) call {
		c := w.component(t, w.fixture(t))
		return call{params: map[string]string{"component": c.ID},
			state: func() []byte { return w.read(t, "/api/v1/components/"+c.ID, false) },
			after: func(t *testing.T, _ *apptest.Response) {
				wantProblem(t, w.admin.Do(t, "GET", "/api/v1/components/"+c.ID, nil), 404, "component.not_found")
			}}
	},
	"get-component-version": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"component": w.component(t, w.shared).ID, "version": "1.0.0"},
			after: func(t *testing.T, res *apptest.Response) {
				if !bytes.Contains(res.Body, []byte(`"document":{`)) || !bytes.Contains(res.Body, []byte(`"exposed":[`)) {
					t.Errorf("version: %s", res.Body)
				}
			}}
	},
	"publish-component-version": func(t *testing.T, w *world, a *actor) call {
		c := w.component(t, w.fixture(t))
		return call{params: map[string]string{"component": c.ID}, body: map[string]any{"document": componentDoc("By " + a.name), "exposed": exposedTitleBody},
			state: func() []byte { return w.read(t, "/api/v1/components/"+c.ID, false) }}
	},
	"deprecate-component": func(t *testing.T, w *world, a *actor) call {
		c := w.component(t, w.fixture(t))
		return call{params: map[string]string{"component": c.ID}, body: map[string]string{"message": "Deprecated by " + a.name},
			state: func() []byte { return w.read(t, "/api/v1/components/"+c.ID, false) }}
	},
	"undeprecate-component": func(t *testing.T, w *world, a *actor) call {
		c := w.component(t, w.fixture(t))
		w.admin.Do(t, "POST", "/api/v1/components/"+c.ID+"/deprecate", map[string]string{"message": "Old"}).Want(t, 200)
		return call{params: map[string]string{"component": c.ID},
			state: func() []byte { return w.read(t, "/api/v1/components/"+c.ID, false) }}
	},
	"component-usage": func(t *testing.T, w *world, a *actor) call {
		c, fx := w.usedComponent(t)
		return call{params: map[string]string{"component": c.ID}, after: func(t *testing.T, res *apptest.Response) {
			if !bytes.Contains(res.Body, []byte(fx.page)) {
				t.Errorf("usage: %s", res.Body)
			}
		}}
	},
	"component-bulk-update-preview": func(t *testing.T, w *world, a *actor) call {
		c, fx := w.usedComponent(t)
		return call{params: map[string]string{"component": c.ID}, body: map[string]string{"version": "1.0.1", "page": fx.page}}
	},
	"component-bulk-update": func(t *testing.T, w *world, a *actor) call {
		c, fx := w.usedComponent(t)
		path := "/api/v1/pages/" + fx.page + "/document"
		return call{params: map[string]string{"component": c.ID}, body: map[string]any{"version": "1.0.1", "pages": []map[string]any{{"id": fx.page, "revision": 2}}},
			state: func() []byte { return w.read(t, path, true) },
			after: func(t *testing.T, _ *apptest.Response) {
				if got := w.read(t, path, true); !bytes.Contains(got, []byte(c.ID+"@1.0.1")) {
					t.Errorf("page after the bulk update: %s", got)
				}
			}}
	},
}
