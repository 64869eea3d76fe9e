// Package site manages the organisation's sites: each holds pages, a design
// system and environments.
package site

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

// Site is a website built in Pagewright.
type Site struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Slug        string    `json:"slug"`
	Description string    `json:"description"`
	PageCount   int       `json:"pageCount"`
	CreatedAt   time.Time `json:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
	CreatedBy   string    `json:"-"`
}

// Store persists sites. Delete also queues the purge of the site's files,
// in the same transaction.
type Store interface {
	ListSites(ctx context.Context, afterID string, limit int) ([]Site, error)
	GetSite(ctx context.Context, id string) (Site, error)
	CreateSite(ctx context.Context, s Site, e audit.Entry) error
	UpdateSite(ctx context.Context, s Site, e audit.Entry) error
	DeleteSite(ctx context.Context, id string, e audit.Entry) error
}

// Service implements the site operations with access checks and audit.
type Service struct {
	Store Store
	Auth  access.Authorizer
	Now   func() time.Time
}

// Input holds the editable fields; nil means unchanged.
type Input struct {
	Name        *string
	Slug        *string
	Description *string
}

// List returns a page of sites the actor can see.
func (s *Service) List(ctx context.Context, afterID string, limit int) ([]Site, error) {
	if err := s.Auth.Authorize(ctx, access.SiteView, access.Org(), ""); err != nil {
		return nil, err
	}
	return s.Store.ListSites(ctx, afterID, limit)
}

// Get returns one site.
func (s *Service) Get(ctx context.Context, id string) (Site, error) {
	st, err := s.get(ctx, id)
	if err != nil {
		return Site{}, err
	}
	return st, s.Auth.Authorize(ctx, access.SiteView, access.Site(id), st.Name)
}

// Create adds a site. The slug defaults to one made from the name.
func (s *Service) Create(ctx context.Context, in Input) (Site, error) {
	if err := s.Auth.Authorize(ctx, access.SiteCreate, access.Org(), deref(in.Name)); err != nil {
		return Site{}, err
	}
	now := s.Now().UTC()
	st := Site{ID: uuid.Must(uuid.NewV7()).String(), CreatedAt: now, UpdatedAt: now}
	if a := access.ActorFrom(ctx); a != nil {
		st.CreatedBy = a.UserID
	}
	if in.Slug == nil || *in.Slug == "" {
		v := slug.From(deref(in.Name))
		in.Slug = &v
	}
	if in.Name == nil {
		in.Name = new(string)
	}
	if err := apply(&st, in); err != nil {
		return Site{}, err
	}
	e := audit.NewEntry(ctx, "site.create", "site", st.ID, st.Name, audit.CategoryData, audit.SeverityMedium)
	e.Changes = &audit.Changes{After: fields(st)}
	if err := s.Store.CreateSite(ctx, st, e); err != nil {
		return Site{}, translate(err, st.Slug)
	}
	return st, nil
}

// Update changes a site's name, slug or description.
func (s *Service) Update(ctx context.Context, id string, in Input) (Site, error) {
	st, err := s.get(ctx, id)
	if err != nil {
		return Site{}, err
	}
	if err := s.Auth.Authorize(ctx, access.SiteEdit, access.Site(id), st.Name); err != nil {
		return Site{}, err
	}
	before := fields(st)
	if err := apply(&st, in); err != nil {
		return Site{}, err
	}
	st.UpdatedAt = s.Now().UTC()
	e := audit.NewEntry(ctx, "site.update", "site", st.ID, st.Name, audit.CategoryData, audit.SeverityMedium)
	e.Changes = &audit.Changes{Before: before, After: fields(st)}
	if err := s.Store.UpdateSite(ctx, st, e); err != nil {
		return Site{}, translate(err, st.Slug)
	}
	return st, nil
}

// Delete removes a site and all its pages.
func (s *Service) Delete(ctx context.Context, id string) error {
	st, err := s.get(ctx, id)
	if err != nil {
		return err
	}
	if err := s.Auth.Authorize(ctx, access.SiteDelete, access.Site(id), st.Name); err != nil {
		return err
	}
	e := audit.NewEntry(ctx, "site.delete", "site", st.ID, st.Name, audit.CategoryData, audit.SeverityHigh)
	e.Changes = &audit.Changes{Before: fields(st)}
	return translate(s.Store.DeleteSite(ctx, id, e), "")
}

func (s *Service) get(ctx context.Context, id string) (Site, error) {
	if !access.ActorFrom(ctx).Authenticated() {
		return Site{}, errs.New(errs.KindUnauthenticated, "auth.unauthenticated", "Sign in to continue.")
	}
	st, err := s.Store.GetSite(ctx, id)
	return st, translate(err, "")
}

func apply(st *Site, in Input) error {
	var fe []errs.FieldError
	if in.Name != nil {
		n := strings.TrimSpace(*in.Name)
		if n == "" || utf8.RuneCountInString(n) > 200 {
			fe = append(fe, errs.Field("name", "Enter a site name (up to 200 characters).", *in.Name))
		}
		st.Name = n
	}
	if in.Slug != nil {
		if !slug.Valid(*in.Slug) {
			fe = append(fe, errs.Field("slug", slug.Rule, *in.Slug))
		}
		st.Slug = *in.Slug
	}
	if in.Description != nil {
		if utf8.RuneCountInString(*in.Description) > 2000 {
			fe = append(fe, errs.Field("description", "Keep the description under 2,000 characters.", nil))
		}
		st.Description = strings.TrimSpace(*in.Description)
	}
	if len(fe) > 0 {
		return errs.Invalid("site.invalid", "Some fields need attention.", fe...)
	}
	return nil
}

func translate(err error, slugValue string) error {
	switch err {
	case nil:
		return nil
	case errs.ErrNoRows:
		return errs.NotFound("site")
	case errs.ErrDuplicate:
		e := errs.Conflict("site.slug_taken", "Another site already uses the slug “"+slugValue+"”.")
		e.Fields = []errs.FieldError{errs.Field("slug", "already in use", slugValue)}
		return e
	}
	return err
}

func fields(s Site) map[string]any {
	return map[string]any{"name": s.Name, "slug": s.Slug, "description": s.Description}
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
