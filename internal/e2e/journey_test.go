package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/apptest"
)

type siteJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Slug      string `json:"slug"`
	PageCount int    `json:"pageCount"`
}

type pageJSON struct {
	ID     string `json:"id"`
	SiteID string `json:"siteId"`
	Title  string `json:"title"`
	Slug   string `json:"slug"`
}

type auditJSON struct {
	Action string `json:"action"`
	Status string `json:"status"`
	Actor  *struct {
		Name string `json:"name"`
	} `json:"actor"`
	Resource struct {
		Type string `json:"type"`
		Name string `json:"name"`
	} `json:"resource"`
}

// pageRow is an XPath for the row of the pages table showing title.
func pageRow(title string) string {
	return fmt.Sprintf(`//*[@data-testid='page-row'][.//*[normalize-space()=%s]]`, xpathString(title))
}

// siteCard is an XPath for the card of the site named name.
func siteCard(name string) string {
	return fmt.Sprintf(`//*[@data-testid='site-card'][.//h2[normalize-space()=%s]]`, xpathString(name))
}

// menuItem is an XPath for an item of an open dropdown menu.
func menuItem(text string) string {
	return fmt.Sprintf(`//*[@role='menuitem'][normalize-space()=%s]`, xpathString(text))
}

// TestFirstRunJourney is Maya's first visit: set up the organisation, create
// a site and a page, rename the page, log out and back in — and find it all
// still there, recorded in the audit log.
func TestFirstRunJourney(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	ctx := newBrowser(t)

	const (
		org      = "Riverside Clinics"
		name     = "Maya Patel"
		email    = "maya@riverside.example"
		password = "flu season is coming soon"
		siteName = "Riverside Flu Clinics"
		title    = "Flu vaccination clinic"
		renamed  = "Book your flu shot"
	)

	// A new instance sends the first visitor to setup.
	visit(ctx, env.URL)
	waitPath(ctx, "/setup")
	waitText(ctx, "Welcome to Pagewright")
	shot(t, ctx, "setup")

	fill(ctx, `input[name="organizationName"]`, org)
	fill(ctx, `input[name="name"]`, name)
	fill(ctx, `input[name="email"]`, email)
	fill(ctx, `input[name="password"]`, password)
	shot(t, ctx, "setup-filled")
	click(ctx, button("Create account"))

	// Signed in, on an empty Sites screen that says what to do.
	waitPath(ctx, "/sites")
	waitText(ctx, "No sites yet")
	waitText(ctx, "Create your first site")
	waitText(ctx, org) // the organisation in the header
	shot(t, ctx, "sites-empty")

	// New site: the slug follows the name.
	click(ctx, button("New site"))
	waitVisible(ctx, `[role="dialog"] input[name="name"]`)
	fill(ctx, `[role="dialog"] input[name="name"]`, siteName)
	if slug := eval[string](ctx, `document.querySelector('[role="dialog"] input[name="slug"]').value`); slug != "riverside-flu-clinics" {
		t.Errorf("suggested site slug %q, want riverside-flu-clinics", slug)
	}
	shot(t, ctx, "new-site-dialog")
	click(ctx, button("Create site"))
	waitNoDialog(ctx)

	// Creating the site opens it: no pages yet.
	waitText(ctx, "No pages yet")
	waitText(ctx, "riverside-flu-clinics")
	if !strings.HasPrefix(eval[string](ctx, `location.pathname`), "/sites/") {
		t.Errorf("after creating a site the app is at %s, want the site", eval[string](ctx, `location.pathname`))
	}
	shot(t, ctx, "site-created")

	// Back to the list, and open the site from its card.
	click(ctx, `//nav[@aria-label='Breadcrumb']//a[normalize-space()='Sites']`)
	waitPath(ctx, "/sites")
	waitVisible(ctx, siteCard(siteName))
	waitText(ctx, "0 pages")
	shot(t, ctx, "sites-one")
	click(ctx, siteCard(siteName))
	waitText(ctx, "No pages yet")
	shot(t, ctx, "site-empty")

	// A page, from the dialog.
	click(ctx, button("New page"))
	waitVisible(ctx, `[role="dialog"] input[name="title"]`)
	fill(ctx, `[role="dialog"] input[name="title"]`, title)
	if slug := eval[string](ctx, `document.querySelector('[role="dialog"] input[name="slug"]').value`); slug != "flu-vaccination-clinic" {
		t.Errorf("suggested page slug %q, want flu-vaccination-clinic", slug)
	}
	shot(t, ctx, "new-page-dialog")
	click(ctx, button("Create page"))
	waitNoDialog(ctx)
	waitVisible(ctx, pageRow(title))
	waitText(ctx, "/flu-vaccination-clinic")
	waitText(ctx, "Draft")
	if n := count(ctx, `[data-testid="page-row"]`); n != 1 {
		t.Errorf("%d page rows, want 1", n)
	}
	shot(t, ctx, "page-created")

	// Rename it.
	click(ctx, fmt.Sprintf(`//button[@aria-label=%s]`, xpathString("Rename "+title)))
	waitVisible(ctx, `[role="dialog"] input[name="title"]`)
	waitText(ctx, "Rename page")
	fill(ctx, `[role="dialog"] input[name="title"]`, renamed)
	shot(t, ctx, "rename-dialog")
	click(ctx, button("Save"))
	waitNoDialog(ctx)
	waitVisible(ctx, pageRow(renamed))
	waitGone(ctx, pageRow(title))
	waitText(ctx, "Page updated")
	shot(t, ctx, "page-renamed")

	// Log out from the user menu.
	click(ctx, `[data-testid="user-menu"]`)
	waitVisible(ctx, menuItem("Log out"))
	waitText(ctx, email)
	shot(t, ctx, "user-menu")
	click(ctx, menuItem("Log out"))
	waitPath(ctx, "/login")
	waitText(ctx, "Sign in to Pagewright")
	shot(t, ctx, "logged-out")

	// The app no longer lets the visitor in.
	visit(ctx, env.URL+"/sites")
	waitPath(ctx, "/login")

	// A wrong password is refused in place and clears the field.
	fill(ctx, `input[name="email"]`, email)
	fill(ctx, `input[name="password"]`, "not the password at all")
	click(ctx, button("Sign in"))
	waitText(ctx, "The email or password is not right.")
	if v := eval[string](ctx, `document.querySelector('input[name="password"]').value`); v != "" {
		t.Errorf("password field after a failed sign-in holds %q, want it cleared", v)
	}
	shot(t, ctx, "login-refused")

	// Sign in again: everything is still there.
	signIn(t, ctx, email, password)
	waitVisible(ctx, siteCard(siteName))
	waitText(ctx, "1 page")
	shot(t, ctx, "signed-in-again")
	click(ctx, siteCard(siteName))
	waitVisible(ctx, pageRow(renamed))
	shot(t, ctx, "page-still-there")

	// The API agrees, and the audit log recorded each step.
	api := env.Login(t, email, password)
	var sites struct{ Items []siteJSON }
	api.Do(t, "GET", "/api/v1/sites", nil).Want(t, 200).JSON(t, &sites)
	if len(sites.Items) != 1 || sites.Items[0].Name != siteName || sites.Items[0].Slug != "riverside-flu-clinics" || sites.Items[0].PageCount != 1 {
		t.Fatalf("sites %+v, want only %q with 1 page", sites.Items, siteName)
	}
	var pages struct{ Items []pageJSON }
	api.Do(t, "GET", "/api/v1/sites/"+sites.Items[0].ID+"/pages", nil).Want(t, 200).JSON(t, &pages)
	if len(pages.Items) != 1 || pages.Items[0].Title != renamed || pages.Items[0].Slug != "flu-vaccination-clinic" {
		t.Fatalf("pages %+v, want only %q at flu-vaccination-clinic", pages.Items, renamed)
	}
	var audit struct{ Items []auditJSON }
	api.Do(t, "GET", "/api/v1/audit?limit=500", nil).Want(t, 200).JSON(t, &audit)
	var actions []string
	for _, e := range audit.Items {
		actions = append(actions, e.Action)
	}
	for _, want := range []string{"org.setup", "site.create", "page.create", "page.update", "auth.logout", "auth.login"} {
		if !slices.Contains(actions, want) {
			t.Errorf("audit log lacks %s: %v", want, actions)
		}
	}
	failed := false
	for _, e := range audit.Items {
		failed = failed || (e.Action == "auth.login" && e.Status == "failure")
	}
	if !failed {
		t.Errorf("audit log lacks the failed sign-in: %+v", audit.Items)
	}
	for _, e := range audit.Items {
		if e.Action == "page.update" && (e.Actor == nil || e.Actor.Name != name) {
			t.Errorf("page.update entry's actor is %+v, want %s", e.Actor, name)
		}
	}
}

