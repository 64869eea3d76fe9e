package httpapi_test

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/apptest"
	"github.com/pagewright/pagewright/internal/config"
	"github.com/pagewright/pagewright/internal/httpapi"
)

// outcome is what one actor may do with one operation.
type outcome int

const (
	allow     outcome = iota + 1 // gets past authentication and authorization
	deny                         // 403 access.denied (401 auth.unauthenticated when anonymous)
	noSession                    // 401 auth.unauthenticated: the operation needs a cookie session
)

func (o outcome) String() string {
	return map[outcome]string{allow: "allow", deny: "deny", noSession: "no-session"}[o]
}

// The actors of the matrix, in column order. "viewer-token" is the Viewer
// authenticated only with a Bearer API token (no cookie jar).
var matrixActors = []string{"admin", "editor", "viewer", "viewer-token", "anonymous"}

type row [5]outcome

// authzMatrix is DESIGN.md §8's authorization matrix: every operation of
// the OpenAPI document × every actor. A new route must be added here.
var authzMatrix = map[string]row{
	//                admin  editor viewer v-token     anonymous
	"get-setup":    {allow, allow, allow, allow, allow},
	"setup":        {allow, allow, allow, allow, allow}, // 409: already set up
	"login":        {allow, allow, allow, allow, allow}, // 401: bad credentials
	"logout":       {allow, allow, allow, noSession, deny},
	"me":           {allow, allow, allow, allow, deny},
	"list-tokens":  {allow, allow, allow, allow, deny},
	"create-token": {allow, allow, allow, deny, deny}, // tokens cannot mint tokens
	"revoke-token": {allow, allow, allow, allow, deny},
	"list-sites":   {allow, allow, allow, allow, deny},
	"create-site":  {allow, deny, deny, deny, deny},
	"get-site":     {allow, allow, allow, allow, deny},
	"update-site":  {allow, deny, deny, deny, deny},
	"delete-site":  {allow, deny, deny, deny, deny},
	"list-pages":   {allow, allow, allow, allow, deny},
	"create-page":  {allow, allow, deny, deny, deny},
	"get-page":     {allow, allow, allow, allow, deny},
	"update-page":  {allow, allow, deny, deny, deny},
	"delete-page":  {allow, deny, deny, deny, deny},
	"get-document": {allow, allow, allow, allow, deny},
	"put-document": {allow, allow, deny, deny, deny},
	"list-audit":   {allow, deny, deny, deny, deny},
}

// deniedAction is the access action a denial of the operation is audited
// under (guard records the action checked, e.g. "site:create").
var deniedAction = map[string]access.Action{
	"list-sites": access.SiteView, "get-site": access.SiteView,
	"create-site": access.SiteCreate, "update-site": access.SiteEdit, "delete-site": access.SiteDelete,
	"list-pages": access.PageView, "get-page": access.PageView, "get-document": access.PageView,
	"create-page": access.PageCreate, "update-page": access.PageEdit, "put-document": access.PageEdit,
	"delete-page": access.PageDelete, "list-audit": access.AuditView,
	"create-token": access.TokenManage,
}

type actor struct {
	name   string
	role   access.Role // "" for anonymous
	email  string
	client *apptest.Client
}

// world is one running instance shared by every matrix case.
type world struct {
	env    *apptest.Env
	admin  *apptest.Client
	actors map[string]*actor
	shared fixture // read-only cases use this site and page
}

type fixture struct{ site, page string }

