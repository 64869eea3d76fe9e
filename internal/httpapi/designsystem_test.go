package httpapi_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/apptest"
)

type designSystemBody struct {
	Tokens   map[string]any             `json:"tokens"`
	Themes   map[string]json.RawMessage `json:"themes"`
	Revision int64                      `json:"revision"`
}

// setToken sets the $value of the token at a dotted path in a decoded
// token tree, creating groups as needed.
func setToken(tree map[string]any, path string, value any) {
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		next, ok := tree[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			tree[p] = next
		}
		tree = next
	}
	tok, ok := tree[parts[len(parts)-1]].(map[string]any)
	if !ok {
		tok = map[string]any{}
		tree[parts[len(parts)-1]] = tok
	}
	tok["$value"] = value
}

func TestDesignSystemFlow(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Setup(t)
	s := decode[idBody](t, admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Tokens"}).Want(t, 201))
	path := "/api/v1/sites/" + s.ID + "/design-system"

	// A site without a design system gets the defaults at revision 0.
	res := admin.Do(t, "GET", path, nil).Want(t, 200)
	if got := res.Header.Get("ETag"); got != `"0"` {
		t.Fatalf("ETag of the defaults %q, want \"0\"", got)
	}
	ds := decode[designSystemBody](t, res)
	if ds.Revision != 0 || ds.Tokens["color"] == nil || ds.Themes["dark"] == nil || ds.Themes["high-contrast"] == nil {
		t.Fatalf("defaults: revision %d, themes %d, color group %v", ds.Revision, len(ds.Themes), ds.Tokens["color"] != nil)
	}
	history := decode[struct {
		Items []json.RawMessage `json:"items"`
	}](t, admin.Do(t, "GET", path+"/history", nil).Want(t, 200))
	if len(history.Items) != 0 {
		t.Fatalf("history before any save: %d entries", len(history.Items))
	}

	// A write without If-Match is refused.
	wantProblem(t, admin.Do(t, "PUT", path, ds), 428, "design_system.if_match_required")

	// A brand colour change and an unreadable text colour: saved, with a
	// contrast warning.
	setToken(ds.Tokens, "color.primary", "#0f4c81")
	setToken(ds.Tokens, "color.text.default", "#9be59b")
	res = admin.Do(t, "PUT", path, ds, "If-Match", `"0"`).Want(t, 200)
	if got := res.Header.Get("ETag"); got != `"1"` {
		t.Fatalf("ETag after the save %q, want \"1\"", got)
	}
	saved := decode[struct {
		Revision int64 `json:"revision"`
		Warnings []struct {
			Theme, Foreground, Background, Need, Message string
			Ratio                                        float64
		} `json:"warnings"`
	}](t, res)
	if saved.Revision != 1 {
		t.Errorf("saved revision %d, want 1", saved.Revision)
	}
	found := false
	for _, w := range saved.Warnings {
		if w.Theme == "light" && w.Foreground == "color.text.default" && w.Background == "color.background.default" {
			found = true
			if w.Ratio >= 4.5 || w.Need != "AA" || w.Message == "" {
				t.Errorf("warning %+v, want a ratio under 4.5 needing AA", w)
			}
		}
		if w.Foreground == "color.primary" || w.Background == "color.primary" {
			t.Errorf("the brand colour should pass: %+v", w)
		}
	}
	if !found {
		t.Errorf("no contrast warning for #9be59b on white: %s", res.Body)
	}
	if got := admin.Do(t, "GET", path, nil).Want(t, 200).Header.Get("ETag"); got != `"1"` {
		t.Errorf("ETag on read after the save %q, want \"1\"", got)
	}

	// The history names who changed which tokens.
	h := decode[struct {
		Items []struct {
			Revision      int64  `json:"revision"`
			ChangedBy     string `json:"changedBy"`
			ChangedByName string `json:"changedByName"`
			ChangedAt     string `json:"changedAt"`
			Changes       []struct {
				Theme, Path, Field, Before, After string
			} `json:"changes"`
		} `json:"items"`
	}](t, admin.Do(t, "GET", path+"/history", nil).Want(t, 200))
	if len(h.Items) != 1 || h.Items[0].Revision != 1 || h.Items[0].ChangedBy != admin.UserID || h.Items[0].ChangedByName == "" || h.Items[0].ChangedAt == "" {
		t.Fatalf("history %+v", h.Items)
	}
	paths := map[string]string{}
	for _, c := range h.Items[0].Changes {
		paths[c.Path] = c.After
	}
	if paths["color.primary"] != `"#0f4c81"` || paths["color.text.default"] == "" || len(paths) != 2 {
		t.Errorf("history changes %+v, want color.primary and color.text.default", h.Items[0].Changes)
	}

	// Exports follow the saved system.
	res = admin.Do(t, "GET", path+"/export?format=css", nil).Want(t, 200)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("css export Content-Type %q", ct)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="tokens.css"`) {
		t.Errorf("css export Content-Disposition %q", cd)
	}
	if !bytes.Contains(res.Body, []byte("--pw-color-primary")) || !bytes.Contains(bytes.ToLower(res.Body), []byte("#0f4c81")) {
		t.Errorf("css export lacks the brand colour:\n%.600s", res.Body)
	}
	for format, ct := range map[string]string{"scss": "text/x-scss", "json": "application/json", "tailwind": "text/javascript"} {
		res := admin.Do(t, "GET", path+"/export?format="+format, nil).Want(t, 200)
		if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, ct) || len(res.Body) == 0 {
			t.Errorf("%s export: Content-Type %q, %d bytes", format, got, len(res.Body))
		}
	}
	wantProblem(t, admin.Do(t, "GET", path+"/export?format=xml", nil), 422, "design_system.unknown_format")

	// Bad input changes nothing.
	before := w(t, admin, path)
	cycle := decode[designSystemBody](t, admin.Do(t, "GET", path, nil).Want(t, 200))
	setToken(cycle.Tokens, "color.loop-a", "{color.loop-b}")
	setToken(cycle.Tokens, "color.loop-b", "{color.loop-a}")
	p := wantProblem(t, admin.Do(t, "PUT", path, cycle, "If-Match", `"1"`), 422, "design_system.invalid")
	if !hasLocation(p, "body.tokens.color.loop-") {
		t.Errorf("cycle errors %+v, want one at body.tokens.color.loop-…", p.Errors)
	}

	missing := decode[designSystemBody](t, admin.Do(t, "GET", path, nil).Want(t, 200))
	setToken(missing.Tokens, "color.primary", "{color.nope.500}")
	p = wantProblem(t, admin.Do(t, "PUT", path, missing, "If-Match", `"1"`), 422, "design_system.invalid")
	if !hasLocation(p, "body.tokens.color.primary") {
		t.Errorf("missing alias errors %+v, want one at body.tokens.color.primary", p.Errors)
	}

	badTheme := decode[designSystemBody](t, admin.Do(t, "GET", path, nil).Want(t, 200))
	badTheme.Themes["dark"] = json.RawMessage(`{"color":{"text":{"default":{"$value":"{color.nope}"}}}}`)
	p = wantProblem(t, admin.Do(t, "PUT", path, badTheme, "If-Match", `"1"`), 422, "design_system.invalid")
	if !hasLocation(p, "body.themes.dark.color.text.default") {
		t.Errorf("theme errors %+v, want one at body.themes.dark.color.text.default", p.Errors)
	}

	stale := decode[designSystemBody](t, admin.Do(t, "GET", path, nil).Want(t, 200))
	setToken(stale.Tokens, "color.primary", "#000000")
	wantProblem(t, admin.Do(t, "PUT", path, stale, "If-Match", `"0"`), 412, "design_system.stale")
	wantProblem(t, admin.Do(t, "PUT", path, stale, "If-Match", `"7"`), 412, "design_system.stale")
	wantProblem(t, admin.Do(t, "PUT", path, stale, "If-Match", "yesterday"), 412, "design_system.stale")
	wantProblem(t, admin.Do(t, "PUT", path, `{"tokens":`, "If-Match", `"1"`), 400, "request.malformed")
	wantProblem(t, admin.Do(t, "PUT", path, map[string]any{"themes": stale.Themes}, "If-Match", `"1"`), 422, "request.invalid")

	if after := w(t, admin, path); !bytes.Equal(before, after) {
		t.Errorf("rejected writes changed the design system")
	}
	if h := admin.Do(t, "GET", path+"/history", nil).Want(t, 200).Body; bytes.Count(h, []byte(`"revision"`)) != 1 {
		t.Errorf("rejected writes added history: %s", h)
	}

	// An unknown site.
	wantProblem(t, admin.Do(t, "GET", "/api/v1/sites/nope/design-system", nil), 404, "site.not_found")
}

type tokensBody struct {
	Items []struct {
		Path        string            `json:"path"`
		Type        string            `json:"type"`
		Value       string            `json:"value"`
		CSSVar      string            `json:"cssVar"`
		Themes      map[string]string `json:"themes"`
		Description string            `json:"description"`
	} `json:"items"`
	Breakpoints []struct {
		Name     string `json:"name"`
		MinWidth int    `json:"minWidth"`
	} `json:"breakpoints"`
	Themes []string `json:"themes"`
}

type warningsBody struct {
	Warnings []struct {
		Theme, Foreground, Background, Level, Need string
		Ratio                                      float64
	} `json:"warnings"`
}

// TestDesignSystemTokensAndContrast covers what the design system screen
// and the editor's pickers read: the resolved token list and the contrast
// warnings of the stored system.
func TestDesignSystemTokensAndContrast(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Setup(t)
	viewer := env.CreateUser(t, "Vera Viewer", access.RoleViewer)
	s := decode[idBody](t, admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Picker"}).Want(t, 201))
	path := "/api/v1/sites/" + s.ID + "/design-system"

	find := func(tb tokensBody, p string) (int, bool) {
		for i, it := range tb.Items {
			if it.Path == p {
				return i, true
			}
		}
		return 0, false
	}

	// The defaults, as anyone who can read the site sees them.
	for _, c := range []struct {
		name   string
		client *apptest.Client
	}{{"admin", admin}, {"viewer", viewer}} {
		t.Run(c.name, func(t *testing.T) {
			res := c.client.Do(t, "GET", path+"/tokens", nil).Want(t, 200)
			tb := decode[tokensBody](t, res)
			i, ok := find(tb, "color.text.default")
			if !ok {
				t.Fatalf("color.text.default missing from %d tokens", len(tb.Items))
			}
			it := tb.Items[i]
			if it.Type != "color" || it.CSSVar != "--pw-color-text-default" || it.Value != "#1e293b" {
				t.Errorf("color.text.default = %+v", it)
			}
			if it.Themes["dark"] == "" || it.Themes["dark"] == it.Value {
				t.Errorf("color.text.default dark value %q, want a different colour", it.Themes["dark"])
			}
			if j, ok := find(tb, "color.teal.500"); !ok || len(tb.Items[j].Themes) != 0 {
				t.Errorf("a primitive no theme overrides lists themes: %+v", tb.Items[j])
			}
			if len(tb.Breakpoints) != 4 || tb.Breakpoints[0].Name != "sm" || tb.Breakpoints[0].MinWidth != 640 {
				t.Errorf("breakpoints %+v, want sm 640 … xl", tb.Breakpoints)
			}
			if strings.Join(tb.Themes, ",") != "light,dark,high-contrast" {
				t.Errorf("themes %v", tb.Themes)
			}
			// The defaults pass AA everywhere.
			if ws := decode[warningsBody](t, c.client.Do(t, "GET", path, nil).Want(t, 200)); len(ws.Warnings) != 0 {
				t.Errorf("default warnings %+v, want none", ws.Warnings)
			}
		})
	}

	// After a save the list follows it, and GET reports the contrast
	// problems the save did.
	ds := decode[designSystemBody](t, admin.Do(t, "GET", path, nil).Want(t, 200))
	setToken(ds.Tokens, "color.primary", "#0f4c81")
	setToken(ds.Tokens, "color.text.default", "#9be59b")
	saved := decode[warningsBody](t, admin.Do(t, "PUT", path, ds, "If-Match", `"0"`).Want(t, 200))
	read := decode[warningsBody](t, viewer.Do(t, "GET", path, nil).Want(t, 200))
	if len(saved.Warnings) == 0 || len(read.Warnings) != len(saved.Warnings) {
		t.Errorf("GET warnings %d, the save's %d: want the same, and some", len(read.Warnings), len(saved.Warnings))
	}
	tb := decode[tokensBody](t, viewer.Do(t, "GET", path+"/tokens", nil).Want(t, 200))
	if i, ok := find(tb, "color.primary"); !ok || tb.Items[i].Value != "#0f4c81" {
		t.Errorf("color.primary after the save: %+v", tb.Items[i])
	}
	if i, ok := find(tb, "button.primary.background"); !ok || tb.Items[i].Value != "#0f4c81" {
		t.Errorf("an alias of color.primary after the save: %+v", tb.Items[i])
	}

	// A GET's body may be sent back as it is, warnings included.
	again := decode[map[string]any](t, admin.Do(t, "GET", path, nil).Want(t, 200))
	admin.Do(t, "PUT", path, again, "If-Match", `"1"`).Want(t, 200)

	wantProblem(t, admin.Do(t, "GET", "/api/v1/sites/nope/design-system/tokens", nil), 404, "site.not_found")
	wantProblem(t, env.Anonymous().Do(t, "GET", path+"/tokens", nil), 401, "auth.unauthenticated")
}

// w reads a design system with its ETag.
func w(t *testing.T, c *apptest.Client, path string) []byte {
	t.Helper()
	res := c.Do(t, "GET", path, nil).Want(t, 200)
	return append([]byte(res.Header.Get("ETag")+" "), res.Body...)
}

func hasLocation(p apptest.Problem, prefix string) bool {
	for _, e := range p.Errors {
		if strings.HasPrefix(e.Location, prefix) {
			return true
		}
	}
	return false
}
