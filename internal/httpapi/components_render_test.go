package httpapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/apptest"
)

// TestComponentInstancesRender: an instance renders as its component's
// subtree, with overrides, on the editor canvas (with data-pw-node marks
// mapped to the instance), in the page preview and on the published site;
// a new version reaches the published site through a bulk update and a
// deploy, and a page cannot be saved with an instance of a component that
// does not exist.
func TestComponentInstancesRender(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Setup(t)
	var site struct{ ID, Slug string }
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Eastside Clinic"}).Want(t, 201).JSON(t, &site)
	hours := createComponent(t, admin, site.ID, "Opening hours", componentDoc("Opening hours"), exposedTitleBody)
	ref := hours.ID + "@1.0.0"
	var pg struct{ ID string }
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Home", "slug": "home"}).Want(t, 201).JSON(t, &pg)
	page := pageWith("Home", `"s":{"id":"s","type":"Section","parent":"root","pos":"a0"}`,
		`"h1":{"id":"h1","type":"Heading","parent":"s","pos":"a0","props":{"text":"Eastside Clinic","level":1}}`,
		instanceJSON("i1", "s", ref, map[string]any{"title": "Walk-in hours"}))
	putDoc(t, admin, pg.ID, page)

	// The canvas: the instance's top element carries the instance's id,
	// its inner elements expanded ids.
	var out struct{ HTML string }
	admin.Do(t, "POST", "/api/v1/render", map[string]any{"document": json.RawMessage(page), "site": site.ID}).Want(t, 200).JSON(t, &out)
	for _, want := range []string{`data-pw-node="i1"`, `data-pw-node="i1_h"`, "Walk-in hours", "Mon–Fri 8–6"} {
		if !strings.Contains(out.HTML, want) {
			t.Errorf("canvas render lacks %q: %.600s", want, out.HTML)
		}
	}
	if strings.Contains(out.HTML, ">Opening hours<") {
		t.Error("the override did not replace the component's title")
	}
	// The preview.
	prev := admin.Do(t, "GET", "/api/v1/pages/"+pg.ID+"/preview", nil).Want(t, 200)
	if !strings.Contains(string(prev.Body), "Walk-in hours") {
		t.Errorf("preview lacks the instance: %.400s", prev.Body)
	}

	// Published.
	deployTo(t, admin, site.ID, "production")
	live := env.URL + "/s/" + site.Slug + "/production/"
	waitLive(t, live, func(status int, body string) bool { return status == 200 && strings.Contains(body, "Walk-in hours") })

	// Version 1.1.0 adds a line; the bulk update moves the page to it, and
	// the next deploy publishes it.
	var v struct{ Version string }
	admin.Do(t, "POST", "/api/v1/components/"+hours.ID+"/versions", map[string]any{"document": componentDoc("Opening hours",
		`"x":{"id":"x","type":"Text","parent":"card","pos":"a2","props":{"html":"<p>Closed on bank holidays</p>"}}`), "exposed": exposedTitleBody}).Want(t, 201).JSON(t, &v)
	if v.Version != "1.0.1" {
		t.Fatalf("new version %q, want 1.0.1 (nothing exposed changed)", v.Version)
	}
	var usage struct {
		Items []struct {
			PageID   string
			Revision int64
		}
	}
	admin.Do(t, "GET", "/api/v1/components/"+hours.ID+"/usage", nil).Want(t, 200).JSON(t, &usage)
	if len(usage.Items) != 1 {
		t.Fatalf("usage %+v", usage)
	}
	admin.Do(t, "POST", "/api/v1/components/"+hours.ID+"/bulk-update", map[string]any{"version": "1.0.1",
		"pages": []map[string]any{{"id": pg.ID, "revision": usage.Items[0].Revision}}}).Want(t, 200)
	deployTo(t, admin, site.ID, "production")
	waitLive(t, live, func(status int, body string) bool {
		return status == 200 && strings.Contains(body, "Closed on bank holidays")
	})
	res, err := http.Get(live)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), "Walk-in hours") {
		t.Error("the override was lost in the update")
	}

	// An instance of a component that does not exist is refused on save.
	bad := pageWith("Home", instanceJSON("i9", "root", "01900000-0000-7000-8000-000000000000@1.0.0", nil))
	path := "/api/v1/pages/" + pg.ID + "/document"
	etag := admin.Do(t, "GET", path, nil).Want(t, 200).Header.Get("ETag")
	res2 := admin.Do(t, "PUT", path, json.RawMessage(bad), "If-Match", etag)
	if res2.Status != 422 {
		t.Errorf("saving an unknown instance: %d %s", res2.Status, res2.Body)
	}

	// The instance stands for its top node: a Form component cannot go
	// where a Form cannot (inside another form).
	band := createComponent(t, admin, site.ID, "Contact form", json.RawMessage(`{"schemaVersion":1,"root":"root","meta":{"title":"c","lang":"en"},"nodes":{
		"root":{"id":"root","type":"Page"},"f":{"id":"f","type":"Form","parent":"root","pos":"a0","props":{"formId":"contact","label":"Contact"}}}}`), []map[string]string{})
	nested := pageWith("Home", `"s":{"id":"s","type":"Form","parent":"root","pos":"a0","props":{"formId":"outer","label":"Outer"}}`, instanceJSON("i2", "s", band.ID+"@1.0.0", nil))
	etag = admin.Do(t, "GET", path, nil).Want(t, 200).Header.Get("ETag")
	p := wantProblem(t, admin.Do(t, "PUT", path, json.RawMessage(nested), "If-Match", etag), 422, "document.invalid")
	if len(p.Errors) == 0 || !strings.Contains(p.Errors[0].Message, "cannot contain") {
		t.Errorf("nesting through an instance: %+v", p)
	}
	top := pageWith("Home", instanceJSON("i2", "root", band.ID+"@1.0.0", nil))
	admin.Do(t, "PUT", path, json.RawMessage(top), "If-Match", etag).Want(t, 200)
	_ = apptest.Password
}
