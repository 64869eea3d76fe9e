package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/apptest"
)

// cmpHoursNodes is a Section holding a Card with the opening hours, as
// both pages of the journey start.
const cmpHoursNodes = `
	"sec":{"id":"sec","type":"Section","parent":"root","pos":"a0"},
	"card":{"id":"card","type":"Card","parent":"sec","pos":"a0"},
	"h":{"id":"h","type":"Heading","parent":"card","pos":"a0","props":{"text":"Opening hours","level":2}},
	"t":{"id":"t","type":"Text","parent":"card","pos":"a1","props":{"html":"<p>Mon–Fri 8am–6pm</p>"}}`

// cmpPutDoc replaces a page's document (nodes JSON, without the root)
// through the API.
func cmpPutDoc(t *testing.T, c *apptest.Client, page, title, nodes string) {
	t.Helper()
	path := "/api/v1/pages/" + page + "/document"
	etag := c.Do(t, "GET", path, nil).Want(t, 200).Header.Get("ETag")
	body := fmt.Sprintf(`{"schemaVersion":1,"root":"root","meta":{"title":%q,"lang":"en"},"nodes":{"root":{"id":"root","type":"Page"},%s}}`, title, nodes)
	c.Do(t, "PUT", path, json.RawMessage(body), "If-Match", etag).Want(t, 200)
}

// cmpRefs lists the component references (id@version) of a page's
// stored Instance nodes.
func cmpRefs(t *testing.T, c *apptest.Client, page string) []string {
	t.Helper()
	var refs []string
	for _, n := range nodesOfType(docOf(t, c, page), "Instance") {
		refs = append(refs, fmt.Sprint(n["props"].(map[string]any)["component"]))
	}
	return refs
}

// cmpOpenEditor opens a page in the editor and waits for its canvas.
func cmpOpenEditor(ctx context.Context, base, page string) {
	sess(ctx).t.Helper()
	visit(ctx, base+"/pages/"+page+"/edit")
	waitVisible(ctx, `[data-testid="editor"]`)
	untilJS(ctx, "the canvas to render the page", canvasJS(`!!doc && !!doc.querySelector('[data-pw-node]')`))
}

// cmpLeftTab opens a tab of the editor's left panel (Add, Components, Layers).
func cmpLeftTab(ctx context.Context, name string) {
	sess(ctx).t.Helper()
	click(ctx, fmt.Sprintf(`(//aside[contains(@class,'pw-editor-left')]//button[@role='tab'][.//span[normalize-space()=%s]])[1]`, xpathString(name)))
}

// cmpSelectLayer selects a node by clicking its row in Layers.
func cmpSelectLayer(ctx context.Context, id string) {
	sess(ctx).t.Helper()
	cmpLeftTab(ctx, "Layers")
	waitVisible(ctx, `[role="tree"][aria-label="Layers"]`)
	click(ctx, fmt.Sprintf(`[role="tree"][aria-label="Layers"] [data-row-id=%q]`, id))
	untilJS(ctx, "select "+id, fmt.Sprintf(`window.__pagewright.store.selection === %q`, id))
}

// cmpLayerRows is the Layers tree as "type:label" per row, in order.
func cmpLayerRows(ctx context.Context) []string {
	sess(ctx).t.Helper()
	return eval[[]string](ctx, `[...document.querySelectorAll('[role="tree"][aria-label="Layers"] [data-row-id]')].map(r => {
		const n = window.__pagewright.store.node(r.dataset.rowId);
		return (n ? n.type : '?') + ':' + r.getAttribute('aria-label');
	})`)
}

// cmpInstances is the ids of the editor's Instance nodes.
func cmpInstances(ctx context.Context) []string {
	sess(ctx).t.Helper()
	return eval[[]string](ctx, `Object.values(window.__pagewright.store.toDocument().nodes).filter(n => n.type === 'Instance').map(n => n.id)`)
}

// cmpCanvasHas waits until the canvas shows text.
func cmpCanvasHas(ctx context.Context, text string) {
	sess(ctx).t.Helper()
	untilJS(ctx, "the canvas shows "+text, canvasJS(fmt.Sprintf(`!!doc && doc.body.innerText.includes(%s)`, jsString(text))))
}

