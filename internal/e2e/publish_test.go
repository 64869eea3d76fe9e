package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pagewright/pagewright/internal/apptest"
)

// publishPage creates a page with one heading through the API.
func publishPage(t *testing.T, admin *apptest.Client, siteID, title, text string) pageJSON {
	t.Helper()
	var pg pageJSON
	admin.Do(t, "POST", "/api/v1/sites/"+siteID+"/pages", map[string]string{"title": title}).Want(t, 201).JSON(t, &pg)
	docPath := "/api/v1/pages/" + pg.ID + "/document"
	etag := admin.Do(t, "GET", docPath, nil).Want(t, 200).Header.Get("ETag")
	body := fmt.Sprintf(`{"schemaVersion":1,"root":"root","meta":{"title":%q,"lang":"en"},"nodes":{"root":{"id":"root","type":"Page"},
		"sec":{"id":"sec","type":"Section","parent":"root","pos":"a0"},
		"h":{"id":"h","type":"Heading","parent":"sec","pos":"a0","props":{"text":%q,"level":1}},
		"t":{"id":"t","type":"Text","parent":"sec","pos":"a1","props":{"html":%q}}}}`, title, title, "<p>"+text+"</p>")
	admin.Do(t, "PUT", docPath, json.RawMessage(body), "If-Match", etag).Want(t, 200)
	return pg
}

// envCard is an XPath inside the card of an environment.
func envCard(slug, inner string) string {
	return fmt.Sprintf("//section[@data-env=%s]%s", xpathString(slug), inner)
}

// dialogButton is an XPath for a button with that text in the open dialog.
func dialogButton(text string) string {
	return fmt.Sprintf("//*[@role='dialog' or @role='alertdialog']//button[normalize-space()=%s]", xpathString(text))
}

