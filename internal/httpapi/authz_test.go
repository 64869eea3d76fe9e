package httpapi_test

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
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
	"github.com/pagewright/pagewright/internal/deploy"
	"github.com/pagewright/pagewright/internal/environment"
	"github.com/pagewright/pagewright/internal/form"
	"github.com/pagewright/pagewright/internal/httpapi"
	"github.com/pagewright/pagewright/internal/user"
)

// outcome is what one actor may do with one operation.
type outcome int

const (
	allow       outcome = iota + 1 // gets past authentication and authorization
	deny                           // 403 access.denied (401 auth.unauthenticated when anonymous)
	noSession                      // 401 auth.unauthenticated: the operation needs a cookie session
	sessionOnly                    // 403 auth.session_required: an API token may not do this, a cookie session may
)

func (o outcome) String() string {
	return map[outcome]string{allow: "allow", deny: "deny", noSession: "no-session", sessionOnly: "session-only"}[o]
}

// The actors of the matrix, in column order. "viewer-token" is the Viewer
// authenticated only with a Bearer API token (no cookie jar).
var matrixActors = []string{"admin", "editor", "viewer", "viewer-token", "anonymous"}

type row [5]outcome

// authzMatrix is DESIGN.md §8's authorization matrix: every operation of
// the OpenAPI document × every actor. A new route must be added here.
var authzMatrix = map[string]row{
	//                admin  editor viewer v-token     anonymous
	"get-setup":            {allow, allow, allow, allow, allow},
	"setup":                {allow, allow, allow, allow, allow}, // 409: already set up
	"login":                {allow, allow, allow, allow, allow}, // 401: bad credentials
	"logout":               {allow, allow, allow, noSession, deny},
	"me":                   {allow, allow, allow, allow, deny},
	"list-tokens":          {allow, allow, allow, allow, deny},
	"create-token":         {allow, allow, allow, deny, deny}, // tokens cannot mint tokens
	"revoke-token":         {allow, allow, allow, allow, deny},
	"list-sites":           {allow, allow, allow, allow, deny},
	"create-site":          {allow, deny, deny, deny, deny},
	"get-site":             {allow, allow, allow, allow, deny},
	"update-site":          {allow, deny, deny, deny, deny},
	"delete-site":          {allow, deny, deny, deny, deny},
	"list-pages":           {allow, allow, allow, allow, deny},
	"create-page":          {allow, allow, deny, deny, deny},
	"get-page":             {allow, allow, allow, allow, deny},
	"update-page":          {allow, allow, deny, deny, deny},
	"delete-page":          {allow, deny, deny, deny, deny},
	"get-document":         {allow, allow, allow, allow, deny},
	"list-component-types": {allow, allow, allow, allow, deny},
	"render":               {allow, allow, allow, allow, deny}, // pure: reads nothing stored
	"page-preview":         {allow, allow, allow, allow, deny},
	"put-document":         {allow, allow, deny, deny, deny},
	"document-ops":         {allow, allow, deny, deny, deny},
	"list-audit":           {allow, deny, deny, deny, deny},

	// Profile: any signed-in member; changing the password or email needs a
	// cookie session (a leaked API token must not take over the account).
	"update-profile":       {allow, allow, allow, allow, deny},
	"change-password":      {allow, allow, allow, sessionOnly, deny}, // 422: wrong current password
	"request-email-change": {allow, allow, allow, sessionOnly, deny},
	"confirm-email":        {allow, allow, allow, allow, deny}, // 410: a made-up link

	// Account recovery and invitations are public: the token is the credential.
	"request-password-reset": {allow, allow, allow, allow, allow},
	"confirm-password-reset": {allow, allow, allow, allow, allow},
	"invitation-info":        {allow, allow, allow, allow, allow},
	"accept-invitation":      {allow, allow, allow, allow, allow},

	// Members and invitations: organisation Admins only (member:manage).
	"list-members":        {allow, deny, deny, deny, deny},
	"change-member-role":  {allow, deny, deny, deny, deny},
	"put-member-grant":    {allow, deny, deny, deny, deny},
	"delete-member-grant": {allow, deny, deny, deny, deny},
	"deactivate-member":   {allow, deny, deny, deny, deny},
	"reactivate-member":   {allow, deny, deny, deny, deny},
	"remove-member":       {allow, deny, deny, deny, deny},
	"member-reset-link":   {allow, deny, deny, deny, deny},
	"list-invitations":    {allow, deny, deny, deny, deny},
	"invite":              {allow, deny, deny, deny, deny},
	"resend-invitation":   {allow, deny, deny, deny, deny},
	"revoke-invitation":   {allow, deny, deny, deny, deny},

	// Email server settings: Admins (checked as member:manage).
	"get-email-settings":  {allow, deny, deny, deny, deny},
	"put-email-settings":  {allow, deny, deny, deny, deny}, // 422: invalid settings
	"test-email-settings": {allow, deny, deny, deny, deny}, // 409: not configured

	// Design system: anyone who sees the site reads and exports it; saving
	// needs site:edit (Admins).
	"get-design-system":     {allow, allow, allow, allow, deny},
	"put-design-system":     {allow, deny, deny, deny, deny},
	"export-design-system":  {allow, allow, allow, allow, deny},
	"design-system-history": {allow, allow, allow, allow, deny},
	"design-system-tokens":  {allow, allow, allow, allow, deny},

	// Assets: anyone who sees the site reads its images; uploading,
	// editing and deleting need page:edit on the site (Editors).
	"upload-asset":   {allow, allow, deny, deny, deny},
	"list-assets":    {allow, allow, allow, allow, deny},
	"get-asset":      {allow, allow, allow, allow, deny},
	"update-asset":   {allow, allow, deny, deny, deny},
	"delete-asset":   {allow, allow, deny, deny, deny},
	"get-asset-file": {allow, allow, allow, allow, deny},

	// Versions: reading history is page:view; making versions, restoring,
	// tagging, branching and merging page:edit; the retention policy is
	// read by anyone who sees the site and set with site:edit (Admins).
	// Their request builders are in versions_test.go.
	"list-versions":       {allow, allow, allow, allow, deny},
	"create-version":      {allow, allow, deny, deny, deny},
	"get-version":         {allow, allow, allow, allow, deny},
	"restore-version":     {allow, allow, deny, deny, deny},
	"tag-version":         {allow, allow, deny, deny, deny},
	"untag-version":       {allow, allow, deny, deny, deny},
	"diff-versions":       {allow, allow, allow, allow, deny},
	"list-branches":       {allow, allow, allow, allow, deny},
	"create-branch":       {allow, allow, deny, deny, deny},
	"get-branch-document": {allow, allow, allow, allow, deny},
	"put-branch-document": {allow, allow, deny, deny, deny},
	"merge-preview":       {allow, allow, allow, allow, deny},
	"merge-branch":        {allow, allow, deny, deny, deny},
	"get-version-policy":  {allow, allow, allow, allow, deny},
	"put-version-policy":  {allow, deny, deny, deny, deny},

	// Environments and deployments: anyone who sees the site reads them;
	// managing environments, deploying and approving are Admin actions.
	// Their request builders are in deployments_test.go.
	"list-environments":         {allow, allow, allow, allow, deny},
	"create-environment":        {allow, deny, deny, deny, deny},
	"compare-environments":      {allow, allow, allow, allow, deny},
	"get-environment":           {allow, allow, allow, allow, deny},
	"update-environment":        {allow, deny, deny, deny, deny},
	"delete-environment":        {allow, deny, deny, deny, deny},
	"put-environment-secret":    {allow, deny, deny, deny, deny},
	"delete-environment-secret": {allow, deny, deny, deny, deny},
	"create-deployment":         {allow, deny, deny, deny, deny},
	"list-deployments":          {allow, allow, allow, allow, deny},
	"get-deployment":            {allow, allow, allow, allow, deny},
	"deployment-logs":           {allow, allow, allow, allow, deny},
	"deployment-events":         {allow, allow, allow, allow, deny},
	"rollback-deployment":       {allow, deny, deny, deny, deny},
	"promote-deployment":        {allow, deny, deny, deny, deny},
	"approve-deployment":        {allow, deny, deny, deny, deny}, // 403 self-approval: the admin started it
	"reject-deployment":         {allow, deny, deny, deny, deny},

	// Forms: anyone who sees the site lists its forms (counts and settings,
	// nothing submitted); settings need site:edit; reading, exporting and
	// deleting submissions are Admin actions (form:view, form:delete).
	// Their request builders are in forms_test.go.
	"list-forms":              {allow, allow, allow, allow, deny},
	"put-form-settings":       {allow, deny, deny, deny, deny},
	"list-form-submissions":   {allow, deny, deny, deny, deny},
	"export-form-submissions": {allow, deny, deny, deny, deny},
	"delete-form-submission":  {allow, deny, deny, deny, deny},

	// Reusable components: every member browses the library, versions and
	// usage, and previews a bulk update; creating, publishing, editing and
	// deprecating need component:create/edit (Editors); deleting is
	// component:delete (Admins); a bulk update needs page:edit on each
	// page. Their request builders are in components_test.go.
	"list-components":               {allow, allow, allow, allow, deny},
	"get-component":                 {allow, allow, allow, allow, deny},
	"get-component-version":         {allow, allow, allow, allow, deny},
	"component-usage":               {allow, allow, allow, allow, deny},
	"component-bulk-update-preview": {allow, allow, allow, allow, deny},
	"create-component":              {allow, allow, deny, deny, deny},
	"update-component":              {allow, allow, deny, deny, deny},
	"publish-component-version":     {allow, allow, deny, deny, deny},
	"deprecate-component":           {allow, allow, deny, deny, deny},
	"undeprecate-component":         {allow, allow, deny, deny, deny},
	"component-bulk-update":         {allow, allow, deny, deny, deny},
	"delete-component":              {allow, deny, deny, deny, deny},

	// Templates: every member browses, previews and reviews; installing
	// needs page:create on the site; publishing, editing and deleting are
	// Admin actions. Their request builders are in templates_test.go.
	"list-templates":         {allow, allow, allow, allow, deny},
	"get-template":           {allow, allow, allow, allow, deny},
	"template-preview":       {allow, allow, allow, allow, deny},
	"get-template-document":  {allow, allow, allow, allow, deny},
	"template-thumbnail":     {allow, allow, allow, allow, deny},
	"list-template-reviews":  {allow, allow, allow, allow, deny},
	"put-template-review":    {allow, allow, allow, allow, deny},
	"delete-template-review": {allow, allow, allow, allow, deny},
	"install-template":       {allow, allow, deny, deny, deny},
	"publish-template":       {allow, deny, deny, deny, deny},
	"update-template":        {allow, deny, deny, deny, deny},
	"add-template-version":   {allow, deny, deny, deny, deny},
	"delete-template":        {allow, deny, deny, deny, deny},
}

