package httpapi_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/apptest"
)

func TestRenderingRoutes(t *testing.T) {
	env := apptest.New(t)
	admin := env.Setup(t)

	var types struct {
		Items []struct {
			Name     string         `json:"name"`
			Category string         `json:"category"`
			Props    map[string]any `json:"props"`
		} `json:"items"`
	}
	admin.Do(t, "GET", "/api/v1/component-types", nil).Want(t, 200).JSON(t, &types)
	if len(types.Items) < 30 || types.Items[0].Name == "" || types.Items[0].Props == nil {
		t.Fatalf("component types: %d, first %+v", len(types.Items), types.Items[0])
	}

	docBody := `{"schemaVersion":1,"root":"root","meta":{"title":"Flu clinic","lang":"en"},"nodes":{` +
		`"root":{"id":"root","type":"Page","props":{}},` +
		`"h1":{"id":"h1","type":"Heading","parent":"root","pos":"a0","props":{"text":"Book your flu shot","level":1},` +
		`"styles":{"base":{"color":"{color.text.strong}"},"md":{"margin-bottom":"{space.4}"}}}}}`
	var out struct {
		HTML string `json:"html"`
		CSS  string `json:"css"`
	}
	admin.Do(t, "POST", "/api/v1/render", map[string]any{"document": json.RawMessage(docBody)}).Want(t, 200).JSON(t, &out)
	for _, want := range []string{`data-pw-node="h1"`, "Book your flu shot", "<h1"} {
		if !strings.Contains(out.HTML, want) {
			t.Errorf("editor render lacks %q:\n%s", want, out.HTML)
		}
	}
	if !strings.Contains(out.CSS, "var(--pw-color-text-strong)") || !strings.Contains(out.CSS, "@media (min-width:") {
		t.Errorf("css lacks token var or media rule:\n%s", out.CSS)
	}

	// A subtree renders as a fragment.
	admin.Do(t, "POST", "/api/v1/render", map[string]any{"document": json.RawMessage(docBody), "node": "h1"}).Want(t, 200).JSON(t, &out)
	if strings.Contains(out.HTML, "<html") || !strings.Contains(out.HTML, "Book your flu shot") {
		t.Errorf("subtree render: %s", out.HTML)
	}

	// Bad input names the node and field; nothing is stored anyway.
	bad := strings.Replace(docBody, `"{color.text.strong}"`, `"{color.nope}"`, 1)
	p := wantProblem(t, admin.Do(t, "POST", "/api/v1/render", map[string]any{"document": json.RawMessage(bad)}), 422, "render.invalid")
	if len(p.Errors) == 0 || !strings.HasPrefix(p.Errors[0].Location, "body.document.nodes.h1") {
		t.Errorf("unknown token error: %+v", p)
	}
	unknown := strings.Replace(docBody, `"type":"Heading"`, `"type":"Marquee"`, 1)
	wantProblem(t, admin.Do(t, "POST", "/api/v1/render", map[string]any{"document": json.RawMessage(unknown)}), 422, "render.invalid")
	wantProblem(t, env.Anonymous().Do(t, "POST", "/api/v1/render", map[string]any{"document": json.RawMessage(docBody)}), 401, "auth.unauthenticated")

	// The preview is the published page with the design tokens inline.
	var site, page struct {
		ID string `json:"id"`
	}
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside"}).Want(t, 201).JSON(t, &site)
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Flu clinic"}).Want(t, 201).JSON(t, &page)
	admin.Do(t, "PUT", "/api/v1/pages/"+page.ID+"/document", docBody, "If-Match", `"1"`).Want(t, 200)
	res := admin.Do(t, "GET", "/api/v1/pages/"+page.ID+"/preview", nil).Want(t, 200)
	html := string(res.Body)
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || !strings.Contains(html, "<!doctype html>") ||
		!strings.Contains(html, "--pw-color-text-strong:") || strings.Contains(html, "data-pw-node") || !strings.Contains(html, `lang="en"`) {
		t.Errorf("preview (%s):\n%.600s", res.Header.Get("Content-Type"), html)
	}
}

// TestDocumentSaveChecksComponents: a save is refused, naming the node and
// field, for an unknown type, bad props, a forbidden nesting, or an unsafe
// link — and nothing is stored.
func TestDocumentSaveChecksComponents(t *testing.T) {
	env := apptest.New(t)
	admin := env.Setup(t)
	var site, page struct {
		ID string `json:"id"`
	}
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside"}).Want(t, 201).JSON(t, &site)
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Flu clinic"}).Want(t, 201).JSON(t, &page)
	path := "/api/v1/pages/" + page.ID + "/document"
	before := admin.Do(t, "GET", path, nil).Want(t, 200).Body
	node := func(n string) string {
		return `{"schemaVersion":1,"root":"root","nodes":{"root":{"id":"root","type":"Page","props":{}},` + n + `}}`
	}
	tests := []struct {
		name, doc, location string
	}{
		{"unknown type", node(`"x":{"id":"x","type":"Marquee","parent":"root","pos":"a0"}`), "body.nodes.x.type"},
		{"bad prop", node(`"h":{"id":"h","type":"Heading","parent":"root","pos":"a0","props":{"text":"Hi","level":9}}`), "body.nodes.h.props.level"},
		{"javascript link", node(`"b":{"id":"b","type":"Button","parent":"root","pos":"a0","props":{"label":"Go","href":"javascript:alert(1)"}}`), "body.nodes.b.props.href"},
		{"forbidden nesting", node(`"h":{"id":"h","type":"Heading","parent":"root","pos":"a0","props":{"text":"Hi","level":2}},"s":{"id":"s","type":"Section","parent":"h","pos":"a0"}`), "body.nodes.s.parent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := wantProblem(t, admin.Do(t, "PUT", path, tt.doc, "If-Match", `"1"`), 422, "document.invalid")
			found := false
			for _, e := range p.Errors {
				found = found || strings.HasPrefix(e.Location, tt.location)
			}
			if !found {
				t.Errorf("errors %+v do not name %s", p.Errors, tt.location)
			}
		})
	}
	if after := admin.Do(t, "GET", path, nil).Want(t, 200).Body; string(after) != string(before) {
		t.Fatal("a refused save changed the document")
	}
}

