// Package template is the template marketplace: page and section templates
// that anyone in the organisation can browse, search, preview, rate and
// install into a site as a new page, and that Admins publish from any page
// (or one section of it). Shipped templates are seeded from the builtin
// package at start and carry no author.
//
// A template's versions are immutable documents; installing copies the
// current version's document into a new page, after the app has checked it
// fits the target site (its components and design tokens), in the same
// transaction as the install count.
package template

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/slug"
)

// Visibility says who can see a template.
const (
	// VisibilityPrivate templates are seen by their author only.
	VisibilityPrivate = "private"
	// VisibilityTeam templates are seen by the people who edit the site
	// they were published from.
	VisibilityTeam = "team"
	// VisibilityOrganization templates are seen by every member.
	VisibilityOrganization = "organization"
)

// Kinds of template.
const (
	KindPage    = "page"
	KindSection = "section"
)

// Sorts of a listing.
const (
	SortPopular   = "popular"
	SortRating    = "rating"
	SortRecent    = "recent"
	SortName      = "name"
	SortRelevance = "relevance"
)

// Limits.
const (
	MaxName        = 100
	MaxDescription = 500
	MaxTags        = 10
	MaxTag         = 40
	MaxReview      = 2000
	MaxNotes       = 500
	MaxListLimit   = 60
)

