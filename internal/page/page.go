// Package page manages a site's pages and their documents.
package page

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/slug"
)

// Ref names a user briefly.
type Ref struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Page is one page of a site. Its document is read and written separately.
type Page struct {
	ID        string    `json:"id"`
	SiteID    string    `json:"siteId"`
	Title     string    `json:"title"`
	Slug      string    `json:"slug"`
	Status    string    `json:"status"`
	Revision  int64     `json:"revision"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	UpdatedBy *Ref      `json:"updatedBy"`
}

// Page statuses.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
)

// Document is a page document with its revision, which is its ETag.
type Document struct {
	PageID    string
	SiteID    string
	Title     string
	JSON      []byte
	Revision  int64
	UpdatedAt time.Time
}

// Store persists pages.
type Store interface {
	ListPages(ctx context.Context, siteID, afterID string, limit int) ([]Page, error)
	GetPage(ctx context.Context, id string) (Page, error)
	CreatePage(ctx context.Context, p Page, doc []byte, e audit.Entry) error
	UpdatePage(ctx context.Context, p Page, e audit.Entry) error
	DeletePage(ctx context.Context, id string, e audit.Entry) error
	GetDocument(ctx context.Context, id string) (Document, error)
	// PutDocument stores doc if the page is still at revision want, and
	// returns errs.ErrStale otherwise.
	PutDocument(ctx context.Context, id string, doc []byte, want int64, by string, at time.Time, e audit.Entry) (int64, error)
}

// Sites tells whether a site exists (the page service's one need of sites).
type Sites interface {
	SiteName(ctx context.Context, id string) (string, error)
}

// Validator checks a document of the given site before it is stored and
// returns it cleaned (sanitised rich text). old loads the stored document,
// for rules that depend on what changed (only Admins may add or change
// Embed components).
type Validator func(ctx context.Context, siteID string, doc []byte, old func() ([]byte, error)) ([]byte, error)

// Patcher applies a JSON list of document ops to a valid document of the
// given site and returns the new document, checked and cleaned as a
// Validator would; it fails naming the op or node at fault.
type Patcher func(ctx context.Context, siteID string, doc, ops []byte) ([]byte, error)

// Service implements page operations with access checks and audit.
type Service struct {
	Store    Store
	Sites    Sites
	Auth     access.Authorizer
	Validate Validator
	Patch    Patcher
	NewDoc   func(title string) []byte
	Now      func() time.Time
	// Saved, when set, is called after each document save commits, with
	// the page and the stored document: version history makes its
	// autosave versions from it. The save has happened by then, so the
	// hook cannot fail it.
	Saved func(ctx context.Context, p Page, doc []byte)
}

// Input holds editable fields; nil means unchanged.
type Input struct {
	Title *string
	Slug  *string
}

// List returns a page of a site's pages.
func (s *Service) List(ctx context.Context, siteID, afterID string, limit int) ([]Page, error) {
	name, err := s.site(ctx, siteID)
	if err != nil {
		return nil, err
	}
	if err := s.Auth.Authorize(ctx, access.PageView, access.Site(siteID), name); err != nil {
		return nil, err
	}
	return s.Store.ListPages(ctx, siteID, afterID, limit)
}

// Get returns one page.
func (s *Service) Get(ctx context.Context, id string) (Page, error) {
	return s.load(ctx, id, access.PageView)
}

// Create adds a page to a site with a starter document.
func (s *Service) Create(ctx context.Context, siteID string, in Input) (Page, error) {
	name, err := s.site(ctx, siteID)
	if err != nil {
		return Page{}, err
	}
	if err := s.Auth.Authorize(ctx, access.PageCreate, access.Site(siteID), name); err != nil {
		return Page{}, err
	}
	now := s.Now().UTC()
	p := Page{ID: uuid.Must(uuid.NewV7()).String(), SiteID: siteID, Status: StatusDraft, Revision: 1, CreatedAt: now, UpdatedAt: now}
	if a := access.ActorFrom(ctx); a != nil {
		p.UpdatedBy = &Ref{ID: a.UserID, Name: a.Name}
	}
	if in.Slug == nil || *in.Slug == "" {
		v := slug.From(deref(in.Title))
		in.Slug = &v
	}
	if in.Title == nil {
		in.Title = new(string)
	}
	if err := apply(&p, in); err != nil {
		return Page{}, err
	}
	e := audit.NewEntry(ctx, "page.create", "page", p.ID, p.Title, audit.CategoryData, audit.SeverityLow)
	e.Changes = &audit.Changes{After: fields(p)}
	if err := s.Store.CreatePage(ctx, p, s.NewDoc(p.Title), e); err != nil {
		return Page{}, translate(err, p.Slug)
	}
	return p, nil
}

// Update renames a page or changes its slug.
func (s *Service) Update(ctx context.Context, id string, in Input) (Page, error) {
	p, err := s.load(ctx, id, access.PageEdit)
	if err != nil {
		return Page{}, err
	}
	before := fields(p)
	if err := apply(&p, in); err != nil {
		return Page{}, err
	}
	p.UpdatedAt = s.Now().UTC()
	if a := access.ActorFrom(ctx); a != nil {
		p.UpdatedBy = &Ref{ID: a.UserID, Name: a.Name}
	}
	e := audit.NewEntry(ctx, "page.update", "page", p.ID, p.Title, audit.CategoryData, audit.SeverityLow)
	e.Changes = &audit.Changes{Before: before, After: fields(p)}
	if err := s.Store.UpdatePage(ctx, p, e); err != nil {
		return Page{}, translate(err, p.Slug)
	}
	return p, nil
}

// Delete removes a page.
func (s *Service) Delete(ctx context.Context, id string) error {
	p, err := s.load(ctx, id, access.PageDelete)
	if err != nil {
		return err
	}
	e := audit.NewEntry(ctx, "page.delete", "page", p.ID, p.Title, audit.CategoryData, audit.SeverityMedium)
	e.Changes = &audit.Changes{Before: fields(p)}
	return translate(s.Store.DeletePage(ctx, id, e), "")
}

// GetDocument returns a page's document and revision.
func (s *Service) GetDocument(ctx context.Context, id string) (Document, error) {
	if !access.ActorFrom(ctx).Authenticated() {
		return Document{}, errs.New(errs.KindUnauthenticated, "auth.unauthenticated", "Sign in to continue.")
	}
	// One query serves both the access check and the content: this is the
	// hottest read in the product.
	d, err := s.Store.GetDocument(ctx, id)
	if err != nil {
		return Document{}, translate(err, "")
	}
	return d, s.Auth.Authorize(ctx, access.PageView, access.Page(d.PageID, d.SiteID), d.Title)
}

// PutDocument replaces a page's document if it is still at revision want.
func (s *Service) PutDocument(ctx context.Context, id string, doc []byte, want int64) (int64, error) {
	p, err := s.load(ctx, id, access.PageEdit)
	if err != nil {
		return 0, err
	}
	return s.save(ctx, p, doc, want, func() ([]byte, error) {
		d, err := s.Store.GetDocument(ctx, id)
		return d.JSON, translate(err, "")
	}, nil)
}

// ApplyOps applies a list of document ops (DESIGN.md §4) to a page's
// document if it is still at revision want: the editor's autosave sends
// what changed, not the whole page.
func (s *Service) ApplyOps(ctx context.Context, id string, ops []byte, want int64) (int64, error) {
	p, err := s.load(ctx, id, access.PageEdit)
	if err != nil {
		return 0, err
	}
	cur, err := s.Store.GetDocument(ctx, id)
	if err != nil {
		return 0, translate(err, "")
	}
	if cur.Revision != want {
		return 0, staleDocument()
	}
	next, err := s.Patch(ctx, p.SiteID, cur.JSON, ops)
	if err != nil {
		return 0, err
	}
	return s.store(ctx, p, next, want, map[string]any{"ops": countOps(ops)})
}

// save validates and stores a page's new document, auditing it with the
// extra fields given.
func (s *Service) save(ctx context.Context, p Page, doc []byte, want int64, old func() ([]byte, error), extra map[string]any) (int64, error) {
	clean, err := s.Validate(ctx, p.SiteID, doc, old)
	if err != nil {
		return 0, err
	}
	return s.store(ctx, p, clean, want, extra)
}

// store writes a checked document if the page is still at revision want.
func (s *Service) store(ctx context.Context, p Page, clean []byte, want int64, extra map[string]any) (int64, error) {
	e := audit.NewEntry(ctx, "page.document.update", "page", p.ID, p.Title, audit.CategoryData, audit.SeverityLow)
	after := map[string]any{"revision": want + 1, "bytes": len(clean)}
	for k, v := range extra {
		after[k] = v
	}
	e.Changes = &audit.Changes{Before: map[string]any{"revision": want}, After: after}
	by := ""
	if a := access.ActorFrom(ctx); a != nil {
		by = a.UserID
	}
	rev, err := s.Store.PutDocument(ctx, p.ID, clean, want, by, s.Now().UTC(), e)
	if err == errs.ErrStale {
		return 0, staleDocument()
	}
	if err == nil && s.Saved != nil {
		s.Saved(ctx, p, clean)
	}
	return rev, translate(err, "")
}

func staleDocument() error {
	return &errs.Error{Kind: errs.KindPreconditionFailed, Code: "document.stale",
		Message: "Someone saved this page after you loaded it. Reload to see their changes; nothing was overwritten."}
}

// countOps counts the top-level elements of a JSON array cheaply, for the
// audit entry; the patcher has already rejected anything malformed.
func countOps(ops []byte) int {
	n, depth, inStr, esc := 0, 0, false, false
	for _, c := range ops {
		switch {
		case esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '{' || c == '[':
			depth++
			if depth == 2 {
				n++
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return n
}

func (s *Service) load(ctx context.Context, id string, action access.Action) (Page, error) {
	if !access.ActorFrom(ctx).Authenticated() {
		return Page{}, errs.New(errs.KindUnauthenticated, "auth.unauthenticated", "Sign in to continue.")
	}
	p, err := s.Store.GetPage(ctx, id)
	if err != nil {
		return Page{}, translate(err, "")
	}
	return p, s.Auth.Authorize(ctx, action, access.Page(p.ID, p.SiteID), p.Title)
}

func (s *Service) site(ctx context.Context, siteID string) (string, error) {
	if !access.ActorFrom(ctx).Authenticated() {
		return "", errs.New(errs.KindUnauthenticated, "auth.unauthenticated", "Sign in to continue.")
	}
	name, err := s.Sites.SiteName(ctx, siteID)
	if err == errs.ErrNoRows {
		return "", errs.NotFound("site")
	}
	return name, err
}

func apply(p *Page, in Input) error {
	var fe []errs.FieldError
	if in.Title != nil {
		t := strings.TrimSpace(*in.Title)
		if t == "" || utf8.RuneCountInString(t) > 200 {
			fe = append(fe, errs.Field("title", "Enter a page title (up to 200 characters).", *in.Title))
		}
		p.Title = t
	}
	if in.Slug != nil {
		if !slug.Valid(*in.Slug) {
			fe = append(fe, errs.Field("slug", slug.Rule, *in.Slug))
		}
		p.Slug = *in.Slug
	}
	if len(fe) > 0 {
		return errs.Invalid("page.invalid", "Some fields need attention.", fe...)
	}
	return nil
}

func translate(err error, slugValue string) error {
	switch err {
	case nil:
		return nil
	case errs.ErrNoRows:
		return errs.NotFound("page")
	case errs.ErrDuplicate:
		e := errs.Conflict("page.slug_taken", "Another page of this site already uses the slug “"+slugValue+"”.")
		e.Fields = []errs.FieldError{errs.Field("slug", "already in use", slugValue)}
		return e
	}
	return err
}

func fields(p Page) map[string]any { return map[string]any{"title": p.Title, "slug": p.Slug} }

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
