// Package symbol is the library of reusable components (the editor's
// "components"; "symbols" in Figma's words): a subtree of a page saved
// once, with the props people may change on each use exposed, versioned
// with semver, and placed on pages as Instance nodes that reference
// "<componentId>@<version>" and override exposed props.
//
// A component version's document is a page document whose root Page has
// exactly one child, the component's top node; it may itself hold
// instances of other components, never (directly or through others) of
// itself. Versions are immutable. Publishing a version compares its
// exposed props with the latest version's and enforces semver: removing an
// exposed prop or changing its type is a major change, adding one a minor
// change. Pages move to a new version with a bulk update that rewrites
// their instances, drops the overrides that no longer fit, and stores all
// the pages in one transaction.
//
// Who sees a component: its owner always, Admins always, and beyond that
// by visibility — private (the owner only), team (whoever can see the
// site it was made in) or organization (every member).
package symbol

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/render/component"
)

// Visibilities.
const (
	VisibilityPrivate      = "private"
	VisibilityTeam         = "team"
	VisibilityOrganization = "organization"
)

// Categories a component may be filed under.
var Categories = []string{"Sections", "Navigation", "Content", "Forms", "Cards", "Calls to action", "Media", "Other"}

// Limits.
const (
	MaxName        = 100
	MaxDescription = 500
	MaxTags        = 10
	MaxTag         = 40
	MaxNotes       = 1000
	MaxMessage     = 500
	// MaxNesting is how deep components may be placed inside components.
	MaxNesting = 8
	// MaxBulkPages is the most pages one bulk update rewrites.
	MaxBulkPages = 200
)

// Ref names a user or a component briefly.
type Ref struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Deprecation says a component should no longer be used, and what to use
// instead; the editor shows it on the component's instances.
type Deprecation struct {
	Message         string    `json:"message"`
	ReplacementID   string    `json:"replacementId,omitempty"`
	ReplacementName string    `json:"replacementName,omitempty"`
	At              time.Time `json:"at"`
	By              *Ref      `json:"by,omitempty"`
}

// Usage counts where a component is used, among the pages the reader can
// see.
type Usage struct {
	Pages     int `json:"pages"`
	Instances int `json:"instances"`
}

// Component is one reusable component of the library.
type Component struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Category    string   `json:"category"`
	Tags        []string `json:"tags"`
	Visibility  string   `json:"visibility" enum:"private,team,organization"`
	// SiteID is the site the component was made in; with team visibility,
	// whoever can see that site sees the component.
	SiteID        string       `json:"siteId"`
	Owner         *Ref         `json:"owner,omitempty"`
	LatestVersion string       `json:"latestVersion"`
	Deprecated    *Deprecation `json:"deprecated,omitempty"`
	Usage         Usage        `json:"usage"`
	CreatedAt     time.Time    `json:"createdAt"`
	UpdatedAt     time.Time    `json:"updatedAt"`
}

// Exposed is a prop of a node inside the component that instances may
// override, under Key.
type Exposed struct {
	Key   string `json:"key"`
	Node  string `json:"node"`
	Prop  string `json:"prop"`
	Label string `json:"label"`
	// Type is the prop's JSON type from its component type's schema.
	Type string `json:"type" enum:"string,number,integer,boolean,array,object"`
}

// Version is one immutable version of a component.
type Version struct {
	ComponentID string `json:"componentId"`
	Version     string `json:"version"`
	Notes       string `json:"notes"`
	// Document is omitted from lists.
	Document  json.RawMessage `json:"document,omitempty"`
	Exposed   []Exposed       `json:"exposed"`
	CreatedAt time.Time       `json:"createdAt"`
	CreatedBy *Ref            `json:"createdBy,omitempty"`
}

// PageUsage is one page that uses a component.
type PageUsage struct {
	PageID    string   `json:"pageId"`
	SiteID    string   `json:"siteId"`
	Title     string   `json:"title"`
	Revision  int64    `json:"revision" doc:"The page document's revision (its ETag), to pass to a bulk update"`
	Versions  []string `json:"versions" doc:"The versions its instances use, oldest first"`
	Instances int      `json:"instances"`
}

// PageRef is a page to bulk-update, at the revision the caller saw.
type PageRef struct {
	PageID   string `json:"id" maxLength:"64"`
	Revision int64  `json:"revision" minimum:"1"`
}

// PageRevision is a page's revision after a bulk update.
type PageRevision struct {
	PageID   string `json:"id"`
	Revision int64  `json:"revision"`
}

// Preview is what a bulk update would make of one page.
type Preview struct {
	PageID    string          `json:"pageId"`
	Title     string          `json:"title"`
	Revision  int64           `json:"revision" doc:"The revision the preview is of: pass it to the bulk update"`
	Version   string          `json:"version" doc:"The version the instances would use"`
	Instances int             `json:"instances" doc:"How many instances would change"`
	Document  json.RawMessage `json:"document" doc:"The page's document after the update (not stored)"`
	Dropped   []Dropped       `json:"dropped" doc:"Overrides the update would remove"`
}

// Query selects components for the library.
type Query struct {
	Search            string
	Category          string
	SiteID            string
	IncludeDeprecated bool
	// Cursor is the Next of the previous page.
	Cursor string
	Limit  int
}

// Filter is what the store lists (visibility by team is refined by the
// service, which knows the actor's grants).
type Filter struct {
	Search            string // lowercase; matched in name, description and tags
	Category          string
	SiteID            string
	IncludeDeprecated bool
	// All lists every component (Admins); otherwise only organization and
	// team components and those OwnerID owns.
	All     bool
	OwnerID string
	// After is the (lowercase name, id) to continue after.
	AfterName, AfterID string
	Limit              int
}

// PageDoc is a page's stored document.
type PageDoc struct {
	PageID, SiteID, Title string
	Revision              int64
	JSON                  []byte
}

// PageHit is a page whose document holds instances of components.
type PageHit struct {
	PageID, SiteID, Title string
	Revision              int64
	// Refs counts the instances by component id and version.
	Refs map[string]map[string]int
}