// fixture creates a throwaway site with one page, as the admin.
func (w *world) fixture(t *testing.T) fixture {
	t.Helper()
	name := "Fixture " + randHex(6)
	s := decode[idBody](t, w.admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": name}).Want(t, 201))
	p := decode[idBody](t, w.admin.Do(t, "POST", "/api/v1/sites/"+s.ID+"/pages", map[string]string{"title": "Home"}).Want(t, 201))
	return fixture{site: s.ID, page: p.ID}
}

// read returns the admin's view of path: status and body.
func (w *world) read(t *testing.T, path string, withETag bool) []byte {
	t.Helper()
	res := w.admin.Do(t, "GET", path, nil)
	out := strconv.Itoa(res.Status) + " "
	if withETag {
		out += res.Header.Get("ETag") + " "
	}
	return append([]byte(out), res.Body...)
}

// call is one concrete request for a matrix case.
type call struct {
	params  map[string]string // path parameters
	body    any
	headers []string
	client  *apptest.Client // overrides the actor's client (logout uses a spare session)
	// wantStatus/wantCode replace the operation's success status for
	// allowed calls that are expected to fail after authorization.
	wantStatus int
	wantCode   string
	// state re-reads the target as admin; a denied call must leave it as it was.
	state func() []byte
	// after runs extra checks when the call was allowed.
	after func(t *testing.T, res *apptest.Response)
}

type builder func(t *testing.T, w *world, a *actor) call

// requests builds a valid request for every operation.
var requests = map[string]builder{
	"get-setup": func(t *testing.T, w *world, a *actor) call { return call{} },
	"setup": func(t *testing.T, w *world, a *actor) call {
		return call{body: map[string]string{"organizationName": "Another Org", "name": "Mallory", "email": "mallory@evil.example", "password": apptest.Password},
			wantStatus: 409, wantCode: "setup.already_done"}
	},
	"login": func(t *testing.T, w *world, a *actor) call {
		return call{body: map[string]string{"email": "nobody@riverside.example", "password": "not the right password"},
			wantStatus: 401, wantCode: "auth.invalid_credentials"}
	},
	"logout": func(t *testing.T, w *world, a *actor) call {
		c := call{}
		if a.role != "" && a.client.Bearer == "" {
			spare := w.env.Login(t, a.email, apptest.Password)
			c.client = spare
			c.after = func(t *testing.T, _ *apptest.Response) {
				wantProblem(t, spare.Do(t, "GET", "/api/v1/auth/me", nil), 401, "auth.unauthenticated")
				a.client.Do(t, "GET", "/api/v1/auth/me", nil).Want(t, 200) // the actor's other session lives on
			}
		}
		return c
	},
	"me": func(t *testing.T, w *world, a *actor) call {
		return call{after: func(t *testing.T, res *apptest.Response) {
			got := decode[struct {
				User        struct{ Role access.Role }
				Permissions []string
			}](t, res)
			want := access.OrgPermissions(&access.Actor{UserID: "x", Role: a.role})
			if got.User.Role != a.role || !slices.Equal(got.Permissions, want) {
				t.Errorf("me: role %q permissions %v, want %q %v", got.User.Role, got.Permissions, a.role, want)
			}
		}}
	},
	"list-tokens": func(t *testing.T, w *world, a *actor) call { return call{} },
	"create-token": func(t *testing.T, w *world, a *actor) call {
		return call{body: map[string]any{"name": "authz " + a.name, "expiresInDays": 1}}
	},
	"revoke-token": func(t *testing.T, w *world, a *actor) call {
		owner := a.client
		if a.role == "" {
			owner = w.admin // anonymous tries to revoke the admin's token
		}
		if a.name == "viewer-token" {
			owner = w.actors["viewer"].client // tokens cannot mint tokens; the same user's session can
		}
		tok := decode[struct{ Token idBody }](t, owner.Do(t, "POST", "/api/v1/tokens", map[string]string{"name": "to revoke"}).Want(t, 201))
		listed := func() []byte {
			return []byte(strconv.FormatBool(bytes.Contains(owner.Do(t, "GET", "/api/v1/tokens", nil).Want(t, 200).Body, []byte(tok.Token.ID))))
		}
		return call{params: map[string]string{"id": tok.Token.ID}, state: listed,
			after: func(t *testing.T, _ *apptest.Response) {
				if string(listed()) != "false" {
					t.Error("revoked token is still listed")
				}
			}}
	},
	"list-sites": func(t *testing.T, w *world, a *actor) call { return call{} },
	"create-site": func(t *testing.T, w *world, a *actor) call {
		name := "Authz " + a.name + " " + randHex(4)
		return call{body: map[string]string{"name": name}, state: func() []byte {
			return []byte(strconv.FormatBool(slices.Contains(allSlugs(t, w.admin), strings.ReplaceAll(strings.ToLower(name), " ", "-"))))
		}}
	},
	"get-site": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"site": w.shared.site}}
	},
	"update-site": func(t *testing.T, w *world, a *actor) call {
		fx := w.fixture(t)
		return call{params: map[string]string{"site": fx.site}, body: map[string]string{"name": "Renamed", "description": "changed"},
			state: func() []byte { return w.read(t, "/api/v1/sites/"+fx.site, false) }}
	},
	"delete-site": func(t *testing.T, w *world, a *actor) call {
		fx := w.fixture(t)
		return call{params: map[string]string{"site": fx.site},
			state: func() []byte { return w.read(t, "/api/v1/sites/"+fx.site, false) },
			after: func(t *testing.T, _ *apptest.Response) {
				wantProblem(t, w.admin.Do(t, "GET", "/api/v1/sites/"+fx.site, nil), 404, "site.not_found")
				wantProblem(t, w.admin.Do(t, "GET", "/api/v1/pages/"+fx.page, nil), 404, "page.not_found")
			}}
	},
	"list-pages": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"site": w.shared.site}}
	},
	"create-page": func(t *testing.T, w *world, a *actor) call {
		fx := w.fixture(t)
		return call{params: map[string]string{"site": fx.site}, body: map[string]string{"title": "Authz page"},
			state: func() []byte { return w.read(t, "/api/v1/sites/"+fx.site+"/pages", false) }}
	},
	"get-page": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"page": w.shared.page}}
	},
	"update-page": func(t *testing.T, w *world, a *actor) call {
		fx := w.fixture(t)
		return call{params: map[string]string{"page": fx.page}, body: map[string]string{"title": "Renamed", "slug": "renamed"},
			state: func() []byte { return w.read(t, "/api/v1/pages/"+fx.page, false) }}
	},
	"delete-page": func(t *testing.T, w *world, a *actor) call {
		fx := w.fixture(t)
		return call{params: map[string]string{"page": fx.page},
			state: func() []byte { return w.read(t, "/api/v1/pages/"+fx.page, false) },
			after: func(t *testing.T, _ *apptest.Response) {
				wantProblem(t, w.admin.Do(t, "GET", "/api/v1/pages/"+fx.page, nil), 404, "page.not_found")
			}}
	},
	"get-document": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"page": w.shared.page}}
	},
	"put-document": func(t *testing.T, w *world, a *actor) call {
		fx := w.fixture(t)
		path := "/api/v1/pages/" + fx.page + "/document"
		etag := w.admin.Do(t, "GET", path, nil).Want(t, 200).Header.Get("ETag")
		return call{params: map[string]string{"page": fx.page}, body: docJSON("Changed by " + a.name), headers: []string{"If-Match", etag},
			state: func() []byte { return w.read(t, path, true) }}
	},
	"list-audit": func(t *testing.T, w *world, a *actor) call { return call{} },
}

