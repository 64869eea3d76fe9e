package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/apptest"
)

type memberJSON struct {
	ID     string `json:"id"`
	Email  string `json:"email"`
	Name   string `json:"name"`
	Role   string `json:"role"`
	Status string `json:"status"`
}

// person is the test seen from one more person's browser: newBrowser
// keys its screenshot folder on the test's name and empties it, so a second
// browser in the same test gets a folder of its own, <Test>_<who>.
type person struct {
	*testing.T
	who string
}

func (p person) Name() string { return p.T.Name() + "/" + p.who }

// browserFor starts a fresh browser (own profile, own cookies) for who.
func browserFor(t *testing.T, who string) context.Context {
	t.Helper()
	return newBrowser(person{t, who})
}

// memberRow is an XPath for the members table row of email.
func memberRow(email string) string {
	return fmt.Sprintf(`//*[@data-testid='member-row'][@data-email=%s]`, xpathString(email))
}

// invitationRow is an XPath for the pending invitations row of email.
func invitationRow(email string) string {
	return fmt.Sprintf(`//*[@data-testid='invitation-row'][@data-email=%s]`, xpathString(email))
}

// memberAction opens a member's actions menu and picks item.
func memberAction(ctx context.Context, email, item string) {
	sess(ctx).t.Helper()
	click(ctx, memberRow(email)+`//button[@data-testid='member-actions']`)
	click(ctx, menuItem(item))
}

// chooseRole picks a role in the open dialog's role Select with the mouse:
// open the list from its trigger, then click the option.
func chooseRole(ctx context.Context, label string) {
	sess(ctx).t.Helper()
	click(ctx, `//*[@role='dialog']//button[@role='combobox']`)
	click(ctx, fmt.Sprintf(`//*[@role='option'][.//*[normalize-space()=%s]]`, xpathString(label)))
	waitGone(ctx, `[role="listbox"]`)
}

// inviteInUI invites email with role through the "Invite member" dialog
// (email not configured, so the dialog shows the link) and returns the link.
func inviteInUI(t *testing.T, ctx context.Context, email, role, shotName string) string {
	t.Helper()
	click(ctx, button("Invite member"))
	waitText(ctx, "They get a link to join your organisation")
	fill(ctx, `[role="dialog"] input[name="email"]`, email)
	if role != "Editor" {
		chooseRole(ctx, role)
	}
	if got := textOf(ctx, `//*[@role='dialog']//button[@role='combobox']`); got != role {
		t.Errorf("role shown in the invite dialog %q, want %q", got, role)
	}
	shot(t, ctx, shotName+"-dialog")
	click(ctx, button("Send invitation"))
	waitVisible(ctx, `[data-testid="invite-link"]`)
	waitText(ctx, "Share the invite link")
	waitText(ctx, "Email is not set up, so send this link to them yourself.")
	link := strings.TrimSpace(textOf(ctx, `[data-testid="invite-link"]`))
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(u.Path, "/invite/") || len(u.Path) <= len("/invite/") {
		t.Fatalf("invite link %q, want an absolute /invite/<token> URL", link)
	}
	shot(t, ctx, shotName+"-link")
	click(ctx, button("Done"))
	waitNoDialog(ctx)
	return link
}

// acceptInvite opens an invite link in a browser, joins with name and
// password, and waits for the sites list.
func acceptInvite(t *testing.T, ctx context.Context, link, email, title, name, password string) {
	t.Helper()
	visit(ctx, link)
	waitText(ctx, title)
	if got := eval[string](ctx, `document.querySelector('input[name="email"]').value`); got != email {
		t.Errorf("accept screen shows the email %q, want %q", got, email)
	}
	fill(ctx, `input[name="name"]`, name)
	fill(ctx, `input[name="password"]`, password)
	shot(t, ctx, "accept-invite")
	click(ctx, button("Join"))
	waitPath(ctx, "/sites")
	waitVisible(ctx, `[data-testid="user-menu"]`)
}