// TestRichTextSanitisedOnSave: scripts and event handlers never reach the
// stored document.
func TestRichTextSanitisedOnSave(t *testing.T) {
	env := apptest.New(t)
	admin := env.Setup(t)
	var site, page struct {
		ID string `json:"id"`
	}
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside"}).Want(t, 201).JSON(t, &site)
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Flu clinic"}).Want(t, 201).JSON(t, &page)
	path := "/api/v1/pages/" + page.ID + "/document"
	body := `{"schemaVersion":1,"root":"root","nodes":{"root":{"id":"root","type":"Page","props":{}},` +
		`"t":{"id":"t","type":"Text","parent":"root","pos":"a0","props":{"html":"<p onclick=\"steal()\">Open <b>weekdays</b><script>steal()</script></p>"}}}}`
	admin.Do(t, "PUT", path, body, "If-Match", `"1"`).Want(t, 200)
	stored := string(admin.Do(t, "GET", path, nil).Want(t, 200).Body)
	if strings.Contains(stored, "script") || strings.Contains(stored, "onclick") || !strings.Contains(stored, "weekdays") {
		t.Fatalf("stored document not sanitised: %s", stored)
	}
}

// TestEmbedIsAdminOnly: Editors cannot add or change Embed components but
// can save a page that keeps an Admin's embed untouched.
func TestEmbedIsAdminOnly(t *testing.T) {
	env := apptest.New(t)
	admin := env.Setup(t)
	editor := env.CreateUser(t, "Sam Editor", "editor")
	var site, page struct {
		ID string `json:"id"`
	}
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside"}).Want(t, 201).JSON(t, &site)
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Flu clinic"}).Want(t, 201).JSON(t, &page)
	path := "/api/v1/pages/" + page.ID + "/document"
	withEmbed := func(html, title string) string {
		return `{"schemaVersion":1,"root":"root","meta":{"title":"` + title + `"},"nodes":{"root":{"id":"root","type":"Page","props":{}},` +
			`"e":{"id":"e","type":"Embed","parent":"root","pos":"a0","props":{"html":"` + html + `"}}}}`
	}
	p := wantProblem(t, editor.Do(t, "PUT", path, withEmbed("<p>map</p>", "x"), "If-Match", `"1"`), 403, "document.embed_admin_only")
	if len(p.Errors) == 0 || p.Errors[0].Location != "body.nodes.e.type" {
		t.Errorf("errors: %+v", p.Errors)
	}
	admin.Do(t, "PUT", path, withEmbed("<p>map</p>", "x"), "If-Match", `"1"`).Want(t, 200)
	editor.Do(t, "PUT", path, withEmbed("<p>map</p>", "Retitled by Sam"), "If-Match", `"2"`).Want(t, 200)
	wantProblem(t, editor.Do(t, "PUT", path, withEmbed("<p>other map</p>", "y"), "If-Match", `"3"`), 403, "document.embed_admin_only")
}

// TestPreviewWearsTheSiteBrand: after a design-system save, the preview's
// CSS carries the site's own value.
func TestPreviewWearsTheSiteBrand(t *testing.T) {
	env := apptest.New(t)
	admin := env.Setup(t)
	var site, page struct {
		ID string `json:"id"`
	}
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside"}).Want(t, 201).JSON(t, &site)
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Flu clinic"}).Want(t, 201).JSON(t, &page)
	dsPath := "/api/v1/sites/" + site.ID + "/design-system"
	var ds map[string]json.RawMessage
	res := admin.Do(t, "GET", dsPath, nil).Want(t, 200)
	res.JSON(t, &ds)
	var tokens map[string]any
	if err := json.Unmarshal(ds["tokens"], &tokens); err != nil {
		t.Fatal(err)
	}
	color := tokens["color"].(map[string]any)
	color["primary"] = map[string]any{"$value": "#0f4c81"}
	admin.Do(t, "PUT", dsPath, map[string]any{"tokens": tokens, "themes": ds["themes"]}, "If-Match", res.Header.Get("ETag")).Want(t, 200)
	// The preview carries only the tokens a page uses: give it a button.
	docPath := "/api/v1/pages/" + page.ID + "/document"
	etag := admin.Do(t, "GET", docPath, nil).Want(t, 200).Header.Get("ETag")
	admin.Do(t, "POST", docPath+"/ops", map[string]any{"ops": json.RawMessage(`[{"op":"insert","node":{"id":"b","type":"Button","parent":"root","pos":"a0","props":{"text":"Book now","href":"/book"}}}]`)}, "If-Match", etag).Want(t, 200)
	html := string(admin.Do(t, "GET", "/api/v1/pages/"+page.ID+"/preview", nil).Want(t, 200).Body)
	if !strings.Contains(strings.ToLower(html), "#0f4c81") {
		t.Fatalf("preview does not carry the site's primary colour:\n%.1000s", html)
	}
}
