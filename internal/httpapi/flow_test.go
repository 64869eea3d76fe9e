package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/apptest"
)

// TestFlow walks the API the way the web app and a script use it, on
// SQLite and (when configured) PostgreSQL.
func TestFlow(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		flow(t, apptest.New(t))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		flow(t, apptest.New(t, apptest.WithDatabase(apptest.FreshPostgres(t))))
	})
}

func flow(t *testing.T, env *apptest.Env) {
	// Platform endpoints.
	anon := env.Anonymous()
	anon.Do(t, "GET", "/healthz", nil).Want(t, 200)
	anon.Do(t, "GET", "/readyz", nil).Want(t, 200)
	var spec struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	specRes := anon.Do(t, "GET", "/api/openapi.json", nil).Want(t, 200)
	if err := json.Unmarshal(specRes.Body, &spec); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	if spec.OpenAPI != "3.1.0" || len(spec.Paths) == 0 {
		t.Fatalf("openapi %q with %d paths, want 3.1.0 with paths", spec.OpenAPI, len(spec.Paths))
	}
	docs := anon.Do(t, "GET", "/api/docs", nil).Want(t, 200)
	if ct := docs.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") || !strings.Contains(strings.ToLower(string(docs.Body)), "<html") {
		t.Fatalf("/api/docs is %s, want an HTML page", ct)
	}

	// First run.
	var setup struct{ SetupRequired bool }
	anon.Do(t, "GET", "/api/v1/setup", nil).Want(t, 200).JSON(t, &setup)
	if !setup.SetupRequired {
		t.Fatal("a new instance does not ask for setup")
	}
	admin := env.Anonymous()
	res := admin.Do(t, "POST", "/api/v1/setup", map[string]string{
		"organizationName": "Riverside Clinics", "name": "Maya Admin", "email": "Maya@Riverside.example", "password": apptest.Password,
	}).Want(t, 201)
	var session struct {
		User      struct{ ID string }
		CSRFToken string
	}
	res.JSON(t, &session)
	admin.CSRF, admin.UserID = session.CSRFToken, session.User.ID
	var cookie *http.Cookie
	for _, c := range (&http.Response{Header: res.Header}).Cookies() {
		if c.Name == "pw_session" {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value == "" || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Path != "/" {
		t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, Path=/", cookie)
	}
	anon.Do(t, "GET", "/api/v1/setup", nil).Want(t, 200).JSON(t, &setup)
	if setup.SetupRequired {
		t.Fatal("setup still required after setup")
	}

	// Who am I: the CSRF token of the session and the Admin's permissions.
	var me struct {
		User struct {
			ID    string      `json:"id"`
			Email string      `json:"email"`
			Role  access.Role `json:"role"`
		} `json:"user"`
		Organization struct{ Name string } `json:"organization"`
		CSRFToken    string                `json:"csrfToken"`
		Permissions  []string              `json:"permissions"`
	}
	admin.Do(t, "GET", "/api/v1/auth/me", nil).Want(t, 200).JSON(t, &me)
	if me.CSRFToken == "" || me.CSRFToken != admin.CSRF {
		t.Errorf("me csrfToken %q, want the session's %q", me.CSRFToken, admin.CSRF)
	}
	if me.User.Role != access.RoleAdmin || me.User.Email != "maya@riverside.example" || me.Organization.Name != "Riverside Clinics" {
		t.Errorf("me = %+v", me)
	}
	for _, a := range access.AllActions {
		if !slices.Contains(me.Permissions, string(a)) {
			t.Errorf("admin permissions %v lack %s", me.Permissions, a)
		}
	}

	// An API token works as a Bearer until it is revoked.
	var tok struct {
		Token struct {
			ID     string `json:"id"`
			Prefix string `json:"prefix"`
		} `json:"token"`
		Secret string `json:"secret"`
	}
	admin.Do(t, "POST", "/api/v1/tokens", map[string]any{"name": "Deploy script", "expiresInDays": 30}).Want(t, 201).JSON(t, &tok)
	if !strings.HasPrefix(tok.Secret, "pw_") || !strings.HasPrefix(tok.Secret, tok.Token.Prefix) {
		t.Fatalf("token secret %q prefix %q", tok.Secret, tok.Token.Prefix)
	}
	bearer := &apptest.Client{Base: env.URL, HTTP: &http.Client{Timeout: 30 * time.Second}, Bearer: tok.Secret}
	bearer.Do(t, "GET", "/api/v1/sites", nil).Want(t, 200)
	tokens := admin.Do(t, "GET", "/api/v1/tokens", nil).Want(t, 200)
	if !strings.Contains(string(tokens.Body), tok.Token.ID) || strings.Contains(string(tokens.Body), tok.Secret) {
		t.Errorf("token list must show the token but never its secret: %s", tokens.Body)
	}
	admin.Do(t, "DELETE", "/api/v1/tokens/"+tok.Token.ID, nil).Want(t, 204)
	wantProblem(t, bearer.Do(t, "GET", "/api/v1/sites", nil), 401, "auth.invalid_token")
	if body := admin.Do(t, "GET", "/api/v1/tokens", nil).Want(t, 200).Body; strings.Contains(string(body), tok.Token.ID) {
		t.Errorf("revoked token still listed: %s", body)
	}

	// A site, its slug made from the name.
	var site struct {
		ID, Name, Slug string
		PageCount      int
	}
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Flu Clinics", "description": "Seasonal vaccination"}).Want(t, 201).JSON(t, &site)
	if site.Slug != "riverside-flu-clinics" || site.Name != "Riverside Flu Clinics" {
		t.Fatalf("site %+v: want slug riverside-flu-clinics", site)
	}

	// Three pages, listed two at a time.
	type pageT struct {
		ID       string `json:"id"`
		SiteID   string `json:"siteId"`
		Title    string `json:"title"`
		Slug     string `json:"slug"`
		Status   string `json:"status"`
		Revision int64  `json:"revision"`
	}
	var created []string
	for _, title := range []string{"Book your flu shot", "Clinic hours", "Who should get vaccinated"} {
		var p pageT
		admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": title}).Want(t, 201).JSON(t, &p)
		if p.SiteID != site.ID || p.Status != "draft" || p.Revision != 1 || p.Slug == "" {
			t.Fatalf("new page %+v", p)
		}
		created = append(created, p.ID)
	}
	var listed []string
	cursor, pages := "", 0
	for {
		var list struct {
			Items      []pageT `json:"items"`
			NextCursor string  `json:"nextCursor"`
		}
		admin.Do(t, "GET", "/api/v1/sites/"+site.ID+"/pages?limit=2&cursor="+url.QueryEscape(cursor), nil).Want(t, 200).JSON(t, &list)
		pages++
		if len(list.Items) > 2 {
			t.Fatalf("limit=2 returned %d items", len(list.Items))
		}
		for _, p := range list.Items {
			listed = append(listed, p.ID)
		}
		if list.NextCursor == "" {
			break
		}
		if pages > 5 {
			t.Fatal("the cursor never ends")
		}
		cursor = list.NextCursor
	}
	slices.Sort(created)
	if !slices.Equal(listed, created) || pages != 2 {
		t.Errorf("listed %v in %d pages, want %v in 2", listed, pages, created)
	}
	admin.Do(t, "GET", "/api/v1/sites/"+site.ID, nil).Want(t, 200).JSON(t, &site)
	if site.PageCount != 3 {
		t.Errorf("pageCount %d, want 3", site.PageCount)
	}

	// The document: read with an ETag, write with If-Match.
	pageID := created[0]
	docPath := "/api/v1/pages/" + pageID + "/document"
	got := admin.Do(t, "GET", docPath, nil).Want(t, 200)
	etag := got.Header.Get("ETag")
	if etag == "" || !json.Valid(got.Body) {
		t.Fatalf("document ETag %q body %s", etag, got.Body)
	}
	put := admin.Do(t, "PUT", docPath, docJSON("Book your flu shot today"), "If-Match", etag).Want(t, 200)
	newTag := put.Header.Get("ETag")
	if newTag == "" || newTag == etag {
		t.Fatalf("ETag after a write %q, was %q", newTag, etag)
	}
	got = admin.Do(t, "GET", docPath, nil).Want(t, 200)
	if got.Header.Get("ETag") != newTag || !strings.Contains(string(got.Body), "Book your flu shot today") {
		t.Fatalf("document after the write: ETag %s %s", got.Header.Get("ETag"), got.Body)
	}
	// The old ETag is now stale.
	wantProblem(t, admin.Do(t, "PUT", docPath, docJSON("Lost update"), "If-Match", etag), 412, "document.stale")

	// Rename, then delete.
	var renamed pageT
	admin.Do(t, "PATCH", "/api/v1/pages/"+pageID, map[string]string{"title": "Flu shots"}).Want(t, 200).JSON(t, &renamed)
	if renamed.Title != "Flu shots" || renamed.Slug == "" {
		t.Errorf("renamed page %+v", renamed)
	}
	admin.Do(t, "GET", "/api/v1/pages/"+pageID, nil).Want(t, 200).JSON(t, &renamed)
	if renamed.Title != "Flu shots" || renamed.Revision != 2 {
		t.Errorf("page after rename and one document write: %+v, want title Flu shots, revision 2", renamed)
	}
	admin.Do(t, "DELETE", "/api/v1/pages/"+pageID, nil).Want(t, 204)
	wantProblem(t, admin.Do(t, "GET", "/api/v1/pages/"+pageID, nil), 404, "page.not_found")
	wantProblem(t, admin.Do(t, "GET", docPath, nil), 404, "page.not_found")

	// Every mutation above is in the audit log, by the admin, as a success.
	var log struct {
		Items []auditEntry `json:"items"`
	}
	admin.Do(t, "GET", "/api/v1/audit?limit=500", nil).Want(t, 200).JSON(t, &log)
	count := map[string]int{}
	for _, e := range log.Items {
		if e.Status == "success" && e.Actor != nil && e.Actor.ID == me.User.ID {
			count[e.Action]++
		}
	}
	for action, n := range map[string]int{"org.setup": 1, "token.create": 1, "token.revoke": 1, "site.create": 1,
		"page.create": 3, "page.document.update": 1, "page.update": 1, "page.delete": 1} {
		if count[action] != n {
			t.Errorf("audit has %d successful %s by the admin, want %d (all: %v)", count[action], action, n, count)
		}
	}
	// The prefix filter.
	admin.Do(t, "GET", "/api/v1/audit?action=page.", nil).Want(t, 200).JSON(t, &log)
	if len(log.Items) != 6 {
		t.Errorf("action=page. matched %d entries, want 6", len(log.Items))
	}

	// A colleague joins by invitation and works on the same site; what
	// they do is theirs in the audit log.
	inv := decode[invitationBody](t, admin.Do(t, "POST", "/api/v1/invitations", map[string]string{"email": "eddie@riverside.example", "role": "editor"}).Want(t, 201))
	eddie, _ := accept(t, env, linkToken(t, inv.Link, "/invite/"), "Eddie Editor")
	eddie.Do(t, "PATCH", "/api/v1/pages/"+created[1], map[string]string{"title": "Opening hours"}).Want(t, 200)
	wantProblem(t, eddie.Do(t, "DELETE", "/api/v1/sites/"+site.ID, nil), 403, "access.denied")
	var theirs []string
	for _, e := range auditEntries(t, admin, url.Values{"actor": {eddie.UserID}}) {
		theirs = append(theirs, e.Action+" "+e.Status)
	}
	if want := []string{"site:delete failure", "page.update success", "member.join success"}; !slices.Equal(theirs, want) {
		t.Errorf("the new member's audit entries %v, want %v", theirs, want)
	}

	// Sign out: the cookie is cleared and the session is over on the
	// server, even for a client that keeps sending the old cookie.
	out := admin.Do(t, "POST", "/api/v1/auth/logout", nil).Want(t, 204)
	if sc := out.Header.Get("Set-Cookie"); !strings.Contains(sc, "pw_session=") || !strings.Contains(sc, "Max-Age=0") {
		t.Errorf("logout Set-Cookie %q does not clear the session cookie", sc)
	}
	wantProblem(t, admin.Do(t, "GET", "/api/v1/auth/me", nil), 401, "auth.unauthenticated")
	replay := env.Anonymous()
	wantProblem(t, replay.Do(t, "GET", "/api/v1/auth/me", nil, "Cookie", "pw_session="+cookie.Value), 401, "auth.unauthenticated")

	// Metrics saw all of it.
	metrics := anon.Do(t, "GET", "/metrics", nil).Want(t, 200)
	if !strings.Contains(string(metrics.Body), "pagewright_http_requests_total") {
		t.Error("/metrics lacks pagewright_http_requests_total")
	}
}
