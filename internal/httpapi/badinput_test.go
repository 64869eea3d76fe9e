package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/apptest"
	"github.com/pagewright/pagewright/internal/config"
	"github.com/pagewright/pagewright/internal/user"
)

// badCase is one piece of bad input: the request, the problem it must get,
// and the audit entries it may leave (denials and failed sign-ins are
// recorded; everything else changes nothing at all).
type badCase struct {
	name         string
	client       *apptest.Client
	method, path string
	body         any
	headers      []string
	status       int
	code         string
	field        string   // a location errors[] must name, e.g. body.slug
	mention      string   // text the detail or an error message must contain
	audit        []string // the new audit entries, "action status", oldest first
}

// TestBadInput sends every kind of bad request to one instance and checks
// each gets a stable problem and changes nothing: the state read back as
// Admin is byte-for-byte the same and the audit log gained only the
// expected failure entries. The cases run one after another because they
// compare the whole instance before and after.
func TestBadInput(t *testing.T) {
	t.Parallel()
	env := apptest.New(t, func(c *config.Config) { c.LoginLimit = 1000 })
	admin := env.Setup(t)
	viewer := env.CreateUser(t, "Vera Viewer", access.RoleViewer)
	anon := env.Anonymous()

	site := decode[idBody](t, admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside", "slug": "riverside"}).Want(t, 201))
	flu := decode[idBody](t, admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Flu clinic", "slug": "flu-clinic"}).Want(t, 201))
	vacc := decode[idBody](t, admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Vaccines", "slug": "vaccines"}).Want(t, 201))
	sitePath, fluPath, vaccPath := "/api/v1/sites/"+site.ID, "/api/v1/pages/"+flu.ID, "/api/v1/pages/"+vacc.ID
	docPath := fluPath + "/document"
	// The flu page's document is at revision 2, so "1" is a stale ETag.
	admin.Do(t, "PUT", docPath, docJSON("Flu clinic"), "If-Match", `"1"`).Want(t, 200)
	current := admin.Do(t, "GET", docPath, nil).Want(t, 200).Header.Get("ETag")
	if current != `"2"` {
		t.Fatalf("ETag %s, want \"2\"", current)
	}

	// A revoked token, an expired token and an expired session.
	bearer := func(secret string) *apptest.Client {
		return &apptest.Client{Base: env.URL, HTTP: &http.Client{Timeout: 30 * time.Second}, Bearer: secret}
	}
	revoked := decode[struct {
		Token  idBody
		Secret string
	}](t, viewer.Do(t, "POST", "/api/v1/tokens", map[string]string{"name": "revoked"}).Want(t, 201))
	bearer(revoked.Secret).Do(t, "GET", "/api/v1/sites", nil).Want(t, 200)
	viewer.Do(t, "DELETE", "/api/v1/tokens/"+revoked.Token.ID, nil).Want(t, 204)
	expiredTok := decode[struct {
		Token  idBody
		Secret string
	}](t, viewer.Do(t, "POST", "/api/v1/tokens", map[string]string{"name": "expired"}).Want(t, 201))
	execOne(t, env, "UPDATE api_tokens SET expires_at = $1 WHERE id = $2", time.Now().UTC().Add(-time.Minute), expiredTok.Token.ID)
	expired := env.Login(t, "maya@riverside.example", apptest.Password)
	execOne(t, env, "UPDATE sessions SET expires_at = $1 WHERE id_hash = $2", time.Now().UTC().Add(-time.Minute), user.HashSecret(sessionCookie(t, expired)))

	longName := `{"name":"` + strings.Repeat("a", 65<<10) + `"}`
	hugeDoc := `{"schemaVersion":1,"root":"root","meta":{"description":"` + strings.Repeat("a", 5<<20) + `"},"nodes":{"root":{"id":"root","type":"Page"}}}`
	doc := func(nodes string) string { return `{"schemaVersion":1,"root":"root","nodes":{` + nodes + `}}` }
	rootNode := `"root":{"id":"root","type":"Page"}`
	im := []string{"If-Match", current}

	cases := []badCase{
		// Bodies that are not JSON, or not the JSON the operation takes.
		{name: "malformed-json/create-site", client: admin, method: "POST", path: "/api/v1/sites", body: `{"name":`, status: 400, code: "request.malformed", field: "body"},
		{name: "malformed-json/update-page", client: admin, method: "PATCH", path: fluPath, body: `{"title": }`, status: 400, code: "request.malformed", field: "body"},
		{name: "malformed-json/create-token", client: admin, method: "POST", path: "/api/v1/tokens", body: `name=x`, status: 400, code: "request.malformed", field: "body"},
		{name: "empty-body/create-site", client: admin, method: "POST", path: "/api/v1/sites", body: ``, status: 400, code: "request.malformed"},
		{name: "not-an-object/create-site", client: admin, method: "POST", path: "/api/v1/sites", body: `["Riverside"]`, status: 422, code: "request.invalid", field: "body"},
		{name: "wrong-type/create-site", client: admin, method: "POST", path: "/api/v1/sites", body: `{"name":42}`, status: 422, code: "request.invalid", field: "body.name"},
		{name: "unknown-field/create-site", client: admin, method: "POST", path: "/api/v1/sites", body: `{"name":"Extra","bogus":1}`, status: 422, code: "request.invalid", field: "body.bogus"},
		{name: "unknown-field/update-page", client: admin, method: "PATCH", path: fluPath, body: `{"title":"Flu","status":"published"}`, status: 422, code: "request.invalid", field: "body.status"},
		{name: "unknown-field/create-token", client: admin, method: "POST", path: "/api/v1/tokens", body: `{"name":"x","scopes":["*"]}`, status: 422, code: "request.invalid", field: "body.scopes"},
		{name: "too-long/slug", client: admin, method: "POST", path: "/api/v1/sites", body: map[string]string{"name": "Long", "slug": strings.Repeat("a", 101)}, status: 422, code: "request.invalid", field: "body.slug"},
		{name: "bad-query/limit-zero", client: admin, method: "GET", path: "/api/v1/sites?limit=0", status: 422, code: "request.invalid", field: "query.limit"},
		{name: "bad-query/limit-word", client: admin, method: "GET", path: "/api/v1/sites/" + site.ID + "/pages?limit=lots", status: 422, code: "request.invalid", field: "query.limit"},

		// Oversized bodies.
		{name: "oversized/create-site", client: admin, method: "POST", path: "/api/v1/sites", body: longName, status: 413, code: "request.too_large"},
		{name: "oversized/put-document", client: admin, method: "PUT", path: docPath, body: hugeDoc, headers: im, status: 413, code: "request.too_large"},

		// Domain rules.
		{name: "invalid-slug/create-site", client: admin, method: "POST", path: "/api/v1/sites", body: map[string]string{"name": "Bad", "slug": "Bad Slug!"}, status: 422, code: "site.invalid", field: "body.slug"},
		{name: "invalid-slug/update-site", client: admin, method: "PATCH", path: sitePath, body: map[string]string{"slug": "-edge-"}, status: 422, code: "site.invalid", field: "body.slug"},
		{name: "invalid-slug/create-page", client: admin, method: "POST", path: sitePath + "/pages", body: map[string]string{"title": "Bad", "slug": "a--b"}, status: 422, code: "page.invalid", field: "body.slug"},
		{name: "invalid-slug/update-page", client: admin, method: "PATCH", path: fluPath, body: map[string]string{"slug": "Flu/Clinic"}, status: 422, code: "page.invalid", field: "body.slug"},
		{name: "blank-name/create-site", client: admin, method: "POST", path: "/api/v1/sites", body: map[string]string{"name": "   ", "slug": "blank"}, status: 422, code: "site.invalid", field: "body.name"},
		{name: "blank-title/update-page", client: admin, method: "PATCH", path: fluPath, body: map[string]string{"title": " "}, status: 422, code: "page.invalid", field: "body.title"},
		{name: "blank-name/create-token", client: admin, method: "POST", path: "/api/v1/tokens", body: map[string]string{"name": " "}, status: 422, code: "token.invalid", field: "body.name"},
		{name: "duplicate-slug/create-site", client: admin, method: "POST", path: "/api/v1/sites", body: map[string]string{"name": "Riverside"}, status: 409, code: "site.slug_taken", field: "body.slug"},
		{name: "duplicate-slug/create-page", client: admin, method: "POST", path: sitePath + "/pages", body: map[string]string{"title": "Flu clinic"}, status: 409, code: "page.slug_taken", field: "body.slug"},
		{name: "duplicate-slug/update-page", client: admin, method: "PATCH", path: vaccPath, body: map[string]string{"slug": "flu-clinic"}, status: 409, code: "page.slug_taken", field: "body.slug"},
		{name: "not-found/page", client: admin, method: "GET", path: "/api/v1/pages/01a20000-0000-7000-8000-000000000000", status: 404, code: "page.not_found"},
		{name: "not-found/update-site", client: admin, method: "PATCH", path: "/api/v1/sites/nope", body: map[string]string{"name": "x"}, status: 404, code: "site.not_found"},
		{name: "not-found/revoke-token", client: admin, method: "DELETE", path: "/api/v1/tokens/nope", status: 404, code: "token.not_found"},

		// Documents: If-Match, content type and shape.
		{name: "put-document/no-if-match", client: admin, method: "PUT", path: docPath, body: docJSON("x"), status: 428, code: "document.if_match_required"},
		{name: "put-document/stale-if-match", client: admin, method: "PUT", path: docPath, body: docJSON("x"), headers: []string{"If-Match", `"1"`}, status: 412, code: "document.stale"},
		{name: "put-document/future-if-match", client: admin, method: "PUT", path: docPath, body: docJSON("x"), headers: []string{"If-Match", `"3"`}, status: 412, code: "document.stale"},
		{name: "put-document/garbage-if-match", client: admin, method: "PUT", path: docPath, body: docJSON("x"), headers: []string{"If-Match", "yesterday"}, status: 412, code: "document.stale"},
		{name: "put-document/text-plain", client: admin, method: "PUT", path: docPath, body: docJSON("x"), headers: []string{"If-Match", current, "Content-Type", "text/plain"}, status: 415, code: "request.unsupported_media_type"},
		{name: "put-document/merge-patch", client: admin, method: "PUT", path: docPath, body: docJSON("x"), headers: []string{"If-Match", current, "Content-Type", "application/merge-patch+json"}, status: 415, code: "request.unsupported_media_type"},
		{name: "put-document/no-content-type", client: admin, method: "PUT", path: docPath, body: docJSON("x"), headers: []string{"If-Match", current, "Content-Type", ""}, status: 415, code: "request.unsupported_media_type"},
		{name: "put-document/broken-json", client: admin, method: "PUT", path: docPath, body: `{"schemaVersion":1,`, headers: im, status: 400, code: "request.malformed"},
		{name: "put-document/missing-nodes", client: admin, method: "PUT", path: docPath, body: `{"schemaVersion":1,"root":"root"}`, headers: im, status: 422, code: "document.invalid", field: "body.root"},
		{name: "put-document/schema-version", client: admin, method: "PUT", path: docPath, body: `{"schemaVersion":9,"root":"root","nodes":{` + rootNode + `}}`, headers: im, status: 422, code: "document.invalid", field: "body.schemaVersion"},
		{name: "put-document/missing-root", client: admin, method: "PUT", path: docPath, body: `{"schemaVersion":1,"root":"top","nodes":{` + rootNode + `}}`, headers: im, status: 422, code: "document.invalid", field: "body.root"},
		{name: "put-document/orphan", client: admin, method: "PUT", path: docPath, body: doc(rootNode + `,"x":{"id":"x","type":"Text","parent":"gone"}`), headers: im, status: 422, code: "document.invalid", field: "body.nodes.x.parent"},
		{name: "put-document/id-mismatch", client: admin, method: "PUT", path: docPath, body: doc(rootNode + `,"x":{"id":"y","type":"Text","parent":"root"}`), headers: im, status: 422, code: "document.invalid", field: "body.nodes.x.id"},
		{name: "put-document/no-type", client: admin, method: "PUT", path: docPath, body: doc(rootNode + `,"x":{"id":"x","parent":"root"}`), headers: im, status: 422, code: "document.invalid", field: "body.nodes.x.type"},
		{name: "put-document/unknown-node-field", client: admin, method: "PUT", path: docPath, body: doc(`"root":{"id":"root","type":"Page","onclick":"x"}`), headers: im, status: 422, code: "document.malformed", mention: "onclick"},

		// Sessions, CSRF and origins.
		{name: "csrf/missing", client: admin, method: "POST", path: "/api/v1/sites", body: map[string]string{"name": "No CSRF"}, headers: []string{"X-CSRF-Token", ""}, status: 403, code: "auth.csrf_failed"},
		{name: "csrf/wrong", client: admin, method: "POST", path: "/api/v1/sites", body: map[string]string{"name": "Wrong CSRF"}, headers: []string{"X-CSRF-Token", "not-the-token"}, status: 403, code: "auth.csrf_failed"},
		{name: "csrf/another-session", client: admin, method: "DELETE", path: fluPath, headers: []string{"X-CSRF-Token", viewer.CSRF}, status: 403, code: "auth.csrf_failed"},
		{name: "csrf/missing-put-document", client: admin, method: "PUT", path: docPath, body: docJSON("x"), headers: []string{"If-Match", current, "X-CSRF-Token", ""}, status: 403, code: "auth.csrf_failed"},
		{name: "csrf/missing-logout", client: admin, method: "POST", path: "/api/v1/auth/logout", headers: []string{"X-CSRF-Token", ""}, status: 403, code: "auth.csrf_failed"},
		{name: "cross-origin/create-site", client: admin, method: "POST", path: "/api/v1/sites", body: map[string]string{"name": "Evil"}, headers: []string{"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"}, status: 403, code: "auth.cross_origin"},
		{name: "cross-origin/delete-page", client: admin, method: "DELETE", path: fluPath, headers: []string{"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"}, status: 403, code: "auth.cross_origin"},
		{name: "expired-session/me", client: expired, method: "GET", path: "/api/v1/auth/me", status: 401, code: "auth.unauthenticated"},
		{name: "expired-session/create-site", client: expired, method: "POST", path: "/api/v1/sites", body: map[string]string{"name": "Late"}, status: 401, code: "auth.unauthenticated"},
		{name: "revoked-token/list-sites", client: bearer(revoked.Secret), method: "GET", path: "/api/v1/sites", status: 401, code: "auth.invalid_token"},
		{name: "revoked-token/create-token", client: bearer(revoked.Secret), method: "POST", path: "/api/v1/tokens", body: map[string]string{"name": "again"}, status: 401, code: "auth.invalid_token"},
		{name: "expired-token/list-sites", client: bearer(expiredTok.Secret), method: "GET", path: "/api/v1/sites", status: 401, code: "auth.invalid_token"},
		{name: "made-up-token/list-sites", client: bearer("pw_madeup"), method: "GET", path: "/api/v1/sites", status: 401, code: "auth.invalid_token"},
		{name: "basic-auth/list-sites", client: anon, method: "GET", path: "/api/v1/sites", headers: []string{"Authorization", "Basic bWF5YTpwdw=="}, status: 401, code: "auth.unauthenticated"},
		{name: "anonymous/create-site", client: anon, method: "POST", path: "/api/v1/sites", body: map[string]string{"name": "Anon"}, status: 401, code: "auth.unauthenticated"},

		// A Viewer may not write; each denial is audited.
		{name: "viewer/create-site", client: viewer, method: "POST", path: "/api/v1/sites", body: map[string]string{"name": "Mine"}, status: 403, code: "access.denied", audit: []string{"site:create failure"}},
		{name: "viewer/update-site", client: viewer, method: "PATCH", path: sitePath, body: map[string]string{"name": "Mine"}, status: 403, code: "access.denied", audit: []string{"site:edit failure"}},
		{name: "viewer/delete-site", client: viewer, method: "DELETE", path: sitePath, status: 403, code: "access.denied", audit: []string{"site:delete failure"}},
		{name: "viewer/create-page", client: viewer, method: "POST", path: sitePath + "/pages", body: map[string]string{"title": "Mine"}, status: 403, code: "access.denied", audit: []string{"page:create failure"}},
		{name: "viewer/update-page", client: viewer, method: "PATCH", path: fluPath, body: map[string]string{"title": "Mine"}, status: 403, code: "access.denied", audit: []string{"page:edit failure"}},
		{name: "viewer/delete-page", client: viewer, method: "DELETE", path: fluPath, status: 403, code: "access.denied", audit: []string{"page:delete failure"}},
		{name: "viewer/put-document", client: viewer, method: "PUT", path: docPath, body: docJSON("Mine"), headers: im, status: 403, code: "access.denied", audit: []string{"page:edit failure"}},
		{name: "viewer/audit", client: viewer, method: "GET", path: "/api/v1/audit", status: 403, code: "access.denied", audit: []string{"audit:view failure"}},
		{name: "viewer/list-members", client: viewer, method: "GET", path: "/api/v1/members", status: 403, code: "access.denied", audit: []string{"member:manage failure"}},
		{name: "viewer/invite", client: viewer, method: "POST", path: "/api/v1/invitations", body: map[string]string{"email": "friend@riverside.example", "role": "admin"}, status: 403, code: "access.denied", audit: []string{"member:manage failure"}},
		{name: "viewer/promote-self", client: viewer, method: "PATCH", path: "/api/v1/members/" + viewer.UserID, body: map[string]string{"role": "admin"}, status: 403, code: "access.denied", audit: []string{"member:manage failure"}},

		// Members, invitations and the profile.
		{name: "unknown-field/invite", client: admin, method: "POST", path: "/api/v1/invitations", body: `{"email":"new@riverside.example","role":"viewer","admin":true}`, status: 422, code: "request.invalid", field: "body.admin"},
		{name: "unknown-field/update-profile", client: viewer, method: "PATCH", path: "/api/v1/auth/me", body: `{"name":"Vera","role":"admin"}`, status: 422, code: "request.invalid", field: "body.role"},
		{name: "malformed-json/accept-invitation", client: anon, method: "POST", path: "/api/v1/invitations/accept", body: `{"token":`, status: 400, code: "request.malformed", field: "body"},
		{name: "too-long/invitation-token", client: anon, method: "GET", path: "/api/v1/invitations/accept?token=" + strings.Repeat("a", 101), status: 422, code: "request.invalid", field: "query.token"},
		{name: "bad-query/members-role", client: admin, method: "GET", path: "/api/v1/members?role=owner", status: 422, code: "request.invalid", field: "query.role"},
		{name: "bad-query/invitations-status", client: admin, method: "GET", path: "/api/v1/invitations?status=lost", status: 422, code: "request.invalid", field: "query.status"},
		{name: "csrf/missing-change-password", client: admin, method: "POST", path: "/api/v1/auth/me/password", body: map[string]string{"currentPassword": apptest.Password, "newPassword": "kettle orbit marmalade 77"}, headers: []string{"X-CSRF-Token", ""}, status: 403, code: "auth.csrf_failed"},
		{name: "csrf/missing-invite", client: admin, method: "POST", path: "/api/v1/invitations", body: map[string]string{"email": "new@riverside.example", "role": "viewer"}, headers: []string{"X-CSRF-Token", ""}, status: 403, code: "auth.csrf_failed"},
		{name: "cross-origin/remove-member", client: admin, method: "DELETE", path: "/api/v1/members/" + viewer.UserID, headers: []string{"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"}, status: 403, code: "auth.cross_origin"},
		{name: "anonymous/update-profile", client: anon, method: "PATCH", path: "/api/v1/auth/me", body: map[string]string{"name": "Anon"}, status: 401, code: "auth.unauthenticated"},
		{name: "anonymous/change-password", client: anon, method: "POST", path: "/api/v1/auth/me/password", body: map[string]string{"currentPassword": apptest.Password, "newPassword": "kettle orbit marmalade 77"}, status: 401, code: "auth.unauthenticated"},
		{name: "made-up-link/reset-password", client: anon, method: "POST", path: "/api/v1/auth/password-reset/confirm", body: map[string]string{"token": "made-up", "password": "kettle orbit marmalade 77"}, status: 410, code: "reset.invalid"},
		{name: "made-up-link/accept-invitation", client: anon, method: "POST", path: "/api/v1/invitations/accept", body: map[string]string{"token": "made-up", "name": "Mallory", "password": "kettle orbit marmalade 77"}, status: 410, code: "invitation.invalid"},

		// Routes, cursors, setup and sign-in.
		{name: "unknown-route/get", client: admin, method: "GET", path: "/api/v1/nope", status: 404, code: "route.not_found"},
		{name: "unknown-route/post", client: admin, method: "POST", path: sitePath + "/publish", body: `{}`, status: 404, code: "route.not_found"},
		{name: "unknown-route/anonymous", client: anon, method: "GET", path: "/api/v2/sites", status: 404, code: "route.not_found"},
		{name: "bad-cursor/sites", client: admin, method: "GET", path: "/api/v1/sites?cursor=%21%21%21", status: 422, code: "request.bad_cursor", field: "query.cursor"},
		{name: "bad-cursor/pages", client: admin, method: "GET", path: sitePath + "/pages?cursor=%2A%2A", status: 422, code: "request.bad_cursor", field: "query.cursor"},
		{name: "bad-cursor/audit", client: admin, method: "GET", path: "/api/v1/audit?cursor=abc", status: 422, code: "request.bad_cursor", field: "query.cursor"},
		{name: "setup/again", client: anon, method: "POST", path: "/api/v1/setup", body: map[string]string{"organizationName": "Evil Corp", "name": "Mallory", "email": "mallory@evil.example", "password": apptest.Password}, status: 409, code: "setup.already_done"},
		{name: "setup/again-signed-in", client: admin, method: "POST", path: "/api/v1/setup", body: map[string]string{"organizationName": "Evil Corp", "name": "Mallory", "email": "mallory@evil.example", "password": apptest.Password}, status: 409, code: "setup.already_done"},
		{name: "login/wrong-password", client: anon, method: "POST", path: "/api/v1/auth/login", body: map[string]string{"email": "maya@riverside.example", "password": "not my password"}, status: 401, code: "auth.invalid_credentials", audit: []string{"auth.login failure"}},
		{name: "login/unknown-email", client: anon, method: "POST", path: "/api/v1/auth/login", body: map[string]string{"email": "nobody@riverside.example", "password": "not my password"}, status: 401, code: "auth.invalid_credentials", audit: []string{"auth.login failure"}},
	}

	snap := func(t *testing.T) ([]byte, int64) { return snapshot(t, admin, []string{flu.ID, vacc.ID}) }
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before, seq := snap(t)
			res := tc.client.Do(t, tc.method, tc.path, tc.body, tc.headers...)
			p := wantProblem(t, res, tc.status, tc.code)
			checkProblemDetails(t, res, p, tc.field, tc.mention)
			after, _ := snap(t)
			if !bytes.Equal(before, after) {
				t.Errorf("the request changed the state:\nbefore %s\nafter  %s", before, after)
			}
			var got []string
			for _, e := range auditSince(t, admin, seq) {
				got = append(got, e.Action+" "+e.Status)
				if e.RequestID != p.RequestID {
					t.Errorf("audit entry %s has request id %q, want %q", e.Action, e.RequestID, p.RequestID)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.audit, ",") {
				t.Errorf("new audit entries %q, want %q", got, tc.audit)
			}
		})
	}

	t.Run("login/no-account-enumeration", func(t *testing.T) {
		wrong := anon.Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": "maya@riverside.example", "password": "not my password"})
		unknown := anon.Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": "nobody@riverside.example", "password": "not my password"})
		a, b := wantProblem(t, wrong, 401, "auth.invalid_credentials"), wantProblem(t, unknown, 401, "auth.invalid_credentials")
		a.RequestID, b.RequestID = "", ""
		if ja, jb := mustJSON(t, a), mustJSON(t, b); ja != jb {
			t.Errorf("a wrong password and an unknown email answer differently:\n%s\n%s", ja, jb)
		}
		if wrong.Header.Get("Set-Cookie") != "" || unknown.Header.Get("Set-Cookie") != "" {
			t.Error("a failed sign-in set a cookie")
		}
	})

	t.Run("oversized/chunked-create-site", func(t *testing.T) {
		before, seq := snap(t)
		// No Content-Length: the limit must hold while reading, too.
		req, err := http.NewRequest("POST", env.URL+"/api/v1/sites", io.MultiReader(strings.NewReader(longName)))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", admin.CSRF)
		res := send(t, admin.HTTP, req)
		if req.ContentLength > 0 {
			t.Fatal("request was not chunked")
		}
		wantProblem(t, res, 413, "request.too_large")
		if after, _ := snap(t); !bytes.Equal(before, after) || len(auditSince(t, admin, seq)) != 0 {
			t.Error("an oversized chunked body changed something")
		}
	})

	t.Run("request-id/untrusted-value-replaced", func(t *testing.T) {
		res := anon.Do(t, "GET", "/api/v1/nope", nil, "X-Request-Id", "bad id\twith tab")
		p := wantProblem(t, res, 404, "route.not_found")
		if strings.Contains(p.RequestID, "bad") {
			t.Errorf("an invalid client request id was echoed: %q", p.RequestID)
		}
		res = anon.Do(t, "GET", "/api/v1/nope", nil, "X-Request-Id", "client-chosen-id-123")
		if p := wantProblem(t, res, 404, "route.not_found"); p.RequestID != "client-chosen-id-123" {
			t.Errorf("a valid client request id was not kept: %q", p.RequestID)
		}
	})
}

// TestLoginRateLimit: the 11th sign-in attempt in a window is refused even
// with the right password, audited, and the limit also holds per address.
func TestLoginRateLimit(t *testing.T) {
	t.Parallel()
	env := apptest.New(t, func(c *config.Config) { c.LoginLimit, c.LoginWindow = 10, 15*time.Minute })
	admin := env.Setup(t)
	anon := env.Anonymous()
	login := func(email, password string) *apptest.Response {
		return anon.Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": email, "password": password})
	}
	_, seq := snapshot(t, admin, nil)
	for i := 1; i <= 10; i++ {
		wantProblem(t, login("maya@riverside.example", "wrong password "+strconv.Itoa(i)), 401, "auth.invalid_credentials")
	}
	limited := login("maya@riverside.example", apptest.Password)
	p := wantProblem(t, limited, 429, "auth.rate_limited")
	if ra, err := strconv.Atoi(limited.Header.Get("Retry-After")); err != nil || ra <= 0 || ra > 15*60 {
		t.Errorf("Retry-After = %q, want seconds until the window ends", limited.Header.Get("Retry-After"))
	}
	if !strings.Contains(p.Detail, "Try again in") {
		t.Errorf("rate-limit detail %q does not say when to retry", p.Detail)
	}
	// The same address is now over its limit too, for any account.
	wantProblem(t, login("someone.else@riverside.example", apptest.Password), 429, "auth.rate_limited")

	entries := auditSince(t, admin, seq)
	if len(entries) != 12 {
		t.Fatalf("%d new audit entries, want 12", len(entries))
	}
	for i, e := range entries {
		wantErr := "invalid credentials"
		if i >= 10 {
			wantErr = "rate limited"
		}
		if e.Action != "auth.login" || e.Status != "failure" || e.Error != wantErr {
			t.Errorf("entry %d: %s %s %q, want auth.login failure %q", i, e.Action, e.Status, e.Error, wantErr)
		}
	}
	// The admin's existing session is unaffected.
	admin.Do(t, "GET", "/api/v1/auth/me", nil).Want(t, 200)
}

// TestInternalErrorLeaksNothing breaks the database under a running
// instance: the answer is a bare 500 with a request id, no SQL, no stack.
func TestInternalErrorLeaksNothing(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Setup(t)
	site := decode[idBody](t, admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside"}).Want(t, 201))
	if _, err := env.App.DB.W.Exec("ALTER TABLE pages RENAME TO pages_gone"); err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct {
		method, path string
		body         any
	}{
		{"GET", "/api/v1/sites/" + site.ID + "/pages", nil},
		{"POST", "/api/v1/sites/" + site.ID + "/pages", map[string]string{"title": "Flu"}},
	} {
		res := admin.Do(t, r.method, r.path, r.body)
		p := wantProblem(t, res, 500, "internal")
		if p.Detail != "Something went wrong on our side." || len(p.Errors) != 0 {
			t.Errorf("internal error says too much: %s", res.Body)
		}
		low := strings.ToLower(string(res.Body))
		for _, leak := range []string{"pages_gone", "no such table", "select", "insert", "sql", "goroutine", ".go:", "panic"} {
			if strings.Contains(low, leak) {
				t.Errorf("%s %s leaks %q: %s", r.method, r.path, leak, res.Body)
			}
		}
	}
}

// --- helpers ---

// snapshot is the Admin's view of everything bad input could touch: every
// site, every page of every site, the given pages with their documents and
// ETags, the Admin's tokens, the members and the invitations; and the
// newest audit sequence number.
func snapshot(t *testing.T, admin *apptest.Client, pages []string) ([]byte, int64) {
	t.Helper()
	var b bytes.Buffer
	cursor := ""
	for {
		res := admin.Do(t, "GET", "/api/v1/sites?limit=200&cursor="+url.QueryEscape(cursor), nil).Want(t, 200)
		b.Write(res.Body)
		list := decode[struct {
			Items      []idBody
			NextCursor string
		}](t, res)
		for _, s := range list.Items {
			b.Write(admin.Do(t, "GET", "/api/v1/sites/"+s.ID+"/pages?limit=200", nil).Want(t, 200).Body)
		}
		if list.NextCursor == "" {
			break
		}
		cursor = list.NextCursor
	}
	for _, id := range pages {
		b.Write(admin.Do(t, "GET", "/api/v1/pages/"+id, nil).Want(t, 200).Body)
		res := admin.Do(t, "GET", "/api/v1/pages/"+id+"/document", nil).Want(t, 200)
		b.WriteString(res.Header.Get("ETag"))
		b.Write(res.Body)
	}
	b.Write(admin.Do(t, "GET", "/api/v1/tokens", nil).Want(t, 200).Body)
	b.Write(admin.Do(t, "GET", "/api/v1/members", nil).Want(t, 200).Body)
	b.Write(admin.Do(t, "GET", "/api/v1/invitations", nil).Want(t, 200).Body)
	latest := decode[struct{ Items []auditEntry }](t, admin.Do(t, "GET", "/api/v1/audit?limit=1", nil).Want(t, 200)).Items
	if len(latest) == 0 {
		return b.Bytes(), 0
	}
	return b.Bytes(), latest[0].Seq
}

// auditSince returns the audit entries after seq, oldest first.
func auditSince(t *testing.T, admin *apptest.Client, seq int64) []auditEntry {
	t.Helper()
	var out []auditEntry
	for _, e := range auditEntries(t, admin, url.Values{}) {
		if e.Seq > seq {
			out = append([]auditEntry{e}, out...)
		}
	}
	return out
}

// checkProblemDetails checks errors[] names field and that mention appears
// in the detail or an error message.
func checkProblemDetails(t *testing.T, res *apptest.Response, p apptest.Problem, field, mention string) {
	t.Helper()
	if field != "" {
		found := false
		for _, e := range p.Errors {
			found = found || e.Location == field
		}
		if !found {
			t.Errorf("errors do not name %s: %s", field, res.Body)
		}
	}
	if mention != "" {
		text := p.Detail
		for _, e := range p.Errors {
			text += " " + e.Message
		}
		if !strings.Contains(text, mention) {
			t.Errorf("problem does not mention %q: %s", mention, res.Body)
		}
	}
}

// execOne runs a statement on the instance's database that must change
// exactly one row.
func execOne(t *testing.T, env *apptest.Env, q string, args ...any) {
	t.Helper()
	r, err := env.App.DB.W.Exec(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := r.RowsAffected(); n != 1 {
		t.Fatalf("%s changed %d rows, want 1", q, n)
	}
}

// sessionCookie returns the client's session cookie value.
func sessionCookie(t *testing.T, c *apptest.Client) string {
	t.Helper()
	u, _ := url.Parse(c.Base)
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == "pw_session" {
			return ck.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

func send(t *testing.T, c *http.Client, req *http.Request) *apptest.Response {
	t.Helper()
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return &apptest.Response{Status: res.StatusCode, Header: res.Header, Body: b}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