// PageWrite is one page a bulk update stores, if the page is still at
// Revision.
type PageWrite struct {
	PageID   string
	Document []byte
	Revision int64
	Entry    audit.Entry
}

// ErrInUse is what Store.DeleteComponent returns for a component that a
// page or another component's version uses.
var ErrInUse = errors.New("component in use")

// StalePage is what Store.UpdatePages returns when a page is no longer
// at the revision given; it matches errs.ErrStale.
type StalePage struct{ PageID string }

func (e *StalePage) Error() string { return "page " + e.PageID + " is stale" }

// Unwrap makes errors.Is(err, errs.ErrStale) hold.
func (e *StalePage) Unwrap() error { return errs.ErrStale }

// Store persists components. Every write appends its audit entries in the
// same transaction.
type Store interface {
	// ListComponents returns up to f.Limit components ordered by lowercase
	// name and id, with owner, deprecation and latest version (Usage is
	// left zero).
	ListComponents(ctx context.Context, f Filter) ([]Component, error)
	GetComponent(ctx context.Context, id string) (Component, error)
	// ListVersions returns a component's versions, newest first, without
	// their documents.
	ListVersions(ctx context.Context, id string) ([]Version, error)
	GetVersion(ctx context.Context, id, version string) (Version, error)
	CreateComponent(ctx context.Context, c Component, v Version, e audit.Entry) error
	// CreateVersion adds v and makes it the latest, if the latest is still
	// prev: errs.ErrStale otherwise, errs.ErrDuplicate if the version exists.
	CreateVersion(ctx context.Context, v Version, prev string, e audit.Entry) error
	// UpdateComponent saves the descriptive fields, visibility and
	// deprecation.
	UpdateComponent(ctx context.Context, c Component, e audit.Entry) error
	// DeleteComponent removes a component and its versions, or returns
	// ErrInUse while a page or another component's version uses it.
	DeleteComponent(ctx context.Context, id string, e audit.Entry) error
	// PageUsage returns the pages whose documents hold instances of any of
	// the components.
	PageUsage(ctx context.Context, ids []string) ([]PageHit, error)
	PageDocument(ctx context.Context, pageID string) (PageDoc, error)
	// UpdatePages stores the documents of a bulk update in one transaction,
	// each with its entry, then e: a page no longer at its revision is a
	// *StalePage and nothing is stored.
	UpdatePages(ctx context.Context, writes []PageWrite, by string, at time.Time, e audit.Entry) error
}

// Sites names a site (and tells whether it exists).
type Sites interface {
	SiteName(ctx context.Context, id string) (string, error)
}

// Service implements the component library.
type Service struct {
	Store Store
	Sites Sites
	Auth  access.Authorizer
	// Validate checks and cleans a component's document as a page
	// document of the site (the app's page validator: structure, types,
	// props, nesting, tokens, rich text).
	Validate func(ctx context.Context, siteID string, doc []byte) ([]byte, error)
	Now      func() time.Time
	// Saved, when set, is called for each page a bulk update stored, after
	// the commit (version history's autosave).
	Saved func(ctx context.Context, pageID string, doc []byte)
	// Registry holds the component types; nil means component.Default().
	Registry *component.Registry
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC().Truncate(time.Microsecond)
	}
	return time.Now().UTC().Truncate(time.Microsecond)
}

func (s *Service) reg() *component.Registry {
	if s.Registry != nil {
		return s.Registry
	}
	return component.Default()
}

var unauthenticated = errs.New(errs.KindUnauthenticated, "auth.unauthenticated", "Sign in to continue.")

func actorRef(ctx context.Context) *Ref {
	if a := access.ActorFrom(ctx); a.Authenticated() {
		return &Ref{ID: a.UserID, Name: a.Name}
	}
	return nil
}

// Visible reports whether actor may see c.
func Visible(actor *access.Actor, c Component) bool {
	if !actor.Authenticated() {
		return false
	}
	if actor.Role == access.RoleAdmin || c.Owner != nil && c.Owner.ID == actor.UserID {
		return true
	}
	switch c.Visibility {
	case VisibilityOrganization:
		return true
	case VisibilityTeam:
		return access.Check(actor, access.PageView, access.Site(c.SiteID))
	}
	return false
}

// load returns a component the actor may see, checking action on its site.
func (s *Service) load(ctx context.Context, id string, action access.Action) (Component, error) {
	actor := access.ActorFrom(ctx)
	if !actor.Authenticated() {
		return Component{}, unauthenticated
	}
	if !ValidID(id) {
		return Component{}, errs.NotFound("component")
	}
	c, err := s.Store.GetComponent(ctx, id)
	if errors.Is(err, errs.ErrNoRows) || err == nil && !Visible(actor, c) {
		return Component{}, errs.NotFound("component")
	}
	if err != nil {
		return Component{}, err
	}
	return c, s.Auth.Authorize(ctx, action, access.Site(c.SiteID), c.Name)
}

