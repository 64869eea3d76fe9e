package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/pagewright/pagewright/internal/apptest"
)

// contactPage is a clinic page with a contact form: an email address
// (required), a message and how the visitor would like to be seen.
const contactPage = `{"schemaVersion":1,"root":"root","meta":{"title":"Contact the clinic","lang":"en"},"nodes":{
	"root":{"id":"root","type":"Page"},
	"s":{"id":"s","type":"Section","parent":"root","pos":"a0"},
	"h":{"id":"h","type":"Heading","parent":"s","pos":"a0","props":{"text":"Contact the Hillside clinic","level":1}},
	"f":{"id":"f","type":"Form","parent":"s","pos":"a1","props":{"formId":"contact","label":"Contact the clinic"}},
	"email":{"id":"email","type":"TextInput","parent":"f","pos":"a0","props":{"label":"Email","name":"email","type":"email","required":true,"autocomplete":"email"}},
	"msg":{"id":"msg","type":"Textarea","parent":"f","pos":"a1","props":{"label":"Message","name":"message"}},
	"visit":{"id":"visit","type":"RadioGroup","parent":"f","pos":"a2","props":{"label":"How would you like to be seen?","name":"visit",
		"options":[{"label":"In person","value":"in-person"},{"label":"Video call","value":"video"}]}},
	"go":{"id":"go","type":"SubmitButton","parent":"f","pos":"a3","props":{"text":"Send message"}}}}`

