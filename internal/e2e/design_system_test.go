package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/apptest"
)

// valueInput is the value field of a token row.
func valueInput(path string) string {
	return `input[aria-label="Value of ` + path + `"]`
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func pressEscape() chromedp.Action[chromedp.Void] { return chromedp.KeyEvent(kb.Escape) }

func scrollTo(selector string) chromedp.Action[chromedp.Void] {
	return chromedp.ScrollIntoView(sel(selector))
}

// viewShot saves what the window shows (not the whole page) as NN-name.png,
// for screens much taller than the window.
func viewShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	s := sess(ctx)
	s.n++
	path := filepath.Join(s.dir, fmt.Sprintf("%02d-%s.png", s.n, unsafeName.ReplaceAllString(name, "-")))
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(sctx, chromedp.CaptureScreenshot())
	if err == nil {
		err = os.WriteFile(path, png, 0o644)
	}
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
	}
}

// checkAxe runs axe-core on the app page (not inside the sandboxed preview
// frame, which is the renderer's output and checked by the golden tests).
func checkAxe(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	axeJS, err := os.ReadFile(filepath.Join(root, "web/node_modules/axe-core/axe.min.js"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("axe-core not installed (npm ci in web/): %v", err)
		}
		t.Logf("axe-core not installed: not checking %s", where)
		return
	}
	actx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(actx, chromedp.Evaluate[any](string(axeJS)+"\n;undefined")); err != nil {
		fail(ctx, "inject axe-core", err)
	}
	// The app's header and breadcrumb colours are the app theme's, shared
	// by every screen; this checks the screen's own content.
	run := `axe.run({exclude: [[".app-header"], [".breadcrumb"]]}, {resultTypes: ["violations"], iframes: false}).then(r => JSON.stringify(r.violations.map(v => ({
		id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' '))}))))`
	out, err := chromedp.Run(actx, chromedp.Evaluate[string](run, chromedp.EvalAwaitPromise))
	if err != nil {
		fail(ctx, "run axe-core", err)
	}
	var found []axeViolation
	if err := json.Unmarshal([]byte(out), &found); err != nil {
		fail(ctx, "read axe-core's results", err)
	}
	for _, v := range found {
		t.Errorf("axe on %s: %s [%s] %s\n\t%s", where, v.ID, v.Impact, v.Help, strings.Join(v.Targets, "\n\t"))
	}
}

