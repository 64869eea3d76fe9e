package httpapi_test

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/apptest"
)

// The members API on a running instance: invitations, roles, deactivating
// and removing members, password resets and the profile. No email server
// is configured, so every link comes back in the answer.

// onDatabases runs fn on a fresh instance on SQLite and on a fresh
// PostgreSQL schema (skipped unless PAGEWRIGHT_TEST_POSTGRES_URL is set).
func onDatabases(t *testing.T, fn func(t *testing.T, env *apptest.Env)) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, apptest.New(t))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		fn(t, apptest.New(t, apptest.WithDatabase(apptest.FreshPostgres(t))))
	})
}

func TestMembersFlow(t *testing.T) {
	t.Parallel()
	onDatabases(t, membersFlow)
}

func membersFlow(t *testing.T, env *apptest.Env) {
	admin := env.Setup(t)
	site := decode[struct{ ID, Name string }](t, admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Flu Clinics"}).Want(t, 201))
	home := decode[idBody](t, admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Home"}).Want(t, 201))

	// An Editor who also administers the flu site, and a Viewer. No email
	// server: the answer carries the link to pass on.
	start := time.Now()
	edRes := admin.Do(t, "POST", "/api/v1/invitations", map[string]any{"email": "Eddie@Riverside.example", "role": "editor",
		"grants": []grant{{"site", site.ID, access.RoleAdmin}}}).Want(t, 201)
	ed := decode[invitationBody](t, edRes)
	viRes := admin.Do(t, "POST", "/api/v1/invitations", map[string]any{"email": "vera@riverside.example", "role": "viewer"}).Want(t, 201)
	vi := decode[invitationBody](t, viRes)
	for _, inv := range []invitationBody{ed, vi} {
		i := inv.Invitation
		if i.ID == "" || i.Status != "pending" || i.EmailStatus != "not_configured" || i.EmailError != "" ||
			i.InvitedBy.ID != admin.UserID || i.InvitedBy.Name != "Maya Admin" {
			t.Errorf("new invitation %+v: want pending, emailStatus not_configured, invited by Maya Admin", i)
		}
		if i.CreatedAt.Before(start.Add(-time.Second)) || i.CreatedAt.After(time.Now().Add(time.Second)) || i.ExpiresAt.Sub(i.CreatedAt) != 7*24*time.Hour {
			t.Errorf("invitation created %s expires %s: want now and 7 days later", i.CreatedAt, i.ExpiresAt)
		}
		if !strings.HasPrefix(inv.Link, env.URL+"/invite/") {
			t.Errorf("link %q, want %s/invite/<token>", inv.Link, env.URL)
		}
	}
	edToken, viToken := linkToken(t, ed.Link, "/invite/"), linkToken(t, vi.Link, "/invite/")
	if ed.Invitation.Email != "eddie@riverside.example" || ed.Invitation.Role != access.RoleEditor || vi.Invitation.Role != access.RoleViewer {
		t.Errorf("invitations for %s as %s and %s as %s", ed.Invitation.Email, ed.Invitation.Role, vi.Invitation.Email, vi.Invitation.Role)
	}
	if g := ed.Invitation.Grants; len(g) != 1 || g[0].ResourceType != "site" || g[0].ResourceID != site.ID || g[0].ResourceName != site.Name || g[0].Role != access.RoleAdmin {
		t.Errorf("invitation grants %+v, want admin on site %s named %q", g, site.ID, site.Name)
	}
	if !bytes.Contains(viRes.Body, []byte(`"grants":[]`)) {
		t.Errorf("an invitation without grants must list grants as []: %s", viRes.Body)
	}

	// What the invitee sees before joining.
	anon := env.Anonymous()
	info := decode[struct {
		Email, OrganizationName, InvitedBy string
		Role                               access.Role
	}](t, anon.Do(t, "GET", "/api/v1/invitations/accept?token="+url.QueryEscape(edToken), nil).Want(t, 200))
	if info.Email != "eddie@riverside.example" || info.OrganizationName != "Riverside Clinics" || info.Role != access.RoleEditor || info.InvitedBy != "Maya Admin" {
		t.Errorf("invitation info %+v", info)
	}

	// Accepting signs them in: an HttpOnly cookie and a CSRF token.
	eddie := env.Anonymous()
	res := eddie.Do(t, "POST", "/api/v1/invitations/accept", map[string]string{"token": edToken, "name": " Eddie Editor ", "password": apptest.Password}).Want(t, 201)
	sess := decode[sessionBody](t, res)
	eddie.CSRF, eddie.UserID = sess.CSRFToken, sess.User.ID
	var cookie *http.Cookie
	for _, c := range (&http.Response{Header: res.Header}).Cookies() {
		if c.Name == "pw_session" {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value == "" || !cookie.HttpOnly || sess.CSRFToken == "" {
		t.Fatalf("accepting set cookie %+v and CSRF token %q: want a session", cookie, sess.CSRFToken)
	}
	if sess.User.Email != "eddie@riverside.example" || sess.User.Name != "Eddie Editor" || sess.User.Role != access.RoleEditor ||
		sess.User.Status != "active" || sess.Organization.Name != "Riverside Clinics" {
		t.Errorf("accepted session %+v", sess)
	}
	vera, _ := accept(t, env, viToken, "Vera Viewer")

	for _, m := range []struct {
		c    *apptest.Client
		role access.Role
	}{{eddie, access.RoleEditor}, {vera, access.RoleViewer}} {
		me := decode[sessionBody](t, m.c.Do(t, "GET", "/api/v1/auth/me", nil).Want(t, 200))
		want := access.OrgPermissions(&access.Actor{UserID: "x", Role: m.role})
		if me.User.ID != m.c.UserID || me.User.Role != m.role || me.CSRFToken != m.c.CSRF || !slices.Equal(me.Permissions, want) {
			t.Errorf("me %+v, want role %s, the session's CSRF token and permissions %v", me, m.role, want)
		}
	}
	// The session works for writes with its CSRF token, and the site grant
	// applies at once: an Editor may not delete pages, a site Admin may.
	eddie.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Clinic hours"}).Want(t, 201)
	wantProblem(t, eddie.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "No CSRF"}, "X-CSRF-Token", ""), 403, "auth.csrf_failed")
	wantProblem(t, vera.Do(t, "DELETE", "/api/v1/pages/"+home.ID, nil), 403, "access.denied")
	eddie.Do(t, "DELETE", "/api/v1/pages/"+home.ID, nil).Want(t, 204)

	// The members list shows them with their grants, by name.
	listRes := admin.Do(t, "GET", "/api/v1/members", nil).Want(t, 200)
	list := decode[struct{ Items []memberBody }](t, listRes).Items
	var names []string
	for _, m := range list {
		names = append(names, m.Name)
		if m.Status != "active" || (m.ID != admin.UserID && m.LastLoginAt == nil) {
			t.Errorf("member %s: status %s, lastLoginAt %v; want active, and signed in when they accepted", m.Name, m.Status, m.LastLoginAt)
		}
	}
	if !slices.Equal(names, []string{"Eddie Editor", "Maya Admin", "Vera Viewer"}) {
		t.Fatalf("members %v, want Eddie Editor, Maya Admin, Vera Viewer", names)
	}
	if e := list[0]; e.ID != eddie.UserID || e.Email != "eddie@riverside.example" || e.Role != access.RoleEditor || len(e.Grants) != 1 ||
		e.Grants[0].ResourceType != "site" || e.Grants[0].ResourceID != site.ID || e.Grants[0].ResourceName != site.Name || e.Grants[0].Role != access.RoleAdmin {
		t.Errorf("Eddie listed as %+v, want an Editor with an admin grant on %q", e, site.Name)
	}
	if v := list[2]; v.ID != vera.UserID || v.Role != access.RoleViewer || len(v.Grants) != 0 {
		t.Errorf("Vera listed as %+v, want a Viewer without grants", v)
	}
	if !bytes.Contains(listRes.Body, []byte(`"grants":[]`)) {
		t.Errorf("a member without grants must list grants as []: %s", listRes.Body)
	}
	for query, want := range map[string][]string{
		"role=viewer": {"Vera Viewer"}, "q=VERA": {"Vera Viewer"}, "q=riverside.example": {"Eddie Editor", "Maya Admin", "Vera Viewer"},
		"q=eddie&role=editor": {"Eddie Editor"}, "q=nobody": nil, "status=deactivated": nil, "role=admin&status=active": {"Maya Admin"},
	} {
		var got []string
		for _, m := range memberList(t, admin, query) {
			got = append(got, m.Name)
		}
		if !slices.Equal(got, want) {
			t.Errorf("members?%s = %v, want %v", query, got, want)
		}
	}

	// Both invitations are now accepted, and their links spent.
	for status, want := range map[string]int{"": 2, "accepted": 2, "pending": 0} {
		items := invitationList(t, admin, status)
		if len(items) != want {
			t.Errorf("invitations?status=%s: %d, want %d", status, len(items), want)
		}
		for _, i := range items {
			if i.Status != "accepted" {
				t.Errorf("invitation for %s is %s, want accepted", i.Email, i.Status)
			}
		}
	}
	wantProblem(t, anon.Do(t, "GET", "/api/v1/invitations/accept?token="+url.QueryEscape(edToken), nil), 410, "invitation.invalid")

	// Resending issues a new link and kills the old one; revoking kills it.
	sam := invite(t, admin, "sam@riverside.example", access.RoleViewer)
	oldToken := linkToken(t, sam.Link, "/invite/")
	resent := decode[invitationBody](t, admin.Do(t, "POST", "/api/v1/invitations/"+sam.Invitation.ID+"/resend", nil).Want(t, 200))
	newToken := linkToken(t, resent.Link, "/invite/")
	if newToken == oldToken || resent.Invitation.ID != sam.Invitation.ID || resent.Invitation.Status != "pending" ||
		resent.Invitation.EmailStatus != "not_configured" || resent.Invitation.ExpiresAt.Before(sam.Invitation.ExpiresAt) {
		t.Errorf("resent %+v (link %s), was %+v", resent.Invitation, resent.Link, sam.Invitation)
	}
	wantProblem(t, anon.Do(t, "GET", "/api/v1/invitations/accept?token="+url.QueryEscape(oldToken), nil), 410, "invitation.invalid")
	anon.Do(t, "GET", "/api/v1/invitations/accept?token="+url.QueryEscape(newToken), nil).Want(t, 200)
	admin.Do(t, "DELETE", "/api/v1/invitations/"+sam.Invitation.ID, nil).Want(t, 204)
	if got := invitationList(t, admin, "revoked"); len(got) != 1 || got[0].ID != sam.Invitation.ID {
		t.Errorf("revoked invitations %+v, want Sam's", got)
	}
	wantProblem(t, anon.Do(t, "POST", "/api/v1/invitations/accept", map[string]string{"token": newToken, "name": "Sam", "password": apptest.Password}), 410, "invitation.invalid")
	wantProblem(t, admin.Do(t, "POST", "/api/v1/invitations/"+sam.Invitation.ID+"/resend", nil), 409, "invitation.not_pending")
	wantProblem(t, admin.Do(t, "DELETE", "/api/v1/invitations/"+sam.Invitation.ID, nil), 409, "invitation.not_pending")
	invite(t, admin, "sam@riverside.example", access.RoleEditor) // a revoked invitation does not block a new one

	// The audit log: who invited whom, and each member joining as themselves.
	for _, want := range []struct{ action, actorID, actorName, resource string }{
		{"member.invite", admin.UserID, "Maya Admin", "eddie@riverside.example"},
		{"member.invite", admin.UserID, "Maya Admin", "vera@riverside.example"},
		{"member.join", eddie.UserID, "Eddie Editor", "eddie@riverside.example"},
		{"member.join", vera.UserID, "Vera Viewer", "vera@riverside.example"},
		{"member.invite_resend", admin.UserID, "Maya Admin", "sam@riverside.example"},
		{"member.invite_revoke", admin.UserID, "Maya Admin", "sam@riverside.example"},
	} {
		found := false
		for _, e := range auditEntries(t, admin, url.Values{"action": {want.action}}) {
			if e.Resource.Name == want.resource && e.Status == "success" && e.Actor != nil && e.Actor.ID == want.actorID && e.Actor.Name == want.actorName {
				found = true
			}
		}
		if !found {
			t.Errorf("no successful %s of %s by %s in the audit log", want.action, want.resource, want.actorName)
		}
	}
}

// TestMembersBadInput sends bad member and invitation requests to one
// instance, one after another: each gets a stable problem, the members,
// the invitations and the audit log stay as they were (but for the audited
// denials).
func TestMembersBadInput(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Setup(t)
	editor := env.CreateUser(t, "Eddie Editor", access.RoleEditor)
	anon := env.Anonymous()
	site := decode[idBody](t, admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside"}).Want(t, 201))
	page := decode[idBody](t, admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Home"}).Want(t, 201))

	// A Viewer with a grant, for the Editor to try to change.
	vera, _ := accept(t, env, linkToken(t, invite(t, admin, "vera@riverside.example", access.RoleViewer, grant{"site", site.ID, access.RoleEditor}).Link, "/invite/"), "Vera Viewer")
	// Links in every state.
	used := linkToken(t, invite(t, admin, "used@riverside.example", access.RoleViewer).Link, "/invite/")
	accept(t, env, used, "Used Once")
	pending := invite(t, admin, "pending@riverside.example", access.RoleEditor)
	pendingToken := linkToken(t, pending.Link, "/invite/")
	expired := linkToken(t, invite(t, admin, "late@riverside.example", access.RoleViewer).Link, "/invite/")
	revokedInv := invite(t, admin, "revoked@riverside.example", access.RoleViewer)
	admin.Do(t, "DELETE", "/api/v1/invitations/"+revokedInv.Invitation.ID, nil).Want(t, 204)
	revoked := linkToken(t, revokedInv.Link, "/invite/")
	tampered := []byte(pendingToken)
	if tampered[len(tampered)-1] == 'A' {
		tampered[len(tampered)-1] = 'B'
	} else {
		tampered[len(tampered)-1] = 'A'
	}

	acceptBody := func(token, password string) map[string]string {
		return map[string]string{"token": token, "name": "Someone New", "password": password}
	}
	info := func(token string) string { return "/api/v1/invitations/accept?token=" + url.QueryEscape(token) }
	const week = 8 * 24 * time.Hour
	vid, iid := "/api/v1/members/"+vera.UserID, "/api/v1/invitations/"+pending.Invitation.ID
	denied := []string{"member:manage failure"}
	type badMember struct {
		name         string
		client       *apptest.Client
		method, path string
		body         any
		status       int
		code         string
		field        string
		mention      string
		audit        []string
		later        time.Duration // move the instance's clock this far ahead for the request
	}
	cases := []badMember{
		// Links that no longer work, or never did.
		{name: "accept/reused-link", client: anon, method: "POST", path: "/api/v1/invitations/accept", body: acceptBody(used, apptest.Password), status: 410, code: "invitation.invalid"},
		{name: "info/reused-link", client: anon, method: "GET", path: info(used), status: 410, code: "invitation.invalid"},
		{name: "accept/tampered-link", client: anon, method: "POST", path: "/api/v1/invitations/accept", body: acceptBody(string(tampered), apptest.Password), status: 410, code: "invitation.invalid"},
		{name: "info/tampered-link", client: anon, method: "GET", path: info(string(tampered)), status: 410, code: "invitation.invalid"},
		{name: "accept/expired-link", client: anon, method: "POST", path: "/api/v1/invitations/accept", body: acceptBody(expired, apptest.Password), status: 410, code: "invitation.invalid", later: week},
		{name: "info/expired-link", client: anon, method: "GET", path: info(expired), status: 410, code: "invitation.invalid", later: week},
		{name: "accept/revoked-link", client: anon, method: "POST", path: "/api/v1/invitations/accept", body: acceptBody(revoked, apptest.Password), status: 410, code: "invitation.invalid"},
		{name: "info/revoked-link", client: anon, method: "GET", path: info(revoked), status: 410, code: "invitation.invalid"},
		{name: "accept/made-up-link", client: anon, method: "POST", path: "/api/v1/invitations/accept", body: acceptBody("made-up", apptest.Password), status: 410, code: "invitation.invalid"},
		{name: "info/no-token", client: anon, method: "GET", path: "/api/v1/invitations/accept", status: 422, code: "request.invalid", field: "query.token"},

		// Accepting with bad details leaves the link usable (checked below).
		{name: "accept/common-password", client: anon, method: "POST", path: "/api/v1/invitations/accept", body: acceptBody(pendingToken, "password1234"), status: 422, code: "invitation.invalid_fields", field: "body.password", mention: "too common"},
		{name: "accept/short-password", client: anon, method: "POST", path: "/api/v1/invitations/accept", body: acceptBody(pendingToken, "short"), status: 422, code: "invitation.invalid_fields", field: "body.password", mention: "at least 12"},
		{name: "accept/email-as-password", client: anon, method: "POST", path: "/api/v1/invitations/accept", body: acceptBody(pendingToken, "pending@riverside.example"), status: 422, code: "invitation.invalid_fields", field: "body.password"},
		{name: "accept/blank-name", client: anon, method: "POST", path: "/api/v1/invitations/accept", body: map[string]string{"token": pendingToken, "name": " ", "password": apptest.Password}, status: 422, code: "invitation.invalid_fields", field: "body.name"},

		// Invitations an Admin may not send.
		{name: "invite/existing-member", client: admin, method: "POST", path: "/api/v1/invitations", body: map[string]string{"email": "Eddie.Editor@Riverside.example", "role": "viewer"}, status: 409, code: "member.exists"},
		{name: "invite/twice", client: admin, method: "POST", path: "/api/v1/invitations", body: map[string]string{"email": "pending@riverside.example", "role": "viewer"}, status: 409, code: "invitation.pending"},
		{name: "invite/unknown-role", client: admin, method: "POST", path: "/api/v1/invitations", body: map[string]string{"email": "new@riverside.example", "role": "owner"}, status: 422, code: "request.invalid", field: "body.role"},
		{name: "invite/bad-email", client: admin, method: "POST", path: "/api/v1/invitations", body: map[string]string{"email": "not an address", "role": "viewer"}, status: 422, field: "body.email", code: "invitation.invalid_fields"},
		{name: "invite/missing-site", client: admin, method: "POST", path: "/api/v1/invitations", body: map[string]any{"email": "new@riverside.example", "role": "viewer",
			"grants": []grant{{"site", "01a20000-0000-7000-8000-000000000000", access.RoleEditor}}}, status: 422, code: "member.invalid_grant", field: "body.grants[0].resourceId"},
		{name: "invite/missing-page", client: admin, method: "POST", path: "/api/v1/invitations", body: map[string]any{"email": "new@riverside.example", "role": "viewer",
			"grants": []grant{{"page", page.ID, access.RoleEditor}, {"page", site.ID, access.RoleEditor}}}, status: 422, code: "member.invalid_grant", field: "body.grants[1].resourceId"},
		{name: "invite/unknown-grant-type", client: admin, method: "POST", path: "/api/v1/invitations", body: map[string]any{"email": "new@riverside.example", "role": "viewer",
			"grants": []grant{{"org", site.ID, access.RoleEditor}}}, status: 422, code: "request.invalid", field: "body.grants[0].resourceType"},

		// Member changes that cannot apply.
		{name: "member/unknown", client: admin, method: "PATCH", path: "/api/v1/members/nope", body: map[string]string{"role": "viewer"}, status: 404, code: "member.not_found"},
		{name: "member/unknown-role", client: admin, method: "PATCH", path: vid, body: map[string]string{"role": "owner"}, status: 422, code: "request.invalid", field: "body.role"},
		{name: "member/grant-missing-site", client: admin, method: "POST", path: vid + "/grants", body: grant{"site", "nope", access.RoleEditor}, status: 422, code: "member.invalid_grant", field: "body.resourceId"},
		{name: "member/delete-missing-grant", client: admin, method: "DELETE", path: vid + "/grants/page/" + page.ID, status: 404, code: "grant.not_found"},
		{name: "invitation/unknown", client: admin, method: "POST", path: "/api/v1/invitations/nope/resend", status: 404, code: "invitation.not_found"},
		{name: "invitation/revoke-revoked", client: admin, method: "DELETE", path: "/api/v1/invitations/" + revokedInv.Invitation.ID, status: 409, code: "invitation.not_pending"},

		// An Editor may not manage members: every route is denied and audited.
		{name: "editor/list-members", client: editor, method: "GET", path: "/api/v1/members", status: 403, code: "access.denied", audit: denied},
		{name: "editor/change-role", client: editor, method: "PATCH", path: vid, body: map[string]string{"role": "admin"}, status: 403, code: "access.denied", audit: denied},
		{name: "editor/put-grant", client: editor, method: "POST", path: vid + "/grants", body: grant{"site", site.ID, access.RoleAdmin}, status: 403, code: "access.denied", audit: denied},
		{name: "editor/delete-grant", client: editor, method: "DELETE", path: vid + "/grants/site/" + site.ID, status: 403, code: "access.denied", audit: denied},
		{name: "editor/deactivate", client: editor, method: "POST", path: vid + "/deactivate", status: 403, code: "access.denied", audit: denied},
		{name: "editor/reactivate", client: editor, method: "POST", path: vid + "/reactivate", status: 403, code: "access.denied", audit: denied},
		{name: "editor/remove", client: editor, method: "DELETE", path: vid, status: 403, code: "access.denied", audit: denied},
		{name: "editor/reset-link", client: editor, method: "POST", path: vid + "/password-reset", status: 403, code: "access.denied", audit: denied},
		{name: "editor/list-invitations", client: editor, method: "GET", path: "/api/v1/invitations", status: 403, code: "access.denied", audit: denied},
		{name: "editor/invite", client: editor, method: "POST", path: "/api/v1/invitations", body: map[string]string{"email": "friend@riverside.example", "role": "admin"}, status: 403, code: "access.denied", audit: denied},
		{name: "editor/resend", client: editor, method: "POST", path: iid + "/resend", status: 403, code: "access.denied", audit: denied},
		{name: "editor/revoke", client: editor, method: "DELETE", path: iid, status: 403, code: "access.denied", audit: denied},
		{name: "editor/email-settings", client: editor, method: "GET", path: "/api/v1/settings/email", status: 403, code: "access.denied", audit: denied},
		{name: "anonymous/list-members", client: anon, method: "GET", path: "/api/v1/members", status: 401, code: "auth.unauthenticated"},
		{name: "anonymous/invite", client: anon, method: "POST", path: "/api/v1/invitations", body: map[string]string{"email": "friend@riverside.example", "role": "admin"}, status: 401, code: "auth.unauthenticated"},

		// Recovery and profile links that do not exist.
		{name: "reset/made-up-link", client: anon, method: "POST", path: "/api/v1/auth/password-reset/confirm", body: map[string]string{"token": "made-up", "password": "a brand new passphrase 42"}, status: 410, code: "reset.invalid"},
		{name: "confirm-email/made-up-link", client: admin, method: "POST", path: "/api/v1/auth/email-confirm", body: map[string]string{"token": "made-up"}, status: 410, code: "email.invalid"},
		{name: "confirm-email/anonymous", client: anon, method: "POST", path: "/api/v1/auth/email-confirm", body: map[string]string{"token": "made-up"}, status: 401, code: "auth.unauthenticated"},
	}

	state := func(t *testing.T) ([]byte, int64) { return snapshot(t, admin, []string{page.ID}) }
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before, seq := state(t)
			if tc.later != 0 {
				env.App.Users.Now = func() time.Time { return time.Now().Add(tc.later) }
				t.Cleanup(func() { env.App.Users.Now = time.Now })
			}
			res := tc.client.Do(t, tc.method, tc.path, tc.body)
			env.App.Users.Now = time.Now // before reading the state back as the admin
			p := wantProblem(t, res, tc.status, tc.code)
			checkProblemDetails(t, res, p, tc.field, tc.mention)
			if after, _ := state(t); !bytes.Equal(before, after) {
				t.Errorf("the request changed members or invitations:\nbefore %s\nafter  %s", before, after)
			}
			var got []string
			for _, e := range auditSince(t, admin, seq) {
				got = append(got, e.Action+" "+e.Status)
				if e.RequestID != p.RequestID || (e.Actor != nil && e.Actor.ID != tc.client.UserID) {
					t.Errorf("audit entry %+v, want request %s by %s", e, p.RequestID, tc.client.UserID)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.audit, ",") {
				t.Errorf("new audit entries %q, want %q", got, tc.audit)
			}
		})
	}

	// The failed attempts left the pending link working.
	newbie, s := accept(t, env, pendingToken, "Pat Pending")
	if s.User.Email != "pending@riverside.example" || s.User.Role != access.RoleEditor {
		t.Errorf("accepted as %+v", s.User)
	}
	newbie.Do(t, "GET", "/api/v1/auth/me", nil).Want(t, 200)
}

// TestMemberExpiredInvitation moves the clock past an invitation's expiry:
// the link stops working, the invitation lists as expired, and a new
// invitation to the same address can be sent.
func TestMemberExpiredInvitation(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Setup(t)
	// The admin's session would expire with the clock moved on; a token does not.
	adminTok := tokenClient(t, env, admin)
	inv := invite(t, admin, "late@riverside.example", access.RoleViewer)
	token := linkToken(t, inv.Link, "/invite/")

	env.App.Users.Now = func() time.Time { return time.Now().Add(8 * 24 * time.Hour) }
	defer func() { env.App.Users.Now = time.Now }()
	anon := env.Anonymous()
	wantProblem(t, anon.Do(t, "GET", "/api/v1/invitations/accept?token="+url.QueryEscape(token), nil), 410, "invitation.invalid")
	wantProblem(t, anon.Do(t, "POST", "/api/v1/invitations/accept", map[string]string{"token": token, "name": "Late", "password": apptest.Password}), 410, "invitation.invalid")
	if got := invitationList(t, adminTok, "expired"); len(got) != 1 || got[0].ID != inv.Invitation.ID {
		t.Errorf("expired invitations %+v, want the one sent", got)
	}
	if got := invitationList(t, adminTok, "pending"); len(got) != 0 {
		t.Errorf("pending invitations %+v, want none", got)
	}
	// An expired invitation does not block a new one to the same address.
	again := decode[invitationBody](t, adminTok.Do(t, "POST", "/api/v1/invitations", map[string]string{"email": "late@riverside.example", "role": "viewer"}).Want(t, 201))
	fresh := linkToken(t, again.Link, "/invite/")
	env.App.Users.Now = time.Now
	// Back to the real time, the new invitation is simply pending.
	env.Anonymous().Do(t, "GET", "/api/v1/invitations/accept?token="+url.QueryEscape(fresh), nil).Want(t, 200)
	wantProblem(t, anon.Do(t, "GET", "/api/v1/invitations/accept?token="+url.QueryEscape(token), nil), 410, "invitation.invalid")
}

func TestMemberRoleChange(t *testing.T) {
	t.Parallel()
	onDatabases(t, func(t *testing.T, env *apptest.Env) {
		admin := env.Setup(t)
		editor := env.CreateUser(t, "Eddie Editor", access.RoleEditor)
		site := decode[idBody](t, admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside"}).Want(t, 201))
		pages := "/api/v1/sites/" + site.ID + "/pages"
		editor.Do(t, "POST", pages, map[string]string{"title": "Before"}).Want(t, 201)

		// Editor → Viewer applies to their open session at once.
		m := decode[memberBody](t, admin.Do(t, "PATCH", "/api/v1/members/"+editor.UserID, map[string]string{"role": "viewer"}).Want(t, 200))
		if m.ID != editor.UserID || m.Role != access.RoleViewer || m.Status != "active" {
			t.Errorf("after the change %+v, want an active Viewer", m)
		}
		if me := decode[sessionBody](t, editor.Do(t, "GET", "/api/v1/auth/me", nil).Want(t, 200)); me.User.Role != access.RoleViewer {
			t.Errorf("me says %s, want viewer", me.User.Role)
		}
		wantProblem(t, editor.Do(t, "POST", pages, map[string]string{"title": "After"}), 403, "access.denied")
		e := auditWithChanges(t, admin, url.Values{"action": {"member.role_change"}})
		if len(e) != 1 || e[0].Actor == nil || e[0].Actor.ID != admin.UserID || e[0].Resource.ID != editor.UserID || e[0].Severity != "high" ||
			e[0].Changes == nil || e[0].Changes.Before["role"] != "editor" || e[0].Changes.After["role"] != "viewer" {
			t.Errorf("role change audited as %+v, want editor → viewer by the admin", e)
		}

		// The last active Admin can neither demote, deactivate nor remove
		// themselves; nothing changes and nothing is recorded.
		_, seq := snapshot(t, admin, nil)
		self := "/api/v1/members/" + admin.UserID
		wantProblem(t, admin.Do(t, "PATCH", self, map[string]string{"role": "editor"}), 409, "member.last_admin")
		wantProblem(t, admin.Do(t, "POST", self+"/deactivate", nil), 409, "member.self")
		wantProblem(t, admin.Do(t, "DELETE", self, nil), 409, "member.self")
		if got := auditSince(t, admin, seq); len(got) != 0 {
			t.Errorf("refused changes were recorded: %+v", got)
		}
		if me := decode[sessionBody](t, admin.Do(t, "GET", "/api/v1/auth/me", nil).Want(t, 200)); me.User.Role != access.RoleAdmin || me.User.Status != "active" {
			t.Errorf("the last admin is now %s/%s", me.User.Role, me.User.Status)
		}

		// A deactivated Admin does not count: with the second Admin
		// deactivated, the first is still the last.
		admin.Do(t, "PATCH", "/api/v1/members/"+editor.UserID, map[string]string{"role": "admin"}).Want(t, 200)
		admin.Do(t, "POST", "/api/v1/members/"+editor.UserID+"/deactivate", nil).Want(t, 200)
		wantProblem(t, admin.Do(t, "PATCH", self, map[string]string{"role": "viewer"}), 409, "member.last_admin")
		admin.Do(t, "POST", "/api/v1/members/"+editor.UserID+"/reactivate", nil).Want(t, 200)
		// With another active Admin, stepping down works, and takes effect.
		if m := decode[memberBody](t, admin.Do(t, "PATCH", self, map[string]string{"role": "editor"}).Want(t, 200)); m.Role != access.RoleEditor {
			t.Errorf("after stepping down %+v", m)
		}
		wantProblem(t, admin.Do(t, "GET", "/api/v1/members", nil), 403, "access.denied")
	})
}

func TestMemberDeactivate(t *testing.T) {
	t.Parallel()
	onDatabases(t, func(t *testing.T, env *apptest.Env) {
		admin := env.Setup(t)
		member := env.CreateUser(t, "Eddie Editor", access.RoleEditor)
		bearer := tokenClient(t, env, member)
		bearer.Do(t, "GET", "/api/v1/sites", nil).Want(t, 200)
		const email = "eddie.editor@riverside.example"

		m := decode[memberBody](t, admin.Do(t, "POST", "/api/v1/members/"+member.UserID+"/deactivate", nil).Want(t, 200))
		if m.Status != "deactivated" || m.Role != access.RoleEditor {
			t.Errorf("deactivated member %+v", m)
		}
		if got := memberList(t, admin, "status=deactivated"); len(got) != 1 || got[0].ID != member.UserID {
			t.Errorf("deactivated members %+v, want Eddie", got)
		}
		// The open session and the API token stop working on their next request.
		wantProblem(t, member.Do(t, "GET", "/api/v1/auth/me", nil), 401, "auth.unauthenticated")
		wantProblem(t, bearer.Do(t, "GET", "/api/v1/sites", nil), 401, "auth.invalid_token")
		// Signing in is refused exactly as for an unknown account.
		anon := env.Anonymous()
		refused := anon.Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": email, "password": apptest.Password})
		unknown := anon.Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": "nobody@riverside.example", "password": apptest.Password})
		a, b := wantProblem(t, refused, 401, "auth.invalid_credentials"), wantProblem(t, unknown, 401, "auth.invalid_credentials")
		a.RequestID, b.RequestID = "", ""
		if ja, jb := mustJSON(t, a), mustJSON(t, b); ja != jb || refused.Header.Get("Set-Cookie") != "" {
			t.Errorf("a deactivated member's sign-in answers differently from an unknown one:\n%s\n%s", ja, jb)
		}
		// No password reset link for a deactivated member.
		wantProblem(t, admin.Do(t, "POST", "/api/v1/members/"+member.UserID+"/password-reset", nil), 409, "member.inactive")

		// Reactivated, they can sign in again; the old session and token stay dead.
		if m := decode[memberBody](t, admin.Do(t, "POST", "/api/v1/members/"+member.UserID+"/reactivate", nil).Want(t, 200)); m.Status != "active" {
			t.Errorf("reactivated member %+v", m)
		}
		again := env.Login(t, email, apptest.Password)
		again.Do(t, "GET", "/api/v1/auth/me", nil).Want(t, 200)
		wantProblem(t, member.Do(t, "GET", "/api/v1/auth/me", nil), 401, "auth.unauthenticated")
		wantProblem(t, bearer.Do(t, "GET", "/api/v1/sites", nil), 401, "auth.invalid_token")

		for _, action := range []string{"member.deactivate", "member.reactivate"} {
			e := auditWithChanges(t, admin, url.Values{"action": {action}})
			if len(e) != 1 || e[0].Status != "success" || e[0].Actor == nil || e[0].Actor.ID != admin.UserID || e[0].Resource.ID != member.UserID {
				t.Errorf("%s audited as %+v, want one by the admin on Eddie", action, e)
			}
		}
	})
}

func TestMemberRemove(t *testing.T) {
	t.Parallel()
	onDatabases(t, func(t *testing.T, env *apptest.Env) {
		admin := env.Setup(t)
		member := env.CreateUser(t, "Eddie Editor", access.RoleEditor)
		const email = "eddie.editor@riverside.example"
		site := decode[idBody](t, admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside"}).Want(t, 201))
		page := decode[idBody](t, member.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Eddie's page"}).Want(t, 201))
		bearer := tokenClient(t, env, member)

		admin.Do(t, "DELETE", "/api/v1/members/"+member.UserID, nil).Want(t, 204)
		wantProblem(t, member.Do(t, "GET", "/api/v1/auth/me", nil), 401, "auth.unauthenticated")
		wantProblem(t, bearer.Do(t, "GET", "/api/v1/sites", nil), 401, "auth.invalid_token")
		wantProblem(t, env.Anonymous().Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": email, "password": apptest.Password}), 401, "auth.invalid_credentials")
		for _, m := range memberList(t, admin, "") {
			if m.ID == member.UserID {
				t.Errorf("removed member still listed: %+v", m)
			}
		}
		wantProblem(t, admin.Do(t, "DELETE", "/api/v1/members/"+member.UserID, nil), 404, "member.not_found")
		wantProblem(t, admin.Do(t, "POST", "/api/v1/members/"+member.UserID+"/reactivate", nil), 404, "member.not_found")

		// What they did stays, under their name.
		admin.Do(t, "GET", "/api/v1/pages/"+page.ID, nil).Want(t, 200)
		theirs := auditEntries(t, admin, url.Values{"actor": {member.UserID}})
		actions := map[string]bool{}
		for _, e := range theirs {
			actions[e.Action] = true
			if e.Actor == nil || e.Actor.Name != "Eddie Editor" {
				t.Errorf("entry %s by the removed member shows actor %+v, want Eddie Editor", e.Action, e.Actor)
			}
		}
		if !actions["page.create"] || !actions["token.create"] {
			t.Errorf("the removed member's entries %v lack page.create and token.create", actions)
		}
		rm := auditWithChanges(t, admin, url.Values{"action": {"member.remove"}})
		if len(rm) != 1 || rm[0].Resource.ID != member.UserID || rm[0].Resource.Name != email || rm[0].Actor == nil || rm[0].Actor.ID != admin.UserID {
			t.Errorf("removal audited as %+v", rm)
		}

		// The address is free again: they can be invited back, as a new member.
		back, s := accept(t, env, linkToken(t, invite(t, admin, email, access.RoleViewer).Link, "/invite/"), "Eddie Again")
		if back.UserID == member.UserID || s.User.Email != email || s.User.Role != access.RoleViewer {
			t.Errorf("invited back as %+v", s.User)
		}
	})
}

func TestPasswordReset(t *testing.T) {
	t.Parallel()
	onDatabases(t, func(t *testing.T, env *apptest.Env) {
		admin := env.Setup(t)
		const email, newPassword = "eddie.editor@riverside.example", "kettle orbit marmalade 77"
		first := env.CreateUser(t, "Eddie Editor", access.RoleEditor)
		second := env.Login(t, email, apptest.Password)
		_, seq := snapshot(t, admin, nil)

		// Asking never tells whether the account exists.
		anon := env.Anonymous()
		known := anon.Do(t, "POST", "/api/v1/auth/password-reset", map[string]string{"email": "Eddie.Editor@riverside.example"}).Want(t, 202)
		unknown := anon.Do(t, "POST", "/api/v1/auth/password-reset", map[string]string{"email": "nobody@riverside.example"}).Want(t, 202)
		if !bytes.Equal(known.Body, unknown.Body) || strings.TrimSpace(string(known.Body)) != "{}" || known.Header.Get("Set-Cookie") != "" {
			t.Errorf("known and unknown addresses answer %s and %s, want the same {}", known.Body, unknown.Body)
		}
		var requests []string
		for _, e := range auditSince(t, admin, seq) {
			requests = append(requests, e.Action+" "+e.Status)
		}
		if want := []string{"auth.password_reset_request success", "auth.password_reset_request failure"}; !slices.Equal(requests, want) {
			t.Errorf("reset requests audited as %v, want %v", requests, want)
		}

		// An Admin's link, passed on by hand.
		before := time.Now()
		reset := decode[struct {
			Link      string
			ExpiresAt time.Time
		}](t, admin.Do(t, "POST", "/api/v1/members/"+first.UserID+"/password-reset", nil).Want(t, 200))
		token := linkToken(t, reset.Link, "/reset-password/")
		if !strings.HasPrefix(reset.Link, env.URL+"/reset-password/") || reset.ExpiresAt.Before(before.Add(59*time.Minute)) || reset.ExpiresAt.After(time.Now().Add(61*time.Minute)) {
			t.Errorf("reset link %s expires %s: want this instance's link, valid for an hour", reset.Link, reset.ExpiresAt)
		}
		other := linkToken(t, decode[struct{ Link string }](t, admin.Do(t, "POST", "/api/v1/members/"+first.UserID+"/password-reset", nil).Want(t, 200)).Link, "/reset-password/")

		// A weak password is refused without spending the link.
		wantFieldProblem(t, anon.Do(t, "POST", "/api/v1/auth/password-reset/confirm", map[string]string{"token": token, "password": "password1234"}),
			422, "reset.invalid_password", "body.password", "too common")
		anon.Do(t, "POST", "/api/v1/auth/password-reset/confirm", map[string]string{"token": token, "password": newPassword}).Want(t, 204)

		// Every session of theirs has ended; the new password works, the old does not.
		wantProblem(t, first.Do(t, "GET", "/api/v1/auth/me", nil), 401, "auth.unauthenticated")
		wantProblem(t, second.Do(t, "GET", "/api/v1/auth/me", nil), 401, "auth.unauthenticated")
		admin.Do(t, "GET", "/api/v1/auth/me", nil).Want(t, 200)
		wantProblem(t, anon.Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": email, "password": apptest.Password}), 401, "auth.invalid_credentials")
		env.Login(t, email, newPassword).Do(t, "GET", "/api/v1/auth/me", nil).Want(t, 200)

		// The link works once, and the other outstanding link died with it.
		wantProblem(t, anon.Do(t, "POST", "/api/v1/auth/password-reset/confirm", map[string]string{"token": token, "password": "another fine passphrase"}), 410, "reset.invalid")
		wantProblem(t, anon.Do(t, "POST", "/api/v1/auth/password-reset/confirm", map[string]string{"token": other, "password": "another fine passphrase"}), 410, "reset.invalid")
		env.Login(t, email, newPassword)

		done := auditWithChanges(t, admin, url.Values{"action": {"auth.password_reset"}})
		if len(done) != 1 || done[0].Actor == nil || done[0].Actor.ID != first.UserID || done[0].Resource.ID != first.UserID {
			t.Errorf("reset audited as %+v, want one by Eddie", done)
		}
		if links := auditEntries(t, admin, url.Values{"action": {"member.password_reset_link"}}); len(links) != 2 || links[0].Actor == nil || links[0].Actor.ID != admin.UserID {
			t.Errorf("admin reset links audited as %+v, want two by the admin", links)
		}
	})
}

func TestProfile(t *testing.T) {
	t.Parallel()
	onDatabases(t, func(t *testing.T, env *apptest.Env) {
		admin := env.Setup(t)
		const email, newEmail, newPassword = "eddie.editor@riverside.example", "eddie@clinic.example", "kettle orbit marmalade 77"
		this := env.CreateUser(t, "Eddie Editor", access.RoleEditor)
		other := env.Login(t, email, apptest.Password)

		// The name.
		s := decode[sessionBody](t, this.Do(t, "PATCH", "/api/v1/auth/me", map[string]string{"name": "  Eddie Edits  "}).Want(t, 200))
		if s.User.Name != "Eddie Edits" || s.User.Email != email || s.CSRFToken != this.CSRF {
			t.Errorf("after renaming %+v, want Eddie Edits with this session's CSRF token", s)
		}
		if me := decode[sessionBody](t, other.Do(t, "GET", "/api/v1/auth/me", nil).Want(t, 200)); me.User.Name != "Eddie Edits" {
			t.Errorf("the other session sees %q", me.User.Name)
		}
		wantFieldProblem(t, this.Do(t, "PATCH", "/api/v1/auth/me", map[string]string{"name": " "}), 422, "profile.invalid", "body.name", "")
		if e := auditWithChanges(t, admin, url.Values{"action": {"profile.update"}}); len(e) != 1 || e[0].Changes == nil ||
			e[0].Changes.Before["name"] != "Eddie Editor" || e[0].Changes.After["name"] != "Eddie Edits" {
			t.Errorf("rename audited as %+v", e)
		}

		// The password: the current one must be right and the new one strong.
		wantFieldProblem(t, this.Do(t, "POST", "/api/v1/auth/me/password", map[string]string{"currentPassword": "not my password", "newPassword": newPassword}),
			422, "auth.wrong_password", "body.currentPassword", "")
		wantFieldProblem(t, this.Do(t, "POST", "/api/v1/auth/me/password", map[string]string{"currentPassword": apptest.Password, "newPassword": "password1234"}),
			422, "profile.invalid_password", "body.newPassword", "too common")
		other.Do(t, "GET", "/api/v1/auth/me", nil).Want(t, 200) // refused changes end nothing
		wantProblem(t, tokenClient(t, env, this).Do(t, "POST", "/api/v1/auth/me/password", map[string]string{"currentPassword": apptest.Password, "newPassword": newPassword}), 403, "auth.session_required")
		this.Do(t, "POST", "/api/v1/auth/me/password", map[string]string{"currentPassword": apptest.Password, "newPassword": newPassword}).Want(t, 204)
		this.Do(t, "GET", "/api/v1/auth/me", nil).Want(t, 200)
		wantProblem(t, other.Do(t, "GET", "/api/v1/auth/me", nil), 401, "auth.unauthenticated")
		wantProblem(t, env.Anonymous().Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": email, "password": apptest.Password}), 401, "auth.invalid_credentials")
		env.Login(t, email, newPassword)
		var changes []string
		for _, e := range auditEntries(t, admin, url.Values{"action": {"profile.password_change"}, "actor": {this.UserID}}) {
			changes = append(changes, e.Status)
		}
		if !slices.Equal(changes, []string{"success", "failure"}) { // newest first
			t.Errorf("password changes audited as %v, want a failure then a success", changes)
		}

		// The email: confirmed by a link, which comes back without email set up.
		change := "/api/v1/auth/me/email"
		wantFieldProblem(t, this.Do(t, "POST", change, map[string]string{"email": newEmail, "password": apptest.Password}), 422, "auth.wrong_password", "body.password", "")
		wantProblem(t, this.Do(t, "POST", change, map[string]string{"email": "Maya@Riverside.example", "password": newPassword}), 409, "member.exists")
		wantFieldProblem(t, this.Do(t, "POST", change, map[string]string{"email": "not an address", "password": newPassword}), 422, "profile.invalid_email", "body.email", "")
		wantProblem(t, tokenClient(t, env, this).Do(t, "POST", change, map[string]string{"email": newEmail, "password": newPassword}), 403, "auth.session_required")
		link := decode[struct{ Link string }](t, this.Do(t, "POST", change, map[string]string{"email": "Eddie@Clinic.example", "password": newPassword}).Want(t, 202)).Link
		if !strings.HasPrefix(link, env.URL+"/confirm-email/") {
			t.Fatalf("email change link %q, want %s/confirm-email/<token>", link, env.URL)
		}
		token := linkToken(t, link, "/confirm-email/")
		if me := decode[sessionBody](t, this.Do(t, "GET", "/api/v1/auth/me", nil).Want(t, 200)); me.User.Email != email {
			t.Errorf("the email changed to %s before it was confirmed", me.User.Email)
		}
		// Someone else cannot use it, and trying does not spend it.
		wantProblem(t, admin.Do(t, "POST", "/api/v1/auth/email-confirm", map[string]string{"token": token}), 410, "email.invalid")
		s = decode[sessionBody](t, this.Do(t, "POST", "/api/v1/auth/email-confirm", map[string]string{"token": token}).Want(t, 200))
		if s.User.Email != newEmail {
			t.Errorf("after confirming, email %s, want %s", s.User.Email, newEmail)
		}
		if me := decode[sessionBody](t, this.Do(t, "GET", "/api/v1/auth/me", nil).Want(t, 200)); me.User.Email != newEmail {
			t.Errorf("me shows %s, want %s", me.User.Email, newEmail)
		}
		if me := decode[sessionBody](t, admin.Do(t, "GET", "/api/v1/auth/me", nil).Want(t, 200)); me.User.Email != "maya@riverside.example" {
			t.Errorf("the admin's email changed to %s", me.User.Email)
		}
		wantProblem(t, this.Do(t, "POST", "/api/v1/auth/email-confirm", map[string]string{"token": token}), 410, "email.invalid")
		env.Login(t, newEmail, newPassword)
		wantProblem(t, env.Anonymous().Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": email, "password": newPassword}), 401, "auth.invalid_credentials")
		if e := auditWithChanges(t, admin, url.Values{"action": {"profile.email_change"}}); len(e) != 1 || e[0].Changes == nil ||
			e[0].Changes.Before["email"] != email || e[0].Changes.After["email"] != newEmail {
			t.Errorf("email change audited as %+v", e)
		}
	})
}

// --- helpers ---

// wantFieldProblem checks res is the problem with status and code, naming
// field (and mentioning mention, unless empty).
func wantFieldProblem(t *testing.T, res *apptest.Response, status int, code, field, mention string) {
	t.Helper()
	checkProblemDetails(t, res, wantProblem(t, res, status, code), field, mention)
}

type grant struct {
	ResourceType string      `json:"resourceType"`
	ResourceID   string      `json:"resourceId"`
	Role         access.Role `json:"role"`
}

// invite invites email as the admin; the answer must be 201.
func invite(t *testing.T, admin *apptest.Client, email string, role access.Role, grants ...grant) invitationBody {
	t.Helper()
	body := map[string]any{"email": email, "role": role}
	if len(grants) > 0 {
		body["grants"] = grants
	}
	return decode[invitationBody](t, admin.Do(t, "POST", "/api/v1/invitations", body).Want(t, 201))
}

// accept joins with an invitation's link token on a new client, which is
// then signed in as the new member like the web app (cookie and CSRF token).
func accept(t *testing.T, env *apptest.Env, token, name string) (*apptest.Client, sessionBody) {
	t.Helper()
	c := env.Anonymous()
	s := decode[sessionBody](t, c.Do(t, "POST", "/api/v1/invitations/accept", map[string]string{"token": token, "name": name, "password": apptest.Password}).Want(t, 201))
	c.CSRF, c.UserID = s.CSRFToken, s.User.ID
	return c, s
}

// tokenClient creates an API token for c and returns a client using it.
func tokenClient(t *testing.T, env *apptest.Env, c *apptest.Client) *apptest.Client {
	t.Helper()
	tok := decode[struct{ Secret string }](t, c.Do(t, "POST", "/api/v1/tokens", map[string]string{"name": "test " + randHex(3)}).Want(t, 201))
	return &apptest.Client{Base: env.URL, HTTP: &http.Client{Timeout: 30 * time.Second}, Bearer: tok.Secret, UserID: c.UserID}
}

func memberList(t *testing.T, admin *apptest.Client, query string) []memberBody {
	t.Helper()
	return decode[struct{ Items []memberBody }](t, admin.Do(t, "GET", "/api/v1/members?"+query, nil).Want(t, 200)).Items
}

type invitationItem struct {
	ID     string `json:"id"`
	Email  string `json:"email"`
	Status string `json:"status"`
}

func invitationList(t *testing.T, admin *apptest.Client, status string) []invitationItem {
	t.Helper()
	return decode[struct{ Items []invitationItem }](t, admin.Do(t, "GET", "/api/v1/invitations?status="+status, nil).Want(t, 200)).Items
}

type auditChange struct {
	auditEntry
	Changes *struct {
		Before map[string]any `json:"before"`
		After  map[string]any `json:"after"`
	} `json:"changes"`
}

// auditWithChanges reads the newest audit entries matching q, with their
// changes.
func auditWithChanges(t *testing.T, admin *apptest.Client, q url.Values) []auditChange {
	t.Helper()
	q.Set("limit", "500")
	return decode[struct{ Items []auditChange }](t, admin.Do(t, "GET", "/api/v1/audit?"+q.Encode(), nil).Want(t, 200)).Items
}