func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	ops := specOperations(t)

	// Every operation is in the matrix and has a request, and the matrix
	// names no operation that no longer exists.
	for id := range ops {
		if _, ok := authzMatrix[id]; !ok {
			t.Errorf("route %s is not in the authorization matrix: add it", id)
		}
		if _, ok := requests[id]; !ok {
			t.Errorf("route %s has no request builder in authz_test.go: add one", id)
		}
	}
	for id := range authzMatrix {
		if _, ok := ops[id]; !ok {
			t.Errorf("the authorization matrix names %s, which is not in the OpenAPI document", id)
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	env := apptest.New(t, func(c *config.Config) { c.LoginLimit = 1000 }) // many sign-ins from one IP
	w := &world{env: env, admin: env.Setup(t), actors: map[string]*actor{}}
	w.actors["admin"] = &actor{name: "admin", role: access.RoleAdmin, email: "maya@riverside.example", client: w.admin}
	w.actors["editor"] = &actor{name: "editor", role: access.RoleEditor, email: "eddie.editor@riverside.example", client: env.CreateUser(t, "Eddie Editor", access.RoleEditor)}
	viewer := env.CreateUser(t, "Vera Viewer", access.RoleViewer)
	w.actors["viewer"] = &actor{name: "viewer", role: access.RoleViewer, email: "vera.viewer@riverside.example", client: viewer}
	tok := decode[struct{ Secret string }](t, viewer.Do(t, "POST", "/api/v1/tokens", map[string]string{"name": "matrix"}).Want(t, 201))
	w.actors["viewer-token"] = &actor{name: "viewer-token", role: access.RoleViewer,
		client: &apptest.Client{Base: env.URL, HTTP: &http.Client{Timeout: 30 * time.Second}, Bearer: tok.Secret, UserID: viewer.UserID}}
	w.actors["anonymous"] = &actor{name: "anonymous", client: env.Anonymous()}
	w.shared = w.fixture(t)

	// The running server documents the same operations.
	var live struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
		} `json:"paths"`
	}
	env.Anonymous().Do(t, "GET", "/api/openapi.json", nil).Want(t, 200).JSON(t, &live)
	n := 0
	for path, methods := range live.Paths {
		for method, o := range methods {
			n++
			if op, ok := ops[o.OperationID]; !ok || op.path != path || op.method != strings.ToUpper(method) {
				t.Errorf("served %s %s (%s) differs from httpapi.OpenAPI()", method, path, o.OperationID)
			}
		}
	}
	if n != len(ops) {
		t.Errorf("the server documents %d operations, httpapi.OpenAPI() %d", n, len(ops))
	}

	ids := make([]string, 0, len(ops))
	for id := range ops {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		op := ops[id]
		for i, name := range matrixActors {
			want := authzMatrix[id][i]
			t.Run(id+"/"+name, func(t *testing.T) {
				t.Parallel()
				runMatrixCase(t, w, id, op, w.actors[name], want)
			})
		}
	}
}