// List returns a page of the components the actor may see, sorted by
// name, with their usage, and the cursor of the next page ("" at the end).
func (s *Service) List(ctx context.Context, q Query) ([]Component, string, error) {
	actor := access.ActorFrom(ctx)
	if !actor.Authenticated() {
		return nil, "", unauthenticated
	}
	if err := s.Auth.Authorize(ctx, access.ComponentView, access.Org(), ""); err != nil {
		return nil, "", err
	}
	if q.Limit <= 0 || q.Limit > 200 {
		q.Limit = 50
	}
	f := Filter{Search: strings.ToLower(strings.TrimSpace(q.Search)), Category: q.Category, SiteID: q.SiteID,
		IncludeDeprecated: q.IncludeDeprecated, All: actor.Role == access.RoleAdmin, OwnerID: actor.UserID, Limit: q.Limit + 1}
	if q.Cursor != "" {
		name, id, ok := strings.Cut(q.Cursor, "\x00")
		if !ok || !ValidID(id) {
			return nil, "", errs.Invalid("request.bad_cursor", "The cursor is not one this API returned.",
				errs.FieldError{Location: "query.cursor", Message: "invalid cursor"})
		}
		f.AfterName, f.AfterID = name, id
	}
	var out []Component
	// Team components the actor cannot see are dropped after the query,
	// so a page may take more than one.
	for len(out) <= q.Limit {
		batch, err := s.Store.ListComponents(ctx, f)
		if err != nil {
			return nil, "", err
		}
		for _, c := range batch {
			if Visible(actor, c) {
				out = append(out, c)
			}
		}
		if len(batch) < f.Limit {
			break
		}
		last := batch[len(batch)-1]
		f.AfterName, f.AfterID = strings.ToLower(last.Name), last.ID
	}
	next := ""
	if len(out) > q.Limit {
		out = out[:q.Limit]
		last := out[len(out)-1]
		next = strings.ToLower(last.Name) + "\x00" + last.ID
	}
	if out == nil {
		out = []Component{}
	}
	if err := s.fillUsage(ctx, out); err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// fillUsage counts the components' instances on the pages the actor can
// see.
func (s *Service) fillUsage(ctx context.Context, cs []Component) error {
	if len(cs) == 0 {
		return nil
	}
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	hits, err := s.Store.PageUsage(ctx, ids)
	if err != nil {
		return err
	}
	actor := access.ActorFrom(ctx)
	byID := map[string]*Usage{}
	for i := range cs {
		cs[i].Usage = Usage{}
		byID[cs[i].ID] = &cs[i].Usage
	}
	for _, h := range hits {
		if !access.Check(actor, access.PageView, access.Page(h.PageID, h.SiteID)) {
			continue
		}
		for id, versions := range h.Refs {
			u := byID[id]
			if u == nil {
				continue
			}
			u.Pages++
			for _, n := range versions {
				u.Instances += n
			}
		}
	}
	return nil
}

// Get returns a component with its usage.
func (s *Service) Get(ctx context.Context, id string) (Component, error) {
	c, err := s.load(ctx, id, access.ComponentView)
	if err != nil {
		return Component{}, err
	}
	cs := []Component{c}
	if err := s.fillUsage(ctx, cs); err != nil {
		return Component{}, err
	}
	return cs[0], nil
}

// ListVersions returns a component's versions, newest first (without
// documents).
func (s *Service) ListVersions(ctx context.Context, id string) ([]Version, error) {
	if _, err := s.load(ctx, id, access.ComponentView); err != nil {
		return nil, err
	}
	vs, err := s.Store.ListVersions(ctx, id)
	if vs == nil && err == nil {
		vs = []Version{}
	}
	return vs, err
}

// GetVersion returns one version with its document and exposed props.
func (s *Service) GetVersion(ctx context.Context, id, version string) (Version, error) {
	if _, err := s.load(ctx, id, access.ComponentView); err != nil {
		return Version{}, err
	}
	return s.version(ctx, id, version)
}

func (s *Service) version(ctx context.Context, id, version string) (Version, error) {
	if _, ok := ParseSemver(version); !ok {
		return Version{}, versionNotFound(version)
	}
	v, err := s.Store.GetVersion(ctx, id, version)
	if errors.Is(err, errs.ErrNoRows) {
		return Version{}, versionNotFound(version)
	}
	return v, err
}

func versionNotFound(v string) error {
	return errs.New(errs.KindNotFound, "component.version_not_found", "The component has no version "+quote(v)+".")
}

// Lookup returns the version a reference names, without access checks:
// for renders and builds of pages someone was allowed to save.
func (s *Service) Lookup(ctx context.Context, ref string) (Version, error) {
	id, v, ok := ParseRef(ref)
	if !ok {
		return Version{}, errs.NotFound("component")
	}
	return s.version(ctx, id, v.String())
}

// CreateInput is a new component and its first version (1.0.0).
type CreateInput struct {
	SiteID      string          `json:"siteId" maxLength:"64" doc:"The site it is made in; with team visibility, whoever can see that site sees it"`
	Name        string          `json:"name" maxLength:"400" example:"Opening hours"`
	Description string          `json:"description,omitempty" maxLength:"2000"`
	Category    string          `json:"category,omitempty" maxLength:"100" doc:"One of Sections, Navigation, Content, Forms, Cards, Calls to action, Media, Other (default)"`
	Tags        []string        `json:"tags,omitempty" maxItems:"10"`
	Visibility  string          `json:"visibility,omitempty" enum:"private,team,organization" doc:"Who sees it (default private: you)"`
	Document    json.RawMessage `json:"document" doc:"A page document whose root Page has exactly one child: the component's top node"`
	Exposed     []ExposedInput  `json:"exposed,omitempty" maxItems:"50" doc:"The props instances may override"`
	Notes       string          `json:"notes,omitempty" maxLength:"4000" doc:"What this version is"`
}

// Input holds a component's editable fields; nil means unchanged.
type Input struct {
	Name        *string   `json:"name,omitempty" maxLength:"400"`
	Description *string   `json:"description,omitempty" maxLength:"2000"`
	Category    *string   `json:"category,omitempty" maxLength:"100"`
	Tags        *[]string `json:"tags,omitempty" maxItems:"10"`
	Visibility  *string   `json:"visibility,omitempty" enum:"private,team,organization"`
}

// PublishInput is a new version of a component.
type PublishInput struct {
	Version  string          `json:"version,omitempty" maxLength:"32" doc:"MAJOR.MINOR.PATCH; default: the smallest version semver allows" example:"1.1.0"`
	Document json.RawMessage `json:"document"`
	Exposed  []ExposedInput  `json:"exposed,omitempty" maxItems:"50"`
	Notes    string          `json:"notes,omitempty" maxLength:"4000"`
}

// Create saves a new component at version 1.0.0 (component:create on the
// site).
func (s *Service) Create(ctx context.Context, in CreateInput) (Component, error) {
	actor := access.ActorFrom(ctx)
	if !actor.Authenticated() {
		return Component{}, unauthenticated
	}
	siteName, err := s.Sites.SiteName(ctx, in.SiteID)
	if errors.Is(err, errs.ErrNoRows) {
		e := errs.NotFound("site")
		e.Fields = []errs.FieldError{errs.Field("siteId", "no such site", in.SiteID)}
		return Component{}, e
	} else if err != nil {
		return Component{}, err
	}
	if err := s.Auth.Authorize(ctx, access.ComponentCreate, access.Site(in.SiteID), siteName); err != nil {
		return Component{}, err
	}
	now := s.now()
	c := Component{ID: uuid.Must(uuid.NewV7()).String(), SiteID: in.SiteID, Visibility: in.Visibility, Owner: actorRef(ctx),
		LatestVersion: "1.0.0", CreatedAt: now, UpdatedAt: now}
	if c.Visibility == "" {
		c.Visibility = VisibilityPrivate
	}
	if in.Category == "" {
		in.Category = "Other"
	}
	fe := apply(&c, Input{Name: &in.Name, Description: &in.Description, Category: &in.Category, Tags: &in.Tags, Visibility: &c.Visibility})
	notes, nfe := checkNotes(in.Notes)
	fe = append(fe, nfe...)
	if len(fe) > 0 {
		return Component{}, invalid(fe)
	}
	v, err := s.checkVersion(ctx, c, in.Document, in.Exposed)
	if err != nil {
		return Component{}, err
	}
	v.Version, v.Notes, v.CreatedAt, v.CreatedBy = "1.0.0", notes, now, actorRef(ctx)
	e := audit.NewEntry(ctx, "component.create", "component", c.ID, c.Name, audit.CategoryData, audit.SeverityLow)
	e.Changes = &audit.Changes{After: map[string]any{"name": c.Name, "siteId": c.SiteID, "visibility": c.Visibility,
		"category": c.Category, "version": v.Version, "exposed": exposedKeys(v.Exposed)}}
	if err := s.Store.CreateComponent(ctx, c, v, e); err != nil {
		return Component{}, err
	}
	return c, nil
}

// Publish adds a version (component:edit). The version number must follow
// semver against the latest version's exposed props; without one, the
// smallest allowed is used.
func (s *Service) Publish(ctx context.Context, id string, in PublishInput) (Version, error) {
	c, err := s.load(ctx, id, access.ComponentEdit)
	if err != nil {
		return Version{}, err
	}
	notes, fe := checkNotes(in.Notes)
	var want Semver
	if in.Version != "" {
		var ok bool
		if want, ok = ParseSemver(strings.TrimSpace(in.Version)); !ok {
			fe = append(fe, errs.Field("version", "Use a version such as 1.2.0 (MAJOR.MINOR.PATCH, no prefix).", in.Version))
		}
	}
	if len(fe) > 0 {
		return Version{}, invalid(fe)
	}
	latest, err := s.version(ctx, c.ID, c.LatestVersion)
	if err != nil {
		return Version{}, err
	}
	v, err := s.checkVersion(ctx, c, in.Document, in.Exposed)
	if err != nil {
		return Version{}, err
	}
	cur, _ := ParseSemver(latest.Version)
	bump, changes := Diff(latest.Exposed, v.Exposed)
	lowest := cur.Next(bump)
	switch {
	case in.Version == "":
		want = lowest
	case want.Compare(cur) <= 0:
		return Version{}, semverError(fmt.Sprintf("Version %s is not newer than the latest, %s: publish %s or higher.", want, cur, lowest), in.Version)
	case want.Compare(lowest) < 0:
		return Version{}, semverError(semverMessage(bump, changes, lowest), in.Version)
	}
	v.Version, v.Notes, v.CreatedAt, v.CreatedBy = want.String(), notes, s.now(), actorRef(ctx)
	e := audit.NewEntry(ctx, "component.publish", "component", c.ID, c.Name, audit.CategoryData, audit.SeverityLow)
	e.Changes = &audit.Changes{Before: map[string]any{"version": latest.Version},
		After: map[string]any{"version": v.Version, "bump": bump.String(), "exposed": exposedKeys(v.Exposed), "changes": changes}}
	switch err := s.Store.CreateVersion(ctx, v, latest.Version, e); {
	case errors.Is(err, errs.ErrDuplicate), errors.Is(err, errs.ErrStale):
		return Version{}, errs.Conflict("component.version_conflict",
			"Someone published a version of “"+c.Name+"” after you loaded it. Reload to see it; nothing was published.")
	case err != nil:
		return Version{}, err
	}
	return v, nil
}

func semverError(msg, given string) error {
	return errs.Invalid("component.semver", msg, errs.Field("version", msg, given))
}

// checkVersion validates a version's document and exposed props for c:
// the app's page checks, one top node, exposed props that exist, and
// instances of components that exist, whose overrides fit and that never
// lead back to c.
func (s *Service) checkVersion(ctx context.Context, c Component, raw json.RawMessage, exposed []ExposedInput) (Version, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return Version{}, invalid([]errs.FieldError{errs.Field("document", "Send the component's document.", nil)})
	}
	clean := []byte(raw)
	if s.Validate != nil {
		var err error
		if clean, err = s.Validate(ctx, c.SiteID, raw); err != nil {
			return Version{}, relocate(err)
		}
	}
	d, clean, err := doc.Parse(clean)
	if err != nil {
		return Version{}, relocate(err)
	}
	fe := checkComponentDoc(d)
	ex, efe := checkExposed(s.reg(), d, exposed)
	fe = append(fe, efe...)
	if len(fe) > 0 {
		return Version{}, invalid(fe)
	}
	cache := map[string]*loaded{}
	out, changed, err := s.checkInstances(ctx, d, "body.document.", nil, cache)
	if err != nil {
		return Version{}, err
	}
	if changed {
		clean = out
	}
	if err := s.checkNesting(ctx, c, d, cache); err != nil {
		return Version{}, err
	}
	return Version{ComponentID: c.ID, Document: clean, Exposed: ex}, nil
}