// fetchStatus sends a JSON request from the page with the browser's cookie
// and the session's CSRF token, as the app does, and returns the status.
func fetchStatus(ctx context.Context, method, path string, body any) int {
	sess(ctx).t.Helper()
	b, _ := json.Marshal(body)
	js := fmt.Sprintf(`(async () => {
		const me = await fetch("/api/v1/auth/me").then(r => r.json());
		const r = await fetch(%q, {
			method: %q,
			headers: {"Content-Type": "application/json", "X-CSRF-Token": me.csrfToken},
			body: %q,
		});
		return r.status;
	})()`, path, method, string(b))
	fctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	status, err := chromedp.Run(fctx, chromedp.Evaluate[int](js, chromedp.EvalAwaitPromise))
	if err != nil {
		fail(ctx, method+" "+path+" from the page", err)
	}
	return status
}

// TestInviteEditorAndViewerJourney is Maya inviting Sam (Editor) and Priya
// (Viewer) without email set up, each joining from the shared link in their
// own browser; Priya only reads; Maya deactivates Sam, whose open tab stops
// working at his next action and whose password no longer lets him in.
func TestInviteEditorAndViewerJourney(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	admin := env.Setup(t)
	var site siteJSON
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Flu Clinics"}).Want(t, 201).JSON(t, &site)
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Opening hours"}).Want(t, 201)

	const (
		samEmail    = "sam@riverside.example"
		samName     = "Sam Rivera"
		samPass     = "tomatoes ripen in late august"
		priyaEmail  = "priya@riverside.example"
		priyaName   = "Priya Shah"
		priyaPass   = "compliance reports every quarter"
		siteName    = "Riverside Flu Clinics"
		genericFail = "The email or password is not right."
	)

	// Maya signs in and opens Members: it is just her.
	ctx := newBrowser(t)
	visit(ctx, env.URL)
	waitPath(ctx, "/login")
	signIn(t, ctx, "maya@riverside.example", apptest.Password)
	click(ctx, `//nav[@aria-label='Main']//a[normalize-space()='Members']`)
	waitPath(ctx, "/members")
	waitVisible(ctx, memberRow("maya@riverside.example"))
	waitText(ctx, "It’s just you so far.")
	shot(t, ctx, "members-just-admin")

	// Two invitations; email is not set up, so each shows its link.
	samLink := inviteInUI(t, ctx, samEmail, "Editor", "invite-sam")
	priyaLink := inviteInUI(t, ctx, priyaEmail, "Viewer", "invite-priya")
	if samLink == priyaLink {
		t.Fatalf("both invitations have the link %s", samLink)
	}
	waitVisible(ctx, invitationRow(samEmail))
	waitVisible(ctx, invitationRow(priyaEmail))
	if n := count(ctx, `[data-testid="invitation-row"]`); n != 2 {
		t.Errorf("%d pending invitation rows, want 2", n)
	}
	for email, role := range map[string]string{samEmail: "Editor", priyaEmail: "Viewer"} {
		text := textOf(ctx, invitationRow(email))
		if !strings.Contains(text, role) || !strings.Contains(text, "Link only") || !strings.Contains(text, "by Maya Admin") {
			t.Errorf("invitation row for %s reads %q, want %s, Link only, by Maya Admin", email, text, role)
		}
	}
	shot(t, ctx, "members-pending-invitations")

	// Sam and Priya join, each in a browser of their own.
	samCtx := browserFor(t, "sam")
	acceptInvite(t, samCtx, samLink, samEmail, "Join Riverside Clinics as Editor", samName, samPass)
	waitVisible(samCtx, siteCard(siteName))
	shot(t, samCtx, "sam-joined-sites")

	priyaCtx := browserFor(t, "priya")
	acceptInvite(t, priyaCtx, priyaLink, priyaEmail, "Join Riverside Clinics as Viewer", priyaName, priyaPass)
	waitVisible(priyaCtx, siteCard(siteName))
	shot(t, priyaCtx, "priya-joined-sites")
	for _, b := range []string{"New site", "Create your first site"} {
		if exists(priyaCtx, button(b)) {
			t.Errorf("Priya (Viewer) sees the %q button", b)
		}
	}

	// Priya reads the site and is offered nothing to change.
	click(priyaCtx, siteCard(siteName))
	waitVisible(priyaCtx, pageRow("Opening hours"))
	shot(t, priyaCtx, "priya-site")
	for _, b := range []string{"New page", "Settings", "Create your first page"} {
		if exists(priyaCtx, button(b)) {
			t.Errorf("Priya (Viewer) sees the %q button on the site", b)
		}
	}
	for _, label := range []string{"Rename Opening hours", "Delete Opening hours"} {
		if exists(priyaCtx, fmt.Sprintf(`//button[@aria-label=%s]`, xpathString(label))) {
			t.Errorf("Priya (Viewer) sees the %q button", label)
		}
	}
	// Her browser session may not create a page behind the UI's back.
	if st := fetchStatus(priyaCtx, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Not allowed"}); st != 403 {
		t.Errorf("Priya creating a page from her browser session: status %d, want 403", st)
	}

	// Sam has the site open when Maya deactivates him.
	click(samCtx, siteCard(siteName))
	waitVisible(samCtx, pageRow("Opening hours"))
	waitVisible(samCtx, button("New page"))
	shot(t, samCtx, "sam-site")

	visit(ctx, env.URL+"/members")
	waitVisible(ctx, memberRow(samEmail))
	waitVisible(ctx, memberRow(priyaEmail))
	waitNoText(ctx, "Pending invitations")
	for email, want := range map[string][]string{samEmail: {samName, "Editor", "Active"}, priyaEmail: {priyaName, "Viewer", "Active"}} {
		text := textOf(ctx, memberRow(email))
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("member row for %s reads %q, want %q in it", email, text, w)
			}
		}
	}
	shot(t, ctx, "members-joined")

	memberAction(ctx, samEmail, "Deactivate")
	waitText(ctx, "Deactivate "+samName+"?")
	waitText(ctx, "their sessions and API tokens end immediately")
	shot(t, ctx, "deactivate-confirm")
	click(ctx, `//*[@role='alertdialog']//button[normalize-space()='Deactivate']`)
	waitNoDialog(ctx)
	waitText(ctx, "Member deactivated")
	untilJS(ctx, "Sam's row says Deactivated",
		fmt.Sprintf(`(%s || {innerText: ""}).innerText.includes("Deactivated")`, sel(memberRow(samEmail))))
	shot(t, ctx, "sam-deactivated")

	// Sam's open tab: his next action sends him to sign in.
	click(samCtx, button("New page"))
	fill(samCtx, `[role="dialog"] input[name="title"]`, "Walk-in clinic")
	click(samCtx, button("Create page"))
	waitPath(samCtx, "/login")
	waitText(samCtx, "Sign in to Pagewright")
	if got, want := eval[string](samCtx, `new URLSearchParams(location.search).get("redirect") || ""`), "/sites/"+site.ID; got != want {
		t.Errorf("Sam was sent to sign in with redirect %q, want %q", got, want)
	}
	shot(t, samCtx, "sam-bounced-to-login")

	// His password no longer works, and the answer gives nothing away.
	fill(samCtx, `input[name="email"]`, samEmail)
	fill(samCtx, `input[name="password"]`, samPass)
	click(samCtx, button("Sign in"))
	waitText(samCtx, genericFail)
	if p := eval[string](samCtx, `location.pathname`); p != "/login" {
		t.Errorf("after a refused sign-in Sam is at %s", p)
	}
	shot(t, samCtx, "sam-login-refused")

	// The API agrees.
	res := env.Anonymous().Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": samEmail, "password": samPass}).Want(t, 401)
	if p := res.Problem(t); p.Code != "auth.invalid_credentials" || p.Detail != genericFail {
		t.Errorf("Sam's sign-in refused with %s %q, want the generic auth.invalid_credentials", p.Code, p.Detail)
	}
	pages := 0
	var list struct{ Items []pageJSON }
	admin.Do(t, "GET", "/api/v1/sites/"+site.ID+"/pages", nil).Want(t, 200).JSON(t, &list)
	for _, p := range list.Items {
		if p.Title == "Walk-in clinic" || p.Title == "Not allowed" {
			t.Errorf("page %q was created", p.Title)
		}
		pages++
	}
	if pages != 1 {
		t.Errorf("%d pages, want 1", pages)
	}
	var invitations struct{ Items []json.RawMessage }
	admin.Do(t, "GET", "/api/v1/invitations?status=pending", nil).Want(t, 200).JSON(t, &invitations)
	if len(invitations.Items) != 0 {
		t.Errorf("%d invitations still pending after both joined", len(invitations.Items))
	}
	var members struct{ Items []memberJSON }
	admin.Do(t, "GET", "/api/v1/members", nil).Want(t, 200).JSON(t, &members)
	got := map[string]string{}
	for _, m := range members.Items {
		got[m.Email] = m.Role + "/" + m.Status
	}
	want := map[string]string{"maya@riverside.example": "admin/active", samEmail: "editor/deactivated", priyaEmail: "viewer/active"}
	for e, w := range want {
		if got[e] != w {
			t.Errorf("member %s is %q, want %q (all: %v)", e, got[e], w, got)
		}
	}
	var audit struct{ Items []auditJSON }
	admin.Do(t, "GET", "/api/v1/audit?limit=500", nil).Want(t, 200).JSON(t, &audit)
	var actions []string
	for _, e := range audit.Items {
		actions = append(actions, e.Action)
	}
	for _, a := range []string{"member.invite", "member.join", "member.deactivate"} {
		if !slices.Contains(actions, a) {
			t.Errorf("audit log lacks %s: %v", a, actions)
		}
	}
}

