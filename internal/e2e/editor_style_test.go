package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
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

// editorPage creates a site and a page with the given document (nodes JSON,
// without the root) through the API, and opens a browser signed in as the
// Admin with focus emulation on (headless Chromium fires blur, which saves
// some fields, only with it).
func editorPage(t *testing.T, title, nodes string) (*apptest.Env, *apptest.Client, pageJSON, context.Context) {
	t.Helper()
	env := startServer(t)
	admin := env.Setup(t)
	var site siteJSON
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Clinics"}).Want(t, 201).JSON(t, &site)
	var pg pageJSON
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": title}).Want(t, 201).JSON(t, &pg)
	docPath := "/api/v1/pages/" + pg.ID + "/document"
	etag := admin.Do(t, "GET", docPath, nil).Want(t, 200).Header.Get("ETag")
	body := fmt.Sprintf(`{"schemaVersion":1,"root":"root","meta":{"title":%q,"lang":"en"},"nodes":{"root":{"id":"root","type":"Page"},%s}}`, title, nodes)
	admin.Do(t, "PUT", docPath, json.RawMessage(body), "If-Match", etag).Want(t, 200)
	ctx := newBrowser(t)
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	visit(ctx, env.URL+"/login")
	signIn(t, ctx, "maya@riverside.example", apptest.Password)
	visit(ctx, env.URL+"/pages/"+pg.ID+"/edit")
	return env, admin, pg, ctx
}

// TestEditorStylesAndImages is Sam styling a clinic page: a heading's colour
// from the design tokens, a larger size from tablet width up, and an image
// uploaded into the library and placed on the page — all still there after
// a reload, and in the preview.
func TestEditorStylesAndImages(t *testing.T) {
	t.Parallel()
	_, admin, pg, ctx := editorPage(t, "Hillside clinic", `
		"sec":{"id":"sec","type":"Section","parent":"root","pos":"a0"},
		"h":{"id":"h","type":"Heading","parent":"sec","pos":"a0","props":{"text":"Hillside clinic","level":1}},
		"t":{"id":"t","type":"Text","parent":"sec","pos":"a1","props":{"html":"<p>Open Monday to Saturday.</p>"}}`)
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

// TestEditorMoveFormatAndSettings: move a component on the canvas by its
// handle, make a word bold, set the page's search title, and check the
// editor itself with axe-core.
func TestEditorMoveFormatAndSettings(t *testing.T) {
	t.Parallel()
	_, admin, pg, ctx := editorPage(t, "Vaccinations", `
		"s1":{"id":"s1","type":"Section","parent":"root","pos":"a0","props":{"label":"Flu"}},
		"h1":{"id":"h1","type":"Heading","parent":"s1","pos":"a0","props":{"text":"Flu vaccine","level":1}},
		"t1":{"id":"t1","type":"Text","parent":"s1","pos":"a1","props":{"html":"<p>Free for over 65s.</p>"}},
		"s2":{"id":"s2","type":"Section","parent":"root","pos":"a1","props":{"label":"Covid"}},
		"h2":{"id":"h2","type":"Heading","parent":"s2","pos":"a0","props":{"text":"Covid booster","level":2}}`)
	untilJS(ctx, "the canvas", canvasJS(`!!doc && !!doc.querySelector('[data-pw-node="h2"]')`))

	// Select the text and drag it by its handle into the second section, under the heading.
	tp := canvasPoint(ctx, `[data-pw-node="t1"]`, 0.1, 0.5)
	step(ctx, "select the text", chromedp.MouseClickXY(tp.X, tp.Y))
	waitVisible(ctx, `[data-testid="selection-tag"] button[aria-label="Drag to move"]`)
	drag(ctx, "drag the text into the second section", centerOf(ctx, `[data-testid="selection-tag"] button[aria-label="Drag to move"]`), canvasPoint(ctx, `[data-pw-node="h2"]`, 0.5, 0.9))
	untilJS(ctx, "the text moved", `window.__pagewright.store.node('t1').parent === 's2' && window.__pagewright.store.children('s2').join() === 'h2,t1'`)
	untilJS(ctx, "the canvas shows the move", canvasJS(`doc.querySelector('[data-pw-node="s2"] [data-pw-node="t1"]') !== null`))
	shot(t, ctx, "moved-on-canvas")

	// Bold one word with the rich-text toolbar.
	tp = canvasPoint(ctx, `[data-pw-node="t1"]`, 0.05, 0.5)
	step(ctx, "double-click the text", chromedp.MouseClickXY(tp.X, tp.Y, chromedp.ClickCount(2)))
	waitVisible(ctx, `[role="toolbar"][aria-label="Text formatting"]`)
	step(ctx, "select the first word", chromedp.Evaluate[chromedp.Void](canvasJS(`(() => {
		const p = doc.querySelector('[data-pw-editing] p'); const r = doc.createRange();
		r.setStart(p.firstChild, 0); r.setEnd(p.firstChild, 4); doc.getSelection().removeAllRanges(); doc.getSelection().addRange(r);
	})()`)))
	click(ctx, `[role="toolbar"] button[aria-label^="Bold"]`)
	untilJS(ctx, "bold in the store", `/<(b|strong)>Free<\/(b|strong)>/.test(window.__pagewright.store.node('t1').props.html)`)
	shot(t, ctx, "bold")
	key(ctx, "\u001b")
	waitSaved(ctx)
	html := docOf(t, admin, pg.ID)["nodes"].(map[string]any)["t1"].(map[string]any)["props"].(map[string]any)["html"].(string)
	if !strings.Contains(html, ">Free</") {
		t.Errorf("stored text %q lacks the bold word", html)
	}

	// Page settings: the search title and description.
	click(ctx, `[aria-label="Page settings"]`)
	waitVisible(ctx, `[role="dialog"] input[name="title"]`)
	fill(ctx, `[role="dialog"] input[name="title"]`, "Flu and Covid vaccinations at Riverside")
	fill(ctx, `[role="dialog"] textarea[name="description"]`, "Book a free flu or Covid vaccination at a Riverside clinic near you.")
	step(ctx, "leave the field", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`))
	shot(t, ctx, "page-settings")
	key(ctx, "\u001b")
	waitNoDialog(ctx)
	waitSaved(ctx)
	meta := docOf(t, admin, pg.ID)["meta"].(map[string]any)
	if meta["title"] != "Flu and Covid vaccinations at Riverside" || meta["description"] == nil {
		t.Errorf("stored meta %v", meta)
	}

	// The editor's own screen has no accessibility violations (the canvas
	// holds the page, which the renderer's tests check).
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	axeJS, err := os.ReadFile(filepath.Join(root, "web/node_modules/axe-core/axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core not installed (npm ci in web/): %v", err)
	}
	if found := runAxe(ctx, string(axeJS), `{exclude: [['iframe']], resultTypes: ['violations']}`); len(found) > 0 {
		for _, v := range found {
			t.Errorf("axe: %s (%s): %s at %v", v.ID, v.Impact, v.Help, v.Targets)
		}
		out, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {exclude: [['iframe']], runOnly: ['color-contrast','label-content-name-mismatch']}).then(r => JSON.stringify(r.violations.flatMap(v => v.nodes.map(n => n.html.slice(0,160) + ' :: ' + (n.any[0]||n.all[0]||{}).message))))`, chromedp.EvalAwaitPromise))
		t.Log(out)
	}
}