// resolve loads the version a reference names, with its component,
// remembering it in cache. A missing component or version is nil.
func (s *Service) resolve(ctx context.Context, id, version string, cache map[string]*loaded) (*loaded, error) {
	ref := FormatRef(id, version)
	if l, ok := cache[ref]; ok {
		return l, nil
	}
	c, err := s.Store.GetComponent(ctx, id)
	if errors.Is(err, errs.ErrNoRows) {
		cache[ref] = nil
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	v, err := s.Store.GetVersion(ctx, id, version)
	if errors.Is(err, errs.ErrNoRows) {
		cache[ref] = nil
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	d, _, err := doc.Parse(v.Document)
	if err != nil {
		return nil, errs.Internal(fmt.Errorf("component %s: stored document: %w", ref, err))
	}
	l := &loaded{c: c, v: v, d: d}
	cache[ref] = l
	return l, nil
}

// checkInstances checks the Instance nodes of d: each names a version
// that exists and the actor may see (or that old already used), and each
// override is an exposed prop with a value that fits. It returns the
// document re-encoded when it sanitised rich-text overrides.
func (s *Service) checkInstances(ctx context.Context, d *doc.Document, at string, oldRefs map[string]bool, cache map[string]*loaded) ([]byte, bool, error) {
	actor := access.ActorFrom(ctx)
	var unknown, fe []errs.FieldError
	changed := false
	for _, in := range instances(d) {
		loc := at + "nodes." + in.node + ".props."
		if in.id == "" {
			fe = append(fe, errs.FieldError{Location: loc + "component", Message: "must name a component version as <componentId>@<major>.<minor>.<patch>", Value: in.ref})
			continue
		}
		l, err := s.resolve(ctx, in.id, in.version, cache)
		if err != nil {
			return nil, false, err
		}
		if l == nil || !Visible(actor, l.c) && !oldRefs[in.ref] {
			msg := "names a component that does not exist or that you cannot see"
			if l == nil && s.exists(ctx, in.id, cache) {
				msg = "names a version the component does not have"
			}
			unknown = append(unknown, errs.FieldError{Location: loc + "component", Message: msg, Value: in.ref})
			continue
		}
		if in.badShape != "" {
			fe = append(fe, errs.FieldError{Location: loc + "overrides", Message: in.badShape})
			continue
		}
		// The instance stands for the component's top node: its parent
		// must accept that node's type, as it would the node itself.
		if n := d.Nodes[in.node]; n != nil && l.d != nil {
			if p := d.Nodes[n.Parent]; p != nil {
				if kids := doc.Children(l.d, l.d.Root); len(kids) == 1 {
					if top := l.d.Nodes[kids[0]]; top != nil && !s.reg().Allowed(p.Type, top.Type) {
						fe = append(fe, errs.FieldError{Location: at + "nodes." + in.node + ".parent",
							Message: fmt.Sprintf("%s is a %s, which a %s cannot contain", quote(l.c.Name), top.Type, p.Type)})
						continue
					}
				}
			}
		}
		for _, k := range sortedKeys(in.overrides) {
			e := l.exposed(k)
			if e == nil {
				fe = append(fe, errs.FieldError{Location: loc + "overrides." + k, Message: fmt.Sprintf("is not an exposed prop of %s %s", quote(l.c.Name), l.v.Version)})
				continue
			}
			msg, v := checkOverride(s.reg(), l, e, in.overrides[k])
			if msg != "" {
				fe = append(fe, errs.FieldError{Location: loc + "overrides." + k, Message: msg})
				continue
			}
			if str, ok := v.(string); ok && str != in.overrides[k] {
				in.overrides[k] = str
				changed = true
			}
		}
	}
	if len(unknown) > 0 {
		all := append(unknown, fe...)
		return nil, false, errs.Invalid("component.unknown", "The document places a component that does not exist or that you cannot see: "+
			all[0].Location+" "+quote(fmt.Sprint(all[0].Value))+".", all...)
	}
	if len(fe) > 0 {
		code := "document.invalid"
		if strings.HasPrefix(at, "body.document.") {
			code = "component.invalid"
		}
		return nil, false, errs.Invalid(code, "The document has errors: "+fe[0].Location+" "+fe[0].Message+".", fe...)
	}
	if !changed {
		return nil, false, nil
	}
	b, err := json.Marshal(d)
	return b, true, err
}

// exists reports whether a component exists at all (for the message of a
// reference to a version it lacks).
func (s *Service) exists(ctx context.Context, id string, cache map[string]*loaded) bool {
	for _, l := range cache {
		if l != nil && l.c.ID == id {
			return true
		}
	}
	_, err := s.Store.GetComponent(ctx, id)
	return err == nil
}

// checkNesting follows the instances of d through the versions they name
// and refuses a document that leads back to c (by id, whatever the
// version) or nests components deeper than MaxNesting.
func (s *Service) checkNesting(ctx context.Context, c Component, d *doc.Document, cache map[string]*loaded) error {
	type frame struct {
		d    *doc.Document
		path []string // component names from c down to here
		node string   // the top-level instance node this descends from
	}
	var walk func(f frame) error
	done := map[string]bool{}
	walk = func(f frame) error {
		for _, in := range instances(f.d) {
			if in.id == "" {
				continue
			}
			node := f.node
			if node == "" {
				node = in.node
			}
			loc := "body.document.nodes." + node + ".props.component"
			if in.id == c.ID {
				chain := append(slices.Clone(f.path), c.Name)
				msg := quote(c.Name) + " cannot contain itself: " + strings.Join(chain, " → ") + "."
				return errs.Invalid("component.cycle", msg, errs.FieldError{Location: loc, Message: msg, Value: in.ref})
			}
			l, err := s.resolve(ctx, in.id, in.version, cache)
			if err != nil {
				return err
			}
			if l == nil {
				return errs.Invalid("component.unknown", "The component places a component that does not exist: "+quote(in.ref)+".",
					errs.FieldError{Location: loc, Message: "names a component that does not exist", Value: in.ref})
			}
			if len(f.path) >= MaxNesting {
				msg := fmt.Sprintf("Components may be nested at most %d deep: %s.", MaxNesting, strings.Join(append(slices.Clone(f.path), l.c.Name), " → "))
				return errs.Invalid("component.too_deep", msg, errs.FieldError{Location: loc, Message: msg, Value: in.ref})
			}
			key := in.ref + "\x00" + fmt.Sprint(len(f.path))
			if done[key] {
				continue
			}
			done[key] = true
			if err := walk(frame{d: l.d, path: append(slices.Clone(f.path), l.c.Name), node: node}); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(frame{d: d, path: []string{c.Name}})
}

// Instances checks the Instance nodes of a page document before it is
// stored: each names a component version that exists and the actor may
// see (instances old already had may stay, so that editing a page never
// fails on a component someone else placed), and each override is an
// exposed prop with a value of the right type. Problems are field errors
// at body.nodes.<id>.props.…; rich-text overrides come back sanitised.
// old may be nil.
func (s *Service) Instances(ctx context.Context, b []byte, old func() ([]byte, error)) ([]byte, error) {
	if !bytes.Contains(b, []byte(`"`+InstanceType+`"`)) {
		return b, nil
	}
	d, _, err := doc.Parse(b)
	if err != nil {
		return nil, err
	}
	var oldRefs map[string]bool
	if old != nil {
		if ob, err := old(); err == nil && len(ob) > 0 {
			if od, _, err := doc.Parse(ob); err == nil {
				oldRefs = map[string]bool{}
				for _, in := range instances(od) {
					oldRefs[in.ref] = true
				}
			}
		}
	}
	out, changed, err := s.checkInstances(ctx, d, "body.", oldRefs, map[string]*loaded{})
	if err != nil {
		return nil, err
	}
	if changed {
		return out, nil
	}
	return b, nil
}

// Update changes a component's name, description, category, tags or
// visibility (component:edit).
func (s *Service) Update(ctx context.Context, id string, in Input) (Component, error) {
	c, err := s.load(ctx, id, access.ComponentEdit)
	if err != nil {
		return Component{}, err
	}
	before := fields(c)
	if fe := apply(&c, in); len(fe) > 0 {
		return Component{}, invalid(fe)
	}
	c.UpdatedAt = s.now()
	e := audit.NewEntry(ctx, "component.update", "component", c.ID, c.Name, audit.CategoryData, audit.SeverityLow)
	e.Changes = &audit.Changes{Before: before, After: fields(c)}
	if err := s.Store.UpdateComponent(ctx, c, e); err != nil {
		return Component{}, translate(err)
	}
	return s.withUsage(ctx, c)
}

func (s *Service) withUsage(ctx context.Context, c Component) (Component, error) {
	cs := []Component{c}
	if err := s.fillUsage(ctx, cs); err != nil {
		return Component{}, err
	}
	return cs[0], nil
}

// Deprecate marks a component as not to be used any more, with a message
// and optionally the component to use instead (component:edit).
func (s *Service) Deprecate(ctx context.Context, id, message, replacementID string) (Component, error) {
	c, err := s.load(ctx, id, access.ComponentEdit)
	if err != nil {
		return Component{}, err
	}
	message = strings.TrimSpace(message)
	if !utf8.ValidString(message) || utf8.RuneCountInString(message) > MaxMessage {
		return Component{}, invalid([]errs.FieldError{errs.Field("message", fmt.Sprintf("Keep the message to %d characters.", MaxMessage), nil)})
	}
	dep := &Deprecation{Message: message, At: s.now(), By: actorRef(ctx)}
	if replacementID != "" {
		bad := func(msg string) error {
			return errs.Invalid("component.invalid_replacement", msg, errs.Field("replacementId", msg, replacementID))
		}
		if replacementID == c.ID {
			return Component{}, bad("A component cannot replace itself.")
		}
		if !ValidID(replacementID) {
			return Component{}, bad("The replacement component does not exist or you cannot see it.")
		}
		r, err := s.Store.GetComponent(ctx, replacementID)
		if errors.Is(err, errs.ErrNoRows) || err == nil && !Visible(access.ActorFrom(ctx), r) {
			return Component{}, bad("The replacement component does not exist or you cannot see it.")
		} else if err != nil {
			return Component{}, err
		}
		if r.Deprecated != nil {
			return Component{}, bad("The replacement “" + r.Name + "” is deprecated itself.")
		}
		dep.ReplacementID, dep.ReplacementName = r.ID, r.Name
	}
	before := c.Deprecated
	c.Deprecated, c.UpdatedAt = dep, dep.At
	e := audit.NewEntry(ctx, "component.deprecate", "component", c.ID, c.Name, audit.CategoryData, audit.SeverityLow)
	e.Changes = &audit.Changes{Before: map[string]any{"deprecated": before != nil},
		After: map[string]any{"deprecated": true, "message": dep.Message, "replacementId": dep.ReplacementID}}
	if err := s.Store.UpdateComponent(ctx, c, e); err != nil {
		return Component{}, translate(err)
	}
	return s.withUsage(ctx, c)
}

// Undeprecate lifts a deprecation (component:edit); a component that is
// not deprecated is returned as it is.
func (s *Service) Undeprecate(ctx context.Context, id string) (Component, error) {
	c, err := s.load(ctx, id, access.ComponentEdit)
	if err != nil {
		return Component{}, err
	}
	if c.Deprecated == nil {
		return s.withUsage(ctx, c)
	}
	before := c.Deprecated
	c.Deprecated, c.UpdatedAt = nil, s.now()
	e := audit.NewEntry(ctx, "component.undeprecate", "component", c.ID, c.Name, audit.CategoryData, audit.SeverityLow)
	e.Changes = &audit.Changes{Before: map[string]any{"deprecated": true, "message": before.Message, "replacementId": before.ReplacementID},
		After: map[string]any{"deprecated": false}}
	if err := s.Store.UpdateComponent(ctx, c, e); err != nil {
		return Component{}, translate(err)
	}
	return s.withUsage(ctx, c)
}

// Delete removes a component and its versions (component:delete, Admins).
// It is refused while a page or another component uses it.
func (s *Service) Delete(ctx context.Context, id string) error {
	c, err := s.load(ctx, id, access.ComponentDelete)
	if err != nil {
		return err
	}
	hits, err := s.Store.PageUsage(ctx, []string{c.ID})
	if err != nil {
		return err
	}
	if len(hits) > 0 {
		return inUse(c, len(hits))
	}
	e := audit.NewEntry(ctx, "component.delete", "component", c.ID, c.Name, audit.CategoryData, audit.SeverityMedium)
	e.Changes = &audit.Changes{Before: map[string]any{"name": c.Name, "siteId": c.SiteID, "latestVersion": c.LatestVersion, "visibility": c.Visibility}}
	if err := s.Store.DeleteComponent(ctx, c.ID, e); errors.Is(err, ErrInUse) {
		return inUse(c, 0)
	} else if err != nil {
		return translate(err)
	}
	return nil
}

func inUse(c Component, pages int) error {
	msg := quote(c.Name) + " is still used by another component's version; remove it there first."
	if pages > 0 {
		msg = fmt.Sprintf("%s is used on %d %s: update or detach its instances first.", quote(c.Name), pages, plural(pages, "page", "pages"))
	}
	return errs.Conflict("component.in_use", msg)
}

// Usage lists the pages the actor can see that use the component, by
// title.
func (s *Service) Usage(ctx context.Context, id string) ([]PageUsage, error) {
	c, err := s.load(ctx, id, access.ComponentView)
	if err != nil {
		return nil, err
	}
	hits, err := s.Store.PageUsage(ctx, []string{c.ID})
	if err != nil {
		return nil, err
	}
	actor := access.ActorFrom(ctx)
	out := []PageUsage{}
	for _, h := range hits {
		refs := h.Refs[c.ID]
		if len(refs) == 0 || !access.Check(actor, access.PageView, access.Page(h.PageID, h.SiteID)) {
			continue
		}
		u := PageUsage{PageID: h.PageID, SiteID: h.SiteID, Title: h.Title, Revision: h.Revision}
		for v, n := range refs {
			u.Versions = append(u.Versions, v)
			u.Instances += n
		}
		slices.SortFunc(u.Versions, func(a, b string) int {
			va, _ := ParseSemver(a)
			vb, _ := ParseSemver(b)
			return va.Compare(vb)
		})
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b PageUsage) int {
		if c := strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)); c != 0 {
			return c
		}
		return strings.Compare(a.PageID, b.PageID)
	})
	return out, nil
}

// BulkPreview shows what updating one page's instances of the component
// to a version would do: the rewritten document (not stored) and the
// overrides it would drop.
func (s *Service) BulkPreview(ctx context.Context, id, toVersion, pageID string) (Preview, error) {
	c, err := s.load(ctx, id, access.ComponentView)
	if err != nil {
		return Preview{}, err
	}
	target, err := s.target(ctx, c, toVersion)
	if err != nil {
		return Preview{}, err
	}
	pd, err := s.page(ctx, pageID, access.PageView)
	if err != nil {
		return Preview{}, err
	}
	d, _, err := doc.Parse(pd.JSON)
	if err != nil {
		return Preview{}, errs.Internal(fmt.Errorf("page %s: stored document: %w", pd.PageID, err))
	}
	if !uses(d, c.ID) {
		return Preview{}, notUsed(c, pd)
	}
	n, dropped := rewrite(s.reg(), d, target)
	out, err := json.Marshal(d)
	if err != nil {
		return Preview{}, err
	}
	return Preview{PageID: pd.PageID, Title: pd.Title, Revision: pd.Revision, Version: target.v.Version, Instances: n, Document: out, Dropped: dropped}, nil
}

// BulkUpdate moves every instance of the component on the given pages to
// a version, dropping overrides that no longer fit, and stores all the
// pages in one transaction (page:edit on each). A page no longer at the
// revision given fails the whole update with page.stale and nothing
// changes. It returns the pages' new revisions.
func (s *Service) BulkUpdate(ctx context.Context, id, toVersion string, pages []PageRef) ([]PageRevision, error) {
	c, err := s.load(ctx, id, access.ComponentView)
	if err != nil {
		return nil, err
	}
	if len(pages) == 0 || len(pages) > MaxBulkPages {
		return nil, invalid([]errs.FieldError{errs.Field("pages", fmt.Sprintf("Name between 1 and %d pages.", MaxBulkPages), len(pages))})
	}
	seen := map[string]bool{}
	for i, p := range pages {
		if seen[p.PageID] {
			return nil, invalid([]errs.FieldError{errs.Field(fmt.Sprintf("pages[%d].id", i), "This page is listed twice.", p.PageID)})
		}
		seen[p.PageID] = true
	}
	target, err := s.target(ctx, c, toVersion)
	if err != nil {
		return nil, err
	}
	var writes []PageWrite
	out := make([]PageRevision, len(pages))
	titles := map[string]string{}
	for i, p := range pages {
		pd, err := s.page(ctx, p.PageID, access.PageEdit)
		if err != nil {
			return nil, err
		}
		titles[pd.PageID] = pd.Title
		if pd.Revision != p.Revision {
			return nil, stalePage(pd.Title, i)
		}
		d, _, err := doc.Parse(pd.JSON)
		if err != nil {
			return nil, errs.Internal(fmt.Errorf("page %s: stored document: %w", pd.PageID, err))
		}
		if !uses(d, c.ID) {
			e := notUsed(c, pd)
			e.Fields = []errs.FieldError{errs.Field(fmt.Sprintf("pages[%d].id", i), "does not use the component", p.PageID)}
			return nil, e
		}
		n, dropped := rewrite(s.reg(), d, target)
		out[i] = PageRevision{PageID: pd.PageID, Revision: pd.Revision}
		if n == 0 {
			continue // already there
		}
		b, err := json.Marshal(d)
		if err != nil {
			return nil, err
		}
		if len(b) > doc.MaxBytes {
			return nil, &errs.Error{Kind: errs.KindTooLarge, Code: "document.too_large",
				Message: fmt.Sprintf("The page “%s” would be larger than %d MiB.", pd.Title, doc.MaxBytes>>20)}
		}
		e := audit.NewEntry(ctx, "page.document.update", "page", pd.PageID, pd.Title, audit.CategoryData, audit.SeverityLow)
		e.Changes = &audit.Changes{Before: map[string]any{"revision": pd.Revision},
			After: map[string]any{"revision": pd.Revision + 1, "bytes": len(b), "component": c.ID, "version": target.v.Version,
				"instances": n, "droppedOverrides": len(dropped)}}
		writes = append(writes, PageWrite{PageID: pd.PageID, Document: b, Revision: pd.Revision, Entry: e})
		out[i].Revision = pd.Revision + 1
	}
	if len(writes) == 0 {
		return out, nil
	}
	ids := make([]string, len(writes))
	for i, w := range writes {
		ids[i] = w.PageID
	}
	e := audit.NewEntry(ctx, "component.bulk_update", "component", c.ID, c.Name, audit.CategoryData, audit.SeverityMedium)
	e.Changes = &audit.Changes{After: map[string]any{"version": target.v.Version, "pages": ids}}
	by := ""
	if a := access.ActorFrom(ctx); a != nil {
		by = a.UserID
	}
	if err := s.Store.UpdatePages(ctx, writes, by, s.now(), e); err != nil {
		var sp *StalePage
		if errors.As(err, &sp) {
			for i, p := range pages {
				if p.PageID == sp.PageID {
					return nil, stalePage(titles[p.PageID], i)
				}
			}
		}
		if errors.Is(err, errs.ErrNoRows) {
			return nil, errs.NotFound("page")
		}
		return nil, err
	}
	if s.Saved != nil {
		for _, w := range writes {
			s.Saved(ctx, w.PageID, w.Document)
		}
	}
	return out, nil
}

func stalePage(title string, i int) error {
	msg := "The page “" + title + "” was saved after you loaded the list. Reload and try again; no page was changed."
	return &errs.Error{Kind: errs.KindPreconditionFailed, Code: "page.stale", Message: msg,
		Fields: []errs.FieldError{errs.Field(fmt.Sprintf("pages[%d].revision", i), "is not the page's current revision", nil)}}
}

func notUsed(c Component, pd PageDoc) *errs.Error {
	return errs.Invalid("component.not_used", "The page “"+pd.Title+"” does not use “"+c.Name+"”.")
}

// target loads the version a bulk update moves to.
func (s *Service) target(ctx context.Context, c Component, version string) (*loaded, error) {
	if _, ok := ParseSemver(version); !ok {
		return nil, invalid([]errs.FieldError{errs.Field("version", "Use a version such as 1.2.0.", version)})
	}
	l, err := s.resolve(ctx, c.ID, version, map[string]*loaded{})
	if err != nil {
		return nil, err
	}
	if l == nil {
		return nil, versionNotFound(version)
	}
	return l, nil
}

// page loads a page's document, checking action on it.
func (s *Service) page(ctx context.Context, id string, action access.Action) (PageDoc, error) {
	pd, err := s.Store.PageDocument(ctx, id)
	if errors.Is(err, errs.ErrNoRows) {
		return PageDoc{}, errs.NotFound("page")
	} else if err != nil {
		return PageDoc{}, err
	}
	return pd, s.Auth.Authorize(ctx, action, access.Page(pd.PageID, pd.SiteID), pd.Title)
}

func uses(d *doc.Document, id string) bool {
	for _, in := range instances(d) {
		if in.id == id {
			return true
		}
	}
	return false
}

// apply checks and sets the editable fields.
func apply(c *Component, in Input) []errs.FieldError {
	var fe []errs.FieldError
	if in.Name != nil {
		n := strings.TrimSpace(*in.Name)
		if n == "" || !utf8.ValidString(n) || utf8.RuneCountInString(n) > MaxName || strings.ContainsAny(n, "\x00\n\r") {
			fe = append(fe, errs.Field("name", fmt.Sprintf("Enter a name of up to %d characters.", MaxName), *in.Name))
		}
		c.Name = n
	}
	if in.Description != nil {
		d := strings.TrimSpace(*in.Description)
		if !utf8.ValidString(d) || utf8.RuneCountInString(d) > MaxDescription {
			fe = append(fe, errs.Field("description", fmt.Sprintf("Keep the description to %d characters.", MaxDescription), nil))
		}
		c.Description = d
	}
	if in.Category != nil {
		if !slices.Contains(Categories, *in.Category) {
			fe = append(fe, errs.Field("category", "Choose one of: "+strings.Join(Categories, ", ")+".", *in.Category))
		}
		c.Category = *in.Category
	}
	if in.Tags != nil {
		tags := []string{}
		seen := map[string]bool{}
		for _, t := range *in.Tags {
			t = strings.TrimSpace(t)
			if t == "" || seen[strings.ToLower(t)] {
				continue
			}
			seen[strings.ToLower(t)] = true
			if !utf8.ValidString(t) || utf8.RuneCountInString(t) > MaxTag || strings.ContainsAny(t, "\x00\n\r") {
				fe = append(fe, errs.Field("tags", fmt.Sprintf("Keep each tag to %d characters.", MaxTag), t))
			}
			tags = append(tags, t)
		}
		if len(tags) > MaxTags {
			fe = append(fe, errs.Field("tags", fmt.Sprintf("Use at most %d tags.", MaxTags), len(tags)))
		}
		c.Tags = tags
	}
	if c.Tags == nil {
		c.Tags = []string{}
	}
	if in.Visibility != nil {
		switch *in.Visibility {
		case VisibilityPrivate, VisibilityTeam, VisibilityOrganization:
			c.Visibility = *in.Visibility
		default:
			fe = append(fe, errs.Field("visibility", "Choose private, team or organization.", *in.Visibility))
		}
	}
	return fe
}

func checkNotes(notes string) (string, []errs.FieldError) {
	notes = strings.TrimSpace(notes)
	if !utf8.ValidString(notes) || utf8.RuneCountInString(notes) > MaxNotes {
		return "", []errs.FieldError{errs.Field("notes", fmt.Sprintf("Keep the notes to %d characters.", MaxNotes), nil)}
	}
	return notes, nil
}

func invalid(fe []errs.FieldError) error {
	return errs.Invalid("component.invalid", "Some fields need attention: "+fe[0].Location+": "+fe[0].Message, fe...)
}

func fields(c Component) map[string]any {
	return map[string]any{"name": c.Name, "description": c.Description, "category": c.Category, "tags": c.Tags, "visibility": c.Visibility}
}

func exposedKeys(ex []Exposed) []string {
	out := make([]string, len(ex))
	for i, e := range ex {
		out[i] = e.Key
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func translate(err error) error {
	if errors.Is(err, errs.ErrNoRows) {
		return errs.NotFound("component")
	}
	return err
}
