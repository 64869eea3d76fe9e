package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/pagewright/pagewright/internal/token"
)

// axeViolation is one rule axe-core found broken on a page.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// axeRun runs axe-core on the whole document with the options (JSON) and
// reports the violations.
const axeRun = `axe.run(document, %s).then(r => JSON.stringify(r.violations.map(v => ({
	id: v.id, impact: v.impact, help: v.help,
	targets: v.nodes.map(n => n.target.join(' '))
}))))`

// fixtureRules turns off, for the one-component fixture pages, the rules
// about a page's content rather than its components: a fixture has no
// <h1> of its own unless the component is a heading. Whole pages (the
// sample page) get every rule.
const fixtureRules = `{"resultTypes": ["violations"], "rules": {"page-has-heading-one": {"enabled": false}}}`

const pageRules = `{"resultTypes": ["violations"]}`

// stylesheetLink is the renderer's <link rel=stylesheet> in a golden page.
var stylesheetLink = regexp.MustCompile(`<link rel="stylesheet" href="[^"]*">`)

// goldenSite serves the renderer's golden pages as a browser would get them
// from a published site: each page with its own golden stylesheet behind
// the default design system's tokens, local stand-ins for images, and the
// external image hosts the goldens name mapped onto the server.
func goldenSite(t *testing.T, dir string) (*httptest.Server, []string) {
	t.Helper()
	pages, err := filepath.Glob(filepath.Join(dir, "*.golden.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no golden pages in %s (%v)", dir, err)
	}
	tokensCSS, err := token.Default().CSS()
	if err != nil {
		t.Fatal(err)
	}
	// A 1×1 transparent PNG for every image the pages refer to.
	pixel := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x04\x00\x09\xfb\x03\xfd\xe3U\xf2\x9c\x00\x00\x00\x00IEND\xaeB`\x82")
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch {
		case p == "/tokens.css":
			w.Header().Set("Content-Type", "text/css")
			w.Write(tokensCSS)
		case strings.HasPrefix(p, "/css/"):
			css, err := os.ReadFile(filepath.Join(dir, strings.TrimSuffix(filepath.Base(p), ".css")+".golden.css"))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/css")
			w.Write(css)
		case strings.HasPrefix(p, "/page/"):
			name := filepath.Base(p)
			b, err := os.ReadFile(filepath.Join(dir, name+".golden.html"))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			html := string(b)
			html = stylesheetLink.ReplaceAllString(html, `<link rel="stylesheet" href="/css/`+name+`.css">`)
			html = strings.Replace(html, "<head>\n", "<head>\n<link rel=\"stylesheet\" href=\"/tokens.css\">\n", 1)
			for _, host := range []string{"https://cdn.example.org/", "https://i.ytimg.com/"} {
				html = strings.ReplaceAll(html, host, srv.URL+"/ext/")
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(html))
		case regexp.MustCompile(`\.(jpe?g|png|svg|webp|gif)$`).MatchString(p):
			w.Header().Set("Content-Type", "image/png")
			w.Write(pixel)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	names := make([]string, len(pages))
	for i, p := range pages {
		names[i] = strings.TrimSuffix(filepath.Base(p), ".golden.html")
	}
	return srv, names
}

// TestGoldenPagesAxe opens every golden page of the renderer in Chromium
// and runs axe-core on it, in the light and the dark colour scheme (the
// default design system follows the reader's): shipped components must
// have no accessibility violations (DESIGN.md §1.3).
func TestGoldenPagesAxe(t *testing.T) {
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	axeJS, err := os.ReadFile(filepath.Join(root, "web/node_modules/axe-core/axe.min.js"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("axe-core not installed (npm ci in web/): %v", err)
		}
		t.Skipf("axe-core not installed (npm ci in web/): %v", err)
	}
	srv, pages := goldenSite(t, filepath.Join(root, "internal/render/testdata"))
	ctx := newBrowser(t)

	var problems []string
	for _, scheme := range []string{"light", "dark"} {
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
			t.Fatalf("prefer the %s colour scheme: %v", scheme, err)
		}
		for _, name := range pages {
			visit(ctx, srv.URL+"/page/"+name)
			rules := pageRules
			if !strings.HasPrefix(name, "page-") {
				rules = fixtureRules
			}
			found := runAxe(ctx, string(axeJS), rules)
			for _, v := range found {
				problems = append(problems, fmt.Sprintf("%s (%s): %s [%s] %s\n\t%s", name, scheme, v.ID, v.Impact, v.Help, strings.Join(v.Targets, "\n\t")))
			}
		}
	}
	slices.Sort(problems)
	if len(problems) > 0 {
		t.Errorf("%d axe violations:\n%s", len(problems), strings.Join(problems, "\n"))
	}
	t.Logf("checked %d pages in 2 colour schemes", len(pages))
}

// runAxe injects axe-core into the open page and runs it with the options.
func runAxe(ctx context.Context, axeJS, options string) []axeViolation {
	s := sess(ctx)
	s.t.Helper()
	actx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(actx, chromedp.Evaluate[any](axeJS+"\n;undefined")); err != nil {
		fail(ctx, "inject axe-core", err)
	}
	out, err := chromedp.Run(actx, chromedp.Evaluate[string](fmt.Sprintf(axeRun, options), chromedp.EvalAwaitPromise))
	if err != nil {
		fail(ctx, "run axe-core", err)
	}
	var found []axeViolation
	if err := json.Unmarshal([]byte(out), &found); err != nil {
		fail(ctx, "read axe-core's results", err)
	}
	return found
}