// cmpFrameHas waits until an iframe (by CSS selector) shows text.
func cmpFrameHas(ctx context.Context, frame, text string) {
	sess(ctx).t.Helper()
	untilJS(ctx, fmt.Sprintf("%s shows %s", frame, text), fmt.Sprintf(`(() => {
		const d = document.querySelector(%s)?.contentDocument;
		return !!d && !!d.body && d.body.innerText.includes(%s);
	})()`, jsString(frame), jsString(text)))
}

// cmpCloseDialog closes the open dialog with Escape and makes sure the
// editor's selection is still want (selecting it again if not, so the
// journey goes on; the test fails either way).
func cmpCloseDialog(ctx context.Context, want string) {
	s := sess(ctx)
	s.t.Helper()
	key(ctx, "\x1b")
	waitNoDialog(ctx)
	if got := eval[string](ctx, `window.__pagewright.store.selection || ''`); got != want {
		s.t.Errorf("Escape that closed a dialog also changed the editor's selection from %q to %q", want, got)
		cmpSelectLayer(ctx, want)
	}
}

// cmpSignedIn opens a browser with focus emulation (blur saves some
// fields in headless Chromium only with it) and signs in.
func cmpSignedIn(t *testing.T, env *apptest.Env, email string) context.Context {
	t.Helper()
	ctx := newBrowser(t)
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	visit(ctx, env.URL+"/login")
	signIn(t, ctx, email, apptest.Password)
	return ctx
}

