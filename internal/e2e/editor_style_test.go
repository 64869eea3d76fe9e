package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/apptest"
)

// canvasJS evaluates an expression with `doc` bound to the canvas document.
func canvasJS(expr string) string {
	return `(() => { const doc = document.querySelector('[data-testid="canvas"]').contentDocument; return (` + expr + `); })()`
}

// TestEditorStylesAndImages is Sam styling a clinic page: a heading's colour
// from the design tokens, a larger size from tablet width up, and an image
// uploaded into the library and placed on the page — all still there after
// a reload, and in the preview.
func TestEditorStylesAndImages(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	admin := env.Setup(t)
	var site siteJSON
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Clinics"}).Want(t, 201).JSON(t, &site)
	var pg pageJSON
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Hillside clinic"}).Want(t, 201).JSON(t, &pg)
	docPath := "/api/v1/pages/" + pg.ID + "/document"
	etag := admin.Do(t, "GET", docPath, nil).Want(t, 200).Header.Get("ETag")
	admin.Do(t, "PUT", docPath, json.RawMessage(`{"schemaVersion":1,"root":"root","meta":{"title":"Hillside clinic","lang":"en"},"nodes":{
		"root":{"id":"root","type":"Page"},
		"sec":{"id":"sec","type":"Section","parent":"root","pos":"a0"},
		"h":{"id":"h","type":"Heading","parent":"sec","pos":"a0","props":{"text":"Hillside clinic","level":1}},
		"t":{"id":"t","type":"Text","parent":"sec","pos":"a1","props":{"html":"<p>Open Monday to Saturday.</p>"}}}}`), "If-Match", etag).Want(t, 200)

	ctx := newBrowser(t)
	// Headless Chromium fires blur (which saves alt text) only with focus emulation.
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	visit(ctx, env.URL+"/login")
	signIn(t, ctx, "maya@riverside.example", apptest.Password)
	visit(ctx, env.URL+"/pages/"+pg.ID+"/edit")
	untilJS(ctx, "the heading on the canvas", canvasJS(`!!doc.querySelector('[data-pw-node="h"]')`))

	// Select the heading and colour it with the primary token.
	hp := canvasPoint(ctx, `[data-pw-node="h"]`, 0.1, 0.5)
	step(ctx, "select the heading", chromedp.MouseClickXY(hp.X, hp.Y))
	untilJS(ctx, "the heading selected", `window.__pagewright.store.selection === 'h'`)
	click(ctx, `(//button[@role='tab'][.//span[normalize-space()='Style']])[1]`)
	click(ctx, `.pwp-row[data-property="color"] button[aria-label^="Choose a token"]`)
	waitVisible(ctx, `input[aria-label^="Search tokens"]`)
	fill(ctx, `input[aria-label^="Search tokens"]`, "color.primary")
	shot(t, ctx, "style-token-picker")
	click(ctx, `[role="option"][aria-label^="color.primary,"]`)
	untilJS(ctx, "the token stored in the node", `window.__pagewright.store.node('h').styles?.base?.color === '{color.primary}'`)
	untilJS(ctx, "the canvas heading in the primary colour", canvasJS(`(() => {
		const probe = doc.createElement('span'); probe.style.color = 'var(--pw-color-primary)'; doc.body.append(probe);
		const want = getComputedStyle(probe).color; probe.remove();
		const el = doc.querySelector('[data-pw-node="h"]');
		return !!el && getComputedStyle(el).color === want && want !== 'rgb(0, 0, 0)';
	})()`))
	shot(t, ctx, "style-token-applied")

	// From tablet width up, the heading is larger; on mobile it is not.
	click(ctx, `[aria-label="Tablet (768px)"]`)
	untilJS(ctx, "the canvas at 768px", `document.querySelector('[data-testid="canvas"]').offsetWidth === 768`)
	fill(ctx, `.pwp-row[data-property="font-size"] input`, "44px")
	untilJS(ctx, "font-size stored for md", `window.__pagewright.store.node('h').styles?.md?.['font-size'] === '44px'`)
	untilJS(ctx, "44px on the tablet canvas", canvasJS(`getComputedStyle(doc.querySelector('[data-pw-node="h"]')).fontSize === '44px'`))
	shot(t, ctx, "style-tablet")
	click(ctx, `[aria-label="Mobile (390px)"]`)
	untilJS(ctx, "the canvas at 390px", `document.querySelector('[data-testid="canvas"]').offsetWidth === 390`)
	untilJS(ctx, "not 44px on mobile", canvasJS(`getComputedStyle(doc.querySelector('[data-pw-node="h"]')).fontSize !== '44px'`))
	shot(t, ctx, "style-mobile")
	click(ctx, `[aria-label="Desktop (1280px)"]`)

	// An image: add one after the text, upload a picture and use it.
	tp := canvasPoint(ctx, `[data-pw-node="t"]`, 0.1, 0.5)
	step(ctx, "select the text", chromedp.MouseClickXY(tp.X, tp.Y))
	untilJS(ctx, "the text selected", `window.__pagewright.store.selection === 't'`)
	click(ctx, `(//button[@role='tab'][.//span[normalize-space()='Add']])[1]`)
	click(ctx, `[data-testid="palette-Image"]`)
	untilJS(ctx, "an image node selected", `window.__pagewright.store.node(window.__pagewright.store.selection)?.type === 'Image'`)
	imgID := eval[string](ctx, `window.__pagewright.store.selection`)
	click(ctx, `(//button[@role='tab'][.//span[normalize-space()='Properties']])[1]`)
	click(ctx, button("Choose image…"))
	untilJS(ctx, "the picker's file input", `!!document.querySelector('[data-testid="asset-file-input"]')`)
	file := writeTestPNG(t, t.TempDir(), "hillside-entrance.png", 1600, 900, false)
	uploadThroughInput(ctx, file)
	waitVisible(ctx, assetTile("hillside-entrance.png"))
	click(ctx, assetTile("hillside-entrance.png"))
	fill(ctx, `[role="dialog"] textarea[name="alt"]`, "The entrance of the Hillside clinic")
	shot(t, ctx, "image-picker")
	click(ctx, button("Use image"))
	waitNoDialog(ctx)
	untilJS(ctx, "the image src stored", fmt.Sprintf(`(window.__pagewright.store.node(%q).props?.src || '').startsWith('asset:')`, imgID))
	untilJS(ctx, "the image on the canvas", canvasJS(fmt.Sprintf(`!!doc.querySelector('[data-pw-node="%s"] img[src^="/api/v1/assets/"], img[data-pw-node="%s"][src^="/api/v1/assets/"]')`, imgID, imgID)))
	untilJS(ctx, "the image loaded", canvasJS(`[...doc.images].some(i => i.complete && i.naturalWidth > 0)`))
	shot(t, ctx, "image-placed")
	waitSaved(ctx)

	// Reload: the token, the tablet size and the image are all kept.
	step(ctx, "reload", chromedp.Reload())
	untilJS(ctx, "the canvas after reload", canvasJS(`!!doc && !!doc.querySelector('[data-pw-node="h"]') && [...doc.images].some(i => i.complete && i.naturalWidth > 0)`))
	d := docOf(t, admin, pg.ID)
	b, _ := json.Marshal(d)
	for _, want := range []string{`"{color.primary}"`, `"font-size":"44px"`, `"src":"asset:`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("stored document lacks %s: %s", want, b)
		}
	}
	// The preview, as it would publish: the image with its responsive sizes.
	html := string(admin.Do(t, "GET", "/api/v1/pages/"+pg.ID+"/preview", nil).Want(t, 200).Body)
	for _, want := range []string{`src="/api/v1/assets/`, `width="1600"`, `height="900"`, "var(--pw-color-primary)"} {
		if !strings.Contains(html, want) {
			t.Errorf("preview lacks %s", want)
		}
	}
	shot(t, ctx, "reloaded")
}

// TestEditorReadOnlyForViewer: Priya (Viewer) can open a page in the
// editor to look, but has nothing to change it with.
func TestEditorReadOnlyForViewer(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	admin := env.Setup(t)
	var site siteJSON
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Clinics"}).Want(t, 201).JSON(t, &site)
	var pg pageJSON
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Flu clinic"}).Want(t, 201).JSON(t, &pg)
	env.CreateUser(t, "Priya Viewer", access.RoleViewer)

	ctx := newBrowser(t)
	visit(ctx, env.URL+"/login")
	signIn(t, ctx, "priya.viewer@riverside.example", apptest.Password)
	visit(ctx, env.URL+"/pages/"+pg.ID+"/edit")
	waitText(ctx, "Read only")
	untilJS(ctx, "the canvas", canvasJS(`!!doc && !!doc.querySelector('[data-pw-node]')`))
	if exists(ctx, button("Save")) {
		t.Error("a viewer sees a Save button")
	}
	if !eval[bool](ctx, `document.querySelector('[data-testid="palette-Heading"]').disabled`) {
		t.Error("a viewer can add components")
	}
	shot(t, ctx, "viewer-editor")
}