// TestForms is a patient using a published contact form and the clinic's
// Admin reading what was sent: the form is filled and sent in a real
// browser, the thank-you page appears, and the submission shows on the
// site's Forms screen, opens in full and exports as CSV.
func TestForms(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	admin := env.Setup(t)
	var site siteJSON
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Hillside Clinic"}).Want(t, 201).JSON(t, &site)
	var pg pageJSON
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Contact"}).Want(t, 201).JSON(t, &pg)
	docPath := "/api/v1/pages/" + pg.ID + "/document"
	etag := admin.Do(t, "GET", docPath, nil).Want(t, 200).Header.Get("ETag")
	admin.Do(t, "PUT", docPath, json.RawMessage(contactPage), "If-Match", etag).Want(t, 200)
	deployProduction(t, env, admin, site)

	ctx := newBrowser(t)
	live := env.URL + "/s/" + site.Slug + "/production/"
	visit(ctx, live)
	waitText(ctx, "Contact the Hillside clinic")
	checkAxe(t, ctx, "the published contact form")
	if n := count(ctx, `form[action] input[name="_hp_website"]`); n != 1 {
		t.Fatalf("%d honeypot fields in the form, want 1", n)
	}
	if visible := eval[bool](ctx, `(() => { const r = document.querySelector('input[name="_hp_website"]').getBoundingClientRect(); return r.right > 0 && r.bottom > 0 && r.width > 1 })()`); visible {
		t.Error("the honeypot field is on screen")
	}
	shot(t, ctx, "published-form")

	// Past the browser's own checks, a bad address is refused by the server
	// with a page that says what to fix.
	fill(ctx, `input[name="email"]`, "not-an-address")
	eval[bool](ctx, `(document.querySelector('form[action]').noValidate = true)`)
	click(ctx, button("Send message"))
	waitText(ctx, "Please check the form")
	waitText(ctx, "Enter an email address such as name@example.com.")
	checkAxe(t, ctx, "the page listing what to correct")
	shot(t, ctx, "invalid-post")
	visit(ctx, live)
	waitText(ctx, "Contact the Hillside clinic")

	// The patient fills it in and sends it.
	fill(ctx, `input[name="email"]`, "ada@patients.example")
	fill(ctx, `textarea[name="message"]`, "Can I bring my daughter to the flu clinic?")
	click(ctx, `label[for$="-video"]`)
	untilJS(ctx, "the video option chosen", `document.querySelector('input[value="video"]').checked`)
	shot(t, ctx, "form-filled")
	click(ctx, button("Send message"))
	waitText(ctx, "Thank you — we have received your message.")
	waitPath(ctx, "/s/"+site.Slug+"/production/_forms/contact/thanks")
	checkAxe(t, ctx, "the thank-you page")
	shot(t, ctx, "thank-you")

	// The Admin finds it on the site's Forms screen.
	visit(ctx, env.URL+"/login")
	signIn(t, ctx, "maya@riverside.example", apptest.Password)
	visit(ctx, env.URL+"/sites/"+site.ID)
	waitVisible(ctx, `//a[normalize-space()='Forms']`)
	shot(t, ctx, "site-screen")
	click(ctx, `//a[normalize-space()='Forms']`)
	waitPath(ctx, "/sites/"+site.ID+"/forms")
	waitText(ctx, "ada@patients.example")
	waitText(ctx, "1 submission")
	checkAxe(t, ctx, "the Forms screen")
	shot(t, ctx, "forms-screen")

	click(ctx, `//button[normalize-space()='View']`)
	waitVisible(ctx, `[role="dialog"]`)
	waitText(ctx, "Can I bring my daughter to the flu clinic?")
	untilJS(ctx, "the dialog opened (no animation running)", `document.getAnimations().length === 0`)
	checkAxe(t, ctx, "a submission opened")
	shot(t, ctx, "submission")
	click(ctx, `//div[@role='dialog']//button[normalize-space()='Close']`)
	waitNoDialog(ctx)

	// Export CSV downloads the submissions.
	dir := t.TempDir()
	if _, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
		t.Fatalf("allow downloads: %v", err)
	}
	click(ctx, `//a[normalize-space()='Export CSV']`)
	csvPath := filepath.Join(dir, "contact-submissions.csv")
	var csv []byte
	deadline := time.Now().Add(stepTimeout)
	for {
		if b, err := os.ReadFile(csvPath); err == nil && strings.Contains(string(b), "ada@patients.example") {
			csv = b
			break
		}
		if time.Now().After(deadline) {
			entries, _ := os.ReadDir(dir)
			fail(ctx, "download the CSV", fmt.Errorf("no %s after %s (folder has %v)", csvPath, stepTimeout, entries))
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(string(csv), "submission_id,submitted_at,environment,page,email,message,visit") ||
		!strings.Contains(string(csv), "Can I bring my daughter to the flu clinic?") {
		t.Fatalf("CSV:\n%s", csv)
	}

	// Both reads are in the audit log.
	for _, action := range []string{"form.submissions.view", "form.submissions.export"} {
		var es struct{ Items []json.RawMessage }
		admin.Do(t, "GET", "/api/v1/audit?action="+action, nil).Want(t, 200).JSON(t, &es)
		if len(es.Items) == 0 {
			t.Errorf("no %s audit entry", action)
		}
	}

	// The settings: a thank-you message of the clinic's own.
	click(ctx, `button[aria-label="Settings of Contact the clinic"]`)
	waitVisible(ctx, `[role="dialog"]`)
	fill(ctx, `textarea[name="successMessage"]`, "Thank you. The Hillside team answers within one working day.")
	shot(t, ctx, "settings")
	click(ctx, button("Save settings"))
	waitNoDialog(ctx)
	waitText(ctx, "Custom thank-you message")
	shot(t, ctx, "forms-screen-after-settings")
}

// deployProduction deploys the site to production and waits until the site
// server serves it.
func deployProduction(t *testing.T, env *apptest.Env, admin *apptest.Client, site siteJSON) {
	t.Helper()
	var d struct{ ID, Status string }
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/environments/production/deployments", nil).Want(t, 202).JSON(t, &d)
	deadline := time.Now().Add(time.Minute)
	for d.Status != "success" {
		if d.Status == "failed" || time.Now().After(deadline) {
			t.Fatalf("deployment %+v", d)
		}
		time.Sleep(50 * time.Millisecond)
		admin.Do(t, "GET", "/api/v1/deployments/"+d.ID, nil).Want(t, 200).JSON(t, &d)
	}
	for {
		res, err := http.Get(env.URL + "/s/" + site.Slug + "/production/")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode == http.StatusOK {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the site is not served: %d", res.StatusCode)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