// TestPasswordResetByAdminLink is Maya making a reset link for Sam, who
// cannot get email; Sam sets a new password from it and signs in with it.
func TestPasswordResetByAdminLink(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	env.Setup(t)
	sam := env.CreateUser(t, "Sam Rivera", access.RoleEditor)
	const (
		samEmail = "sam.rivera@riverside.example"
		newPass  = "a brand new password for sam"
	)

	ctx := newBrowser(t)
	visit(ctx, env.URL+"/members")
	waitPath(ctx, "/login")
	signIn(t, ctx, "maya@riverside.example", apptest.Password)
	waitPath(ctx, "/members")
	waitVisible(ctx, memberRow(samEmail))

	memberAction(ctx, samEmail, "Reset password")
	waitText(ctx, "Create a single-use link for Sam Rivera")
	shot(t, ctx, "reset-dialog")
	click(ctx, button("Create reset link"))
	waitVisible(ctx, `[data-testid="reset-link"]`)
	link := strings.TrimSpace(textOf(ctx, `[data-testid="reset-link"]`))
	if u, err := url.Parse(link); err != nil || !strings.HasPrefix(u.Path, "/reset-password/") || u.Host == "" {
		t.Fatalf("reset link %q, want an absolute /reset-password/<token> URL", link)
	}
	shot(t, ctx, "reset-link")
	click(ctx, button("Done"))
	waitNoDialog(ctx)

	// Sam, in his own browser.
	samCtx := browserFor(t, "sam")
	visit(samCtx, link)
	waitText(samCtx, "Choose a new password")
	fill(samCtx, `input[name="password"]`, newPass)
	fill(samCtx, `input[name="confirmPassword"]`, newPass)
	shot(t, samCtx, "reset-form")
	click(samCtx, button("Set new password"))
	waitText(samCtx, "Your password is changed")
	shot(t, samCtx, "reset-done")

	click(samCtx, `//a[normalize-space()='Go to sign in']`)
	waitPath(samCtx, "/login")
	signIn(t, samCtx, samEmail, newPass)
	waitPath(samCtx, "/sites")
	shot(t, samCtx, "signed-in-with-new-password")

	// The old password and the old session are gone; the link is spent.
	env.Anonymous().Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": samEmail, "password": apptest.Password}).Want(t, 401)
	sam.Do(t, "GET", "/api/v1/auth/me", nil).Want(t, 401)
	token := link[strings.LastIndex(link, "/")+1:]
	env.Anonymous().Do(t, "POST", "/api/v1/auth/password-reset/confirm", map[string]string{"token": token, "password": "yet another password here"}).Want(t, 410)
}