// TestDesignSystemScreen: an Admin opens a site's design system, changes
// the primary colour, saves, finds it still there after a reload, looks at
// the dark theme preview, exports CSS with the new value, and sees a
// contrast warning for an unreadable text colour.
func TestDesignSystemScreen(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	admin := env.Setup(t)
	var site struct {
		ID string `json:"id"`
	}
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Clinics"}).Want(t, 201).JSON(t, &site)
	designPath := "/sites/" + site.ID + "/design"

	ctx := newBrowser(t)
	visit(ctx, env.URL+"/login")
	signIn(t, ctx, "maya@riverside.example", "correct horse battery staple")

	// From the site screen's header.
	visit(ctx, env.URL+"/sites/"+site.ID)
	click(ctx, `//a[normalize-space()='Design system']`)
	waitPath(ctx, designPath)
	waitVisible(ctx, valueInput("color.primary"))
	waitText(ctx, "Pagewright’s default design system")
	waitText(ctx, "All text/background pairs pass WCAG AA")
	waitVisible(ctx, `iframe[data-testid="theme-preview"]`)
	if got := eval[bool](ctx, `[...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Save').disabled`); !got {
		t.Error("Save is enabled before any change")
	}
	shot(t, ctx, "design-system-defaults")
	checkAxe(t, ctx, "the design system screen")
	viewShot(t, ctx, "design-system-top")
	step(ctx, "scroll to the semantic colours", scrollTo(`#ds-semantic`))
	viewShot(t, ctx, "design-system-semantic")
	for _, tab := range []string{"Typography", "Spacing", "Radii", "Shadows", "Breakpoints", "Components & more", "Advanced (JSON)"} {
		click(ctx, `//button[@role='tab'][contains(normalize-space(), `+xpathString(tab)+`)]`)
		untilJS(ctx, "the "+tab+" tab", `document.querySelector('[role="tab"][aria-selected="true"]').textContent.includes(`+jsString(tab)+`)`)
		viewShot(t, ctx, "design-system-tab-"+tab)
	}
	click(ctx, `//button[@role='tab'][contains(normalize-space(), 'Colours')]`)

	// The default primary is an alias of the teal scale.
	if v := eval[string](ctx, `document.querySelector('`+valueInput("color.primary")+`').value`); v != "{color.teal.700}" {
		t.Errorf("color.primary shows %q, want {color.teal.700}", v)
	}
	fill(ctx, valueInput("color.primary"), "#0f4c81")
	waitText(ctx, "Unsaved changes")
	// The preview follows the draft before it is saved.
	untilJS(ctx, "the preview shows the unsaved colour",
		`(document.querySelector('iframe[data-testid="theme-preview"]').getAttribute('srcdoc') || '').includes('--pw-color-primary: #0f4c81')`)
	viewShot(t, ctx, "design-system-edited")
	click(ctx, button("Save"))
	waitText(ctx, "Design system saved")
	waitNoText(ctx, "Unsaved changes")
	waitText(ctx, "Revision 1")
	viewShot(t, ctx, "design-system-saved")

	var ds struct {
		Revision int64 `json:"revision"`
		Tokens   struct {
			Color struct {
				Primary struct {
					Value string `json:"$value"`
				} `json:"primary"`
			} `json:"color"`
		} `json:"tokens"`
	}
	admin.Do(t, "GET", "/api/v1/sites/"+site.ID+"/design-system", nil).Want(t, 200).JSON(t, &ds)
	if ds.Revision != 1 || ds.Tokens.Color.Primary.Value != "#0f4c81" {
		t.Fatalf("saved design system: revision %d, color.primary %q", ds.Revision, ds.Tokens.Color.Primary.Value)
	}

	// Still there after a reload.
	visit(ctx, env.URL+designPath)
	waitVisible(ctx, valueInput("color.primary"))
	untilJS(ctx, "color.primary after the reload", `document.querySelector('`+valueInput("color.primary")+`').value === '#0f4c81'`)
	if strings.Contains(bodyText(ctx), "Unsaved changes") {
		t.Error("a fresh load says there are unsaved changes")
	}

	// How long one keystroke's edit takes to render (React handles input
	// events synchronously): the whole screen follows every edit.
	perEdit := eval[float64](ctx, `(() => {
		const el = document.querySelector('`+valueInput("color.link")+`');
		const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
		const before = el.value, t0 = performance.now();
		for (let i = 0; i < 20; i++) { set.call(el, i % 2 ? '#123456' : '#654321'); el.dispatchEvent(new Event('input', {bubbles: true})) }
		const ms = (performance.now() - t0) / 20;
		set.call(el, before); el.dispatchEvent(new Event('input', {bubbles: true}));
		return ms;
	})()`)
	t.Logf("one token edit re-renders the Colours tab in %.1f ms", perEdit)
	waitNoText(ctx, "Unsaved changes")

	// The dark theme: the preview wears data-theme="dark", the rows show
	// the dark values.
	click(ctx, `//button[@role='radio'][contains(normalize-space(), 'Dark')]`)
	untilJS(ctx, "the preview switches to dark",
		`document.querySelector('iframe[data-testid="theme-preview"]').dataset.theme === 'dark' &&
		 document.querySelector('iframe[data-testid="theme-preview"]').getAttribute('srcdoc').includes('<html lang="en" data-theme="dark">')`)
	untilJS(ctx, "dark values in the rows", `document.querySelector('`+valueInput("color.text.default")+`').value === '{color.slate.200}'`)
	waitText(ctx, "Dark value")
	viewShot(t, ctx, "design-system-dark")
	checkAxe(t, ctx, "the dark theme view")

	// Export CSS: the menu links to the export, which has the new value.
	click(ctx, `[data-testid="export-menu"]`)
	waitVisible(ctx, menuItem("CSS custom propertiestokens.css"))
	viewShot(t, ctx, "design-system-export-menu")
	href := eval[string](ctx, `document.querySelector('a[data-format="css"]').getAttribute('href')`)
	if want := "/api/v1/sites/" + site.ID + "/design-system/export?format=css"; href != want {
		t.Errorf("CSS export link %q, want %q", href, want)
	}
	res := admin.Do(t, "GET", href, nil).Want(t, 200)
	if !strings.Contains(strings.ToLower(string(res.Body)), "--pw-color-primary: #0f4c81") {
		t.Errorf("the CSS export lacks the new primary colour:\n%.800s", res.Body)
	}
	step(ctx, "close the menu", pressEscape())
	waitGone(ctx, `[role="menu"]`)

	// An unreadable text colour: saved, with a contrast warning.
	click(ctx, `//button[@role='radio'][contains(normalize-space(), 'Light')]`)
	fill(ctx, valueInput("color.text.muted"), "#c0c0c0")
	click(ctx, button("Save"))
	waitText(ctx, "Design system saved")
	waitVisible(ctx, `[data-testid="contrast-warning"]`)
	waitText(ctx, "color.text.muted")
	if n := count(ctx, `[data-testid="contrast-warning"]`); n < 1 {
		t.Errorf("%d contrast warnings, want some", n)
	}
	step(ctx, "scroll to the contrast panel", scrollTo(`[data-testid="contrast-panel"]`))
	viewShot(t, ctx, "design-system-contrast")

	// The history names the change.
	step(ctx, "scroll to the top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	click(ctx, button("History"))
	waitText(ctx, "Revision 2")
	waitText(ctx, "color.text.muted")
	viewShot(t, ctx, "design-system-history")

	var hist struct {
		Items []json.RawMessage `json:"items"`
	}
	admin.Do(t, "GET", "/api/v1/sites/"+site.ID+"/design-system/history", nil).Want(t, 200).JSON(t, &hist)
	if len(hist.Items) != 2 {
		t.Errorf("%d history entries, want 2", len(hist.Items))
	}
	click(ctx, button("Close"))
	waitNoDialog(ctx)

	// Someone else saves while this screen has unsaved changes: saving
	// asks what to do instead of overwriting.
	var other map[string]any
	cur := admin.Do(t, "GET", "/api/v1/sites/"+site.ID+"/design-system", nil).Want(t, 200)
	cur.JSON(t, &other)
	other["tokens"].(map[string]any)["space"].(map[string]any)["4"].(map[string]any)["$value"] = "1.125rem"
	admin.Do(t, "PUT", "/api/v1/sites/"+site.ID+"/design-system", other, "If-Match", cur.Header.Get("ETag")).Want(t, 200)

	fill(ctx, valueInput("color.primary-hover"), "#0b3a63")
	click(ctx, button("Save"))
	waitVisible(ctx, `[role="alertdialog"]`)
	waitText(ctx, "Someone else saved the design system")
	waitText(ctx, "space.4")
	viewShot(t, ctx, "design-system-conflict")
	click(ctx, button("Overwrite with mine"))
	waitText(ctx, "Design system saved")
	waitNoDialog(ctx)
	waitText(ctx, "Revision 4")

	var final struct {
		Revision int64 `json:"revision"`
		Tokens   struct {
			Color struct {
				Hover struct {
					Value string `json:"$value"`
				} `json:"primary-hover"`
			} `json:"color"`
			Space struct {
				Four struct {
					Value string `json:"$value"`
				} `json:"4"`
			} `json:"space"`
		} `json:"tokens"`
	}
	admin.Do(t, "GET", "/api/v1/sites/"+site.ID+"/design-system", nil).Want(t, 200).JSON(t, &final)
	// "Overwrite with mine" saves this screen's whole draft, which did not
	// have the other change.
	if final.Revision != 4 || final.Tokens.Color.Hover.Value != "#0b3a63" || final.Tokens.Space.Four.Value != "1rem" {
		t.Errorf("after overwriting: revision %d, color.primary-hover %q, space.4 %q", final.Revision, final.Tokens.Color.Hover.Value, final.Tokens.Space.Four.Value)
	}
}

// TestDesignSystemReadOnlyForViewer: a Viewer sees the tokens, the preview
// and the exports, and nothing that would change them.
func TestDesignSystemReadOnlyForViewer(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	admin := env.Setup(t)
	var site struct {
		ID string `json:"id"`
	}
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Clinics"}).Want(t, 201).JSON(t, &site)
	env.CreateUser(t, "Priya Viewer", access.RoleViewer)

	ctx := newBrowser(t)
	visit(ctx, env.URL+"/login")
	signIn(t, ctx, "priya.viewer@riverside.example", apptest.Password)
	visit(ctx, env.URL+"/sites/"+site.ID+"/design")
	waitVisible(ctx, valueInput("color.primary"))
	waitText(ctx, "Only people who can edit the site can change it")
	waitVisible(ctx, `iframe[data-testid="theme-preview"]`)
	viewShot(t, ctx, "viewer-design-system")
	if exists(ctx, button("Save")) {
		t.Error("a Viewer sees the Save button")
	}
	if !eval[bool](ctx, `document.querySelector('`+valueInput("color.primary")+`').disabled`) {
		t.Error("a Viewer can type in a token value")
	}
	if n := count(ctx, `button[aria-label^="Delete "], button[aria-label^="Add a"]`); n != 0 {
		t.Errorf("a Viewer sees %d add or delete buttons", n)
	}
	if !exists(ctx, `[data-testid="export-menu"]`) {
		t.Error("a Viewer cannot export")
	}
}