// TemplateCategory is one template category.
type TemplateCategory struct {
	Slug  string `json:"slug"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// Author names a user briefly.
type Author struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Template is one template as listed.
type Template struct {
	ID           string    `json:"id"`
	Slug         string    `json:"slug"`
	Name         string    `json:"name"`
	Description  string    `json:"description"`
	Category     string    `json:"category"`
	Tags         []string  `json:"tags"`
	Kind         string    `json:"kind" enum:"page,section"`
	Visibility   string    `json:"visibility" enum:"private,team,organization"`
	Builtin      bool      `json:"builtin"`
	Author       *Author   `json:"author" doc:"Null for shipped templates"`
	SiteID       *string   `json:"siteId" doc:"The site it was published from"`
	Version      string    `json:"version" doc:"The current version (semver)"`
	InstallCount int       `json:"installCount"`
	RatingAvg    float64   `json:"ratingAvg"`
	RatingCount  int       `json:"ratingCount"`
	ThumbnailURL string    `json:"thumbnailUrl" doc:"A rendered image of the current version; empty until one is made"`
	PreviewURL   string    `json:"previewUrl" doc:"The current version rendered as an HTML page (add ?site= for a site's design system)"`
	CanEdit      bool      `json:"canEdit"`
	MyRating     int       `json:"myRating" doc:"Your rating, 0 when you have not rated it"`
	CreatedAt    time.Time `json:"createdAt"`
	UpdatedAt    time.Time `json:"updatedAt"`

	// ThumbnailKey is the blob key of the thumbnail ("" when none);
	// ThumbnailVersion the version it shows.
	ThumbnailKey     string `json:"-"`
	ThumbnailVersion string `json:"-"`
}

// TemplateVersion is one immutable version of a template.
type TemplateVersion struct {
	TemplateID string          `json:"-"`
	Version    string          `json:"version"`
	Notes      string          `json:"notes"`
	Author     *Author         `json:"author"`
	CreatedAt  time.Time       `json:"createdAt"`
	Document   json.RawMessage `json:"-"`
	Hash       string          `json:"-"`
}

// Review is one member's rating of a template, with optional text.
type Review struct {
	ID         string    `json:"id"`
	TemplateID string    `json:"-"`
	User       Author    `json:"user"`
	Rating     int       `json:"rating" minimum:"1" maximum:"5"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"createdAt"`
	UpdatedAt  time.Time `json:"updatedAt"`
}

// ReviewSummary sums up a template's ratings.
type ReviewSummary struct {
	Avg       float64 `json:"avg"`
	Count     int     `json:"count"`
	Histogram [5]int  `json:"histogram" doc:"Index 0 counts 1-star ratings, index 4 counts 5-star ratings"`
}

// Viewer is who is looking, reduced to what visibility needs: their id,
// whether they see every site's team templates, and the sites whose team
// templates they see otherwise.
type Viewer struct {
	UserID   string
	AllTeams bool
	Sites    []string
}

// Query selects templates.
type Query struct {
	Q        string
	Category string
	Kind     string
	Sort     string
	Offset   int
	Limit    int
	Viewer   Viewer
}

// Install is a record of one installation: which page it made.
type Install struct {
	ID         string
	TemplateID string
	Version    string
	UserID     string
	SiteID     string
	PageID     string
	At         time.Time
}

// NewPage is the page an install creates.
type NewPage struct {
	ID, SiteID, Title, Slug string
	Document                []byte
	By                      string
	At                      time.Time
}

// Store persists templates.
type Store interface {
	ListTemplates(ctx context.Context, q Query) ([]Template, bool, error)
	// CategoryCounts counts the templates q selects per category,
	// ignoring q.Category.
	CategoryCounts(ctx context.Context, q Query) (map[string]int, error)
	GetTemplate(ctx context.Context, id, viewerID string) (Template, error)
	GetTemplateBySlug(ctx context.Context, slug string) (Template, error)
	CreateTemplate(ctx context.Context, t Template, v TemplateVersion, e *audit.Entry) error
	UpdateTemplate(ctx context.Context, t Template, e audit.Entry) error
	DeleteTemplate(ctx context.Context, id string, e audit.Entry) error
	AddVersion(ctx context.Context, v TemplateVersion, e *audit.Entry) error
	ListVersions(ctx context.Context, templateID string) ([]TemplateVersion, error)
	GetVersion(ctx context.Context, templateID, version string) (TemplateVersion, error)
	// InstallTemplate creates the page and records the install, writing
	// the audit entries, in one transaction.
	InstallTemplate(ctx context.Context, p NewPage, in Install, es []audit.Entry) error
	PutReview(ctx context.Context, r Review, e audit.Entry) (Review, error)
	DeleteReview(ctx context.Context, templateID, userID string, e audit.Entry) error
	ListReviews(ctx context.Context, templateID string, offset, limit int) ([]Review, bool, error)
	GetReview(ctx context.Context, templateID, userID string) (Review, error)
	ReviewSummary(ctx context.Context, templateID string) (ReviewSummary, error)
	SetThumbnail(ctx context.Context, templateID, version, key string) error
	// MissingThumbnails lists templates whose current version has no
	// thumbnail.
	MissingThumbnails(ctx context.Context, limit int) ([]Template, error)
}

// Source is a page document as publishing reads it.
type Source struct {
	SiteID, Title string
	Document      []byte
}

// Service implements the marketplace with access checks and audit.
type Service struct {
	Store Store
	Auth  access.Authorizer
	Now   func() time.Time
	// LoadPage reads a page's document for publishing, checking the actor
	// may see it.
	LoadPage func(ctx context.Context, pageID string) (Source, error)
	// Prepare makes a template document fit a site: it validates it
	// against the site's components and design system and returns it
	// cleaned, or a field error naming what does not fit.
	Prepare func(ctx context.Context, siteID string, doc []byte) ([]byte, error)
	// Extract makes a template document from a page document: the whole
	// page, or when node is set, a page holding only that node's subtree.
	// It leaves out references that only mean something in the source
	// site (its images) and says what it left out.
	Extract func(doc []byte, node, title string) (out []byte, warnings []string, err error)
	// BeforeInstall, when set, adapts a template document to the site it
	// is installed into and says what it changed (forms whose ids the site
	// already uses are renamed, so their submissions stay apart).
	BeforeInstall func(ctx context.Context, siteID string, doc []byte) ([]byte, []string, error)
	// SiteName tells whether a site exists, and its name.
	SiteName func(ctx context.Context, siteID string) (string, error)
	// Changed, when set, is called after a template gets a new current
	// version (to render its thumbnail).
	Changed func(ctx context.Context, templateID string)
}

// Categories are the template categories in display order.
var Categories = []TemplateCategory{
	{Slug: "landing", Label: "Landing pages"}, {Slug: "forms", Label: "Forms & booking"},
	{Slug: "campaigns", Label: "Campaigns"}, {Slug: "events", Label: "Events"},
	{Slug: "services", Label: "Services"}, {Slug: "directory", Label: "Directories"},
	{Slug: "support", Label: "Help & FAQ"}, {Slug: "careers", Label: "Careers"},
	{Slug: "news", Label: "News & articles"}, {Slug: "pricing", Label: "Plans & pricing"},
	{Slug: "contact", Label: "Contact & locations"}, {Slug: "utility", Label: "Utility pages"},
	{Slug: "sections", Label: "Sections"},
}

// ValidCategory reports whether c is a category slug.
func ValidCategory(c string) bool {
	return slices.ContainsFunc(Categories, func(x TemplateCategory) bool { return x.Slug == c })
}

func (s *Service) now() time.Time { return s.Now().UTC() }

func (s *Service) viewer(ctx context.Context) (Viewer, error) {
	a := access.ActorFrom(ctx)
	if !a.Authenticated() {
		return Viewer{}, errs.New(errs.KindUnauthenticated, "auth.unauthenticated", "Sign in to continue.")
	}
	if err := s.Auth.Authorize(ctx, access.TemplateView, access.Org(), "templates"); err != nil {
		return Viewer{}, err
	}
	v := Viewer{UserID: a.UserID, AllTeams: access.Check(a, access.PageEdit, access.Org())}
	for _, g := range a.Grants {
		if g.ResourceType == access.ResSite && access.Check(a, access.PageEdit, access.Site(g.ResourceID)) {
			v.Sites = append(v.Sites, g.ResourceID)
		}
	}
	return v, nil
}

// Visible reports whether the viewer may see t.
func (v Viewer) Visible(t Template) bool {
	switch t.Visibility {
	case VisibilityOrganization:
		return true
	case VisibilityTeam:
		return v.AllTeams || t.SiteID != nil && slices.Contains(v.Sites, *t.SiteID) || t.Author != nil && t.Author.ID == v.UserID
	}
	return t.Author != nil && t.Author.ID == v.UserID
}

// List returns a page of the templates the actor can see, and the
// category counts of the whole selection.
func (s *Service) List(ctx context.Context, q Query) ([]Template, []TemplateCategory, bool, error) {
	v, err := s.viewer(ctx)
	if err != nil {
		return nil, nil, false, err
	}
	q.Viewer = v
	q.Q = strings.TrimSpace(q.Q)
	if q.Sort == "" {
		q.Sort = SortPopular
		if q.Q != "" {
			q.Sort = SortRelevance
		}
	}
	if q.Sort == SortRelevance && SearchTerms(q.Q) == nil {
		q.Sort = SortPopular
	}
	if q.Limit <= 0 || q.Limit > MaxListLimit {
		q.Limit = 24
	}
	var fe []errs.FieldError
	if q.Category != "" && !ValidCategory(q.Category) {
		fe = append(fe, errs.Field("category", "Unknown category.", q.Category))
	}
	if q.Kind != "" && q.Kind != KindPage && q.Kind != KindSection {
		fe = append(fe, errs.Field("kind", "Use page or section.", q.Kind))
	}
	if !slices.Contains([]string{SortPopular, SortRating, SortRecent, SortName, SortRelevance}, q.Sort) {
		fe = append(fe, errs.Field("sort", "Use popular, rating, recent, name or relevance.", q.Sort))
	}
	if len(fe) > 0 {
		return nil, nil, false, errs.Invalid("template.invalid_query", "Some filters need attention.", fe...)
	}
	items, more, err := s.Store.ListTemplates(ctx, q)
	if err != nil {
		return nil, nil, false, err
	}
	counts, err := s.Store.CategoryCounts(ctx, q)
	if err != nil {
		return nil, nil, false, err
	}
	cats := make([]TemplateCategory, 0, len(Categories))
	for _, c := range Categories {
		c.Count = counts[c.Slug]
		cats = append(cats, c)
	}
	for i := range items {
		s.decorate(ctx, &items[i])
	}
	return items, cats, more, nil
}

// decorate fills what depends on the actor.
func (s *Service) decorate(ctx context.Context, t *Template) {
	a := access.ActorFrom(ctx)
	t.CanEdit = !t.Builtin && access.Check(a, access.TemplateEdit, access.Org())
	if t.Tags == nil {
		t.Tags = []string{}
	}
}

// Get returns one template the actor can see.
func (s *Service) Get(ctx context.Context, id string) (Template, error) {
	v, err := s.viewer(ctx)
	if err != nil {
		return Template{}, err
	}
	t, err := s.Store.GetTemplate(ctx, id, v.UserID)
	if err != nil || !v.Visible(t) {
		return Template{}, notFound(err)
	}
	s.decorate(ctx, &t)
	return t, nil
}

func notFound(err error) error {
	if err == nil || err == errs.ErrNoRows {
		return errs.NotFound("template")
	}
	return err
}

// Versions lists a template's versions, newest first.
func (s *Service) Versions(ctx context.Context, id string) ([]TemplateVersion, error) {
	if _, err := s.Get(ctx, id); err != nil {
		return nil, err
	}
	return s.Store.ListVersions(ctx, id)
}

// Document returns a version's document (the current one when version is
// empty).
func (s *Service) Document(ctx context.Context, id, version string) (Template, TemplateVersion, error) {
	t, err := s.Get(ctx, id)
	if err != nil {
		return Template{}, TemplateVersion{}, err
	}
	if version == "" {
		version = t.Version
	}
	v, err := s.Store.GetVersion(ctx, id, version)
	if err == errs.ErrNoRows {
		return Template{}, TemplateVersion{}, errs.New(errs.KindNotFound, "template_version.not_found", "That version of the template does not exist.")
	}
	return t, v, err
}

// Input holds a template's editable details; nil means unchanged.
type Input struct {
	Name        *string
	Description *string
	Category    *string
	Tags        *[]string
	Visibility  *string
}

// PublishInput publishes a page, or one node's subtree, as a template.
type PublishInput struct {
	PageID string
	Node   string
	Input
}

// Published is a new template or version and what publishing left out.
type Published struct {
	Template Template
	Warnings []string
}

// Publish makes a template from a page (or a section of it). Only Admins
// hold template:create.
func (s *Service) Publish(ctx context.Context, in PublishInput) (Published, error) {
	if err := s.Auth.Authorize(ctx, access.TemplateCreate, access.Org(), "templates"); err != nil {
		return Published{}, err
	}
	t := Template{ID: uuid.Must(uuid.NewV7()).String(), Kind: KindPage, Visibility: VisibilityOrganization, Version: "1.0.0", Tags: []string{}}
	if in.Node != "" {
		t.Kind = KindSection
	}
	if in.Visibility == nil {
		in.Visibility = &t.Visibility
	}
	if err := applyInput(&t, in.Input, true); err != nil {
		return Published{}, err
	}
	src, err := s.LoadPage(ctx, in.PageID)
	if err != nil {
		return Published{}, err
	}
	body, warnings, err := s.source(ctx, src, in.Node, t.Name)
	if err != nil {
		return Published{}, err
	}
	a := access.ActorFrom(ctx)
	now := s.now()
	t.Author = &Author{ID: a.UserID, Name: a.Name}
	t.SiteID = &src.SiteID
	t.Slug = slug.From(t.Name) + "-" + t.ID[len(t.ID)-6:]
	t.CreatedAt, t.UpdatedAt = now, now
	v := TemplateVersion{TemplateID: t.ID, Version: t.Version, Author: t.Author, CreatedAt: now, Document: body, Hash: hash(body), Notes: "First version"}
	e := audit.NewEntry(ctx, "template.publish", "template", t.ID, t.Name, audit.CategoryData, audit.SeverityLow)
	after := fields(t)
	after["pageId"], after["node"] = in.PageID, in.Node
	e.Changes = &audit.Changes{After: after}
	if err := s.Store.CreateTemplate(ctx, t, v, &e); err != nil {
		return Published{}, err
	}
	s.changed(ctx, t.ID)
	s.decorate(ctx, &t)
	return Published{Template: t, Warnings: warnings}, nil
}

// source extracts and checks the document to publish from a page.
func (s *Service) source(ctx context.Context, src Source, node, title string) ([]byte, []string, error) {
	body, warnings, err := s.Extract(src.Document, node, title)
	if err != nil {
		return nil, nil, err
	}
	body, err = s.Prepare(ctx, src.SiteID, body)
	if err != nil {
		return nil, nil, err
	}
	return body, warnings, nil
}

func (s *Service) changed(ctx context.Context, id string) {
	if s.Changed != nil {
		s.Changed(ctx, id)
	}
}

// VersionInput publishes a page (or section) as a template's next version.
type VersionInput struct {
	PageID  string
	Node    string
	Version string
	Notes   string
}

// AddVersion publishes a new version of a template from a page.
func (s *Service) AddVersion(ctx context.Context, id string, in VersionInput) (Published, error) {
	t, err := s.editable(ctx, id)
	if err != nil {
		return Published{}, err
	}
	next, err := NextVersion(t.Version, in.Version)
	if err != nil {
		return Published{}, err
	}
	if utf8.RuneCountInString(in.Notes) > MaxNotes {
		return Published{}, errs.Invalid("template.invalid", "Some fields need attention.", errs.Field("notes", fmt.Sprintf("Keep notes under %d characters.", MaxNotes), nil))
	}
	src, err := s.LoadPage(ctx, in.PageID)
	if err != nil {
		return Published{}, err
	}
	body, warnings, err := s.source(ctx, src, in.Node, t.Name)
	if err != nil {
		return Published{}, err
	}
	a := access.ActorFrom(ctx)
	v := TemplateVersion{TemplateID: id, Version: next, Notes: strings.TrimSpace(in.Notes), Author: &Author{ID: a.UserID, Name: a.Name}, CreatedAt: s.now(), Document: body, Hash: hash(body)}
	e := audit.NewEntry(ctx, "template.version", "template", t.ID, t.Name, audit.CategoryData, audit.SeverityLow)
	e.Changes = &audit.Changes{Before: map[string]any{"version": t.Version}, After: map[string]any{"version": next}}
	if err := s.Store.AddVersion(ctx, v, &e); err != nil {
		return Published{}, err
	}
	s.changed(ctx, id)
	t, err = s.Get(ctx, id)
	return Published{Template: t, Warnings: warnings}, err
}

func (s *Service) editable(ctx context.Context, id string) (Template, error) {
	t, err := s.Get(ctx, id)
	if err != nil {
		return Template{}, err
	}
	if err := s.Auth.Authorize(ctx, access.TemplateEdit, access.Org(), t.Name); err != nil {
		return Template{}, err
	}
	if t.Builtin {
		return Template{}, errs.Conflict("template.builtin", "Shipped templates cannot be changed. Install it, change the page, and publish that as your own template.")
	}
	return t, nil
}

// Update changes a template's details.
func (s *Service) Update(ctx context.Context, id string, in Input) (Template, error) {
	t, err := s.editable(ctx, id)
	if err != nil {
		return Template{}, err
	}
	before := fields(t)
	if err := applyInput(&t, in, false); err != nil {
		return Template{}, err
	}
	t.UpdatedAt = s.now()
	e := audit.NewEntry(ctx, "template.update", "template", t.ID, t.Name, audit.CategoryData, audit.SeverityLow)
	e.Changes = &audit.Changes{Before: before, After: fields(t)}
	if err := s.Store.UpdateTemplate(ctx, t, e); err != nil {
		return Template{}, err
	}
	return t, nil
}

// Delete removes a template; the pages made from it stay.
func (s *Service) Delete(ctx context.Context, id string) error {
	t, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if err := s.Auth.Authorize(ctx, access.TemplateDelete, access.Org(), t.Name); err != nil {
		return err
	}
	if t.Builtin {
		return errs.Conflict("template.builtin", "Shipped templates cannot be deleted.")
	}
	e := audit.NewEntry(ctx, "template.delete", "template", t.ID, t.Name, audit.CategoryData, audit.SeverityMedium)
	e.Changes = &audit.Changes{Before: fields(t)}
	if err := s.Store.DeleteTemplate(ctx, id, e); err != nil {
		return notFound(err)
	}
	return nil
}

// InstallInput names where an install puts its page.
type InstallInput struct {
	SiteID string
	Title  string
	Slug   string
}

// Installed is the page an install made, and what was changed to fit the
// site.
type Installed struct {
	PageID   string
	Template Template
	Notes    []string
}

// Install copies a template's current version into a site as a new page.
// The page and the install count are written together.
func (s *Service) Install(ctx context.Context, id string, in InstallInput) (Installed, error) {
	t, v, err := s.Document(ctx, id, "")
	if err != nil {
		return Installed{}, err
	}
	siteName, err := s.SiteName(ctx, in.SiteID)
	if err == errs.ErrNoRows {
		return Installed{}, errs.NotFound("site")
	} else if err != nil {
		return Installed{}, err
	}
	if err := s.Auth.Authorize(ctx, access.PageCreate, access.Site(in.SiteID), siteName); err != nil {
		return Installed{}, err
	}
	title := strings.TrimSpace(in.Title)
	if title == "" {
		title = t.Name
	}
	sl := in.Slug
	if sl == "" {
		sl = slug.From(title)
	}
	var fe []errs.FieldError
	if utf8.RuneCountInString(title) > 200 {
		fe = append(fe, errs.Field("title", "Enter a page title (up to 200 characters).", in.Title))
	}
	if !slug.Valid(sl) {
		fe = append(fe, errs.Field("slug", slug.Rule, sl))
	}
	if len(fe) > 0 {
		return Installed{}, errs.Invalid("page.invalid", "Some fields need attention.", fe...)
	}
	body, err := withTitle(v.Document, title)
	if err != nil {
		return Installed{}, errs.Internal(err)
	}
	var notes []string
	if s.BeforeInstall != nil {
		if body, notes, err = s.BeforeInstall(ctx, in.SiteID, body); err != nil {
			return Installed{}, err
		}
	}
	body, err = s.Prepare(ctx, in.SiteID, body)
	if err != nil {
		return Installed{}, incompatible(err, t.Name, siteName)
	}
	a := access.ActorFrom(ctx)
	now := s.now()
	p := NewPage{ID: uuid.Must(uuid.NewV7()).String(), SiteID: in.SiteID, Title: title, Slug: sl, Document: body, By: a.UserID, At: now}
	rec := Install{ID: uuid.Must(uuid.NewV7()).String(), TemplateID: id, Version: v.Version, UserID: a.UserID, SiteID: in.SiteID, PageID: p.ID, At: now}
	e := audit.NewEntry(ctx, "template.install", "template", t.ID, t.Name, audit.CategoryData, audit.SeverityLow)
	e.Changes = &audit.Changes{After: map[string]any{"siteId": in.SiteID, "pageId": p.ID, "version": v.Version, "title": title, "slug": sl}}
	pe := audit.NewEntry(ctx, "page.create", "page", p.ID, p.Title, audit.CategoryData, audit.SeverityLow)
	pe.Changes = &audit.Changes{After: map[string]any{"title": p.Title, "slug": p.Slug, "template": t.Name}}
	if err := s.Store.InstallTemplate(ctx, p, rec, []audit.Entry{pe, e}); err != nil {
		if err == errs.ErrDuplicate {
			e := errs.Conflict("page.slug_taken", "Another page of this site already uses the slug “"+sl+"”.")
			e.Fields = []errs.FieldError{errs.Field("slug", "already in use", sl)}
			return Installed{}, e
		}
		return Installed{}, err
	}
	t.InstallCount++
	return Installed{PageID: p.ID, Template: t, Notes: notes}, nil
}

var tokenProblem = regexp.MustCompile(`the token \{([A-Za-z0-9._-]+)\}`)

// incompatible explains why a template does not fit a site: most often its
// styles use design tokens the site's design system does not define
// (template.unknown_tokens, one field error per token, its path the
// value), otherwise whatever the site's document check said.
func incompatible(err error, name, site string) error {
	e := errs.As(err)
	if e == nil || e.Kind != errs.KindInvalid {
		return err
	}
	var tokens []string
	for _, f := range e.Fields {
		m := tokenProblem.FindStringSubmatch(f.Message)
		if m == nil {
			return errs.Invalid("template.incompatible", "“"+name+"” does not fit "+site+": "+e.Message, e.Fields...)
		}
		if !slices.Contains(tokens, m[1]) {
			tokens = append(tokens, m[1])
		}
	}
	slices.Sort(tokens)
	fields := make([]errs.FieldError, len(tokens))
	named := make([]string, len(tokens))
	for i, tok := range tokens {
		fields[i] = errs.Field("tokens", "{"+tok+"} is not defined in "+site+"'s design system", tok)
		named[i] = "{" + tok + "}"
	}
	return errs.Invalid("template.unknown_tokens", "“"+name+"” uses design tokens that "+site+"'s design system does not define: "+
		strings.Join(named, ", ")+". Add them in the design system, or choose another template.", fields...)
}

// withTitle sets the document's meta title to the page's title.
func withTitle(doc []byte, title string) ([]byte, error) {
	var d map[string]json.RawMessage
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, err
	}
	meta := map[string]any{}
	if raw, ok := d["meta"]; ok {
		if err := json.Unmarshal(raw, &meta); err != nil {
			return nil, err
		}
	}
	meta["title"] = title
	b, err := json.Marshal(meta)
	if err != nil {
		return nil, err
	}
	d["meta"] = b
	return json.Marshal(d)
}

// Reviews is a page of a template's reviews, newest first, the summary,
// and the actor's own review wherever it is in the list.
type Reviews struct {
	Items   []Review
	More    bool
	Summary ReviewSummary
	Mine    *Review
}

// Reviews returns a page of a template's reviews.
func (s *Service) Reviews(ctx context.Context, id string, offset, limit int) (Reviews, error) {
	var out Reviews
	if _, err := s.Get(ctx, id); err != nil {
		return out, err
	}
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	var err error
	if out.Items, out.More, err = s.Store.ListReviews(ctx, id, offset, limit); err != nil {
		return out, err
	}
	if out.Summary, err = s.Store.ReviewSummary(ctx, id); err != nil {
		return out, err
	}
	mine, err := s.Store.GetReview(ctx, id, access.ActorFrom(ctx).UserID)
	if err == nil {
		out.Mine = &mine
	} else if err != errs.ErrNoRows {
		return out, err
	}
	return out, nil
}

// Rate saves the actor's rating and review of a template (one per person;
// saving again replaces it).
func (s *Service) Rate(ctx context.Context, id string, rating int, body string) (Review, error) {
	t, err := s.Get(ctx, id)
	if err != nil {
		return Review{}, err
	}
	body = strings.TrimSpace(body)
	var fe []errs.FieldError
	if rating < 1 || rating > 5 {
		fe = append(fe, errs.Field("rating", "Choose 1 to 5 stars.", rating))
	}
	if utf8.RuneCountInString(body) > MaxReview {
		fe = append(fe, errs.Field("body", fmt.Sprintf("Keep the review under %d characters.", MaxReview), nil))
	}
	if len(fe) > 0 {
		return Review{}, errs.Invalid("review.invalid", "Some fields need attention.", fe...)
	}
	a := access.ActorFrom(ctx)
	now := s.now()
	r := Review{ID: uuid.Must(uuid.NewV7()).String(), TemplateID: id, User: Author{ID: a.UserID, Name: a.Name}, Rating: rating, Body: body, CreatedAt: now, UpdatedAt: now}
	e := audit.NewEntry(ctx, "template.review", "template", t.ID, t.Name, audit.CategoryData, audit.SeverityLow)
	e.Changes = &audit.Changes{After: map[string]any{"rating": rating}}
	return s.Store.PutReview(ctx, r, e)
}

// Unrate deletes the actor's review.
func (s *Service) Unrate(ctx context.Context, id string) error {
	t, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	a := access.ActorFrom(ctx)
	e := audit.NewEntry(ctx, "template.review.delete", "template", t.ID, t.Name, audit.CategoryData, audit.SeverityLow)
	if err := s.Store.DeleteReview(ctx, id, a.UserID, e); err == errs.ErrNoRows {
		return errs.NotFound("review")
	} else if err != nil {
		return err
	}
	return nil
}

// Builtin is a shipped template as the seed reads it. Kind is KindPage or
// KindSection; empty means KindPage.
type Builtin struct {
	Slug, Name, Description, Category, Kind string
	Tags                                    []string
	Document                                []byte
}

// Seed adds the shipped templates that are not in the store yet, and a new
// version of those whose shipped document changed. It runs at start, as
// the system, so it writes no audit entries for unchanged templates.
func (s *Service) Seed(ctx context.Context, list []Builtin) (changed []string, err error) {
	for _, b := range list {
		if b.Kind == "" {
			b.Kind = KindPage
		}
		h := hash(b.Document)
		now := s.now()
		cur, err := s.Store.GetTemplateBySlug(ctx, b.Slug)
		switch {
		case err == errs.ErrNoRows:
			t := Template{ID: uuid.Must(uuid.NewV7()).String(), Slug: b.Slug, Name: b.Name, Description: b.Description, Category: b.Category,
				Tags: b.Tags, Kind: b.Kind, Visibility: VisibilityOrganization, Builtin: true, Version: "1.0.0", CreatedAt: now, UpdatedAt: now}
			v := TemplateVersion{TemplateID: t.ID, Version: t.Version, Notes: "Shipped with Pagewright", CreatedAt: now, Document: b.Document, Hash: h}
			if err := s.Store.CreateTemplate(ctx, t, v, nil); err != nil {
				return changed, fmt.Errorf("seed template %s: %w", b.Slug, err)
			}
			changed = append(changed, t.ID)
		case err != nil:
			return changed, err
		default:
			v, err := s.Store.GetVersion(ctx, cur.ID, cur.Version)
			if err != nil {
				return changed, err
			}
			if v.Hash == h {
				continue
			}
			next, _ := NextVersion(cur.Version, "")
			if err := s.Store.AddVersion(ctx, TemplateVersion{TemplateID: cur.ID, Version: next, Notes: "Updated with Pagewright", CreatedAt: now, Document: b.Document, Hash: h}, nil); err != nil {
				return changed, err
			}
			cur.Name, cur.Description, cur.Category, cur.Tags, cur.UpdatedAt = b.Name, b.Description, b.Category, b.Tags, now
			if err := s.Store.UpdateTemplate(ctx, cur, audit.Entry{}); err != nil {
				return changed, err
			}
			changed = append(changed, cur.ID)
		}
	}
	return changed, nil
}

func hash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func fields(t Template) map[string]any {
	return map[string]any{"name": t.Name, "description": t.Description, "category": t.Category, "tags": t.Tags, "visibility": t.Visibility}
}

// applyInput checks and applies in to t; create requires name and category.
func applyInput(t *Template, in Input, create bool) error {
	var fe []errs.FieldError
	if in.Name != nil || create {
		n := strings.TrimSpace(deref(in.Name))
		if n == "" || utf8.RuneCountInString(n) > MaxName {
			fe = append(fe, errs.Field("name", fmt.Sprintf("Enter a name (up to %d characters).", MaxName), deref(in.Name)))
		}
		t.Name = n
	}
	if in.Description != nil {
		d := strings.TrimSpace(*in.Description)
		if utf8.RuneCountInString(d) > MaxDescription {
			fe = append(fe, errs.Field("description", fmt.Sprintf("Keep the description under %d characters.", MaxDescription), nil))
		}
		t.Description = d
	}
	if in.Category != nil || create {
		c := deref(in.Category)
		if !ValidCategory(c) {
			fe = append(fe, errs.Field("category", "Choose a category.", c))
		}
		t.Category = c
	}
	if in.Tags != nil {
		tags, f := cleanTags(*in.Tags)
		fe = append(fe, f...)
		t.Tags = tags
	}
	if in.Visibility != nil {
		v := *in.Visibility
		if v != VisibilityPrivate && v != VisibilityTeam && v != VisibilityOrganization {
			fe = append(fe, errs.Field("visibility", "Use private, team or organization.", v))
		}
		t.Visibility = v
	}
	if len(fe) > 0 {
		return errs.Invalid("template.invalid", "Some fields need attention.", fe...)
	}
	return nil
}

func cleanTags(in []string) ([]string, []errs.FieldError) {
	out := []string{}
	for _, tag := range in {
		tag = strings.ToLower(strings.TrimSpace(tag))
		if tag == "" || slices.Contains(out, tag) {
			continue
		}
		if utf8.RuneCountInString(tag) > MaxTag {
			return nil, []errs.FieldError{errs.Field("tags", fmt.Sprintf("Keep each tag under %d characters.", MaxTag), tag)}
		}
		out = append(out, tag)
	}
	if len(out) > MaxTags {
		return nil, []errs.FieldError{errs.Field("tags", fmt.Sprintf("Use at most %d tags.", MaxTags), nil)}
	}
	return out, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// SemVer is a parsed MAJOR.MINOR.PATCH version.
type SemVer [3]int

// ParseSemVer parses "1.2.3".
func ParseSemVer(s string) (SemVer, bool) {
	var v SemVer
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return v, false
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 999999 || (len(p) > 1 && p[0] == '0') {
			return v, false
		}
		v[i] = n
	}
	return v, true
}

// Less orders versions.
func (v SemVer) Less(w SemVer) bool { return slices.Compare(v[:], w[:]) < 0 }

func (v SemVer) String() string { return fmt.Sprintf("%d.%d.%d", v[0], v[1], v[2]) }

// NextVersion checks a requested next version against the current one, or
// picks the next minor version when none is requested.
func NextVersion(current, requested string) (string, error) {
	cur, ok := ParseSemVer(current)
	if !ok {
		cur = SemVer{1, 0, 0}
	}
	if requested == "" {
		return SemVer{cur[0], cur[1] + 1, 0}.String(), nil
	}
	want, ok := ParseSemVer(requested)
	if !ok {
		return "", errs.Invalid("template.invalid", "Some fields need attention.", errs.Field("version", "Use a version like 1.2.0.", requested))
	}
	if !cur.Less(want) {
		return "", errs.Invalid("template.invalid", "Some fields need attention.", errs.Field("version", "Choose a version after "+current+".", requested))
	}
	return want.String(), nil
}

// SearchTerms splits a search into words (letters and digits), at most 8,
// each at most 40 bytes; nil when there are none. Stores build their
// full-text queries from these only, so no user text reaches the query
// syntax.
func SearchTerms(q string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 && unicode.IsLetter(r))
	}) {
		if r := []rune(w); len(r) > 40 {
			w = string(r[:40])
		}
		if len(out) == 8 {
			break
		}
		out = append(out, w)
	}
	return out
}