// TestViewerSeesNoEditButtons is Priya (Viewer): she can look at sites and
// pages, but the UI offers her nothing she may not do — while her own API
// tokens are still hers to manage.
func TestViewerSeesNoEditButtons(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	admin := env.Setup(t)
	var site siteJSON
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Clinics", "description": "Opening hours and services"}).Want(t, 201).JSON(t, &site)
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Opening hours"}).Want(t, 201)
	env.CreateUser(t, "Priya Viewer", access.RoleViewer)

	ctx := newBrowser(t)
	visit(ctx, env.URL)
	waitPath(ctx, "/login")
	signIn(t, ctx, "priya.viewer@riverside.example", apptest.Password)

	// Sites: no way to create one, no audit log in the navigation.
	waitVisible(ctx, siteCard("Riverside Clinics"))
	shot(t, ctx, "viewer-sites")
	for _, b := range []string{"New site", "Create your first site"} {
		if exists(ctx, button(b)) {
			t.Errorf("a Viewer sees the %q button", b)
		}
	}
	if exists(ctx, `//nav[@aria-label='Main']//a[normalize-space()='Audit log']`) {
		t.Error("a Viewer sees the Audit log link")
	}

	// The site: its pages, and no page or site controls.
	click(ctx, siteCard("Riverside Clinics"))
	waitVisible(ctx, pageRow("Opening hours"))
	shot(t, ctx, "viewer-site")
	for _, b := range []string{"New page", "Settings", "Create your first page"} {
		if exists(ctx, button(b)) {
			t.Errorf("a Viewer sees the %q button on the site", b)
		}
	}
	for _, label := range []string{"Rename Opening hours", "Delete Opening hours"} {
		if exists(ctx, fmt.Sprintf(`//button[@aria-label=%s]`, xpathString(label))) {
			t.Errorf("a Viewer sees the %q button", label)
		}
	}
	if text := bodyText(ctx); strings.Contains(text, "Rename") || strings.Contains(text, "Delete") {
		t.Errorf("a Viewer's site screen offers Rename/Delete:\n%s", indent(text))
	}

	// The audit log is not hers to read, even by typing the address.
	visit(ctx, env.URL+"/audit")
	waitText(ctx, "Your role does not include access to the audit log.")
	shot(t, ctx, "viewer-audit")
	if n := count(ctx, `[data-testid="audit-row"]`); n != 0 {
		t.Errorf("a Viewer sees %d audit entries", n)
	}

	// Her own API tokens: create one and see its secret once.
	click(ctx, `[data-testid="user-menu"]`)
	click(ctx, menuItem("API tokens"))
	waitPath(ctx, "/settings/tokens")
	waitText(ctx, "No API tokens")
	shot(t, ctx, "viewer-tokens-empty")
	click(ctx, button("New token"))
	fill(ctx, `[role="dialog"] input[name="name"]`, "Compliance export")
	click(ctx, button("Create token"))
	waitText(ctx, "Copy your new token")
	waitText(ctx, "It won’t be shown again.")
	secret := eval[string](ctx, `document.querySelector('[data-testid="token-secret"]').value`)
	if !strings.HasPrefix(secret, "pw_") {
		t.Errorf("secret shown %q, want a pw_ token", secret)
	}
	shot(t, ctx, "viewer-token-secret")
	click(ctx, button("Done"))
	waitNoDialog(ctx)
	waitVisible(ctx, `//*[@data-testid='token-row'][.//*[normalize-space()='Compliance export']]`)
	if strings.Contains(bodyText(ctx), secret) {
		t.Error("the token list shows the secret after the dialog closed")
	}
	shot(t, ctx, "viewer-tokens")

	// The secret works as a bearer token, with her permissions.
	bearer := env.Anonymous()
	bearer.Bearer = secret
	bearer.Do(t, "GET", "/api/v1/sites/"+site.ID+"/pages", nil).Want(t, 200)
	bearer.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Not allowed"}).Want(t, 403)
}