// deniedAction is the access action a denial of the operation is audited
// under (guard records the action checked, e.g. "site:create").
var deniedAction = map[string]access.Action{
	"list-sites": access.SiteView, "get-site": access.SiteView,
	"create-site": access.SiteCreate, "update-site": access.SiteEdit, "delete-site": access.SiteDelete,
	"list-pages": access.PageView, "get-page": access.PageView, "get-document": access.PageView,
	"create-page": access.PageCreate, "update-page": access.PageEdit, "put-document": access.PageEdit, "document-ops": access.PageEdit,
	"delete-page": access.PageDelete, "list-audit": access.AuditView,
	"create-token": access.TokenManage,
	"list-members": access.MemberMgmt, "change-member-role": access.MemberMgmt, "put-member-grant": access.MemberMgmt,
	"delete-member-grant": access.MemberMgmt, "deactivate-member": access.MemberMgmt, "reactivate-member": access.MemberMgmt,
	"remove-member": access.MemberMgmt, "member-reset-link": access.MemberMgmt, "list-invitations": access.MemberMgmt,
	"invite": access.MemberMgmt, "resend-invitation": access.MemberMgmt, "revoke-invitation": access.MemberMgmt,
	"get-email-settings": access.MemberMgmt, "put-email-settings": access.MemberMgmt, "test-email-settings": access.MemberMgmt,
	"put-design-system": access.SiteEdit,

	"upload-asset": access.PageEdit, "update-asset": access.PageEdit, "delete-asset": access.PageEdit,

	"create-version": access.PageEdit, "restore-version": access.PageEdit, "tag-version": access.PageEdit, "untag-version": access.PageEdit,
	"create-branch": access.PageEdit, "put-branch-document": access.PageEdit, "merge-branch": access.PageEdit,
	"put-version-policy": access.SiteEdit,

	"create-environment": environment.ActionManage, "update-environment": environment.ActionManage,
	"delete-environment": environment.ActionManage, "put-environment-secret": environment.ActionManage,
	"delete-environment-secret": environment.ActionManage,
	"create-deployment":         deploy.ActionDeploy, "rollback-deployment": deploy.ActionDeploy, "promote-deployment": deploy.ActionDeploy,
	"approve-deployment": deploy.ActionApprove, "reject-deployment": deploy.ActionApprove,

	"put-form-settings": access.SiteEdit, "list-form-submissions": form.ActionView, "export-form-submissions": form.ActionView,
	"delete-form-submission": form.ActionDelete,

	"create-component": access.ComponentCreate, "update-component": access.ComponentEdit, "publish-component-version": access.ComponentEdit,
	"deprecate-component": access.ComponentEdit, "undeprecate-component": access.ComponentEdit, "delete-component": access.ComponentDelete,
	"component-bulk-update": access.PageEdit,

	"install-template": access.PageCreate, "publish-template": access.TemplateCreate, "update-template": access.TemplateEdit,
	"add-template-version": access.TemplateEdit, "delete-template": access.TemplateDelete,
}