// TestComponentJourney is Sam (Editor) turning the opening hours card of
// the Home page into a reusable component, changing its title on Home
// only, using it on Vaccines, finding it in the library, publishing a new
// version from the editor and updating Vaccines after a preview,
// detaching it there, and seeing the deprecation Maya's team announced.
func TestComponentJourney(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	admin := env.Setup(t)
	env.CreateUser(t, "Sam Editor", access.RoleEditor)
	var site siteJSON
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Clinics"}).Want(t, 201).JSON(t, &site)
	var home, vacc pageJSON
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Home"}).Want(t, 201).JSON(t, &home)
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Vaccines"}).Want(t, 201).JSON(t, &vacc)
	cmpPutDoc(t, admin, home.ID, "Home", cmpHoursNodes)
	cmpPutDoc(t, admin, vacc.ID, "Vaccines", cmpHoursNodes)

	ctx := cmpSignedIn(t, env, "sam.editor@riverside.example")
	cmpOpenEditor(ctx, env.URL, home.ID)
	cmpCanvasHas(ctx, "Mon–Fri 8am–6pm")

	// Select the Card in Layers; its ⋯ menu's Create component… opens the dialog.
	createDialog := `[role="dialog"].pw-sym-dialog`
	cmpSelectLayer(ctx, "card")
	click(ctx, `button[aria-label="Actions for Card"]`)
	shot(t, ctx, "card-actions-menu")
	click(ctx, `//div[@role='menuitem'][contains(normalize-space(),'Create component…')]`)
	waitVisible(ctx, createDialog)
	waitText(ctx, "Saves Card to the component library")
	shot(t, ctx, "create-dialog-menu")
	cmpCloseDialog(ctx, "card")

	// Ctrl+Alt+K opens the same dialog for the selection.
	step(ctx, "focus the Card's layer", chromedp.Focus(sel(`[data-row-id="card"]`)))
	key(ctx, "k", chromedp.ModifierCtrl|chromedp.ModifierAlt)
	waitVisible(ctx, createDialog)
	waitText(ctx, "Saves Card to the component library")
	shot(t, ctx, "create-dialog-shortcut")
	cmpCloseDialog(ctx, "card")

	// The command palette's "Create component…" opens it too.
	click(ctx, `[aria-label="Command palette"]`)
	fill(ctx, `[role="dialog"] input[aria-label="Command"]`, "Create component")
	shot(t, ctx, "command-palette-create")
	key(ctx, "\r")
	waitVisible(ctx, createDialog)
	waitText(ctx, "Saves Card to the component library")

	// Name it and expose the heading's text as "title" and the text as "hours".
	fill(ctx, `[role="dialog"] input[name="name"]`, "Opening hours")
	headText := "Heading “Opening hours” · Text"
	bodyHTML := "Text “Mon–Fri 8am–6pm” · Text"
	click(ctx, fmt.Sprintf(`button[role="checkbox"][aria-label=%q]`, headText))
	fill(ctx, fmt.Sprintf(`input[aria-label=%q]`, "Key for "+headText), "title")
	fill(ctx, fmt.Sprintf(`input[aria-label=%q]`, "Label for "+headText), "Title")
	click(ctx, fmt.Sprintf(`button[role="checkbox"][aria-label=%q]`, bodyHTML))
	fill(ctx, fmt.Sprintf(`input[aria-label=%q]`, "Key for "+bodyHTML), "hours")
	fill(ctx, fmt.Sprintf(`input[aria-label=%q]`, "Label for "+bodyHTML), "Hours")
	waitText(ctx, "Pages can change: title, hours")
	shot(t, ctx, "create-dialog-filled")
	checkAxe(t, ctx, "the Create component dialog")

	// Create: the Card becomes one instance; the canvas looks the same.
	click(ctx, `//div[@role='dialog']//button[@type='submit'][normalize-space()='Create component']`)
	waitNoDialog(ctx)
	waitText(ctx, "Created “Opening hours”")
	untilJS(ctx, "the instance selected", `window.__pagewright.store.node(window.__pagewright.store.selection)?.type === 'Instance'`)
	inst := eval[string](ctx, `window.__pagewright.store.selection`)
	ref := eval[string](ctx, `window.__pagewright.store.node(window.__pagewright.store.selection).props.component`)
	compID, _, ok := strings.Cut(ref, "@")
	if !ok || !strings.HasSuffix(ref, "@1.0.0") {
		t.Fatalf("the new instance references %q, want <id>@1.0.0", ref)
	}
	if got := strings.Join(cmpLayerRows(ctx), " | "); got != "Page:Page | Section:Section | Instance:Opening hours" {
		t.Errorf("Layers after Create component: %s", got)
	}
	cmpCanvasHas(ctx, "Opening hours")
	cmpCanvasHas(ctx, "Mon–Fri 8am–6pm")
	waitText(ctx, "Component · version 1.0.0")
	shot(t, ctx, "instance-created")

	// Override the title on this page only.
	titleInput := `//input[@id=(//div[@role='group'][@aria-label='Opening hours: values on this page']//label[normalize-space()='Title'])[1]/@for]`
	fill(ctx, titleInput, "Walk-in hours")
	cmpCanvasHas(ctx, "Walk-in hours")
	waitSaved(ctx)
	shot(t, ctx, "instance-overridden")
	refs := cmpRefs(t, admin, home.ID)
	if len(refs) != 1 || refs[0] != compID+"@1.0.0" {
		t.Fatalf("Home's stored instances: %v", refs)
	}
	for _, n := range nodesOfType(docOf(t, admin, home.ID), "Instance") {
		if ov, _ := n["props"].(map[string]any)["overrides"].(map[string]any); ov["title"] != "Walk-in hours" {
			t.Errorf("Home's instance overrides %v, want title Walk-in hours", ov)
		}
	}

	// On Vaccines, add it from the Components tab into the section.
	cmpOpenEditor(ctx, env.URL, vacc.ID)
	cmpSelectLayer(ctx, "sec")
	cmpLeftTab(ctx, "Components")
	addBtn := `button[aria-label="Add Opening hours 1.0.0"]`
	waitVisible(ctx, addBtn)
	shot(t, ctx, "components-tab")
	click(ctx, addBtn)
	untilJS(ctx, "an instance on Vaccines", `Object.values(window.__pagewright.store.toDocument().nodes).some(n => n.type === 'Instance')`)
	vaccInst := cmpInstances(ctx)[0]
	untilJS(ctx, "the instance on the canvas", canvasJS(fmt.Sprintf(`!!doc.querySelector('[data-pw-node=%q]')`, vaccInst)))
	waitSaved(ctx)
	shot(t, ctx, "vaccines-instance-added")
	if refs := cmpRefs(t, admin, vacc.ID); len(refs) != 1 || refs[0] != compID+"@1.0.0" {
		t.Fatalf("Vaccines' stored instances: %v", refs)
	}

	// The library lists it, used on two pages.
	visit(ctx, env.URL+"/components")
	row := fmt.Sprintf(`[data-testid="component-row-%s"]`, compID)
	untilJS(ctx, "the row says used on 2 pages", fmt.Sprintf(`document.querySelector(%s)?.innerText.includes('Used on 2 pages')`, jsString(row)))
	shot(t, ctx, "library-list")
	checkAxe(t, ctx, "the component library")

	// Its detail: preview, version 1.0.0, both pages.
	click(ctx, fmt.Sprintf(`//tr[@data-testid='component-row-%s']//a[normalize-space()='Opening hours']`, compID))
	waitPath(ctx, "/components/"+compID)
	cmpFrameHas(ctx, `iframe.pw-cmp-preview`, "Mon–Fri 8am–6pm")
	untilJS(ctx, "version 1.0.0 listed", `document.querySelector('.pw-cmp-versions')?.innerText.includes('1.0.0')`)
	waitVisible(ctx, `//section//table//a[normalize-space()='Home']`)
	waitVisible(ctx, `//section//table//a[normalize-space()='Vaccines']`)
	shot(t, ctx, "library-detail")
	checkAxe(t, ctx, "the component's detail")

	// Back on Home: Edit component swaps the instance for an editable copy.
	cmpOpenEditor(ctx, env.URL, home.ID)
	cmpCanvasHas(ctx, "Walk-in hours")
	cmpSelectLayer(ctx, inst)
	click(ctx, button("Edit component"))
	waitVisible(ctx, `[data-testid="symbol-banner"][data-state="editing"]`)
	waitText(ctx, "Editing Opening hours 1.0.0")
	copyRoot := eval[string](ctx, `window.__pagewright.store.selection`)
	kids := eval[[]string](ctx, fmt.Sprintf(`window.__pagewright.store.children(%q)`, copyRoot))
	if len(kids) != 2 {
		t.Fatalf("the editable copy has children %v", kids)
	}
	shot(t, ctx, "editing-component")

	// Change the text in the copy.
	cmpSelectLayer(ctx, kids[1])
	fill(ctx, `[role="group"] textarea`, "<p>Mon–Sat 8am–6pm</p>")
	cmpCanvasHas(ctx, "Mon–Sat 8am–6pm")

	// Publish a new version: a patch, 1.0.1.
	click(ctx, button("Publish new version…"))
	waitVisible(ctx, `//div[@role='dialog']//h1[contains(.,'Publish a new version')]`)
	untilJS(ctx, "patch suggested", `document.querySelector('[role="dialog"] [role="radio"][value="patch"]')?.getAttribute('aria-checked') === 'true'`)
	waitVisible(ctx, button("Publish 1.0.1"))
	shot(t, ctx, "publish-dialog")
	click(ctx, button("Publish 1.0.1"))
	waitNoDialog(ctx)
	waitVisible(ctx, `[data-testid="symbol-banner"][data-state="published"]`)
	waitText(ctx, "Published Opening hours 1.0.1")
	untilJS(ctx, "the page's instance uses 1.0.1", fmt.Sprintf(`(() => {
		const n = Object.values(window.__pagewright.store.toDocument().nodes).filter(n => n.type === 'Instance');
		return n.length === 1 && n[0].props.component === %q && n[0].props.overrides?.title === 'Walk-in hours';
	})()`, compID+"@1.0.1"))
	cmpCanvasHas(ctx, "Walk-in hours")
	cmpCanvasHas(ctx, "Mon–Sat 8am–6pm")
	waitSaved(ctx)
	shot(t, ctx, "published")
	if refs := cmpRefs(t, admin, home.ID); len(refs) != 1 || refs[0] != compID+"@1.0.1" {
		t.Errorf("Home's stored instances after publishing: %v", refs)
	}

	// Update other pages: Vaccines, with its preview before and after.
	click(ctx, button("Update other pages…"))
	waitVisible(ctx, `[role="dialog"].pw-cmp-bulk`)
	waitVisible(ctx, `button[aria-label="Update Vaccines"]`)
	if exists(ctx, `button[aria-label="Update Home"]`) {
		t.Error("the bulk update lists the page open in the editor")
	}
	cmpFrameHas(ctx, `iframe[title="Vaccines now"]`, "Mon–Fri 8am–6pm")
	cmpFrameHas(ctx, `iframe[title="Vaccines after the update"]`, "Mon–Sat 8am–6pm")
	shot(t, ctx, "bulk-update-dialog")
	checkAxe(t, ctx, "the bulk update dialog")
	click(ctx, button("Update 1 page"))
	waitNoDialog(ctx)
	waitText(ctx, "Updated 1 page to Opening hours 1.0.1")
	shot(t, ctx, "bulk-updated")
	if refs := cmpRefs(t, admin, vacc.ID); len(refs) != 1 || refs[0] != compID+"@1.0.1" {
		t.Fatalf("Vaccines' stored instances after the bulk update: %v", refs)
	}

	// On Vaccines, detach the instance: a Card with a Heading and a Text again.
	cmpOpenEditor(ctx, env.URL, vacc.ID)
	cmpSelectLayer(ctx, vaccInst)
	waitText(ctx, "Component · version 1.0.1")
	click(ctx, button("Detach"))
	untilJS(ctx, "the instance gone", `!Object.values(window.__pagewright.store.toDocument().nodes).some(n => n.type === 'Instance')`)
	detached := eval[string](ctx, `window.__pagewright.store.selection`)
	rows := strings.Join(cmpLayerRows(ctx), " | ")
	if !regexp.MustCompile(`Card:Opening hours \| Heading:[^|]* \| Text:[^|]*$`).MatchString(rows) {
		t.Errorf("Layers after Detach: %s; want the Card “Opening hours” with a Heading and a Text at the end", rows)
	}
	if got := eval[[]string](ctx, fmt.Sprintf(`window.__pagewright.store.children(%q).map(id => window.__pagewright.store.node(id).type)`, detached)); strings.Join(got, ",") != "Heading,Text" {
		t.Errorf("the detached card holds %v", got)
	}
	cmpCanvasHas(ctx, "Mon–Sat 8am–6pm")
	waitSaved(ctx)
	shot(t, ctx, "detached")
	if refs := cmpRefs(t, admin, vacc.ID); len(refs) != 0 {
		t.Errorf("Vaccines still has instances after Detach: %v", refs)
	}

	// Deprecate it in the library with a message.
	visit(ctx, env.URL+"/components/"+compID)
	click(ctx, button("Deprecate…"))
	fill(ctx, `[role="dialog"] textarea[name="message"]`, "Use the clinic card instead.")
	shot(t, ctx, "deprecate-dialog")
	click(ctx, `//div[@role='dialog']//button[@type='submit'][normalize-space()='Deprecate']`)
	waitNoDialog(ctx)
	waitText(ctx, "Deprecated by Sam Editor")
	shot(t, ctx, "library-deprecated")

	// In the editor, Home's instance shows the notice.
	cmpOpenEditor(ctx, env.URL, home.ID)
	cmpSelectLayer(ctx, eval[[]string](ctx, `Object.values(window.__pagewright.store.toDocument().nodes).filter(n => n.type === 'Instance').map(n => n.id)`)[0])
	waitText(ctx, "“Opening hours” is deprecated.")
	waitText(ctx, "Use the clinic card instead.")
	shot(t, ctx, "instance-deprecated")
}