func runMatrixCase(t *testing.T, w *world, id string, op specOp, a *actor, want outcome) {
	c := requests[id](t, w, a)
	path := op.path
	for k, v := range c.params {
		path = strings.ReplaceAll(path, "{"+k+"}", url.PathEscape(v))
	}
	if strings.Contains(path, "{") {
		t.Fatalf("%s: path parameters left unfilled in %s", id, path)
	}
	client := a.client
	if c.client != nil {
		client = c.client
	}
	var before []byte
	if c.state != nil {
		before = c.state()
	}
	rid := "authz-" + randHex(10)
	res := client.Do(t, op.method, path, c.body, append(c.headers, "X-Request-Id", rid)...)
	if got := res.Header.Get("X-Request-Id"); got != rid {
		t.Errorf("X-Request-Id %q, want %q echoed", got, rid)
	}

	switch {
	case want == allow:
		if c.wantStatus != 0 {
			wantProblem(t, res, c.wantStatus, c.wantCode)
		} else if res.Status != op.success {
			t.Fatalf("%s as %s: status %d, want %d: %s", id, a.name, res.Status, op.success, res.Body)
		}
		if c.after != nil {
			c.after(t, res)
		}
		return
	case want == noSession || (want == deny && a.role == ""):
		wantProblem(t, res, 401, "auth.unauthenticated")
	case want == deny:
		wantProblem(t, res, 403, "access.denied")
		// Every denial is in the audit log as a failure, with the request id.
		action := deniedAction[id]
		if action == "" {
			t.Fatalf("%s: denied but deniedAction does not say which action is audited", id)
		}
		found := false
		for _, e := range auditEntries(t, w.admin, url.Values{"actor": {client.UserID}, "action": {string(action)}}) {
			if e.RequestID == rid {
				found = true
				if e.Status != "failure" || e.Severity != "high" || e.Actor == nil || e.Actor.ID != client.UserID {
					t.Errorf("denial audited as %+v, want a high-severity failure by %s", e, client.UserID)
				}
			}
		}
		if !found {
			t.Errorf("no audit entry for the denied %s (action %s, request %s)", id, action, rid)
		}
	default:
		t.Fatalf("%s/%s: no expectation", id, a.name)
	}
	if c.state != nil {
		if after := c.state(); !bytes.Equal(before, after) {
			t.Errorf("denied %s changed the resource:\nbefore %s\nafter  %s", id, before, after)
		}
	}
}

// TestRevokeOthersToken checks a member cannot revoke someone else's token
// by guessing its id: it is not found, and the token keeps working.
func TestRevokeOthersToken(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Setup(t)
	editor := env.CreateUser(t, "Eddie Editor", access.RoleEditor)
	tok := decode[struct {
		Token  idBody
		Secret string
	}](t, admin.Do(t, "POST", "/api/v1/tokens", map[string]string{"name": "admin's"}).Want(t, 201))
	wantProblem(t, editor.Do(t, "DELETE", "/api/v1/tokens/"+tok.Token.ID, nil), 404, "token.not_found")
	bearer := &apptest.Client{Base: env.URL, HTTP: &http.Client{Timeout: 30 * time.Second}, Bearer: tok.Secret}
	bearer.Do(t, "GET", "/api/v1/sites", nil).Want(t, 200)
	// The editor's own list does not show it either.
	if body := editor.Do(t, "GET", "/api/v1/tokens", nil).Want(t, 200).Body; bytes.Contains(body, []byte(tok.Token.ID)) {
		t.Errorf("editor sees the admin's token: %s", body)
	}
}

