package httpapi

import (
	"context"
	"encoding/base64"

	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/site"
)

// listIn is the cursor pagination every list takes.
type listIn struct {
	Cursor string `query:"cursor" maxLength:"200" doc:"nextCursor from the previous page"`
	Limit  int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

func (l listIn) after() (string, error) {
	if l.Cursor == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(l.Cursor)
	if err != nil {
		return "", errs.Invalid("request.bad_cursor", "The cursor is not one this API returned.", errs.FieldError{Location: "query.cursor", Message: "invalid cursor"})
	}
	return string(b), nil
}

// page trims the one extra row fetched to tell whether there is more.
func pageOf[T any](items []T, limit int, id func(T) string) ([]T, string) {
	if len(items) <= limit {
		return items, ""
	}
	items = items[:limit]
	return items, base64.RawURLEncoding.EncodeToString([]byte(id(items[limit-1])))
}

type listOut[T any] struct {
	Body struct {
		Items      []T    `json:"items"`
		NextCursor string `json:"nextCursor" doc:"Pass as cursor for the next page; empty at the end"`
	}
}

func (s *server) listSites(ctx context.Context, in *listIn) (*listOut[site.Site], error) {
	after, err := in.after()
	if err != nil {
		return nil, fail(ctx, err)
	}
	items, err := s.Sites.List(ctx, after, in.Limit+1)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &listOut[site.Site]{}
	out.Body.Items, out.Body.NextCursor = pageOf(items, in.Limit, func(s site.Site) string { return s.ID })
	return out, nil
}

type siteOut struct{ Body site.Site }

type siteFields struct {
	Name        *string `json:"name,omitempty" maxLength:"200" example:"Riverside Clinics"`
	Slug        *string `json:"slug,omitempty" maxLength:"100" example:"riverside" doc:"Lowercase letters, digits and hyphens; made from the name when absent"`
	Description *string `json:"description,omitempty" maxLength:"2000"`
}

func (f siteFields) input() site.Input {
	return site.Input{Name: f.Name, Slug: f.Slug, Description: f.Description}
}

type createSiteIn struct {
	Body struct {
		Name        string  `json:"name" maxLength:"200" example:"Riverside Clinics"`
		Slug        *string `json:"slug,omitempty" maxLength:"100" example:"riverside"`
		Description *string `json:"description,omitempty" maxLength:"2000"`
	}
}

func (s *server) createSite(ctx context.Context, in *createSiteIn) (*siteOut, error) {
	st, err := s.Sites.Create(ctx, site.Input{Name: &in.Body.Name, Slug: in.Body.Slug, Description: in.Body.Description})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &siteOut{Body: st}, nil
}

type siteIn struct {
	Site string `path:"site" maxLength:"64"`
}

func (s *server) getSite(ctx context.Context, in *siteIn) (*siteOut, error) {
	st, err := s.Sites.Get(ctx, in.Site)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &siteOut{Body: st}, nil
}

type updateSiteIn struct {
	Site string `path:"site" maxLength:"64"`
	Body siteFields
}

func (s *server) updateSite(ctx context.Context, in *updateSiteIn) (*siteOut, error) {
	st, err := s.Sites.Update(ctx, in.Site, in.Body.input())
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &siteOut{Body: st}, nil
}

func (s *server) deleteSite(ctx context.Context, in *siteIn) (*struct{}, error) {
	if err := s.Sites.Delete(ctx, in.Site); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}