// TestPublish: Maya deploys the Riverside site to production from the
// Publish screen, follows the deployment live to "Live at", opens the
// published page, deploys again, rolls back to the first deployment from
// the history, makes production require approval in its settings (a new
// deploy then waits for approval), and compares development with
// production. The Publish screen and the deployment page pass axe.
func TestPublish(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	admin := env.Setup(t)
	var site siteJSON
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Clinics"}).Want(t, 201).JSON(t, &site)
	publishPage(t, admin, site.ID, "Hillside clinic", "Open Monday to Saturday.")
	publishPage(t, admin, site.ID, "Flu vaccinations", "Free for over 65s.")
	publishPath := "/sites/" + site.ID + "/publish"

	ctx := newBrowser(t)
	visit(ctx, env.URL+"/login")
	signIn(t, ctx, "maya@riverside.example", apptest.Password)

	// From the site's header to the Publish screen: two environments, nothing deployed.
	visit(ctx, env.URL+"/sites/"+site.ID)
	click(ctx, `//a[normalize-space()='Publish']`)
	waitPath(ctx, publishPath)
	waitVisible(ctx, envCard("development", ""))
	waitVisible(ctx, envCard("production", ""))
	untilJS(ctx, "two empty environments", `document.querySelectorAll('[data-testid="env-empty"]').length === 2`)
	waitText(ctx, "Nothing deployed yet")
	waitText(ctx, "Neither Development nor Production has any pages deployed yet.")
	if got := textOf(ctx, envCard("production", `//*[@data-testid="env-access"]`)); got != "Public" {
		t.Errorf("production access = %q, want Public", got)
	}
	if got := textOf(ctx, envCard("development", `//*[@data-testid="env-access"]`)); got != "Team only" {
		t.Errorf("development access = %q, want Team only", got)
	}
	shot(t, ctx, "publish-empty")
	checkAxe(t, ctx, "the Publish screen (empty)")

	// Deploy to production with a message; the deployment page follows it to the end.
	click(ctx, envCard("production", `//button[normalize-space()='Deploy…']`))
	fill(ctx, `[role="dialog"] textarea[name="message"]`, "First release")
	shot(t, ctx, "deploy-dialog")
	click(ctx, dialogButton("Deploy"))
	untilJS(ctx, "the deployment page", fmt.Sprintf(`location.pathname.startsWith(%q)`, "/sites/"+site.ID+"/deployments/"))
	first := strings.TrimPrefix(eval[string](ctx, `location.pathname`), "/sites/"+site.ID+"/deployments/")
	waitText(ctx, "Live at")
	untilJS(ctx, "every stage done", `[...document.querySelectorAll('.pw-step')].every(s => s.dataset.status === 'done') && document.querySelectorAll('.pw-step').length === 4`)
	untilJS(ctx, "the progress at 100%", `document.querySelector('[data-testid="progress-value"]').innerText === '100%'`)
	untilJS(ctx, "the log", `document.querySelectorAll('[data-testid="deployment-log"] li').length > 3`)
	waitText(ctx, "First release")
	shot(t, ctx, "deployment-live")
	checkAxe(t, ctx, "the deployment page")

	// The live link serves the site's pages.
	liveURL := eval[string](ctx, `document.querySelector('[data-testid="live-url"]').href`)
	if !strings.HasSuffix(liveURL, "/s/"+site.Slug+"/production/") {
		t.Errorf("live URL = %q", liveURL)
	}
	visit(ctx, liveURL)
	untilJS(ctx, "the published home page", `!!document.querySelector('h1') && document.querySelector('h1').innerText.trim() === 'Hillside clinic'`)
	waitText(ctx, "Open Monday to Saturday.")
	shot(t, ctx, "published-home")
	visit(ctx, liveURL+"flu-vaccinations/")
	untilJS(ctx, "the second published page", `!!document.querySelector('h1') && document.querySelector('h1').innerText.trim() === 'Flu vaccinations'`)

	// Back on Publish: production shows what is live.
	visit(ctx, env.URL+publishPath)
	waitVisible(ctx, envCard("production", `//*[@data-testid="env-live"]`))
	if got := textOf(ctx, envCard("production", `//*[@data-testid="env-live-message"]`)); got != "First release" {
		t.Errorf("production's live message = %q", got)
	}
	if n := count(ctx, `[data-testid="env-empty"]`); n != 1 {
		t.Errorf("%d empty environments after deploying production, want 1", n)
	}
	shot(t, ctx, "publish-production-live")

	// Deploy again.
	click(ctx, envCard("production", `//button[normalize-space()='Deploy…']`))
	fill(ctx, `[role="dialog"] textarea[name="message"]`, "Second release")
	click(ctx, dialogButton("Deploy"))
	waitText(ctx, "Second release")
	waitText(ctx, "Live at")

	// The history: two deployments, the second live; roll back to the first.
	click(ctx, `//a[normalize-space()='All deployments of Production']`)
	waitPath(ctx, publishPath+"/production")
	untilJS(ctx, "two deployments", `document.querySelectorAll('[data-testid="deployment-row"]').length === 2`)
	row := func(message string) string {
		return fmt.Sprintf(`//tr[@data-testid="deployment-row"][.//a[normalize-space()=%s]]`, xpathString(message))
	}
	untilJS(ctx, "the second deployment live", fmt.Sprintf(`document.evaluate(%q, document, null, 9, null).singleNodeValue?.dataset.live === 'true'`, row("Second release")))
	shot(t, ctx, "history")
	click(ctx, row("First release")+`//button[normalize-space()='Roll back to this']`)
	waitText(ctx, "Make this deployment live again?")
	waitText(ctx, "It takes effect at once")
	shot(t, ctx, "rollback-confirm")
	click(ctx, dialogButton("Roll back"))
	waitNoDialog(ctx)
	untilJS(ctx, "three deployments, the newest a live rollback", `(() => {
		const rows = document.querySelectorAll('[data-testid="deployment-row"]');
		return rows.length === 3 && rows[0].dataset.live === 'true' && rows[0].innerText.includes('Rollback');
	})()`)
	if live := eval[string](ctx, fmt.Sprintf(`document.evaluate(%q, document, null, 9, null).singleNodeValue.dataset.live`, row("Second release"))); live != "false" {
		t.Errorf("the second deployment is still marked live after the rollback")
	}
	if n := count(ctx, `[data-testid="live-badge"]`); n != 1 {
		t.Errorf("%d live badges in the history, want 1", n)
	}
	shot(t, ctx, "history-rolled-back")
	// The rollback serves the first deployment's artifact.
	var envs struct {
		Items []struct {
			Slug             string `json:"slug"`
			LiveDeploymentID string `json:"liveDeploymentId"`
		} `json:"items"`
	}
	admin.Do(t, "GET", "/api/v1/sites/"+site.ID+"/environments", nil).Want(t, 200).JSON(t, &envs)
	var live struct {
		Kind               string `json:"kind"`
		SourceDeploymentID string `json:"sourceDeploymentId"`
	}
	for _, e := range envs.Items {
		if e.Slug == "production" {
			admin.Do(t, "GET", "/api/v1/deployments/"+e.LiveDeploymentID, nil).Want(t, 200).JSON(t, &live)
		}
	}
	if live.Kind != "rollback" || live.SourceDeploymentID != first {
		t.Errorf("production serves a %s of %s, want a rollback of %s", live.Kind, live.SourceDeploymentID, first)
	}

	// Settings: production requires approval from now on.
	click(ctx, `//nav//a[.//span[normalize-space()='Settings']]`)
	waitPath(ctx, publishPath+"/production/settings")
	waitVisible(ctx, `[data-testid="requires-approval"]`)
	shot(t, ctx, "settings")
	checkAxe(t, ctx, "the environment settings")
	click(ctx, `[data-testid="requires-approval"]`)
	waitVisible(ctx, `[data-testid="unsaved"]`)
	click(ctx, button("Save settings"))
	waitText(ctx, "Settings saved")
	waitText(ctx, "Approval required")
	shot(t, ctx, "settings-saved")

	// A new deploy now waits for approval, and Maya cannot approve her own.
	click(ctx, `//main//button[normalize-space()='Deploy…']`)
	waitText(ctx, "requires approval")
	fill(ctx, `[role="dialog"] textarea[name="message"]`, "Third release")
	click(ctx, dialogButton("Request deployment"))
	untilJS(ctx, "the deployment page", fmt.Sprintf(`location.pathname.startsWith(%q)`, "/sites/"+site.ID+"/deployments/"))
	waitText(ctx, "Waiting for approval")
	waitVisible(ctx, `[data-testid="self-approval-note"]`)
	untilJS(ctx, "approve disabled for the author", `document.evaluate("//button[normalize-space()='Approve and deploy']", document, null, 9, null).singleNodeValue.disabled`)
	shot(t, ctx, "waiting-for-approval")
	checkAxe(t, ctx, "a deployment waiting for approval")

	// Development gets a deployment too; then compare it with production.
	var dev struct {
		ID string `json:"id"`
	}
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/environments/development/deployments", map[string]string{"message": "Work in progress"}).Want(t, 202).JSON(t, &dev)
	deadline := time.Now().Add(20 * time.Second)
	for {
		var d struct {
			Status string `json:"status"`
		}
		admin.Do(t, "GET", "/api/v1/deployments/"+dev.ID, nil).Want(t, 200).JSON(t, &d)
		if d.Status == "success" {
			break
		}
		if d.Status == "failed" || time.Now().After(deadline) {
			t.Fatalf("the development deployment ended %s", d.Status)
		}
		time.Sleep(100 * time.Millisecond)
	}
	visit(ctx, env.URL+publishPath)
	waitVisible(ctx, envCard("development", `//*[@data-testid="env-live"]`))
	waitVisible(ctx, envCard("production", `//*[@data-testid="env-latest"]`))
	untilJS(ctx, "two pages compared", `document.querySelectorAll('[data-testid="compare-row"]').length === 2`)
	waitVisible(ctx, `[data-testid="compare-summary"]`)
	if got := textOf(ctx, `[data-testid="compare-summary"]`); !strings.Contains(got, "2 the same") {
		t.Errorf("compare summary = %q, want both pages the same", got)
	}
	shot(t, ctx, "publish-compare")
	checkAxe(t, ctx, "the Publish screen")

	// A staging environment, with production's settings copied.
	click(ctx, button("New environment…"))
	waitText(ctx, "Add a staging environment")
	if got := eval[string](ctx, `document.querySelector('[role="dialog"] input[name="name"]').value`); got != "Staging" {
		t.Errorf("the new environment's name starts as %q, want Staging", got)
	}
	click(ctx, `//*[@role='dialog']//label[normalize-space()='Copy settings from']/following::button[1]`)
	click(ctx, `//*[@role='option'][normalize-space()='Production']`)
	shot(t, ctx, "new-environment")
	click(ctx, dialogButton("Add environment"))
	waitNoDialog(ctx)
	waitVisible(ctx, envCard("staging", ""))
	if !strings.Contains(textOf(ctx, envCard("staging", "")), "Approval required") {
		t.Error("staging did not copy production's approval rule")
	}
	untilJS(ctx, "three environment cards", `document.querySelectorAll('[data-testid="env-card"]').length === 3`)
	shot(t, ctx, "publish-with-staging")

	// Its settings: an API base URL, a feature flag and a secret; a bad URL is refused on the field.
	click(ctx, envCard("staging", `//a[@aria-label='Staging settings']`))
	waitPath(ctx, publishPath+"/staging/settings")
	click(ctx, button("Add API"))
	fill(ctx, `input[aria-label="API 1 name"]`, "appointments")
	fill(ctx, `input[aria-label="API 1 base URL"]`, "not a url")
	click(ctx, button("Add flag"))
	fill(ctx, `input[aria-label="Flag 1 name"]`, "newBookingForm")
	click(ctx, button("Save settings"))
	waitText(ctx, "Enter an http(s) URL.")
	fill(ctx, `input[aria-label="API 1 base URL"]`, "https://api.riverside.example/v1")
	click(ctx, button("Save settings"))
	waitText(ctx, "Settings saved")
	waitText(ctx, "No changes.")
	click(ctx, button("Set secret…"))
	fill(ctx, `[role="dialog"] input[name="name"]`, "BOOKING_API_KEY")
	fill(ctx, `[role="dialog"] input[name="value"]`, "s3cret-value")
	click(ctx, dialogButton("Set secret"))
	waitNoDialog(ctx)
	waitVisible(ctx, `[data-testid="secret-row"]`)
	if strings.Contains(bodyText(ctx), "s3cret-value") {
		t.Error("the secret's value is shown")
	}
	shot(t, ctx, "staging-settings")
	checkAxe(t, ctx, "the staging settings")
	var staging struct {
		Config struct {
			APIBaseURLs map[string]string `json:"apiBaseUrls"`
			Features    map[string]bool   `json:"features"`
		} `json:"config"`
		Secrets []struct {
			Name string `json:"name"`
		} `json:"secrets"`
	}
	admin.Do(t, "GET", "/api/v1/sites/"+site.ID+"/environments/staging", nil).Want(t, 200).JSON(t, &staging)
	if staging.Config.APIBaseURLs["appointments"] != "https://api.riverside.example/v1" || !staging.Config.Features["newBookingForm"] ||
		len(staging.Secrets) != 1 || staging.Secrets[0].Name != "BOOKING_API_KEY" {
		t.Errorf("staging's settings as stored: %+v", staging)
	}

	// Delete it again.
	click(ctx, button("Delete environment"))
	waitText(ctx, "Delete Staging?")
	click(ctx, `//*[@role='alertdialog']//button[normalize-space()='Delete environment']`)
	waitPath(ctx, publishPath)
	untilJS(ctx, "two environment cards", `document.querySelectorAll('[data-testid="env-card"]').length === 2`)

	// The dark theme, and a phone's width.
	step(ctx, "dark theme", chromedp.Evaluate[chromedp.Void](`localStorage.setItem('pagewright.appearance', 'dark')`))
	visit(ctx, env.URL+"/sites/"+site.ID+"/deployments/"+first)
	waitText(ctx, "Production serves this deployment again")
	waitVisible(ctx, `[data-testid="stats"]`)
	shot(t, ctx, "deployment-dark")
	checkAxe(t, ctx, "the deployment page (dark)")
	step(ctx, "light theme", chromedp.Evaluate[chromedp.Void](`localStorage.setItem('pagewright.appearance', 'light')`))
	step(ctx, "a phone's width", chromedp.EmulateViewport(390, 844))
	visit(ctx, env.URL+publishPath)
	untilJS(ctx, "two pages compared", `document.querySelectorAll('[data-testid="compare-row"]').length === 2`)
	shot(t, ctx, "publish-mobile")
	visit(ctx, env.URL+"/sites/"+site.ID+"/deployments/"+first)
	waitVisible(ctx, `[data-testid="stats"]`)
	shot(t, ctx, "deployment-mobile")
}