// --- helpers shared by this package's API tests ---

type specOp struct {
	method, path string
	success      int // the lowest 2xx status the operation documents
}

// specOperations returns every operation of the OpenAPI document by id.
func specOperations(t *testing.T) map[string]specOp {
	t.Helper()
	ops := map[string]specOp{}
	for path, item := range httpapi.OpenAPI().Paths {
		for method, o := range map[string]*huma.Operation{"GET": item.Get, "POST": item.Post, "PUT": item.Put,
			"PATCH": item.Patch, "DELETE": item.Delete, "HEAD": item.Head, "OPTIONS": item.Options, "TRACE": item.Trace} {
			if o == nil {
				continue
			}
			if o.OperationID == "" {
				t.Errorf("%s %s has no operationId", method, path)
				continue
			}
			if _, dup := ops[o.OperationID]; dup {
				t.Errorf("operationId %s is used twice", o.OperationID)
			}
			success := 0
			for code := range o.Responses {
				if n, err := strconv.Atoi(code); err == nil && n >= 200 && n < 300 && (success == 0 || n < success) {
					success = n
				}
			}
			if success == 0 {
				t.Errorf("%s documents no success response", o.OperationID)
			}
			ops[o.OperationID] = specOp{method: method, path: path, success: success}
		}
	}
	return ops
}

// wantProblem checks res is an application/problem+json document with the
// status and code, whose requestId is the X-Request-Id response header.
func wantProblem(t testing.TB, res *apptest.Response, status int, code string) apptest.Problem {
	t.Helper()
	if res.Status != status {
		t.Fatalf("status %d, want %d (%s): %s", res.Status, status, code, res.Body)
	}
	p := res.Problem(t)
	if p.Code != code {
		t.Fatalf("code %q, want %q: %s", p.Code, code, res.Body)
	}
	if p.Status != status {
		t.Errorf("problem status %d, want %d", p.Status, status)
	}
	if p.RequestID == "" || p.RequestID != res.Header.Get("X-Request-Id") {
		t.Errorf("problem requestId %q, X-Request-Id header %q: want equal and non-empty", p.RequestID, res.Header.Get("X-Request-Id"))
	}
	return p
}

type idBody struct {
	ID string `json:"id"`
}

func decode[T any](t testing.TB, res *apptest.Response) T {
	t.Helper()
	var v T
	res.JSON(t, &v)
	return v
}

type auditEntry struct {
	Seq    int64  `json:"seq"`
	Action string `json:"action"`
	Actor  *struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"actor"`
	Resource struct {
		Type string `json:"type"`
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"resource"`
	Status    string `json:"status"`
	Error     string `json:"error"`
	Severity  string `json:"severity"`
	RequestID string `json:"requestId"`
}

// auditEntries reads up to 500 newest audit entries matching q, as admin.
func auditEntries(t testing.TB, admin *apptest.Client, q url.Values) []auditEntry {
	t.Helper()
	q.Set("limit", "500")
	return decode[struct{ Items []auditEntry }](t, admin.Do(t, "GET", "/api/v1/audit?"+q.Encode(), nil).Want(t, 200)).Items
}

// allSlugs lists the slug of every site, following the cursor.
func allSlugs(t testing.TB, admin *apptest.Client) []string {
	t.Helper()
	var slugs []string
	cursor := ""
	for {
		page := decode[struct {
			Items      []struct{ Slug string }
			NextCursor string
		}](t, admin.Do(t, "GET", "/api/v1/sites?limit=200&cursor="+url.QueryEscape(cursor), nil).Want(t, 200))
		for _, s := range page.Items {
			slugs = append(slugs, s.Slug)
		}
		if page.NextCursor == "" {
			return slugs
		}
		cursor = page.NextCursor
	}
}

// docJSON is a valid page document titled title.
func docJSON(title string) string {
	return `{"schemaVersion":1,"root":"root","meta":{"title":"` + title + `","lang":"en"},` +
		`"nodes":{"root":{"id":"root","type":"Page","props":{}},` +
		`"h1":{"id":"h1","type":"Heading","parent":"root","pos":"a0","props":{"text":"` + title + `","level":1}}}}`
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