// TestComponentStaleBulkUpdate: the bulk update dialog is open when
// someone saves one of the pages; Apply changes nothing and says which
// page, and after Reload it goes through.
func TestComponentStaleBulkUpdate(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	admin := env.Setup(t)
	var site siteJSON
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Clinics"}).Want(t, 201).JSON(t, &site)
	compDoc := func(hours string) json.RawMessage {
		return json.RawMessage(`{"schemaVersion":1,"root":"root","meta":{"title":"Opening hours","lang":"en"},"nodes":{"root":{"id":"root","type":"Page"},` +
			`"card":{"id":"card","type":"Card","parent":"root","pos":"a0"},` +
			`"h":{"id":"h","type":"Heading","parent":"card","pos":"a0","props":{"text":"Opening hours","level":2}},` +
			`"t":{"id":"t","type":"Text","parent":"card","pos":"a1","props":{"html":"<p>` + hours + `</p>"}}}}`)
	}
	exposed := []map[string]string{{"key": "title", "node": "h", "prop": "text", "label": "Title"}}
	var comp struct {
		ID string `json:"id"`
	}
	admin.Do(t, "POST", "/api/v1/components", map[string]any{"siteId": site.ID, "name": "Opening hours", "category": "Content",
		"visibility": "organization", "document": compDoc("Mon–Fri 8am–6pm"), "exposed": exposed}).Want(t, 201).JSON(t, &comp)
	instance := func(title string) string {
		return fmt.Sprintf(`"i1":{"id":"i1","type":"Instance","parent":"root","pos":"a0","props":{"component":%q,"overrides":{"title":%q}}}`, comp.ID+"@1.0.0", title)
	}
	var flu, vacc pageJSON
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Flu clinic"}).Want(t, 201).JSON(t, &flu)
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Vaccines"}).Want(t, 201).JSON(t, &vacc)
	cmpPutDoc(t, admin, flu.ID, "Flu clinic", instance("Flu clinic hours"))
	cmpPutDoc(t, admin, vacc.ID, "Vaccines", instance("Vaccine hours"))
	admin.Do(t, "POST", "/api/v1/components/"+comp.ID+"/versions", map[string]any{"version": "1.0.1", "document": compDoc("Mon–Sat 8am–6pm"),
		"exposed": exposed, "notes": "Open on Saturdays."}).Want(t, 201)

	// Maya opens the component and its bulk update dialog.
	ctx := cmpSignedIn(t, env, "maya@riverside.example")
	visit(ctx, env.URL+"/components/"+comp.ID)
	click(ctx, button("Update pages to 1.0.1…"))
	waitVisible(ctx, `[role="dialog"].pw-cmp-bulk`)
	waitVisible(ctx, `button[aria-label="Update Flu clinic"]`)
	waitVisible(ctx, `button[aria-label="Update Vaccines"]`)
	cmpFrameHas(ctx, `iframe[title="Flu clinic after the update"]`, "Mon–Sat 8am–6pm")
	cmpFrameHas(ctx, `iframe[title="Flu clinic now"]`, "Flu clinic hours")
	waitText(ctx, "Open on Saturdays.")
	shot(t, ctx, "bulk-dialog")
	checkAxe(t, ctx, "the bulk update dialog")

	// Meanwhile someone saves Vaccines.
	fluBefore := admin.Do(t, "GET", "/api/v1/pages/"+flu.ID+"/document", nil).Want(t, 200)
	cmpPutDoc(t, admin, vacc.ID, "Vaccines", instance("Walk-in vaccinations"))

	// Apply: refused, naming Vaccines; nothing changed.
	click(ctx, button("Update 2 pages"))
	untilJS(ctx, "the stale error names Vaccines", `[...document.querySelectorAll('[role="dialog"] [role="alert"]')].some(e => e.innerText.includes('“Vaccines” was saved after you loaded the list'))`)
	shot(t, ctx, "bulk-stale")
	fluAfter := admin.Do(t, "GET", "/api/v1/pages/"+flu.ID+"/document", nil).Want(t, 200)
	if fluAfter.Header.Get("ETag") != fluBefore.Header.Get("ETag") || string(fluAfter.Body) != string(fluBefore.Body) {
		t.Errorf("a refused bulk update changed Flu clinic: ETag %s → %s", fluBefore.Header.Get("ETag"), fluAfter.Header.Get("ETag"))
	}
	for _, p := range []string{flu.ID, vacc.ID} {
		if refs := cmpRefs(t, admin, p); len(refs) != 1 || refs[0] != comp.ID+"@1.0.0" {
			t.Errorf("page %s after the refused update: %v", p, refs)
		}
	}
	if !eval[bool](ctx, `[...document.querySelectorAll('[role="dialog"] button')].find(b => b.textContent.trim() === 'Update 2 pages')?.disabled === true`) {
		t.Error("Update stays enabled while the list is stale")
	}

	// Reload the list, apply again: both pages move to 1.0.1.
	click(ctx, button("Reload the list"))
	untilJS(ctx, "the error gone", `![...document.querySelectorAll('[role="dialog"] [role="alert"]')].some(e => e.innerText.includes('was saved after you loaded the list'))`)
	untilJS(ctx, "Update enabled", `[...document.querySelectorAll('[role="dialog"] button')].find(b => b.textContent.trim() === 'Update 2 pages')?.disabled === false`)
	shot(t, ctx, "bulk-reloaded")
	click(ctx, button("Update 2 pages"))
	waitNoDialog(ctx)
	waitText(ctx, "Updated 2 pages to Opening hours 1.0.1")
	shot(t, ctx, "bulk-applied")
	for _, p := range []string{flu.ID, vacc.ID} {
		if refs := cmpRefs(t, admin, p); len(refs) != 1 || refs[0] != comp.ID+"@1.0.1" {
			t.Errorf("page %s after the update: %v", p, refs)
		}
	}
	for _, n := range nodesOfType(docOf(t, admin, vacc.ID), "Instance") {
		if ov, _ := n["props"].(map[string]any)["overrides"].(map[string]any); ov["title"] != "Walk-in vaccinations" {
			t.Errorf("Vaccines lost the title saved meanwhile: %v", ov)
		}
	}
}