// TestTokensAndAuditScreens is the admin creating and revoking a token in
// the UI, and finding a change in the audit log with a filter.
func TestTokensAndAuditScreens(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	admin := env.Setup(t)
	var site siteJSON
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Clinics"}).Want(t, 201).JSON(t, &site)
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Opening hours"}).Want(t, 201)

	ctx := newBrowser(t)
	visit(ctx, env.URL+"/settings/tokens")
	waitPath(ctx, "/login")
	signIn(t, ctx, "maya@riverside.example", apptest.Password)

	// Tokens: create one (secret shown once), then revoke it.
	visit(ctx, env.URL+"/settings/tokens")
	waitText(ctx, "No API tokens")
	click(ctx, button("New token"))
	fill(ctx, `[role="dialog"] input[name="name"]`, "CI deploy script")
	shot(t, ctx, "new-token-dialog")
	click(ctx, button("Create token"))
	waitText(ctx, "Copy your new token")
	secret := eval[string](ctx, `document.querySelector('[data-testid="token-secret"]').value`)
	if !strings.HasPrefix(secret, "pw_") {
		t.Fatalf("secret shown %q, want a pw_ token", secret)
	}
	shot(t, ctx, "token-secret")
	click(ctx, button("Done"))
	waitNoDialog(ctx)
	row := `//*[@data-testid='token-row'][.//*[normalize-space()='CI deploy script']]`
	waitVisible(ctx, row)
	shot(t, ctx, "token-listed")
	bearer := env.Anonymous()
	bearer.Bearer = secret
	bearer.Do(t, "GET", "/api/v1/sites", nil).Want(t, 200)

	click(ctx, `//button[@aria-label='Revoke CI deploy script']`)
	waitText(ctx, "Anything using this token will stop working immediately.")
	shot(t, ctx, "revoke-confirm")
	click(ctx, `//*[@role='alertdialog']//button[normalize-space()='Revoke']`)
	waitNoDialog(ctx)
	waitGone(ctx, row)
	waitText(ctx, "No API tokens")
	waitText(ctx, "Token revoked")
	shot(t, ctx, "token-revoked")
	bearer.Do(t, "GET", "/api/v1/sites", nil).Want(t, 401)

	// Audit log: everything so far, then only site.create.
	click(ctx, `//nav[@aria-label='Main']//a[normalize-space()='Audit log']`)
	waitPath(ctx, "/audit")
	waitVisible(ctx, `[data-testid="audit-row"]`)
	for _, a := range []string{"org.setup", "site.create", "page.create", "auth.login", "token.create", "token.revoke"} {
		waitText(ctx, a)
	}
	shot(t, ctx, "audit-all")

	fill(ctx, `input[name="action"]`, "site.create")
	click(ctx, button("Apply filters"))
	waitNoText(ctx, "token.revoke")
	waitText(ctx, "site.create")
	if n := count(ctx, `[data-testid="audit-row"]`); n != 1 {
		t.Errorf("%d audit rows for action site.create, want 1:\n%s", n, indent(bodyText(ctx)))
	}
	row = `//*[@data-testid='audit-row'][.//code[normalize-space()='site.create']]`
	waitVisible(ctx, row)
	if text := textOf(ctx, row); !strings.Contains(text, "Riverside Clinics") || !strings.Contains(text, "Maya Admin") {
		t.Errorf("site.create row %q, want the site and its creator", text)
	}
	shot(t, ctx, "audit-filtered")

	// Details of the entry.
	click(ctx, row+`//button[@aria-label='Show details']`)
	waitVisible(ctx, `//button[@aria-label='Hide details']`)
	shot(t, ctx, "audit-details")

	// A filter that matches nothing says so.
	fill(ctx, `input[name="action"]`, "page.delete")
	click(ctx, button("Apply filters"))
	waitText(ctx, "No matching entries")
	shot(t, ctx, "audit-no-match")
	click(ctx, button("Clear filters"))
	waitText(ctx, "token.revoke")
	if v := eval[string](ctx, `document.querySelector('input[name="action"]').value`); v != "" {
		t.Errorf("action filter after Clear filters is %q", v)
	}
}
