// Package access decides who may do what. It is pure: the caller loads the
// actor (role and grants) once per request, and Check answers from that.
// Everything not explicitly allowed is denied.
package access

import (
	"context"
	"slices"
	"strings"
)

// Role is a system role. The permissions of each are exactly those of the
// product roadmap's SYSTEM_ROLES.
type Role string

// The system roles, from least to most powerful.
const (
	RoleViewer Role = "viewer"
	RoleEditor Role = "editor"
	RoleAdmin  Role = "admin"
)

// Roles lists the system roles in ascending power.
var Roles = []Role{RoleViewer, RoleEditor, RoleAdmin}

// Valid reports whether r is a system role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// rank orders roles so the strongest applicable grant wins.
func (r Role) rank() int { return slices.Index(Roles, r) }

// Action is "resource:verb", e.g. "page:edit".
type Action string

// Actions the API checks. Site actions beyond viewing are not in any
// non-admin role, so only Admins (or a site-level Admin grant) hold them.
const (
	SiteView    Action = "site:view"
	SiteCreate  Action = "site:create"
	SiteEdit    Action = "site:edit"
	SiteDelete  Action = "site:delete"
	PageView    Action = "page:view"
	PageCreate  Action = "page:create"
	PageEdit    Action = "page:edit"
	PageDelete  Action = "page:delete"
	AuditView   Action = "audit:view"
	MemberMgmt  Action = "member:manage"
	TokenManage Action = "token:manage"

	// Reusable components: Editors create and edit them; deleting is
	// Admin-only (no non-admin role holds component:delete).
	ComponentView   Action = "component:view"
	ComponentCreate Action = "component:create"
	ComponentEdit   Action = "component:edit"
	ComponentDelete Action = "component:delete"

	// Templates: everyone may browse; publishing, editing and deleting are
	// Admin-only, as in the roadmap's roles.
	TemplateView   Action = "template:view"
	TemplateCreate Action = "template:create"
	TemplateEdit   Action = "template:edit"
	TemplateDelete Action = "template:delete"
)

// rolePermissions is the roadmap's SYSTEM_ROLES, verbatim.
var rolePermissions = map[Role][]string{
	RoleAdmin:  {"*:*"},
	RoleEditor: {"page:view", "page:create", "page:edit", "component:view", "component:create", "component:edit", "template:view"},
	RoleViewer: {"page:view", "component:view", "template:view", "analytics:view"},
}

// Permissions returns the permission patterns of a role.
func Permissions(r Role) []string { return slices.Clone(rolePermissions[r]) }

// ResourceType names what a grant or check is about.
type ResourceType string

// Resource types.
const (
	ResOrg  ResourceType = "org"
	ResSite ResourceType = "site"
	ResPage ResourceType = "page"
	ResUser ResourceType = "user"
)

// Resource is the target of an action. SiteID is set for pages so site
// grants apply to them.
type Resource struct {
	Type   ResourceType
	ID     string
	SiteID string
}

// Org is the organisation itself (creating sites, reading the audit log).
func Org() Resource { return Resource{Type: ResOrg} }

// Site is a site resource.
func Site(id string) Resource { return Resource{Type: ResSite, ID: id, SiteID: id} }

// Page is a page resource within a site.
func Page(id, siteID string) Resource { return Resource{Type: ResPage, ID: id, SiteID: siteID} }

// Grant raises a user's role on one site or page.
type Grant struct {
	ResourceType ResourceType `json:"resourceType"`
	ResourceID   string       `json:"resourceId"`
	Role         Role         `json:"role"`
}

// Actor is who is acting: a signed-in user (or a user's API token).
type Actor struct {
	UserID string
	Name   string
	Role   Role
	Grants []Grant
	// SessionID is set for cookie sessions; TokenID for API tokens.
	SessionID string
	TokenID   string
}

// Authenticated reports whether the actor is a real user.
func (a *Actor) Authenticated() bool { return a != nil && a.UserID != "" }

// EffectiveRole is the strongest of the organisation role and the grants
// that apply to res. Grants only ever widen access: they never take away what
// the organisation role gives.
func (a *Actor) EffectiveRole(res Resource) Role {
	best := a.Role
	for _, g := range a.Grants {
		applies := (g.ResourceType == ResSite && res.SiteID != "" && g.ResourceID == res.SiteID) ||
			(g.ResourceType == ResPage && res.Type == ResPage && g.ResourceID == res.ID)
		if applies && g.Role.rank() > best.rank() {
			best = g.Role
		}
	}
	return best
}

// orgOnly actions are never widened by a site or page grant: a site Admin
// grant must not let someone read the whole audit log or create sites.
var orgOnly = []Action{SiteCreate, AuditView, MemberMgmt}

// Check reports whether actor may perform action on res. Default deny.
func Check(actor *Actor, action Action, res Resource) bool {
	if !actor.Authenticated() {
		return false
	}
	if action == TokenManage {
		// Personal API tokens are self-service for every member.
		return true
	}
	role := actor.Role
	if !slices.Contains(orgOnly, action) {
		role = actor.EffectiveRole(res)
	}
	// Seeing a site is implied by being able to see its pages.
	if action == SiteView {
		action = PageView
	}
	return roleAllows(role, action)
}

func roleAllows(role Role, action Action) bool {
	res, verb, _ := strings.Cut(string(action), ":")
	for _, p := range rolePermissions[role] {
		pr, pv, _ := strings.Cut(p, ":")
		if (pr == "*" || pr == res) && (pv == "*" || pv == verb) {
			return true
		}
	}
	return false
}

// AllActions lists every action, for computing what the UI may offer.
var AllActions = []Action{SiteView, SiteCreate, SiteEdit, SiteDelete, PageView, PageCreate, PageEdit, PageDelete, AuditView, MemberMgmt, TokenManage,
	ComponentView, ComponentCreate, ComponentEdit, ComponentDelete, TemplateView, TemplateCreate, TemplateEdit, TemplateDelete}

// OrgPermissions lists the actions actor holds at organisation level, which
// the UI uses to hide what the user cannot do.
func OrgPermissions(actor *Actor) []string {
	var out []string
	for _, a := range AllActions {
		if Check(actor, a, Org()) {
			out = append(out, string(a))
		}
	}
	return out
}

// Authorizer checks an action for the actor in ctx and records denials.
// Domain services depend on this interface; the app supplies it.
type Authorizer interface {
	Authorize(ctx context.Context, action Action, res Resource, resName string) error
}

type ctxKey struct{}

// WithActor returns ctx carrying actor.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, ctxKey{}, a)
}

// ActorFrom returns the actor in ctx, or nil.
func ActorFrom(ctx context.Context) *Actor {
	a, _ := ctx.Value(ctxKey{}).(*Actor)
	return a
}
