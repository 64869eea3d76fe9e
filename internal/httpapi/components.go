package httpapi

import (
	"context"
	"encoding/base64"

	"github.com/danielgtaylor/huma/v2"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/symbol"
)

// The reusable component library (see internal/symbol): components,
// their immutable semver versions, where they are used, and bulk updates
// of the pages that use them.

// componentDocOp lets a request carry a whole component document.
func componentDocOp(o huma.Operation) huma.Operation {
	o.MaxBodyBytes = doc.MaxBytes + 64<<10
	return o
}

type listComponentsIn struct {
	Q          string `query:"q" maxLength:"200" doc:"Search in names, descriptions and tags"`
	Category   string `query:"category" maxLength:"100"`
	Site       string `query:"site" maxLength:"64" doc:"Only components made in this site"`
	Deprecated bool   `query:"deprecated" doc:"Include deprecated components"`
	Cursor     string `query:"cursor" maxLength:"400" doc:"nextCursor from the previous page"`
	Limit      int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

func (s *server) listComponents(ctx context.Context, in *listComponentsIn) (*listOut[symbol.Component], error) {
	after, err := listIn{Cursor: in.Cursor, Limit: in.Limit}.after()
	if err != nil {
		return nil, fail(ctx, err)
	}
	items, next, err := s.Components.List(ctx, symbol.Query{Search: in.Q, Category: in.Category, SiteID: in.Site,
		IncludeDeprecated: in.Deprecated, Cursor: after, Limit: in.Limit})
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &listOut[symbol.Component]{}
	out.Body.Items = items
	if next != "" {
		out.Body.NextCursor = base64.RawURLEncoding.EncodeToString([]byte(next))
	}
	return out, nil
}

type componentOut struct{ Body symbol.Component }

type createComponentIn struct {
	Body symbol.CreateInput
}

func (s *server) createComponent(ctx context.Context, in *createComponentIn) (*componentOut, error) {
	c, err := s.Components.Create(ctx, in.Body)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &componentOut{Body: c}, nil
}

type componentIn struct {
	Component string `path:"component" maxLength:"64"`
}

type componentDetailOut struct {
	Body struct {
		Component symbol.Component `json:"component"`
		Versions  []symbol.Version `json:"versions" doc:"Newest first, without documents"`
	}
}

func (s *server) getComponent(ctx context.Context, in *componentIn) (*componentDetailOut, error) {
	c, err := s.Components.Get(ctx, in.Component)
	if err != nil {
		return nil, fail(ctx, err)
	}
	vs, err := s.Components.ListVersions(ctx, in.Component)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &componentDetailOut{}
	out.Body.Component, out.Body.Versions = c, vs
	return out, nil
}

type updateComponentIn struct {
	Component string `path:"component" maxLength:"64"`
	Body      symbol.Input
}

func (s *server) updateComponent(ctx context.Context, in *updateComponentIn) (*componentOut, error) {
	c, err := s.Components.Update(ctx, in.Component, in.Body)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &componentOut{Body: c}, nil
}

func (s *server) deleteComponent(ctx context.Context, in *componentIn) (*struct{}, error) {
	if err := s.Components.Delete(ctx, in.Component); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}

type componentVersionIn struct {
	Component string `path:"component" maxLength:"64"`
	Version   string `path:"version" maxLength:"32" example:"1.2.0"`
}

type componentVersionOut struct{ Body symbol.Version }

func (s *server) getComponentVersion(ctx context.Context, in *componentVersionIn) (*componentVersionOut, error) {
	v, err := s.Components.GetVersion(ctx, in.Component, in.Version)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &componentVersionOut{Body: v}, nil
}

type publishComponentIn struct {
	Component string `path:"component" maxLength:"64"`
	Body      symbol.PublishInput
}

func (s *server) publishComponentVersion(ctx context.Context, in *publishComponentIn) (*componentVersionOut, error) {
	v, err := s.Components.Publish(ctx, in.Component, in.Body)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &componentVersionOut{Body: v}, nil
}

type deprecateComponentIn struct {
	Component string `path:"component" maxLength:"64"`
	Body      struct {
		Message       string `json:"message,omitempty" maxLength:"2000" doc:"Shown on the component's instances; up to 500 characters" example:"Use “Opening hours (2026)” instead."`
		ReplacementID string `json:"replacementId,omitempty" maxLength:"64" doc:"The component to use instead"`
	}
}

func (s *server) deprecateComponent(ctx context.Context, in *deprecateComponentIn) (*componentOut, error) {
	c, err := s.Components.Deprecate(ctx, in.Component, in.Body.Message, in.Body.ReplacementID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &componentOut{Body: c}, nil
}

func (s *server) undeprecateComponent(ctx context.Context, in *componentIn) (*componentOut, error) {
	c, err := s.Components.Undeprecate(ctx, in.Component)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &componentOut{Body: c}, nil
}

type componentUsageOut struct {
	Body struct {
		Items []symbol.PageUsage `json:"items" doc:"The pages you can see that use the component, by title"`
	}
}

func (s *server) componentUsage(ctx context.Context, in *componentIn) (*componentUsageOut, error) {
	items, err := s.Components.Usage(ctx, in.Component)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &componentUsageOut{}
	out.Body.Items = items
	return out, nil
}

type bulkPreviewIn struct {
	Component string `path:"component" maxLength:"64"`
	Body      struct {
		Version string `json:"version" maxLength:"32" doc:"The version to move to" example:"2.0.0"`
		Page    string `json:"page" maxLength:"64" doc:"The page to preview"`
	}
}

type bulkPreviewOut struct{ Body symbol.Preview }

func (s *server) bulkUpdatePreview(ctx context.Context, in *bulkPreviewIn) (*bulkPreviewOut, error) {
	p, err := s.Components.BulkPreview(ctx, in.Component, in.Body.Version, in.Body.Page)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &bulkPreviewOut{Body: p}, nil
}

type bulkUpdateIn struct {
	Component string `path:"component" maxLength:"64"`
	Body      struct {
		Version string           `json:"version" maxLength:"32" doc:"The version to move to" example:"2.0.0"`
		Pages   []symbol.PageRef `json:"pages" minItems:"1" maxItems:"200" doc:"The pages, each at the revision (ETag) you previewed"`
	}
}

type bulkUpdateOut struct {
	Body struct {
		Pages []symbol.PageRevision `json:"pages" doc:"Each page's revision after the update"`
	}
}

func (s *server) bulkUpdateComponent(ctx context.Context, in *bulkUpdateIn) (*bulkUpdateOut, error) {
	revs, err := s.Components.BulkUpdate(ctx, in.Component, in.Body.Version, in.Body.Pages)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &bulkUpdateOut{}
	out.Body.Pages = revs
	return out, nil
}