// TestTeamOnlySiteSignIn is a colleague opening the development site's
// link without being signed in: the sign-in screen says why, and after
// signing in they are on the published page.
func TestTeamOnlySiteSignIn(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	admin := env.Setup(t)
	var site siteJSON
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Clinics"}).Want(t, 201).JSON(t, &site)
	publishPage(t, admin, site.ID, "Hillside clinic", "Open Monday to Saturday.")
	var d struct{ ID, Status string }
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/environments/development/deployments", nil).Want(t, 202).JSON(t, &d)
	deadline := time.Now().Add(time.Minute)
	for d.Status != "success" {
		if d.Status == "failed" || time.Now().After(deadline) {
			t.Fatalf("deployment %s", d.Status)
		}
		time.Sleep(50 * time.Millisecond)
		admin.Do(t, "GET", "/api/v1/deployments/"+d.ID, nil).Want(t, 200).JSON(t, &d)
	}
	var s struct{ Slug string }
	admin.Do(t, "GET", "/api/v1/sites/"+site.ID, nil).Want(t, 200).JSON(t, &s)
	sitePath := "/s/" + s.Slug + "/development/"

	ctx := newBrowser(t)
	visit(ctx, env.URL+sitePath)
	waitPath(ctx, "/login")
	waitText(ctx, "This site is for members of your organisation. Sign in to see it.")
	shot(t, ctx, "team-only-sign-in")
	signInTo(t, ctx, "maya@riverside.example", apptest.Password)
	untilJS(ctx, "back on the published page", fmt.Sprintf(`location.pathname === %q && document.querySelector('h1')?.textContent === 'Hillside clinic'`, sitePath))
	shot(t, ctx, "team-only-site")
}