type actor struct {
	name     string
	role     access.Role // "" for anonymous
	email    string
	fullName string // the member's display name
	client   *apptest.Client
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

// member creates a throwaway member (as the CLI does, without signing in)
// and returns their id and email.
func (w *world) member(t *testing.T, role access.Role) (id, email string) {
	t.Helper()
	h := randHex(4)
	u, err := w.env.App.Users.CreateUser(t.Context(), user.CreateUserInput{Name: "Member " + h, Email: "member-" + h + "@riverside.example",
		Password: apptest.Password, Role: role})
	if err != nil {
		t.Fatalf("create member: %v", err)
	}
	return u.ID, u.Email
}

// memberState is the admin's view of the member with that email.
func (w *world) memberState(t *testing.T, email string) func() []byte {
	return func() []byte { return w.read(t, "/api/v1/members?q="+url.QueryEscape(email), false) }
}

// invitation invites a throwaway address as a Viewer, as the admin, and
// returns the invitation's id, link token and email.
func (w *world) invitation(t *testing.T) (id, token, email string) {
	t.Helper()
	email = "invitee-" + randHex(4) + "@riverside.example"
	inv := decode[invitationBody](t, w.admin.Do(t, "POST", "/api/v1/invitations", map[string]string{"email": email, "role": "viewer"}).Want(t, 201))
	return inv.Invitation.ID, linkToken(t, inv.Link, "/invite/"), email
}

// invitationState is the admin's view of one invitation.
func (w *world) invitationState(t *testing.T, id string) func() []byte {
	return func() []byte {
		for _, inv := range decode[struct{ Items []json.RawMessage }](t, w.admin.Do(t, "GET", "/api/v1/invitations", nil).Want(t, 200)).Items {
			if bytes.Contains(inv, []byte(`"id":"`+id+`"`)) {
				return inv
			}
		}
		return []byte("missing")
	}
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
	query   url.Values
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
	"document-ops": func(t *testing.T, w *world, a *actor) call {
		fx := w.fixture(t)
		path := "/api/v1/pages/" + fx.page + "/document"
		etag := w.admin.Do(t, "GET", path, nil).Want(t, 200).Header.Get("ETag")
		ops := json.RawMessage(`[{"op":"set","path":"meta/title","value":"Changed by ` + a.name + `"}]`)
		return call{params: map[string]string{"page": fx.page}, body: map[string]any{"ops": ops}, headers: []string{"If-Match", etag},
			state: func() []byte { return w.read(t, path, true) }}
	},
	"list-audit":           func(t *testing.T, w *world, a *actor) call { return call{} },
	"list-component-types": func(t *testing.T, w *world, a *actor) call { return call{} },
	"render": func(t *testing.T, w *world, a *actor) call {
		return call{body: map[string]any{"document": json.RawMessage(docJSON("Rendered by " + a.name))}}
	},
	"page-preview": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"page": w.shared.page}}
	},

	"update-profile": func(t *testing.T, w *world, a *actor) call {
		// The same name again: other cases may look at the actor's name.
		return call{body: map[string]string{"name": a.fullName}, after: func(t *testing.T, res *apptest.Response) {
			if got := decode[sessionBody](t, res); got.User.ID != a.client.UserID || got.User.Name != a.fullName {
				t.Errorf("update-profile answered %+v, want %s named %q", got.User, a.client.UserID, a.fullName)
			}
		}}
	},
	"change-password": func(t *testing.T, w *world, a *actor) call {
		// A real change would end the actor's other sessions, which other
		// cases use: a wrong current password gets past authorization and
		// changes nothing.
		return call{body: map[string]string{"currentPassword": "not the current password", "newPassword": "a brand new passphrase 42"},
			wantStatus: 422, wantCode: "auth.wrong_password",
			after: func(t *testing.T, _ *apptest.Response) { a.client.Do(t, "GET", "/api/v1/auth/me", nil).Want(t, 200) }}
	},
	"request-email-change": func(t *testing.T, w *world, a *actor) call {
		email := "new-" + randHex(4) + "@riverside.example"
		return call{body: map[string]string{"email": email, "password": apptest.Password},
			state: func() []byte { return w.read(t, "/api/v1/members?q="+url.QueryEscape(email), false) },
			after: func(t *testing.T, res *apptest.Response) {
				if link := decode[struct{ Link string }](t, res).Link; !strings.HasPrefix(link, w.env.URL+"/confirm-email/") {
					t.Errorf("email change link %q, want %s/confirm-email/<token> (no email server)", link, w.env.URL)
				}
			}}
	},
	"confirm-email": func(t *testing.T, w *world, a *actor) call {
		// Confirming a real change would change the email other cases sign
		// in with.
		return call{body: map[string]string{"token": randHex(16)}, wantStatus: 410, wantCode: "email.invalid"}
	},
	"request-password-reset": func(t *testing.T, w *world, a *actor) call {
		return call{body: map[string]string{"email": "nobody-" + randHex(4) + "@riverside.example"}}
	},
	"confirm-password-reset": func(t *testing.T, w *world, a *actor) call {
		id, email := w.member(t, access.RoleViewer)
		link := decode[struct{ Link string }](t, w.admin.Do(t, "POST", "/api/v1/members/"+id+"/password-reset", nil).Want(t, 200)).Link
		const pw = "a brand new passphrase 42"
		return call{body: map[string]string{"token": linkToken(t, link, "/reset-password/"), "password": pw},
			after: func(t *testing.T, _ *apptest.Response) { w.env.Login(t, email, pw) }}
	},
	"invitation-info": func(t *testing.T, w *world, a *actor) call {
		_, token, email := w.invitation(t)
		return call{query: url.Values{"token": {token}}, after: func(t *testing.T, res *apptest.Response) {
			if got := decode[struct{ Email string }](t, res).Email; got != email {
				t.Errorf("invitation-info email %q, want %q", got, email)
			}
		}}
	},
	"accept-invitation": func(t *testing.T, w *world, a *actor) call {
		_, token, email := w.invitation(t)
		c := call{body: map[string]string{"token": token, "name": "Invited by matrix", "password": apptest.Password}}
		// Accepting signs in as the new member: keep the actor's own cookie
		// jar (shared by other cases) out of it.
		switch {
		case a.role == "":
			c.client = w.env.Anonymous()
		case a.client.Bearer == "":
			c.client = w.env.Login(t, a.email, apptest.Password)
		}
		c.after = func(t *testing.T, res *apptest.Response) {
			if got := decode[sessionBody](t, res); got.User.Email != email || got.User.Role != access.RoleViewer || got.CSRFToken == "" {
				t.Errorf("accepted as %+v, want the Viewer %s with a CSRF token", got, email)
			}
			if c.client != nil {
				if me := decode[sessionBody](t, c.client.Do(t, "GET", "/api/v1/auth/me", nil).Want(t, 200)); me.User.Email != email {
					t.Errorf("after accepting, the cookie signs in %s, want %s", me.User.Email, email)
				}
			}
		}
		return c
	},

	"list-members": func(t *testing.T, w *world, a *actor) call {
		return call{after: func(t *testing.T, res *apptest.Response) {
			if !bytes.Contains(res.Body, []byte(`"email":"maya@riverside.example"`)) {
				t.Errorf("members list lacks the admin: %s", res.Body)
			}
		}}
	},
	"change-member-role": func(t *testing.T, w *world, a *actor) call {
		id, email := w.member(t, access.RoleEditor)
		return call{params: map[string]string{"id": id}, body: map[string]string{"role": "viewer"}, state: w.memberState(t, email),
			after: func(t *testing.T, res *apptest.Response) {
				if got := decode[memberBody](t, res); got.Role != access.RoleViewer {
					t.Errorf("role after the change %q, want viewer", got.Role)
				}
			}}
	},
	"put-member-grant": func(t *testing.T, w *world, a *actor) call {
		id, email := w.member(t, access.RoleViewer)
		fx := w.fixture(t)
		return call{params: map[string]string{"id": id}, body: map[string]string{"resourceType": "site", "resourceId": fx.site, "role": "editor"},
			state: w.memberState(t, email),
			after: func(t *testing.T, res *apptest.Response) {
				if got := decode[memberBody](t, res); len(got.Grants) != 1 || got.Grants[0].ResourceID != fx.site || got.Grants[0].Role != access.RoleEditor {
					t.Errorf("grants after the change %+v, want editor on %s", got.Grants, fx.site)
				}
			}}
	},
	"delete-member-grant": func(t *testing.T, w *world, a *actor) call {
		id, email := w.member(t, access.RoleViewer)
		fx := w.fixture(t)
		w.admin.Do(t, "POST", "/api/v1/members/"+id+"/grants", map[string]string{"resourceType": "site", "resourceId": fx.site, "role": "editor"}).Want(t, 200)
		return call{params: map[string]string{"id": id, "resourceType": "site", "resourceId": fx.site}, state: w.memberState(t, email),
			after: func(t *testing.T, res *apptest.Response) {
				if got := decode[memberBody](t, res); len(got.Grants) != 0 {
					t.Errorf("grants after the removal %+v, want none", got.Grants)
				}
			}}
	},
	"deactivate-member": func(t *testing.T, w *world, a *actor) call {
		id, email := w.member(t, access.RoleEditor)
		return call{params: map[string]string{"id": id}, state: w.memberState(t, email),
			after: func(t *testing.T, res *apptest.Response) {
				if got := decode[memberBody](t, res); got.Status != "deactivated" {
					t.Errorf("status %q, want deactivated", got.Status)
				}
			}}
	},
	"reactivate-member": func(t *testing.T, w *world, a *actor) call {
		id, email := w.member(t, access.RoleEditor)
		w.admin.Do(t, "POST", "/api/v1/members/"+id+"/deactivate", nil).Want(t, 200)
		return call{params: map[string]string{"id": id}, state: w.memberState(t, email),
			after: func(t *testing.T, res *apptest.Response) {
				if got := decode[memberBody](t, res); got.Status != "active" {
					t.Errorf("status %q, want active", got.Status)
				}
			}}
	},
	"remove-member": func(t *testing.T, w *world, a *actor) call {
		id, email := w.member(t, access.RoleEditor)
		return call{params: map[string]string{"id": id}, state: w.memberState(t, email),
			after: func(t *testing.T, _ *apptest.Response) {
				if got := w.read(t, "/api/v1/members", false); bytes.Contains(got, []byte(id)) {
					t.Errorf("removed member still listed: %s", got)
				}
			}}
	},
	"member-reset-link": func(t *testing.T, w *world, a *actor) call {
		id, email := w.member(t, access.RoleEditor)
		return call{params: map[string]string{"id": id}, state: w.memberState(t, email),
			after: func(t *testing.T, res *apptest.Response) {
				if link := decode[struct{ Link string }](t, res).Link; !strings.HasPrefix(link, w.env.URL+"/reset-password/") {
					t.Errorf("reset link %q, want %s/reset-password/<token>", link, w.env.URL)
				}
			}}
	},
	"list-invitations": func(t *testing.T, w *world, a *actor) call { return call{} },
	"invite": func(t *testing.T, w *world, a *actor) call {
		email := "invitee-" + randHex(4) + "@riverside.example"
		return call{body: map[string]string{"email": email, "role": "editor"},
			state: func() []byte {
				return []byte(strconv.FormatBool(bytes.Contains(w.admin.Do(t, "GET", "/api/v1/invitations", nil).Want(t, 200).Body, []byte(email))))
			},
			after: func(t *testing.T, res *apptest.Response) {
				got := decode[invitationBody](t, res)
				if got.Invitation.Email != email || got.Invitation.Status != "pending" || !strings.HasPrefix(got.Link, w.env.URL+"/invite/") {
					t.Errorf("invite answered %s", res.Body)
				}
			}}
	},
	"resend-invitation": func(t *testing.T, w *world, a *actor) call {
		id, token, _ := w.invitation(t)
		return call{params: map[string]string{"id": id}, state: w.invitationState(t, id),
			after: func(t *testing.T, res *apptest.Response) {
				if fresh := linkToken(t, decode[invitationBody](t, res).Link, "/invite/"); fresh == token {
					t.Error("resend kept the old link")
				}
				wantProblem(t, w.env.Anonymous().Do(t, "GET", "/api/v1/invitations/accept?token="+url.QueryEscape(token), nil), 410, "invitation.invalid")
			}}
	},
	"revoke-invitation": func(t *testing.T, w *world, a *actor) call {
		id, token, _ := w.invitation(t)
		return call{params: map[string]string{"id": id}, state: w.invitationState(t, id),
			after: func(t *testing.T, _ *apptest.Response) {
				wantProblem(t, w.env.Anonymous().Do(t, "GET", "/api/v1/invitations/accept?token="+url.QueryEscape(token), nil), 410, "invitation.invalid")
			}}
	},

	// Saving working settings would make every other case of this shared
	// instance send email: the allowed calls fail validation, or find
	// email not set up, after authorization.
	"get-email-settings": func(t *testing.T, w *world, a *actor) call { return call{} },
	"put-email-settings": func(t *testing.T, w *world, a *actor) call {
		return call{body: map[string]any{"host": "", "port": 587, "tls": "starttls", "from": "Pagewright <noreply@riverside.example>"},
			wantStatus: 422, wantCode: "email.invalid",
			state: func() []byte { return w.read(t, "/api/v1/settings/email", false) }}
	},
	"test-email-settings": func(t *testing.T, w *world, a *actor) call {
		return call{body: map[string]string{"to": "maya@riverside.example"}, wantStatus: 409, wantCode: "email.not_configured"}
	},

	"get-design-system": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"site": w.shared.site}}
	},
	"put-design-system": func(t *testing.T, w *world, a *actor) call {
		fx := w.fixture(t)
		path := "/api/v1/sites/" + fx.site + "/design-system"
		cur := w.admin.Do(t, "GET", path, nil).Want(t, 200)
		var ds struct {
			Tokens map[string]any             `json:"tokens"`
			Themes map[string]json.RawMessage `json:"themes"`
		}
		cur.JSON(t, &ds)
		ds.Tokens["authz"] = map[string]any{"$type": "dimension", "$value": "4px", "$description": "saved by " + a.name}
		return call{params: map[string]string{"site": fx.site}, body: ds, headers: []string{"If-Match", cur.Header.Get("ETag")},
			state: func() []byte { return w.read(t, path, true) }}
	},
	"export-design-system": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"site": w.shared.site}, query: url.Values{"format": {"css"}}}
	},
	"design-system-history": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"site": w.shared.site}}
	},

	"upload-asset": func(t *testing.T, w *world, a *actor) call {
		fx := w.fixture(t)
		body, ct := uploadForm(t, "authz.png", "image/png", testPNG(t, 40, 20, 1), "uploaded by "+a.name)
		return call{params: map[string]string{"site": fx.site}, body: body, headers: []string{"Content-Type", ct},
			state: func() []byte { return w.read(t, "/api/v1/sites/"+fx.site+"/assets", false) },
			after: func(t *testing.T, res *apptest.Response) {
				if got := decode[assetBody](t, res); got.Alt != "uploaded by "+a.name || got.Status != "ready" {
					t.Errorf("uploaded %+v", got)
				}
			}}
	},
	"list-assets": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"site": w.shared.site}, query: url.Values{"q": {"logo"}}}
	},
	"get-asset": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"asset": w.asset(t)}}
	},
	"update-asset": func(t *testing.T, w *world, a *actor) call {
		id := w.asset(t)
		return call{params: map[string]string{"asset": id}, body: map[string]string{"alt": "described by " + a.name},
			state: func() []byte { return w.read(t, "/api/v1/assets/"+id, false) }}
	},
	"delete-asset": func(t *testing.T, w *world, a *actor) call {
		id := w.asset(t)
		return call{params: map[string]string{"asset": id},
			state: func() []byte { return w.read(t, "/api/v1/assets/"+id, false) },
			after: func(t *testing.T, _ *apptest.Response) {
				wantProblem(t, w.admin.Do(t, "GET", "/api/v1/assets/"+id, nil), 404, "asset.not_found")
			}}
	},
	"get-asset-file": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"asset": w.asset(t)}, query: url.Values{"w": {"320"}},
			after: func(t *testing.T, res *apptest.Response) {
				if res.Header.Get("Content-Type") != "image/png" || !bytes.HasPrefix(res.Body, []byte("\x89PNG")) {
					t.Errorf("file: %s, %d bytes", res.Header.Get("Content-Type"), len(res.Body))
				}
			}}
	},
	"design-system-tokens": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"site": w.shared.site}}
	},
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
	w.actors["admin"] = &actor{name: "admin", role: access.RoleAdmin, email: "maya@riverside.example", fullName: "Maya Admin", client: w.admin}
	w.actors["editor"] = &actor{name: "editor", role: access.RoleEditor, email: "eddie.editor@riverside.example", fullName: "Eddie Editor",
		client: env.CreateUser(t, "Eddie Editor", access.RoleEditor)}
	viewer := env.CreateUser(t, "Vera Viewer", access.RoleViewer)
	w.actors["viewer"] = &actor{name: "viewer", role: access.RoleViewer, email: "vera.viewer@riverside.example", fullName: "Vera Viewer", client: viewer}
	tok := decode[struct{ Secret string }](t, viewer.Do(t, "POST", "/api/v1/tokens", map[string]string{"name": "matrix"}).Want(t, 201))
	w.actors["viewer-token"] = &actor{name: "viewer-token", role: access.RoleViewer, fullName: "Vera Viewer",
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
	if c.query != nil {
		path += "?" + c.query.Encode()
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
	case want == sessionOnly:
		wantProblem(t, res, 403, "auth.session_required")
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

// sessionBody is the answer of setup, login, accept-invitation and me.
type sessionBody struct {
	User struct {
		ID     string      `json:"id"`
		Email  string      `json:"email"`
		Name   string      `json:"name"`
		Role   access.Role `json:"role"`
		Status string      `json:"status"`
	} `json:"user"`
	Organization struct {
		Name string `json:"name"`
	} `json:"organization"`
	CSRFToken   string   `json:"csrfToken"`
	Permissions []string `json:"permissions"`
}

// memberBody is a Member of the members API.
type memberBody struct {
	ID          string      `json:"id"`
	Email       string      `json:"email"`
	Name        string      `json:"name"`
	Role        access.Role `json:"role"`
	Status      string      `json:"status"`
	LastLoginAt *time.Time  `json:"lastLoginAt"`
	Grants      []struct {
		ResourceType string      `json:"resourceType"`
		ResourceID   string      `json:"resourceId"`
		ResourceName string      `json:"resourceName"`
		Role         access.Role `json:"role"`
	} `json:"grants"`
}

// invitationBody is the answer of invite and resend-invitation.
type invitationBody struct {
	Invitation struct {
		ID          string      `json:"id"`
		Email       string      `json:"email"`
		Role        access.Role `json:"role"`
		Status      string      `json:"status"`
		EmailStatus string      `json:"emailStatus"`
		EmailError  string      `json:"emailError"`
		CreatedAt   time.Time   `json:"createdAt"`
		ExpiresAt   time.Time   `json:"expiresAt"`
		InvitedBy   struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"invitedBy"`
		Grants []struct {
			ResourceType string      `json:"resourceType"`
			ResourceID   string      `json:"resourceId"`
			ResourceName string      `json:"resourceName"`
			Role         access.Role `json:"role"`
		} `json:"grants"`
	} `json:"invitation"`
	Link string `json:"link"`
}

// linkToken is the token at the end of a link such as
// http://host/invite/<token>; the link must have that path prefix.
func linkToken(t testing.TB, link, prefix string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(u.Path, prefix) || len(u.Path) == len(prefix) || strings.Contains(u.Path[len(prefix):], "/") {
		t.Fatalf("link %q, want .../%s<token>", link, strings.Trim(prefix, "/")+"/")
	}
	return u.Path[len(prefix):]
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
