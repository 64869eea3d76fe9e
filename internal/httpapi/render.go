package httpapi

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/danielgtaylor/huma/v2"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/designsystem"
	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/preview"
	"github.com/pagewright/pagewright/internal/render"
	"github.com/pagewright/pagewright/internal/render/component"
	"github.com/pagewright/pagewright/internal/token"
)

type componentTypesOut struct {
	Body struct {
		Items []*component.Type `json:"items"`
	}
}

func signedIn(ctx context.Context) error {
	if !access.ActorFrom(ctx).Authenticated() {
		return fail(ctx, errs.New(errs.KindUnauthenticated, "auth.unauthenticated", "Sign in to continue."))
	}
	return nil
}

func (s *server) listComponentTypes(ctx context.Context, _ *struct{}) (*componentTypesOut, error) {
	if err := signedIn(ctx); err != nil {
		return nil, err
	}
	out := &componentTypesOut{}
	out.Body.Items = component.Default().List()
	return out, nil
}

type renderIn struct {
	Body struct {
		Document json.RawMessage `json:"document" doc:"A page document (schema v1)"`
		Node     string          `json:"node,omitempty" maxLength:"64" doc:"Render only this node's subtree, as a fragment"`
		Mode     string          `json:"mode,omitempty" enum:"editor,published" doc:"editor (default) marks nodes with data-pw-node"`
		Site     string          `json:"site,omitempty" maxLength:"64" doc:"Render with this site's design system (default: the built-in tokens)"`
	}
}

type renderOut struct {
	Body struct {
		HTML    string   `json:"html"`
		CSS     string   `json:"css"`
		Scripts []string `json:"scripts"`
	}
}

// renderErr names the node and field of a render failure.
func renderErr(ctx context.Context, err error) error {
	var re *render.Error
	if errors.As(err, &re) {
		loc := "body.document.nodes." + re.Node
		if re.Field != "" {
			loc += "." + re.Field
		}
		return fail(ctx, errs.Invalid("render.invalid", re.Error(), errs.FieldError{Location: loc, Message: re.Message}))
	}
	return fail(ctx, err)
}

// render is the editor canvas's renderer: the same Go renderer as
// previews and builds, never a second one in the browser.
func (s *server) render(ctx context.Context, in *renderIn) (*renderOut, error) {
	if err := signedIn(ctx); err != nil {
		return nil, err
	}
	d, _, err := doc.Parse(in.Body.Document)
	if err != nil {
		return nil, fail(ctx, err)
	}
	sys := token.Default()
	if in.Body.Site != "" {
		ds, err := s.DesignSystems.Get(ctx, in.Body.Site)
		if err != nil {
			return nil, fail(ctx, err)
		}
		if sys, err = designsystem.System(ds); err != nil {
			return nil, fail(ctx, err)
		}
	}
	mode := render.Editor
	if in.Body.Mode == "published" {
		mode = render.Published
	}
	res, err := render.Render(d, render.Options{Tokens: preview.Refs{System: sys}, Breakpoints: preview.Breakpoints(sys), Mode: mode, Subtree: in.Body.Node})
	if err != nil {
		return nil, renderErr(ctx, err)
	}
	out := &renderOut{}
	out.Body.HTML, out.Body.CSS, out.Body.Scripts = res.HTML, res.CSS, res.Scripts
	if out.Body.Scripts == nil {
		out.Body.Scripts = []string{}
	}
	return out, nil
}

type previewOut struct {
	ContentType  string `header:"Content-Type"`
	CacheControl string `header:"Cache-Control"`
	Body         []byte
}

// pagePreview is the page exactly as it would publish, with its CSS inline.
func (s *server) pagePreview(ctx context.Context, in *pageIn) (*previewOut, error) {
	d, err := s.Pages.GetDocument(ctx, in.Page)
	if err != nil {
		return nil, fail(ctx, err)
	}
	parsed, _, err := doc.Parse(d.JSON)
	if err != nil {
		return nil, fail(ctx, err)
	}
	// The preview wears the site's own design system.
	ds, err := s.DesignSystems.Get(ctx, d.SiteID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	sys, err := designsystem.System(ds)
	if err != nil {
		return nil, fail(ctx, err)
	}
	html, err := preview.Page(parsed, sys)
	if err != nil {
		return nil, renderErr(ctx, err)
	}
	return &previewOut{ContentType: "text/html; charset=utf-8", CacheControl: "no-store", Body: []byte(html)}, nil
}

func renderOp(o huma.Operation) huma.Operation {
	o.MaxBodyBytes = doc.MaxBytes + 4096
	return o
}

func htmlOp(o huma.Operation) huma.Operation {
	o.Responses = map[string]*huma.Response{"200": {Description: "An HTML document",
		Content: map[string]*huma.MediaType{"text/html": {Schema: &huma.Schema{Type: "string"}}}}}
	return o
}