// TestSignInOnDomain: a team-only environment on its own domain, opened
// in a browser with no session, goes through the app's sign-in screen and
// comes back to the domain signed in; the domain is served by the sites'
// own listener.
func TestSignInOnDomain(t *testing.T) {
	t.Parallel()
	env := startServer(t, apptest.WithOwnBaseURL())
	admin := env.Setup(t)
	var site siteJSON
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Clinics"}).Want(t, 201).JSON(t, &site)
	publishPage(t, admin, site.ID, "Hillside clinic", "Open Monday to Saturday.")
	const domain = "staging.riverside.test"
	admin.Do(t, "PATCH", "/api/v1/sites/"+site.ID+"/environments/development", map[string]any{"domain": domain}).Want(t, 200)
	var d struct{ ID, Status string }
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/environments/development/deployments", nil).Want(t, 202).JSON(t, &d)
	deadline := time.Now().Add(time.Minute)
	for d.Status != "success" {
		if d.Status == "failed" || time.Now().After(deadline) {
			t.Fatalf("deployment %s", d.Status)
		}
		time.Sleep(50 * time.Millisecond)
		admin.Do(t, "GET", "/api/v1/deployments/"+d.ID, nil).Want(t, 200).JSON(t, &d)
	}
	_, port, _ := strings.Cut(strings.TrimPrefix(env.SitesURL, "http://"), ":")
	home := "http://" + domain + ":" + port + "/"

	ctx := newBrowser(t)
	visit(ctx, home)
	waitPath(ctx, "/login")
	waitText(ctx, "This site is for members of your organisation. Sign in to see it.")
	shot(t, ctx, "domain-sign-in")
	signInTo(t, ctx, "maya@riverside.example", apptest.Password)
	untilJS(ctx, "back on the domain, signed in", fmt.Sprintf(`location.href === %q && document.querySelector('h1')?.textContent === 'Hillside clinic'`, home))
	// Another site's renderer process: give it the test's viewport again.
	step(ctx, "viewport", chromedp.EmulateViewport(1280, 800))
	shot(t, ctx, "domain-site")
	// The hand-off is spent: the address bar holds the page, not the token.
	if got := eval[string](ctx, `location.search`); got != "" {
		t.Errorf("query left in the address bar: %q", got)
	}
}

// signInTo signs in on the sign-in screen that is showing, for a target
// outside the app (no user menu follows).
func signInTo(t testing.TB, ctx context.Context, email, password string) {
	t.Helper()
	fill(ctx, `input[name="email"]`, email)
	fill(ctx, `input[name="password"]`, password)
	click(ctx, button("Sign in"))
	untilJS(ctx, "leave the sign-in screen", `location.pathname !== "/login"`)
}
