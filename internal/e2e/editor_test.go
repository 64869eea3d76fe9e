package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pagewright/pagewright/internal/apptest"
)

// point is a position in the top page's CSS pixels.
type point struct{ X, Y float64 }

// centerOf is the centre of the element selector matches in the editor page.
func centerOf(ctx context.Context, selector string) point {
	return eval[point](ctx, fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect(); return {X: r.left + r.width/2, Y: r.top + r.height/2} })()`, selector))
}

// canvasPoint is a point inside the canvas element selector matches (in the
// iframe), at fractions fx, fy of its box, in top-page pixels.
//
// The canvas lays a page out again after every change (and on a busy
// machine a moment later than the node appears), so the point is taken once
// the element has stopped moving: a drop aimed at a shifting target can land
// beside it instead of in it.
func canvasPoint(ctx context.Context, selector string, fx, fy float64) point {
	p := canvasPointNow(ctx, selector, fx, fy)
	for range 20 {
		time.Sleep(100 * time.Millisecond)
		q := canvasPointNow(ctx, selector, fx, fy)
		if q == p {
			return p
		}
		p = q
	}
	return p
}

func canvasPointNow(ctx context.Context, selector string, fx, fy float64) point {
	return eval[point](ctx, fmt.Sprintf(`(() => {
		const f = document.querySelector('[data-testid="canvas"]');
		const fr = f.getBoundingClientRect();
		const scale = fr.width / f.offsetWidth;
		const r = f.contentDocument.querySelector(%q).getBoundingClientRect();
		return {X: fr.left + (r.left + r.width * %f) * scale, Y: fr.top + (r.top + r.height * %f) * scale};
	})()`, selector, fx, fy))
}

// drag drags with the mouse from one point to another, in steps.
func drag(ctx context.Context, what string, from, to point) {
	step(ctx, what, chromedp.DragAndDropXY(from.X, from.Y, to.X, to.Y, 16))
}

// key presses one key with modifiers.
func key(ctx context.Context, k string, mods ...chromedp.Modifier) {
	step(ctx, "press "+k, chromedp.KeyEvent(k, chromedp.KeyModifiers(mods...)))
}

// docOf reads a page's stored document through the API.
func docOf(t *testing.T, c *apptest.Client, page string) map[string]any {
	t.Helper()
	var d map[string]any
	c.Do(t, "GET", "/api/v1/pages/"+page+"/document", nil).Want(t, 200).JSON(t, &d)
	return d
}

// nodesOfType lists the stored nodes of a type.
func nodesOfType(d map[string]any, typ string) []map[string]any {
	var out []map[string]any
	for _, n := range d["nodes"].(map[string]any) {
		m := n.(map[string]any)
		if m["type"] == typ {
			out = append(out, m)
		}
	}
	return out
}

// waitSaved waits for the editor to report that everything is saved.
func waitSaved(ctx context.Context) {
	untilJS(ctx, "the editor to save", `document.querySelector('[data-testid="save-status"]')?.dataset.status === 'saved'`)
}

// TestEditor is Sam building a page: drag a Heading onto the canvas, edit
// its text inline, colour it with a token, undo and redo, copy and paste a
// section, paste HTML, style per breakpoint, and find it all after a reload.
func TestEditor(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	admin := env.Setup(t)
	var site siteJSON
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Clinics"}).Want(t, 201).JSON(t, &site)
	var pg pageJSON
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Flu clinic"}).Want(t, 201).JSON(t, &pg)

	ctx := newBrowser(t)
	visit(ctx, env.URL+"/login")
	signIn(t, ctx, "maya@riverside.example", apptest.Password)

	// From the site's pages, open the editor.
	visit(ctx, env.URL+"/sites/"+site.ID)
	click(ctx, `[data-testid="open-editor"]`)
	waitPath(ctx, "/pages/"+pg.ID+"/edit")
	waitVisible(ctx, `[data-testid="palette-Heading"]`)
	untilJS(ctx, "the canvas to render the page", `!!document.querySelector('[data-testid="canvas"]').contentDocument?.querySelector('[data-pw-node]')`)
	shot(t, ctx, "editor-empty")

	// Drag a Section onto the page, then a Heading into the section.
	drag(ctx, "drag a Section onto the canvas", centerOf(ctx, `[data-testid="palette-Section"]`), canvasPoint(ctx, `main`, 0.5, 0.2))
	untilJS(ctx, "a section on the canvas", `!!document.querySelector('[data-testid="canvas"]').contentDocument.querySelector('section[data-pw-node]')`)
	drag(ctx, "drag a Heading into the section", centerOf(ctx, `[data-testid="palette-Heading"]`), canvasPoint(ctx, `section`, 0.5, 0.5))
	untilJS(ctx, "a heading in the section", `!!document.querySelector('[data-testid="canvas"]').contentDocument.querySelector('section h2[data-pw-node], section h1[data-pw-node]')`)
	shot(t, ctx, "editor-heading-dropped")
	waitSaved(ctx)
	d := docOf(t, admin, pg.ID)
	heads := nodesOfType(d, "Heading")
	secs := nodesOfType(d, "Section")
	if len(heads) != 1 || len(secs) != 1 || heads[0]["parent"] != secs[0]["id"] {
		b, _ := json.Marshal(d)
		t.Fatalf("after the drops the document holds %d headings and %d sections (heading in section?): %s", len(heads), len(secs), b)
	}
	headID := heads[0]["id"].(string)
	headSel := fmt.Sprintf(`[data-pw-node="%s"]`, headID)

	// Edit its text inline: double-click, type, click away.
	hp := canvasPoint(ctx, headSel, 0.1, 0.5)
	step(ctx, "double-click the heading", chromedp.MouseClickXY(hp.X, hp.Y, chromedp.ClickCount(2)))
	untilJS(ctx, "inline editing", `!!document.querySelector('[data-testid="canvas"]').contentDocument.querySelector('[data-pw-editing]')`)
	step(ctx, "select all", chromedp.Evaluate[chromedp.Void](`(() => { const d = document.querySelector('[data-testid="canvas"]').contentDocument; const el = d.querySelector('[data-pw-editing]'); const r = d.createRange(); r.selectNodeContents(el); d.getSelection().removeAllRanges(); d.getSelection().addRange(r); })()`))
	step(ctx, "type the heading", chromedp.KeyEvent("Book your flu shot"))
	key(ctx, "\u001b")
	untilJS(ctx, "inline editing to end", `!document.querySelector('[data-testid="canvas"]').contentDocument.querySelector('[data-pw-editing]')`)
	untilJS(ctx, "the canvas to show the new text", fmt.Sprintf(`document.querySelector('[data-testid="canvas"]').contentDocument.querySelector(%q)?.textContent === 'Book your flu shot'`, headSel))
	shot(t, ctx, "editor-inline-edited")
	waitSaved(ctx)
	if got := nodesOfType(docOf(t, admin, pg.ID), "Heading")[0]["props"].(map[string]any)["text"]; got != "Book your flu shot" {
		t.Errorf("stored heading text %q", got)
	}

	// Undo brings back the old text, redo the new; both reach the server.
	key(ctx, "z", chromedp.ModifierCtrl)
	untilJS(ctx, "undo on the canvas", fmt.Sprintf(`document.querySelector('[data-testid="canvas"]').contentDocument.querySelector(%q)?.textContent === 'Heading'`, headSel))
	shot(t, ctx, "editor-undone")
	key(ctx, "z", chromedp.ModifierCtrl|chromedp.ModifierShift)
	untilJS(ctx, "redo on the canvas", fmt.Sprintf(`document.querySelector('[data-testid="canvas"]').contentDocument.querySelector(%q)?.textContent === 'Book your flu shot'`, headSel))
	waitSaved(ctx)
	if got := nodesOfType(docOf(t, admin, pg.ID), "Heading")[0]["props"].(map[string]any)["text"]; got != "Book your flu shot" {
		t.Errorf("after undo and redo the stored heading is %q", got)
	}

	// Copy the section and paste it: a second section after the first, with the heading inside.
	secSel := fmt.Sprintf(`[data-pw-node="%s"]`, secs[0]["id"])
	sp := canvasPoint(ctx, secSel, 0.5, 0.95)
	step(ctx, "select the section", chromedp.MouseClickXY(sp.X, sp.Y))
	untilJS(ctx, "the section selected", fmt.Sprintf(`window.__pagewright.store.selection === %q`, secs[0]["id"]))
	click(ctx, `[aria-label="Command palette"]`)
	waitVisible(ctx, `[role="dialog"] input[aria-label="Command"]`)
	fill(ctx, `[role="dialog"] input[aria-label="Command"]`, "copy")
	shot(t, ctx, "editor-command-palette")
	key(ctx, "\r")
	waitNoDialog(ctx)
	click(ctx, `[aria-label="Command palette"]`)
	waitVisible(ctx, `[role="dialog"] input[aria-label="Command"]`)
	fill(ctx, `[role="dialog"] input[aria-label="Command"]`, "paste")
	key(ctx, "\r")
	waitNoDialog(ctx)
	untilJS(ctx, "two sections on the canvas", `document.querySelector('[data-testid="canvas"]').contentDocument.querySelectorAll('section[data-pw-node]').length === 2`)
	shot(t, ctx, "editor-section-pasted")

	// Pasting HTML from elsewhere turns it into components.
	step(ctx, "paste HTML", chromedp.Evaluate[chromedp.Void](`(() => {
		const dt = new DataTransfer();
		dt.setData('text/html', '<h3>Opening hours</h3><p>Monday to <b>Friday</b>, 8am to 6pm.</p><ul><li>Walk-ins welcome</li><li>Bring your card</li></ul><script>alert(1)</script>');
		document.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true}));
	})()`))
	untilJS(ctx, "the pasted heading", `[...document.querySelector('[data-testid="canvas"]').contentDocument.querySelectorAll('h3')].some(h => h.textContent === 'Opening hours')`)
	untilJS(ctx, "the pasted list", `[...document.querySelector('[data-testid="canvas"]').contentDocument.querySelectorAll('li')].some(li => li.textContent === 'Walk-ins welcome')`)
	shot(t, ctx, "editor-html-pasted")
	waitSaved(ctx)
	d = docOf(t, admin, pg.ID)
	if len(nodesOfType(d, "Section")) != 2 || len(nodesOfType(d, "List")) != 1 || len(nodesOfType(d, "Heading")) != 3 {
		b, _ := json.Marshal(d)
		t.Errorf("after copy, paste and HTML paste the document holds %d sections, %d lists, %d headings: %s",
			len(nodesOfType(d, "Section")), len(nodesOfType(d, "List")), len(nodesOfType(d, "Heading")), b)
	}
	if b, _ := json.Marshal(d); strings.Contains(string(b), "alert(1)") {
		t.Errorf("the pasted script reached the document: %s", b)
	}

	// The layers tree: rename a layer and hide it.
	click(ctx, `(//button[@role='tab'][.//span[normalize-space()='Layers']])[1]`)
	waitVisible(ctx, `[role="tree"][aria-label="Layers"]`)
	shot(t, ctx, "editor-layers")
	row := fmt.Sprintf(`[data-row-id="%s"]`, headID)
	step(ctx, "double-click the heading's layer", chromedp.DoubleClick(sel(row)))
	waitVisible(ctx, `input[aria-label="Layer name"]`)
	fill(ctx, `input[aria-label="Layer name"]`, "Main title")
	key(ctx, "\r")
	waitText(ctx, "Main title")
	waitSaved(ctx)
	if got := nodesOfType(docOf(t, admin, pg.ID), "Heading"); !slices.ContainsFunc(got, func(n map[string]any) bool { return n["label"] == "Main title" }) {
		t.Errorf("the layer name was not stored")
	}

	// Drag the second section's layer above the first: the order changes.
	order := eval[[]string](ctx, `window.__pagewright.store.children(window.__pagewright.store.root)`)
	if len(order) != 2 {
		t.Fatalf("page children %v", order)
	}
	from := centerOf(ctx, fmt.Sprintf(`[data-row-id="%s"]`, order[1]))
	to := eval[point](ctx, fmt.Sprintf(`(() => { const r = document.querySelector('[data-row-id="%s"]').getBoundingClientRect(); return {X: r.left + r.width/2, Y: r.top + 4} })()`, order[0]))
	drag(ctx, "drag the second section above the first in the layers", from, to)
	untilJS(ctx, "the sections swapped", fmt.Sprintf(`window.__pagewright.store.children(window.__pagewright.store.root)[0] === %q`, order[1]))
	untilJS(ctx, "the canvas in the new order", fmt.Sprintf(`document.querySelector('[data-testid="canvas"]').contentDocument.querySelector('section[data-pw-node]')?.dataset.pwNode === %q`, order[1]))
	shot(t, ctx, "editor-layers-reordered")

	// Keyboard shortcuts dialog.
	step(ctx, "focus the editor", chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur()`))
	key(ctx, "?")
	waitText(ctx, "Keyboard shortcuts")
	shot(t, ctx, "editor-shortcuts")
	key(ctx, "\u001b")
	waitNoDialog(ctx)

	// Reload: everything is still there.
	waitSaved(ctx)
	step(ctx, "reload", chromedp.Reload())
	untilJS(ctx, "the canvas after reload", `document.querySelector('[data-testid="canvas"]')?.contentDocument?.querySelectorAll('section[data-pw-node]').length === 2`)
	untilJS(ctx, "the heading text after reload", fmt.Sprintf(`document.querySelector('[data-testid="canvas"]').contentDocument.querySelector(%q)?.textContent === 'Book your flu shot'`, headSel))
	shot(t, ctx, "editor-reloaded")

	// Someone else saves: the next autosave is refused and the editor asks.
	etag := admin.Do(t, "GET", "/api/v1/pages/"+pg.ID+"/document", nil).Want(t, 200).Header.Get("ETag")
	admin.Do(t, "POST", "/api/v1/pages/"+pg.ID+"/document/ops", map[string]any{"ops": json.RawMessage(`[{"op":"set","path":"meta/title","value":"Changed elsewhere"}]`)}, "If-Match", etag).Want(t, 200)
	step(ctx, "edit through the store", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`window.__pagewright.store.apply([{op:'set', node:%q, path:'props/text', value:'Mine'}], {label:'x'})`, headID)))
	waitText(ctx, "Someone else saved this page")
	shot(t, ctx, "editor-conflict")
	click(ctx, button("Load their version (discard my unsaved changes)"))
	waitNoDialog(ctx)
	waitSaved(ctx)
	untilJS(ctx, "their version on the canvas", fmt.Sprintf(`document.querySelector('[data-testid="canvas"]').contentDocument.querySelector(%q)?.textContent === 'Book your flu shot'`, headSel))
	if title := docOf(t, admin, pg.ID)["meta"].(map[string]any)["title"]; title != "Changed elsewhere" {
		t.Errorf("their title was overwritten: %v", title)
	}
}