// TestEditorOpenVersionReadOnly: an earlier version opens in the canvas,
// read-only, from the History panel, with a way back to the current page.
func TestEditorOpenVersionReadOnly(t *testing.T) {
	t.Parallel()
	env, admin, pg, ctx := editorPage(t, "Hillside clinic", `
		"sec":{"id":"sec","type":"Section","parent":"root","pos":"a0"},
		"h":{"id":"h","type":"Heading","parent":"sec","pos":"a0","props":{"text":"Spring hours","level":1}}`)
	untilJS(ctx, "the heading on the canvas", canvasJS(`doc.querySelector('[data-pw-node="h"]')?.textContent === 'Spring hours'`))
	var v struct {
		ID     string `json:"id"`
		Number int    `json:"number"`
	}
	admin.Do(t, "POST", "/api/v1/pages/"+pg.ID+"/versions", map[string]any{"message": "Spring"}).Want(t, 201).JSON(t, &v)
	docPath := "/api/v1/pages/" + pg.ID + "/document"
	etag := admin.Do(t, "GET", docPath, nil).Want(t, 200).Header.Get("ETag")
	admin.Do(t, "POST", docPath+"/ops", map[string]any{"ops": json.RawMessage(`[{"op":"set","node":"h","path":"props/text","value":"Summer hours"}]`)}, "If-Match", etag).Want(t, 200)

	visit(ctx, env.URL+"/pages/"+pg.ID+"/edit")
	untilJS(ctx, "the current heading", canvasJS(`doc.querySelector('[data-pw-node="h"]')?.textContent === 'Summer hours'`))
	click(ctx, `button[aria-label="History"]`)
	click(ctx, fmt.Sprintf(`a[aria-label="Open version %d read-only"]`, v.Number))
	waitVisible(ctx, `[data-testid="version-banner"]`)
	untilJS(ctx, "the old heading", canvasJS(`doc.querySelector('[data-pw-node="h"]')?.textContent === 'Spring hours'`))
	if !eval[bool](ctx, `document.querySelector('[data-testid="palette-Heading"]').disabled`) {
		t.Error("an earlier version can be edited")
	}
	hp := canvasPoint(ctx, `[data-pw-node="h"]`, 0.1, 0.5)
	step(ctx, "double-click the heading", chromedp.MouseClickXY(hp.X, hp.Y, chromedp.ClickCount(2)))
	if eval[bool](ctx, canvasJS(`!!doc.querySelector('[data-pw-editing]')`)) {
		t.Error("inline editing started on a read-only version")
	}
	shot(t, ctx, "version-read-only")
	click(ctx, `//a[normalize-space()='Back to the current page']`)
	untilJS(ctx, "the current heading again", canvasJS(`doc.querySelector('[data-pw-node="h"]')?.textContent === 'Summer hours'`))
	if exists(ctx, `[data-testid="version-banner"]`) {
		t.Error("the version banner stays on the current page")
	}
}
